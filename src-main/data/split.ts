/**
 * Held-out splits: the test split of an imported dataset and the trainer's validation split (cut
 * from train by `valFraction`). Where the samples carry correlation groups (`SampleSet.groups`: the
 * trajectory a window came from, the molecule a conformer belongs to, a block of consecutive
 * frames), whole groups are held out, so near-duplicates never sit on both sides of a split. With
 * too few groups for the fraction the split falls back to random rows and says so in its rule.
 */
import { Rng } from './random';

export interface SplitIndices {
  train: number[];
  test: number[];
}

/** A held-out split and how it was drawn. */
export interface GroupedSplit extends SplitIndices {
  /** true when whole groups were held out; false for random rows (no groups, or too few). */
  byGroup: boolean;
  /** The rule in words, for the dataset's notes and the run summary. */
  rule: string;
}

/**
 * Assigns floor(n * testFraction) samples to test, chosen by a permutation seeded with `seed`;
 * both parts keep file order. The same (n, seed, fraction) gives the same split everywhere.
 */
export function seededSplit(n: number, seed: number, testFraction: number): SplitIndices {
  checkFraction(testFraction);
  const nTest = Math.floor(n * testFraction);
  const all = Array.from({ length: n }, (_, i) => i);
  if (nTest === 0) return { train: all, test: [] };
  const order = new Rng(seed).shuffle(all.slice());
  const isTest = new Uint8Array(n);
  for (let k = 0; k < nTest; k++) isTest[order[k]!] = 1;
  return { train: all.filter((i) => !isTest[i]), test: all.filter((i) => isTest[i]) };
}

function checkFraction(f: number): void {
  if (!(f >= 0 && f < 1)) throw new Error(`held-out fraction must be in [0, 1), got ${f}`);
}

function pct(f: number): string {
  return `${Number((f * 100).toFixed(2))} %`;
}

/**
 * Chooses whole groups to hold out, about `fraction` of the samples: groups in a seeded random
 * order, each taken when it brings the held-out count closer to floor(n * fraction). Returns the
 * held-out mask, or a reason when the groups cannot give such a split (the caller falls back).
 */
function holdOutGroups(groups: ArrayLike<number>, fraction: number, seed: number): { held: Uint8Array; count: number; groups: number; heldGroups: number } | { reason: string; groups: number } {
  const n = groups.length;
  const size = new Map<number, number>();
  for (let i = 0; i < n; i++) size.set(groups[i]!, (size.get(groups[i]!) ?? 0) + 1);
  const ids = [...size.keys()].sort((a, b) => a - b);
  const target = Math.floor(n * fraction);
  if (ids.length < 2) return { reason: `only ${ids.length} correlation group`, groups: ids.length };
  const chosen = new Set<number>();
  let count = 0;
  for (const g of new Rng(seed).shuffle(ids.slice())) {
    const s = size.get(g)!;
    if (Math.abs(count + s - target) < Math.abs(count - target)) {
      chosen.add(g);
      count += s;
    }
  }
  // A split far from its fraction (one huge group, or fewer groups than the fraction needs) is no split.
  if (chosen.size === 0 || chosen.size === ids.length || Math.abs(count - target) > 0.5 * target) {
    return { reason: `${ids.length} correlation groups cannot hold out ${pct(fraction)} of ${n} samples as whole groups (closest: ${count})`, groups: ids.length };
  }
  const held = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (chosen.has(groups[i]!)) held[i] = 1;
  return { held, count, groups: ids.length, heldGroups: chosen.size };
}

/**
 * The test split of an imported dataset: whole groups when `groups` is given and holds enough of
 * them (`unit` names what a group is, e.g. "trajectory", "molecule"), else `seededSplit`'s random
 * rows. Both parts keep file order; the same arguments give the same split.
 */
