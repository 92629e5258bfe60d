/** What a run is given: the data to load, the settings to resolve, where to report progress. */
import type { Dataset, TaskKind } from '../data/dataset';
import type { ImportFormat } from '../data/import';
import type { BackendInfo, BackendRequest } from '../engine/backend';
import type { TrainConfig } from '../engine/config';
import type { Checkpoint, EpochEvent, Trainer } from '../engine/training/trainer';
import type { PreparedRun } from './prepare';

/** The data options of `semola train` and its API twin; every other setting is a TrainConfig key in `config`. */
export interface RunOptions {
  data: string;
  testData?: string;
  inputs?: string;
  targets?: string;
  task?: TaskKind;
  targetKind?: 'regression' | 'classification';
  layout?: string;
  /** Files: the format (detected when absent) and trajectory settings, see data/import. */
  format?: ImportFormat;
  stride?: number;
  nIn?: number;
  nOut?: number;
  /** Folders (QM9, XYZ): only the first `limit` files in name order, as the import took them. */
  limit?: number;
  /** Files: the test split as the import made it (seed of the split, not of training; fraction held out). */
  splitSeed?: number;
  testFraction?: number;
  /** Tables: the column naming each row's correlation group (held-out splits take whole groups). */
  groupBy?: string;
  /** Files: the user's units by target name (or `positions`), in place of what the file states. */
  units?: Record<string, string>;
  backend?: BackendRequest;
  reference?: string;
  out?: string;
  /** TrainConfig overrides (from --config and flags). */
  config: Record<string, unknown>;
  onEpoch?: (e: EpochEvent) => void;
  signal?: AbortSignal;
  /** Continue from this checkpoint (taken with the same data and config). */
  resumeFrom?: Checkpoint;
  /** Called once the data is loaded, the config resolved and the backend chosen, before training. */
  onStart?: (info: TrainStartInfo) => void | Promise<void>;
  /** Called with a checkpoint after every `checkpointEvery` epochs (default 1) and after the last. */
  onCheckpoint?: (cp: Checkpoint) => void | Promise<void>;
  checkpointEvery?: number;
  /** Called once training has ended, before the summary is computed (e.g. to evaluate further test sets). */
  onTrained?: (trainer: Trainer, dataset: Dataset) => void | Promise<void>;
  /** The run already prepared from these options (data loaded, settings resolved and checked). */
  prepared?: PreparedRun;
  /** The workspace run this training is recorded as; copied into the summary. */
  run?: { id: number; workspace: string };
}

export interface TrainStartInfo {
  backend: BackendInfo;
  dataset: Dataset;
  config: TrainConfig;
}

