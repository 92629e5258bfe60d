/**
 * The run header's seed. A run with several starts reports the start with the best validation loss,
 * which trained with a seed of its own (the seed rule, run/starts/seed-rule.ts): the header names it,
 * since the generators, metrics and verdict on the page are that start's.
 */
export interface StartSeed {
  index: number;
  seed: number;
  best: boolean;
}

export function runSeedLabel(seed: number, starts: readonly StartSeed[] | null | undefined): string {
  const reported = starts?.find((s) => s.best);
  if (!starts || starts.length < 2 || !reported) return `seed ${seed}`;
  return `seed ${seed}, ${starts.length} starts; shown: start ${reported.index} (seed ${reported.seed})`;
}
