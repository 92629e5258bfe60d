/**
 * How the starts of a run are seeded. Start i trains with seed + 1000 i (basis, model weights and
 * data order all derive from it) and validates on the split of the run's own seed, so every start
 * is judged on the same held-out samples and their validation losses compare.
 */
import { methodDefault } from '../../engine/options/resolve';

export const START_SEED_STEP = 1000;

export function startSeed(seed: number, index: number): number {
  return seed + START_SEED_STEP * index;
}

/** Methods that learn a basis get 3 starts by default (the option table's `starts`); the others learn none to compare. */
export function defaultStarts(method: string): number {
  return Number(methodDefault('starts', method));
}

/** The trainer-process budget: cores - 1, at least 1. */
export function defaultParallel(cores: number): number {
  return Math.max(1, cores - 1);
}
