/**
 * Per-sample held-out losses and how well the model fits: the verdict's cost test resamples the
 * per-sample losses (bootstrap.ts), and no symmetry is judged on a model that does not fit the data
 * (a model that predicts noise is invariant to everything and to nothing).
 */
import type { TargetKind } from '../../data/dataset';

/** Held-out fit: R^2 for regression; for classification accuracy beside chance and the training accuracy. */
export type ModelFit =
  | { kind: 'r2'; value: number }
  | { kind: 'accuracy'; value: number; chance: number; train: number };

/**
 * Task loss of every sample, in the units the task loss uses: regression, the mean over target
 * columns of ((p - y) / s)^2; classification, -log p(y) from log-probabilities `pred` [n, C].
 * pred [n, W] and targets [n, T] are row-major; `scale` [T] (ones when not standardizing).
 */
export function perSampleLosses(targetKind: TargetKind, pred: Float32Array, targets: Float32Array, n: number, scale: Float32Array): Float64Array {
  const out = new Float64Array(n);
  if (targetKind === 'classification') {
    const C = pred.length / n;
    for (let i = 0; i < n; i++) out[i] = -pred[i * C + Math.round(targets[i]!)]!;
    return out;
  }
  const T = scale.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < T; c++) s += ((pred[i * T + c]! - targets[i * T + c]!) / scale[c]!) ** 2;
    out[i] = s / T;
  }
  return out;
}

/** R^2 = 1 - SSE / SST on the held-out samples, pooled over target columns in the loss units. */
export function heldOutR2(losses: ArrayLike<number>, targets: Float32Array, n: number, scale: Float32Array): number {
  const T = scale.length;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += losses[i]!;
  let sst = 0;
  for (let c = 0; c < T; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += targets[i * T + c]! / n;
    for (let i = 0; i < n; i++) sst += ((targets[i * T + c]! - mean) / scale[c]!) ** 2 / T;
  }
  return sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : -Infinity;
}

/** Fraction of rows whose largest log-probability is at the label. */
export function accuracyOf(pred: Float32Array, labels: Float32Array, n: number): number {
  if (n === 0) return 0;
  const C = pred.length / n;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (pred[i * C + c]! > pred[i * C + best]!) best = c;
    if (best === Math.round(labels[i]!)) hits++;
  }
  return hits / n;
}

/** Chance level of a classifier: the frequency of the most common training label. */
export function majorityRate(labels: Float32Array): number {
  const counts = new Map<number, number>();
  for (const v of labels) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  return labels.length === 0 ? 0 : Math.max(...counts.values()) / labels.length;
}
