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
function numberKeys(keys: string[]): { groups: Int32Array; count: number } {
  const ids = new Map<string, number>();
  const groups = Int32Array.from(keys, (k) => {
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = ids.size));
    return id;
  });
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
  const molecule = Array.from({ length: n }, (_, i) => mols.atomicNumbersOf(i).join(','));
  const byMolecule = numberKeys(molecule);
  if (byMolecule.count >= MIN_GROUPS) {
    return { groups: byMolecule.groups, unit: 'molecule', rule: `${byMolecule.count} molecules (the same atoms in the same order); the conformers of a molecule stay together` };
  }
  let keys = molecule;
  if (sources) {
    keys = molecule.map((k, i) => `${k}|${sources[i]}`);
    const byFile = numberKeys(keys);
    if (byFile.count >= MIN_FILES) {
      return { groups: byFile.groups, unit: 'file', rule: `${byFile.count} groups: the frames of one molecule from one file stay together (only ${byMolecule.count} distinct molecule(s))` };
    }
  }
  const block = timeBlockSize(n);
  const counter = new Map<string, number>();
  const blocks = numberKeys(
    keys.map((k) => {
      const seen = counter.get(k) ?? 0;
      counter.set(k, seen + 1);
      return `${k}#${Math.floor(seen / block)}`;
    }),
  );
  return {
    groups: blocks.groups,
    unit: 'time block',
    rule: `only ${byMolecule.count} distinct molecule(s): ${blocks.count} blocks of up to ${block} consecutive frames (about ${TIME_BLOCKS} for a single trajectory); neighbouring frames stay together`,
  };
}
