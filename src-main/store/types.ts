/** The records the store hands out. Plain data (JSON columns parsed), typed arrays for bulk values. */
import type { DatasetRecord } from '../data/record';
import type { BackendRequest } from '../engine/backend-names';
import type { Summary } from '../summary/schema';

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'canceled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses `resume` accepts: continue from the last checkpoint (or from the start if there is none). */
export const RESUMABLE_STATUSES: readonly RunStatus[] = ['interrupted', 'failed', 'canceled'];

/** What to train: the inputs of `runTrain` that are plain data (no callbacks), as stored with the run. */
export interface RunRequest {
  data: string;
  testData?: string;
  inputs?: string;
  targets?: string;
  task?: 'invariant' | 'equivariant';
  targetKind?: 'regression' | 'classification';
  layout?: string;
  /** Files: the import format (detected when absent) and trajectory settings (data/import). */
  format?: string;
  stride?: number;
  nIn?: number;
  nOut?: number;
  /** Folders: the first `limit` files only, as imported. */
  limit?: number;
  /** The import's test split: its seed (not the training seed) and the fraction held out. */
  splitSeed?: number;
  testFraction?: number;
  /** Tables: the column naming each row's correlation group. */
  groupBy?: string;
  /** The user's units by target name (or `positions`), as the dataset editor recorded them. */
  units?: Record<string, string>;
  reference?: string;
  backend?: BackendRequest;
  /** TrainConfig overrides, as given (the resolved config is stored separately once the run starts). */
  config: Record<string, unknown>;
  /** `semola train --starts N`: the run trains N starts (each recorded, and resumed from its own checkpoint). */
  starts?: number;
}

/** The keys of `semola train`'s options that make up a RunRequest (the rest are callbacks and outputs). */
export const RUN_REQUEST_KEYS = ['data', 'testData', 'inputs', 'targets', 'task', 'targetKind', 'layout', 'format', 'stride', 'nIn', 'nOut', 'limit', 'splitSeed', 'testFraction', 'groupBy', 'units', 'reference', 'backend', 'config'] as const;

export interface RuntimeVersions {
  app: string;
  node: string;
  tfjs: string;
  platform: string;
  electron?: string;
}

export interface RunRecord {
  id: number;
  experimentId: number | null;
  datasetId: number | null;
  name: string | null;
  method: string;
  seed: number;
  status: RunStatus;
  request: RunRequest;
  /** The complete resolved TrainConfig (null until the trainer started). */
  config: Record<string, unknown> | null;
  backend: string | null;
  backendDetail: string | null;
  versions: RuntimeVersions | null;
  appVersion: string;
  datasetHash: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  epochs: number;
  epochsDone: number;
  error: string | null;
  /**
   * The summary JSON of `semola train --out`, read through the summary schema (null until done,
   * and null with `summaryError` set when the stored one cannot be read).
   */
  summary: Summary | null;
  /** Why the stored summary cannot be read ("summary of run 12 cannot be read: ..."); null when it can, or when there is none. */
  summaryError: string | null;
  ownerPid: number | null;
  trainerPid: number | null;
  archivedAt: string | null;
  /** A run of several starts (`--starts N`, N > 1): each start's seed, progress and result; null for one start. */
  starts: RunStartState[] | null;
  /** A sweep's run: its task number in the sweep (experimentId is the sweep) and its grid point; null otherwise. */
  sweepTask: number | null;
  gridPoint: GridPoint | null;
}

/** One point of a sweep's grid: the settings that vary (dotted keys), the dataset, a label. */
export interface GridPoint {
  index: number;
  label: string;
  /** The grid's keys and their values at this point (the dataset as `data`), the seed excluded. */
  values: Record<string, unknown>;
}

/** One task of a sweep: a grid point trained with one seed. */
export interface SweepTask {
  task: number;
  point: number;
  seed: number;
  /** The task's settings: exactly what a `semola train --config` file holds. */
  settings: Record<string, unknown>;
  /** Starts of the task's run (the spec's, else `semola train`'s default for its method). */
  starts: number;
  /** The settings resolved as `semola train` resolves them: the request its run records. */
  request: RunRequest;
}

export interface SweepSpecStored {
  /** The spec as given (JSON). */
  given: Record<string, unknown>;
  /** Where it was read from. */
  file: string | null;
  points: GridPoint[];
  tasks: SweepTask[];
}

export type SweepExecutorName = 'local' | 'slurm';

/** An experiment of kind sweep. */
export interface Sweep {
  id: number;
  name: string;
  description: string;
  createdAt: string;
  spec: SweepSpecStored;
  executor: SweepExecutorName;
  /** The executor's own record (Slurm: bundle folder, submissions); JSON. */
  executorState: Record<string, unknown>;
}

export interface NewRun {
  request: RunRequest;
  method: string;
  seed: number;
  epochs: number;
  name?: string;
  experimentId?: number;
  /** The dataset row it trains on, when known before it starts (the app's runs): edits then keep it. */
  datasetId?: number;
  /** The process that will write this run (for recovery after a crash); default: this process. */
  ownerPid?: number;
}

export interface RunFilter {
  status?: RunStatus;
  experimentId?: number;
  tag?: string;
  /** false (default): only unarchived runs; true: only archived; 'all': both. */
  archived?: boolean | 'all';
  limit?: number;
}

export interface RunStart {
  config: Record<string, unknown>;
  backend: string;
  backendDetail: string;
  versions: RuntimeVersions;
  datasetHash: string;
  datasetId: number | null;
}

export interface StoredDataset {
  id: number;
  record: DatasetRecord;
  createdAt: string;
}

export interface Experiment {
  id: number;
  name: string;
  description: string;
  createdAt: string;
}

/** One metric value; `value` is null where the trainer reported a non-finite number. */
export interface MetricPoint {
  epoch: number;
  step: number | null;
  value: number | null;
}

/** The learned basis at the end of an epoch: `basis` is [k, d, d] row-major float32. */
export interface Snapshot {
  epoch: number;
  k: number;
  d: number;
  basis: Float32Array;
  /** Per-generator approximation strengths [k] (SPEC section 5), when the method learns them. */
  strengths: Float32Array | null;
}

/** `start-summary`: the summary of one finished start of a run of several starts (JSON). */
export type ArtifactKind = 'checkpoint' | 'export' | 'model' | 'start-summary';

export interface ArtifactInfo {
  id: number;
  runId: number;
  kind: ArtifactKind;
  epoch: number | null;
  /** A run of several starts: the start it belongs to (null for the run's own artifacts). */
  start: number | null;
  name: string;
  mediaType: string;
  size: number;
  createdAt: string;
}

export interface Artifact extends ArtifactInfo {
  bytes: Uint8Array;
}

/** One start of a run (run/starts): its seed, how far it got and, once done, what it found. */
export interface RunStartState {
  index: number;
  seed: number;
  status: 'queued' | 'running' | 'done';
  epoch: number;
  epochs: number | null;
  valLoss: number | null;
  best?: boolean;
  verdict?: { status: string; name: string | null };
}
