/**
 * Correlation groups of imported molecules (frames of XYZ files, files of a folder): conformers of
 * one molecule, and neighbouring frames of a trajectory, are near-duplicates that must not judge
 * each other. The data identify a molecule by its atoms: the same species in the same order.
 */
import { TIME_BLOCKS, timeBlockSize, type SampleGroups } from '../split';
import type { MoleculeCollector } from './samples';

/** Fewer molecules than this cannot give a 10 % split of several whole molecules: the next, finer rule applies. */
export const MIN_GROUPS = 20;
/** Files of a folder (a trajectory or a conformer set each) held out whole need this many; fewer: time blocks. */
export const MIN_FILES = 10;

/** Groups numbered from 0 in order of first appearance, and how they were formed, in words (for the notes). */
export interface MoleculeGroups extends SampleGroups {
  rule: string;
}

/** Numbers the distinct keys from 0 in order of first appearance. */
function numberKeys<K>(keys: ArrayLike<K>): { groups: Int32Array; count: number } {
  const ids = new Map<K, number>();
  const groups = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let id = ids.get(keys[i]!);
    if (id === undefined) ids.set(keys[i]!, (id = ids.size));
    groups[i] = id;
  }
  return { groups, count: ids.size };
}

/** Molecule of each collected frame by its atoms; a frame with its predecessor's atoms (a trajectory) reuses its id without a string key. */
function moleculeIds(mols: MoleculeCollector): { groups: Int32Array; count: number } {
  const n = mols.count;
  const ids = new Map<string, number>();
  const groups = new Int32Array(n);
  let prev: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const z = mols.atomicNumbersOf(i);
    if (prev !== null && prev.length === z.length && z.every((v, a) => v === prev![a])) {
      groups[i] = groups[i - 1]!;
    } else {
      const key = z.join(',');
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      groups[i] = id;
    }
    prev = z;
  }
  return { groups, count: ids.size };
}

/**
 * Groups of the collected molecules, the coarsest rule that gives enough groups:
 * 1. by molecule (at least MIN_GROUPS): the same atoms in the same order (conformers, and isomers written alike, stay together);
 * 2. by source file (at least MIN_FILES; `sources[i]`, the file of a folder each molecule came from), within a molecule;
 * 3. by blocks of consecutive frames within each of those (a single trajectory: time blocks).
 */
export function moleculeGroups(mols: MoleculeCollector, sources?: ArrayLike<number>): MoleculeGroups {
  const n = mols.count;
  const byMolecule = moleculeIds(mols);
  if (byMolecule.count >= MIN_GROUPS) {
    return { groups: byMolecule.groups, unit: 'molecule', rule: `${byMolecule.count} molecules (the same atoms in the same order); the conformers of a molecule stay together` };
  }
  let keys = byMolecule.groups;
  let count = byMolecule.count;
  if (sources) {
    const byFile = numberKeys(Array.from({ length: n }, (_, i) => byMolecule.groups[i]! * 2 ** 26 + sources[i]!));
    if (byFile.count >= MIN_FILES) {
      return { groups: byFile.groups, unit: 'file', rule: `${byFile.count} groups: the frames of one molecule from one file stay together (only ${byMolecule.count} distinct molecule(s))` };
    }
    keys = byFile.groups;
    count = byFile.count;
  }
  const block = timeBlockSize(n);
  const seen = new Int32Array(count);
  const blocks = numberKeys(Array.from(keys, (k) => k * 2 ** 26 + Math.floor(seen[k]!++ / block)));
  return {
    groups: blocks.groups,
    unit: 'time block',
    rule: `only ${byMolecule.count} distinct molecule(s): ${blocks.count} blocks of up to ${block} consecutive frames (about ${TIME_BLOCKS} for a single trajectory); neighbouring frames stay together`,
  };
}
