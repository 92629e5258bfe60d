/**
 * Uncertainty of the verdict's cost test. The cost of enforcing the generators is a ratio of two
 * means over the same held-out samples, cost = mean(averaged_i) / mean(direct_i) - 1; its spread is
 * estimated by the percentile bootstrap over samples (resampling the pairs keeps their correlation).
 * Seeded, so the same run gives the same interval.
 */
import { Rng } from '../../data/random';

export interface CostInterval {
  /** Two-sided coverage, e.g. 0.9 for the 5th to 95th percentile. */
  level: number;
  /** The point estimate on all samples. */
  estimate: number;
  low: number;
  high: number;
  resamples: number;
}

/** Relative cost of the averaged against the direct per-sample losses (both [n], same samples). */
export function relativeCost(averaged: ArrayLike<number>, direct: ArrayLike<number>, index?: ArrayLike<number>): number {
  let a = 0;
  let d = 0;
  const n = index ? index.length : averaged.length;
  for (let j = 0; j < n; j++) {
    const i = index ? index[j]! : j;
    a += averaged[i]!;
    d += direct[i]!;
  }
  return a / Math.max(d, 1e-12) - 1;
}

/** Percentile bootstrap interval of `relativeCost` over `resamples` resamplings of the n pairs. */
export function bootstrapCost(averaged: ArrayLike<number>, direct: ArrayLike<number>, seed: number, level = 0.9, resamples = 1000): CostInterval {
  const n = averaged.length;
  if (n !== direct.length) throw new Error(`bootstrapCost: ${n} averaged against ${direct.length} direct losses`);
  if (n === 0) throw new Error('bootstrapCost: no held-out samples');
  if (!(level > 0 && level < 1)) throw new Error(`bootstrapCost: level must be in (0, 1), got ${level}`);
  const rng = new Rng(seed);
  const costs = new Float64Array(resamples);
  const index = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < n; j++) index[j] = Math.floor(rng.next() * n);
    costs[b] = relativeCost(averaged, direct, index);
  }
  costs.sort();
  const at = (q: number): number => costs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  const tail = (1 - level) / 2;
  return { level, estimate: relativeCost(averaged, direct), low: at(tail), high: at(1 - tail), resamples };
}
