/**
 * Dataset splits as tensors, and the scales the engine standardizes with. Kept on the backend
 * once; batches are gathered by index (no gradient flows into data, so gather is fine on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { inputDim, type Dataset, type SampleSet } from '../data/dataset';
import type { Inputs } from './layouts';

export interface SampleTensors {
  n: number;
  inputs: Inputs;
  /** [n, targetDim]; class indices for classification are kept as floats. */
  targets: tf.Tensor2D;
  /** d target / d inputs where the data carry it, shaped like the inputs ([n, F] or [n, P, 3]). */
  gradient?: tf.Tensor;
}

export interface Scales {
  /** Model input standardization per input column (vector) — mean and std. */
  inputMean: Float32Array;
  inputStd: Float32Array;
  targetMean: Float32Array;
  targetStd: Float32Array;
  /** Spread of each flattened input feature, for judging actions in standardized units: [F]. */
  featureScale: Float32Array;
  /** Spread of each target column, for standardized losses: [targetDim]. */
  lossTargetScale: Float32Array;
}

function columnStats(data: Float32Array, n: number, width: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float64Array(width);
  const sq = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) mean[j]! += data[i * width + j]! / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) {
      const dv = data[i * width + j]! - mean[j]!;
      sq[j]! += (dv * dv) / Math.max(1, n - 1);
    }
  }
  const std = Float32Array.from(sq, (v) => (Math.sqrt(v) > 1e-12 ? Math.sqrt(v) : 1));
  return { mean: Float32Array.from(mean), std };
}

export function computeScales(ds: Dataset, train: SampleSet): Scales {
  const tDim = ds.targetNames.length;
  const isClass = ds.targetKind === 'classification';
  const t = isClass ? { mean: new Float32Array(tDim), std: new Float32Array(tDim).fill(1) } : columnStats(train.targets, train.n, tDim);
  if (ds.layout.kind === 'image') {
    // One mean and spread for every pixel: an image's pixels are one kind of value, and a
    // per-pixel spread would blow up the empty corners of centred digits.
    const width = inputDim(ds.layout);
    const pooled = columnStats(train.inputs, train.n * width, 1);
    return {
      inputMean: new Float32Array(width).fill(pooled.mean[0]!),
      inputStd: new Float32Array(width).fill(pooled.std[0]!),
      targetMean: t.mean,
      targetStd: t.std,
      featureScale: new Float32Array(width).fill(pooled.std[0]!),
      lossTargetScale: t.std,
    };
  }
  if (ds.layout.kind === 'vector') {
    const width = ds.layout.d * ds.layout.blocks;
    const s = columnStats(train.inputs, train.n, width);
    // Actions are judged per base feature of a d-block, pooled over blocks (timesteps).
    const d = ds.layout.d;
    const pooled = columnStats(train.inputs, train.n * ds.layout.blocks, d).std;
    const featureScale = Float32Array.from({ length: width }, (_, j) => pooled[j % d]!);
    return { inputMean: s.mean, inputStd: s.std, targetMean: t.mean, targetStd: t.std, featureScale, lossTargetScale: lossScale(ds, t.std, pooled) };
  }
  const pts = train.points!;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < pts.mask.length; i++) {
    if (pts.mask[i]! > 0) {
      for (let c = 0; c < 3; c++) sum += pts.coords[i * 3 + c]! ** 2;
      count += 3;
    }
  }
  const rms = Math.sqrt(sum / Math.max(1, count)) || 1;
  const featureScale = new Float32Array(pts.maxPoints * 3).fill(rms);
  // Per flat coordinate, for an MLP reading the point set as one vector (fixed atoms, e.g. an MD trajectory).
  const flat = columnStats(pts.coords, train.n, pts.maxPoints * 3);
  return { inputMean: flat.mean, inputStd: flat.std, targetMean: t.mean, targetStd: t.std, featureScale, lossTargetScale: t.std };
}

/** Equivariant targets share the input's layout, so they are judged with the input's pooled scales. */
function lossScale(ds: Dataset, targetStd: Float32Array, pooledInput: Float32Array): Float32Array {
  if (ds.task !== 'equivariant' || ds.layout.kind !== 'vector') return targetStd;
  const d = ds.layout.d;
  return Float32Array.from({ length: targetStd.length }, (_, j) => pooledInput[j % d]!);
}

