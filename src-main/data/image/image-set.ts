/**
 * Labelled images as the engine takes them: pixels [n, H, W, C] row-major (channels last) as
 * float32, and one class index per image. Every image importer builds one of these and turns it
 * into a Dataset here, so the checks (sizes that agree, labels that are class indices) are one.
 */
import type { Dataset, SampleSet } from '../dataset';

export interface LabelledImages {
  n: number;
  height: number;
  width: number;
  channels: number;
  /** [n, H, W, C] row-major. */
  pixels: Float32Array;
  /** [n] class indices >= 0. */
  labels: Int32Array;
  /** Class names by index, where the source names them (PNG folders). */
  classNames?: string[];
}

export type ImageSize = Pick<LabelledImages, 'height' | 'width' | 'channels'>;

export function describeSize(s: ImageSize): string {
  return `${s.height} x ${s.width}${s.channels > 1 ? ` x ${s.channels}` : ''}`;
}

/** Class labels must be whole numbers >= 0. `label` names the file in the message. */
export function classLabels(values: ArrayLike<number>, label: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0) throw new Error(`${label}: label ${i} is ${v}; expected a class index (an integer >= 0)`);
    out[i] = v;
  }
  return out;
}

/** The first `limit` images (all when undefined). */
export function firstImages(set: LabelledImages, limit: number | undefined): LabelledImages {
  if (limit === undefined || limit >= set.n) return set;
  const size = set.height * set.width * set.channels;
  return { ...set, n: limit, pixels: set.pixels.slice(0, limit * size), labels: set.labels.slice(0, limit) };
}

/** Images picked by index (copies). */
export function pickImages(set: LabelledImages, idx: number[]): LabelledImages {
  const size = set.height * set.width * set.channels;
  const pixels = new Float32Array(idx.length * size);
  idx.forEach((i, r) => pixels.set(set.pixels.subarray(i * size, (i + 1) * size), r * size));
  return { ...set, n: idx.length, pixels, labels: Int32Array.from(idx, (i) => set.labels[i]!) };
}

function sampleSet(set: LabelledImages): SampleSet {
  return { n: set.n, inputs: set.pixels, targets: Float32Array.from(set.labels) };
}

export interface ImageDatasetParts {
  name: string;
  source: string;
  train: LabelledImages;
  /** Path or name of the train images, for messages. */
  trainLabel: string;
  test?: LabelledImages;
  testLabel?: string;
  notes?: string[];
}

/** The classification Dataset of labelled images, g acting on the image plane (layout `image`). */
export function imageDataset(parts: ImageDatasetParts): Dataset {
  const { train, test } = parts;
  if (train.n === 0) throw new Error(`${parts.trainLabel}: holds no images`);
  if (test && (test.height !== train.height || test.width !== train.width || test.channels !== train.channels)) {
    throw new Error(`${parts.testLabel ?? 'test images'}: images are ${describeSize(test)}, the train images ${describeSize(train)}; both must be one size`);
  }
  const maxLabel = [train.labels, test?.labels ?? new Int32Array(0)].reduce((m, labels) => labels.reduce((a, b) => Math.max(a, b), m), 0);
  const numClasses = Math.max(train.classNames?.length ?? 0, test?.classNames?.length ?? 0, maxLabel + 1);
  if (numClasses < 2) throw new Error(`${parts.trainLabel}: every image has label ${maxLabel}; classification needs at least two classes`);
  const classNames = train.classNames ?? Array.from({ length: numClasses }, (_, i) => String(i));
  return {
    name: parts.name,
    source: parts.source,
    layout: { kind: 'image', d: 3, height: train.height, width: train.width, channels: train.channels },
    task: 'invariant',
    targetKind: 'classification',
    numClasses,
    classNames,
    inputNames: [`pixels[${describeSize(train)}]`],
    targetNames: ['label'],
    train: sampleSet(train),
    ...(test ? { test: sampleSet(test) } : {}),
    notes: [
      `Images ${describeSize(train)}, ${numClasses} classes (${classNames.slice(0, 12).join(', ')}${classNames.length > 12 ? ', ...' : ''}); ${train.n} train${test ? `, ${test.n} test` : ''}.`,
      ...(parts.notes ?? []),
    ],
  };
}