export function groupedSplit(n: number, seed: number, testFraction: number, groups: ArrayLike<number> | undefined, unit = 'group'): GroupedSplit {
  checkFraction(testFraction);
  if (groups && groups.length !== n) throw new Error(`split: ${groups.length} group labels for ${n} samples`);
  const rows = (rule: string): GroupedSplit => ({ ...seededSplit(n, seed, testFraction), byGroup: false, rule });
  if (Math.floor(n * testFraction) === 0) return { train: Array.from({ length: n }, (_, i) => i), test: [], byGroup: false, rule: 'no test split' };
  if (!groups) return rows(`test: ${pct(testFraction)} of the samples at random (seed ${seed}); the data name no correlation groups`);
  const h = holdOutGroups(groups, testFraction, seed);
  if ('reason' in h) {
    return rows(`test: ${pct(testFraction)} of the samples at random (seed ${seed}), NOT by ${unit}: ${h.reason}; correlated samples can fall on both sides`);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (h.held[i] ? test : train).push(i);
  return { train, test, byGroup: true, rule: `test: by ${unit} (${h.heldGroups} of ${h.groups} groups held out whole, ${test.length} samples, target ${pct(testFraction)}, seed ${seed}); no ${unit} is on both sides` };
}

/**
 * The trainer's validation split of the n training samples. Without groups: the first
 * floor(n * valFraction) of a permutation seeded with `seed` (the rule the trainer always had, so
 * runs reproduce bit for bit). With groups: whole groups, chosen with the same seed; the rows of
 * both parts keep the permutation's order. Too few groups: the row rule, said in `rule`.
 */
export function validationSplit(n: number, valFraction: number, seed: number, groups?: ArrayLike<number>, unit = 'group'): { train: number[]; val: number[]; byGroup: boolean; rule: string } {
  const order = new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const nVal = Math.floor(n * valFraction);
  const rows = (rule: string) => ({ val: order.slice(0, nVal), train: order.slice(nVal), byGroup: false, rule });
  if (nVal === 0) return rows('no validation split');
  if (!groups) return rows(`validation: ${pct(valFraction)} of the training samples at random (seed ${seed}); the data name no correlation groups`);
  if (groups.length !== n) throw new Error(`validation split: ${groups.length} group labels for ${n} samples`);
  // Its own stream: the group order does not reuse the row permutation's draws.
  const h = holdOutGroups(groups, valFraction, seed + 0x5eed);
  if ('reason' in h) {
    return rows(`validation: ${pct(valFraction)} of the training samples at random (seed ${seed}), NOT by ${unit}: ${h.reason}; correlated samples can fall on both sides`);
  }
  return {
    val: order.filter((i) => h.held[i]),
    train: order.filter((i) => !h.held[i]),
    byGroup: true,
    rule: `validation: by ${unit} (${h.heldGroups} of ${h.groups} groups held out whole, ${h.count} samples, target ${pct(valFraction)}, seed ${seed}); no ${unit} is on both sides`,
  };
}

/**
 * Correlation groups for n consecutive samples of one series (windows or frames of a trajectory):
 * contiguous blocks of `blockSize` samples, so a held-out block is a stretch of time.
 */
export function timeBlocks(n: number, blockSize: number): Int32Array {
  if (!(Number.isSafeInteger(blockSize) && blockSize >= 1)) throw new Error(`time blocks: block size must be a positive integer, got ${blockSize}`);
  return Int32Array.from({ length: n }, (_, i) => Math.floor(i / blockSize));
}

/** Blocks per series when a trajectory is cut into time blocks: enough for a 10 % split to take several. */
export const TIME_BLOCKS = 50;

/** The block size that cuts n samples into about TIME_BLOCKS blocks, never shorter than `minBlock` (e.g. a window's span). */
export function timeBlockSize(n: number, minBlock = 1): number {
  return Math.max(minBlock, Math.ceil(n / TIME_BLOCKS));
}

/** Correlation groups of samples and what one group is ("trajectory", "time block", "molecule"). */
export interface SampleGroups {
  groups: Int32Array;
  unit: string;
}

/**
 * Groups for the frames of one series read in order (an MD trajectory written frame by frame):
 * contiguous time blocks, about TIME_BLOCKS of them, each at least `minBlock` frames long.
 */
export function frameBlocks(n: number, minBlock = 1): SampleGroups {
  return { groups: timeBlocks(n, timeBlockSize(n, minBlock)), unit: 'time block' };
}
