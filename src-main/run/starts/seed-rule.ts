/**
 * How the starts of a run are seeded. Start i trains with seed + 1000 i (basis, model weights and
 * data order all derive from it) and validates on the split of the run's own seed, so every start
 * is judged on the same held-out samples and their validation losses compare.
 */
import { isMethod, METHODS } from '../../engine/methods/method';

export const START_SEED_STEP = 1000;

export function startSeed(seed: number, index: number): number {
  return seed + START_SEED_STEP * index;
}

/**
 * Methods that learn their generators or their widths get 3 starts by default (the method records
 * say which); the others learn nothing the starts could disagree on.
 */
export function defaultStarts(method: string): number {
  if (!isMethod(method)) return 1;
  const spec = METHODS[method];
  return spec.basis === 'learned' || spec.learnsWidths ? 3 : 1;
}

/** The trainer-process budget: cores - 1, at least 1. */
export function defaultParallel(cores: number): number {
  return Math.max(1, cores - 1);
}
