/**
 * The held-out test split of an imported dataset: a seeded random permutation, cut by fraction.
 * (Validation is cut later, from the train part, by the trainer: `valFraction`.)
 */
import { Rng } from './random';

export interface SplitIndices {
  train: number[];
  test: number[];
}

/**
 * Assigns floor(n * testFraction) samples to test, chosen by a permutation seeded with `seed`;
 * both parts keep file order. The same (n, seed, fraction) gives the same split everywhere.
 */
export function seededSplit(n: number, seed: number, testFraction: number): SplitIndices {
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`test fraction must be in [0, 1), got ${testFraction}`);
  const nTest = Math.floor(n * testFraction);
  const all = Array.from({ length: n }, (_, i) => i);
  if (nTest === 0) return { train: all, test: [] };
  const order = new Rng(seed).shuffle(all.slice());
  const isTest = new Uint8Array(n);
  for (let k = 0; k < nTest; k++) isTest[order[k]!] = 1;
  return { train: all.filter((i) => !isTest[i]), test: all.filter((i) => isTest[i]) };
}
