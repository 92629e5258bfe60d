/**
 * A Dataset from collected molecules: padded point clouds (`points:3`, `points:4`, the default;
 * molecules of different sizes train together, species kept apart from the coordinates) or,
 * when every molecule has the same atoms in the same order, flat rows (`vector`, g acting on
 * each atom's 3-vector). Per-atom targets (forces) are equivariant and take the vector layout.
 */
import type { Dataset, FeatureLayout, SampleSet } from '../dataset';
import type { TargetSpec } from '../record';
import type { SampleGroups, SplitIndices } from '../split';
import type { MoleculeCollector } from './samples';

/** What the user asked for: `points:3|4`, or `vector` (d = 3, one block per atom). */
export type LayoutRequest = { kind: 'points'; d: 3 | 4 } | { kind: 'vector' };

export interface MolecularDatasetInput {
  name: string;
  source: string;
  /** File or folder, for messages. */
  label: string;
  molecules: MoleculeCollector;
  /** The target specs (one per named target) and the expanded column names (collector.targetDim of them). */
  targets: TargetSpec[];
  targetColumns: string[];
  /** Per-atom targets: one [atoms, 3] vector column, equivariant. */
  perAtom: boolean;
  layout?: LayoutRequest;
  split: SplitIndices;
  /**
   * Correlation groups of every collected molecule (e.g. time blocks of a trajectory's frames);
   * without them, the groups collected with the molecules (one molecule each), if any.
   */
  groups?: SampleGroups;
  notes: string[];
  /** What the collected gradient is (when the molecules carry one): see Dataset.targetGradient. */
  gradient?: { target: string; source: string; unit: string | null };
}

export interface MolecularDataset {
  dataset: Dataset;
  /** Element symbols in order of atomic number (the species index of a point points here). */
  species: string[];
}

export function buildMolecularDataset(m: MolecularDatasetInput): MolecularDataset {
  const mols = m.molecules;
  if (mols.count === 0) throw new Error(`${m.label}: no molecules to import`);
  const species = mols.species();
  const request: LayoutRequest = m.layout ?? (m.perAtom ? { kind: 'vector' } : { kind: 'points', d: 3 });
  let layout: FeatureLayout;
  let inputNames: string[];
  if (request.kind === 'vector') {
    if (!mols.sameAtoms()) {
      throw new Error(
        `${m.label}: the vector layout needs every molecule to have the same atoms in the same order; these differ (${mols.atomsOf(0)} atoms in the first molecule, up to ${mols.maxAtoms} in others). Use --layout points:3`,
      );
    }
    layout = { kind: 'vector', d: 3, blocks: mols.maxAtoms };
    inputNames = Array.from({ length: mols.maxAtoms }, (_, a) => ['x', 'y', 'z'].map((c) => `${c}${a + 1}`)).flat();
  } else {
    if (m.perAtom) throw new Error(`${m.label}: a per-atom target (${m.targets[0]?.name}) is equivariant and needs --layout vector`);
    layout = { kind: 'points', d: request.d, maxPoints: mols.maxAtoms };
    inputNames = ['x', 'y', 'z'];
  }
  const withGradient = m.gradient !== undefined && mols.hasGradient;
  const makeSet = (idx: number[]): SampleSet => {
    const set: SampleSet =
      layout.kind === 'vector'
        ? { n: idx.length, inputs: mols.rows(idx), targets: mols.targets(idx) }
        : { n: idx.length, inputs: new Float32Array(0), points: mols.points(idx, species, mols.maxAtoms), targets: mols.targets(idx) };
    if (withGradient) set.targetGradient = layout.kind === 'vector' ? mols.rows(idx, true) : mols.gradientPoints(idx, mols.maxAtoms);
    if (m.groups) set.groups = Int32Array.from(idx, (i) => m.groups!.groups[i]!);
    else if (mols.hasGroups) set.groups = mols.groups(idx);
    return set;
  };
  const sizes = `${mols.count} molecules of ${minAtoms(mols)}-${mols.maxAtoms} atoms (${species.join(', ')})`;
  const dataset: Dataset = {
    name: m.name,
    source: m.source,
    layout,
    task: m.perAtom ? 'equivariant' : 'invariant',
    targetKind: 'regression',
    inputNames,
    targetNames: m.targetColumns,
    train: makeSet(m.split.train),
    ...(m.split.test.length > 0 ? { test: makeSet(m.split.test) } : {}),
    ...(withGradient ? { targetGradient: m.gradient } : {}),
    ...(m.groups ? { groupUnit: m.groups.unit } : mols.hasGroups ? { groupUnit: 'molecule' } : {}),
    notes: [
      `${sizes}; ${layout.kind === 'points' ? `padded to ${mols.maxAtoms} points with a mask` : `${mols.maxAtoms} atoms in a fixed order`}.`,
      ...m.notes,
    ],
  };
  return { dataset, species };
}

function minAtoms(mols: MoleculeCollector): number {
  let min = Infinity;
  for (let i = 0; i < mols.count; i++) min = Math.min(min, mols.atomsOf(i));
  return min;
}
