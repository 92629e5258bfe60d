/**
 * What the workbench remembers about an imported dataset: where it came from, what it holds and how
 * it is split. The store persists it (datasets table), `semola import` prints it, the summary JSON
 * carries its hash. Plain JSON-serialisable data: no typed arrays, no tensors.
 */
import type { FeatureLayout, TargetKind, TaskKind } from './dataset';

/** Every format an importer reads. */
export type DatasetFormat = 'builtin' | 'csv' | 'tsv' | 'npy' | 'npz' | 'xyz' | 'extxyz' | 'qm9' | 'xyz-folder' | 'trajectory-xyz' | 'trajectory-npy' | 'trajectory-npz' | 'idx' | 'image-npz' | 'image-folder';

/** A named target and the unit its file states; null when the file states none (never guessed). */
export interface TargetSpec {
  name: string;
  unit: string | null;
}

/**
 * How samples are assigned to train / validation / test.
 * - `seeded`: a seeded random permutation split by fractions (test may be 0 when a test file is given).
 * - `given`: the user supplied the split (a separate test file, or a split column / index file).
 */
export type SplitSpec =
  | {
      kind: 'seeded';
      seed: number;
      fractions: { train: number; validation: number; test: number };
      /** How the test split was drawn: whole correlation groups (trajectory time blocks, molecules) or rows, in words. */
      rule?: string;
    }
  | { kind: 'given'; description: string };

export interface DatasetRecord {
  /** Short display name (file or folder name, or builtin:NAME). */
  name: string;
  format: DatasetFormat;
  /** Absolute paths of the source files, in the order they were read (a folder lists its files). */
  sourceFiles: string[];
  /** Number of samples after import (pairs for trajectories, molecules for QM9, rows for tables). */
  sampleCount: number;
  /** sha256 hex of the source bytes, file by file in `sourceFiles` order, plus the import options. */
  contentHash: string;
  layout: FeatureLayout;
  /** Feature names in input order (for points: per-point coordinate names). */
  inputNames: string[];
  /** Species kept apart from the coordinates (element symbols), for points layouts. */
  species?: string[];
  targets: TargetSpec[];
  task: TaskKind;
  targetKind: TargetKind;
  split: SplitSpec;
  /** The options the importer was given (targets, stride, ...), so the import can be repeated. */
  options: Record<string, unknown>;
  /** Human-readable notes (units, inferred layout, skipped lines). */
  notes: string[];
  /**
   * Where units come from (`file`, `ASE convention`, `QM9`, `user`) and the unit of the positions;
   * the targets' units are in `targets`. Absent where nothing states a unit.
   */
  units?: { source: string; positions: string | null };
  /** The target with a gradient in the data (an energy and its per-atom forces): Dataset.targetGradient. */
  targetGradient?: { target: string; source: string; unit: string | null };
  /** Points only: every frame holds the same atoms in one order (data/atom-order.ts). */
  atomOrderFixed?: boolean;
  /** Periodic cell of the first frame (three cell vectors, 9 numbers) and its periodicity; not used yet. */
  cell?: { lattice: number[]; pbc: boolean[]; sameInEveryFrame: boolean };
  /** Constants the file carries beside its samples (masses, symbols, timestep, ...), by name. */
  metadata?: Record<string, number | string | number[] | string[]>;
}
