/** Options and results shared by the importers behind `importDataset`. */
import type { Dataset, TargetKind, TaskKind } from '../dataset';
import type { Axes } from '../trajectory/arrays';
import type { DatasetFormat, DatasetRecord, TargetSpec } from '../record';

export type ImportFormat = Exclude<DatasetFormat, 'builtin'>;

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'csv', 'tsv', 'npy', 'npz', 'xyz', 'extxyz', 'qm9', 'xyz-folder', 'trajectory-xyz', 'trajectory-npy', 'trajectory-npz',
  'idx', 'image-npz', 'image-folder',
];

export interface ImportProgress {
  /** `read`: files or bytes read; `parse`: frames or files parsed; `build`: arrays assembled. */
  stage: 'read' | 'parse' | 'build';
  done: number;
  total: number;
  unit: 'files' | 'frames' | 'bytes';
}

export interface ImportOptions {
  /** Overrides detection by extension and content. */
  format?: ImportFormat;
  /**
   * Targets. Tables: a column selection (names or a range a:b). Molecules: comma-separated names
   * (QM9 property names; extended XYZ keys or a per-atom column; for plain XYZ the numbers of the
   * comment line by position, `_` skipping one). Trajectories: none for next-frame prediction,
   * names of per-frame values for per-frame regression.
   */
  targets?: string;
  /** Tables only: input columns. */
  inputs?: string;
  /** Tables only: the column naming each row's correlation group (held-out splits take whole groups; not an input). */
  groupBy?: string;
  /** Tables only (molecules decide from their targets). */
  task?: TaskKind;
  targetKind?: TargetKind;
  /** `vector`, `vector:D` (tables), `points:3`, `points:4` (molecules), `image` (images), as on the command line. */
  layout?: string;
  /** Trajectories (and multi-frame XYZ): use every stride-th frame. Default 1. */
  stride?: number;
  /**
   * A 3-D .npy trajectory's axes: `frames,bodies,features` (T, N, D) or `runs,frames,features`
   * (several trajectories of D-wide states). Default: the first when D = 3, else the second.
   */
  axes?: Axes;
  /** Next-frame prediction: frames in and out per sample. Default 1 and 1. */
  nIn?: number;
  nOut?: number;
  /** Seed of the test split. Default 0. */
  seed?: number;
  /** Fraction of samples held out as test. Default 0.2; 0 for tables (the validation split serves as test). */
  testFraction?: number;
  /** The trainer's validation fraction, recorded in the split. Default 0.1. */
  valFraction?: number;
  /** A separate test file (same format and options): a user-supplied split. */
  testPath?: string;
  /** Folders: import only the first `limit` files in name order; images: the first `limit` images (PNG folders: spread over the classes). */
  limit?: number;
  /**
   * The user's units by target name (or `positions`), in place of what the file states; recorded
   * with source `user`. Keys that name no target of this import are left out.
   */
  units?: Record<string, string>;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportedDataset {
  dataset: Dataset;
  record: DatasetRecord;
}

/** What one importer hands back to importDataset, which adds the split, hash and record. */
export interface ImportPart {
  dataset: Dataset;
  format: ImportFormat;
  /** The files read, in order, with their sha256 and size. */
  files: { path: string; sha256: string; bytes: number }[];
  targets: TargetSpec[];
  species?: string[];
  /** The options that shaped the import (resolved defaults), recorded and hashed. */
  options: Record<string, unknown>;
  /** `rule`: how the seeded test split was drawn (by correlation group or by row), in words. */
  split: { kind: 'seeded'; testFraction: number; rule?: string } | { kind: 'given'; description: string };
  notes: string[];
  /** Record fields only some importers know. */
  extra?: Pick<DatasetRecord, 'units' | 'targetGradient' | 'cell' | 'metadata'>;
}
