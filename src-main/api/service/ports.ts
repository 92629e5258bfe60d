/**
 * What the service needs from the rest of the workbench, as narrow interfaces: the host (Electron
 * or `semola serve`) wires the real modules in (see workbench.ts), tests may wire small real ones.
 */
import type { Dataset, FeatureLayout } from '../../data/dataset';
import type { DatasetRecord } from '../../data/record';
import type { SourceView } from '../../data/suggest';
import type { ExportedAlgebra } from '../../export/index';
import type { Workspace } from '../../store/index';
import type { QueueState } from '../../jobs/queue';
import type { EventHub } from '../events';
import type { ImportOptions } from '../schemas';
import type { UploadStore } from './uploads';

export interface ImportProgress {
  /** 0..1, or null when unknown. */
  fraction: number | null;
  message: string;
}

export interface DatasetSource {
  /** Reads and parses a file, folder or builtin:NAME spec. Errors name the file, line and expectation. */
  importDataset(path: string, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<{ dataset: Dataset; record: DatasetRecord }>;
  /** Loads a dataset imported before, from its record (same files, same options). */
  reload(record: DatasetRecord): Promise<Dataset>;
  /** What the importer sees in the record's source (columns, properties, frames), for suggestions. */
  view(record: DatasetRecord): Promise<SourceView>;
}

/** The run queue: starts queued runs in trainer processes and writes their results to the store. */
export interface RunQueue {
  /** The run exists in the store as `queued`; train it when a slot is free. */
  enqueue(runId: number): void;
  /** Stops a queued or running run; it ends `canceled`. */
  cancel(runId: number): Promise<void> | void;
  /** Stops every trainer (host shutdown). */
  close(): Promise<void>;
  /** What trains now and what waits and why (jobs/queue.ts QueueState). */
  state(): QueueState;
  /** Change the trainer-process budget (already validated; the service saves it in the workspace). */
  setParallel(parallel: number): void;
}

export interface ServiceDeps {
  workspace: Workspace;
  hub: EventHub;
  data: DatasetSource;
  /** null where no trainer can be started (then runs.create says so). */
  queue: RunQueue | null;
  /** Structure constants and the closest known algebra of a basis [k][d][d]; null until available. */
  analyzeAlgebra: ((basis: number[][][], layout: FeatureLayout) => ExportedAlgebra) | null;
  /** Folder for files uploaded in browser mode (kept: runs re-read their data from it). */
  uploadsDir: string;
  /** Chunked and rejected uploads (default: one over uploadsDir). */
  uploads?: UploadStore;
  /**
   * When set, import by path reads only under this folder (browser mode on a non-loopback
   * address, `--data-root`); built-ins and uploads are not affected.
   */
  dataRoot?: string;
  mode: 'electron' | 'browser';
  /** The trainer-process budget when the workspace has none saved (cores - 1, at least 1). */
  defaultParallel?: number;
  /** Native open-file dialog (desktop only). */
  pickDatasetFile?: () => Promise<string | null>;
}
