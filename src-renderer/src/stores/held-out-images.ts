/**
 * A few held-out images of a run's dataset for the run page (g acting on an image, the flow field's
 * background, the confusion matrix's class names): one datasets.images call per dataset, shared.
 * The test split where the dataset has one; otherwise its training images, and the page says so.
 */
import type { DatasetImages } from '../../../src-main/api/schemas';
import { client } from '../api/client';
import type { ImageShape } from '../lib/image-plane';
import { decodeFloat32 } from '../lib/image-pixels';

export const HELD_OUT_IMAGES = 8;

export interface HeldOutImages {
  split: DatasetImages['split'];
  shape: ImageShape;
  classNames: string[];
  images: { index: number; label: number; pixels: Float32Array }[];
}

const cache = new Map<number, Promise<HeldOutImages>>();

async function fetchPage(datasetId: number): Promise<HeldOutImages> {
  let page: DatasetImages;
  try {
    page = await client.call('datasets.images', { id: datasetId, split: 'test', count: HELD_OUT_IMAGES });
  } catch {
    page = await client.call('datasets.images', { id: datasetId, split: 'train', count: HELD_OUT_IMAGES });
  }
  return {
    split: page.split,
    shape: { height: page.height, width: page.width, channels: page.channels },
    classNames: page.classNames,
    images: page.images.map((im) => ({ index: im.index, label: im.label, pixels: decodeFloat32(im.pixels) })),
  };
}

export function heldOutImages(datasetId: number): Promise<HeldOutImages> {
  let pending = cache.get(datasetId);
  if (pending === undefined) {
    pending = fetchPage(datasetId);
    // A failed call is asked again next time, not remembered.
    pending.catch(() => cache.delete(datasetId));
    cache.set(datasetId, pending);
  }
  return pending;
}
