/**
 * A page of an image dataset's images for the views (datasets.images): the pixels of only the
 * images asked for, as base64 float32, with their labels and the class names.
 */
import type { Dataset } from '../../data/dataset';
import { MAX_IMAGE_PAGE_VALUES } from '../contract';
import { ApiError } from '../errors';
import type { DatasetImages, ImageSplit } from '../schemas';

export function imagePage(datasetId: number, ds: Dataset, split: ImageSplit, offset: number, count: number): DatasetImages {
  const { layout } = ds;
  if (layout.kind !== 'image') throw new ApiError('unsupported', `dataset ${datasetId} (${ds.name}) holds ${layout.kind === 'points' ? 'point clouds' : 'feature vectors'}, not images; datasets.images serves image datasets only`);
  const set = split === 'train' ? ds.train : ds.test;
  const splits = { train: ds.train.n, test: ds.test?.n ?? 0 };
  if (set === undefined) throw new ApiError('invalid-input', `dataset ${datasetId} (${ds.name}) has no test split; ask for split 'train'`);
  if (offset >= set.n) throw new ApiError('invalid-input', `offset ${offset}: the ${split} split of dataset ${datasetId} holds ${set.n} images (offsets 0 to ${set.n - 1})`);
  const values = layout.height * layout.width * layout.channels;
  // Large images come fewer per page, so a page stays one message.
  const shown = Math.min(count, set.n - offset, Math.max(1, Math.floor(MAX_IMAGE_PAGE_VALUES / values)));
  const images = Array.from({ length: shown }, (_, i) => {
    const index = offset + i;
    const pixels = set.inputs.subarray(index * values, (index + 1) * values);
    return { index, label: set.targets[index]!, pixels: float32Base64(pixels) };
  });
  const classes = ds.numClasses ?? images.reduce((m, im) => Math.max(m, im.label + 1), 0);
  const classNames = Array.from({ length: classes }, (_, c) => ds.classNames?.[c] ?? String(c));
  return { datasetId, split, total: set.n, offset, splits, height: layout.height, width: layout.width, channels: layout.channels, classNames, images };
}

/** Little-endian float32 bytes as base64, whatever the host's byte order. */
function float32Base64(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}