export function toTensors(ds: Dataset, set: SampleSet): SampleTensors {
  const tDim = ds.targetNames.length;
  const targets = tf.tensor2d(set.targets, [set.n, tDim]);
  if (ds.layout.kind === 'image') {
    const { height, width, channels } = ds.layout;
    return { n: set.n, inputs: { kind: 'image', images: tf.tensor4d(set.inputs, [set.n, height, width, channels]) }, targets };
  }
  if (ds.layout.kind === 'vector') {
    const width = ds.layout.d * ds.layout.blocks;
    const gradient = set.targetGradient ? { gradient: tf.tensor2d(set.targetGradient, [set.n, width]) } : {};
    return { n: set.n, inputs: { kind: 'vector', x: tf.tensor2d(set.inputs, [set.n, width]) }, targets, ...gradient };
  }
  const p = set.points;
  if (!p) throw new Error(`dataset ${ds.name}: points layout without point data`);
  const coords = tf.tensor3d(p.coords, [set.n, p.maxPoints, 3]);
  // One-hot built in JS: tf.oneHot refuses a depth below 2 (a single-species set is valid data).
  const oneHot = new Float32Array(set.n * p.maxPoints * p.numSpecies);
  p.species.forEach((s, i) => {
    if (p.mask[i]! > 0) oneHot[i * p.numSpecies + s] = 1;
  });
  const species = tf.tensor3d(oneHot, [set.n, p.maxPoints, p.numSpecies]);
  const mask = tf.tensor2d(p.mask, [set.n, p.maxPoints]);
  const gradient = set.targetGradient ? { gradient: tf.tensor3d(set.targetGradient, [set.n, p.maxPoints, 3]) } : {};
  return { n: set.n, inputs: { kind: 'points', coords, species, mask }, targets, ...gradient };
}

export function gatherInputs(x: Inputs, idx: tf.Tensor1D): Inputs {
  if (x.kind === 'vector') return { kind: 'vector', x: tf.gather(x.x, idx) };
  if (x.kind === 'image') return { kind: 'image', images: tf.gather(x.images, idx) };
  return { kind: 'points', coords: tf.gather(x.coords, idx), species: tf.gather(x.species, idx), mask: tf.gather(x.mask, idx) };
}

export function disposeInputs(x: Inputs): void {
  if (x.kind === 'vector') x.x.dispose();
  else if (x.kind === 'image') x.images.dispose();
  else tf.dispose([x.coords, x.species, x.mask]);
}

/** Split the training set into train/validation by a seeded permutation of sample indices. */
export function splitIndices(n: number, valFraction: number, shuffled: number[]): { train: number[]; val: number[] } {
  const nVal = Math.floor(n * valFraction);
  return { val: shuffled.slice(0, nVal), train: shuffled.slice(nVal) };
}

/** A subset of a SampleSet by indices (copies). */
export function subset(ds: Dataset, set: SampleSet, idx: number[]): SampleSet {
  const tDim = ds.targetNames.length;
  const pick = (src: Float32Array, width: number): Float32Array => {
    const out = new Float32Array(idx.length * width);
    idx.forEach((i, r) => out.set(src.subarray(i * width, (i + 1) * width), r * width));
    return out;
  };
  const targets = pick(set.targets, tDim);
  const width = inputDim(ds.layout);
  // Gradients and correlation groups travel with their samples.
  const extra = {
    ...(set.targetGradient ? { targetGradient: pick(set.targetGradient, width) } : {}),
    ...(set.groups ? { groups: Int32Array.from(idx, (i) => set.groups![i]!) } : {}),
  };
  if (ds.layout.kind !== 'points') return { n: idx.length, inputs: pick(set.inputs, width), targets, ...extra };
  const p = set.points!;
  const species = new Int32Array(idx.length * p.maxPoints);
  idx.forEach((i, r) => species.set(p.species.subarray(i * p.maxPoints, (i + 1) * p.maxPoints), r * p.maxPoints));
  return {
    n: idx.length,
    inputs: new Float32Array(0),
    targets,
    points: { ...p, coords: pick(p.coords, p.maxPoints * 3), species, mask: pick(p.mask, p.maxPoints) },
    ...extra,
  };
}

/** The samples of `a` then those of `b` (two splits of one dataset); gradients and groups kept where both have them. */
export function concatSets(ds: Dataset, a: SampleSet, b: SampleSet): SampleSet {
  const join = <T extends Float32Array | Int32Array>(x: T, y: T): T => {
    const out = new (x.constructor as { new (n: number): T })(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const extra = {
    ...(a.targetGradient && b.targetGradient ? { targetGradient: join(a.targetGradient, b.targetGradient) } : {}),
    ...(a.groups && b.groups ? { groups: join(a.groups, b.groups) } : {}),
  };
  const base = { n: a.n + b.n, inputs: join(a.inputs, b.inputs), targets: join(a.targets, b.targets), ...extra };
  if (ds.layout.kind !== 'points') return base;
  const p = a.points!;
  const q = b.points!;
  return { ...base, points: { ...p, coords: join(p.coords, q.coords), species: join(p.species, q.species), mask: join(p.mask, q.mask) } };
}

/** Flattened raw inputs [n, F] as a Float32Array (for tangent estimation and action metrics). */
export function flatRows(ds: Dataset, set: SampleSet): { rows: Float32Array; width: number } {
  if (ds.layout.kind !== 'points') return { rows: set.inputs, width: inputDim(ds.layout) };
  return { rows: set.points!.coords, width: set.points!.maxPoints * 3 };
}
