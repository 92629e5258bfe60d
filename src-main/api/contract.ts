/**
 * The one contract between the renderer and the workbench: every method with its input and output
 * schema, every event with its payload schema. The IPC handlers, the preload, the WebSocket host and
 * the renderer's client are all driven by these tables; the renderer imports types only.
 */
import { z } from 'zod';
import { BACKEND_REQUESTS } from './choices';
import type { EventName, MethodName } from './names';
import {
  AlgebraReport,
  AppInfo,
  BuiltinInfo,
  CompareResult,
  ConfigOverrides,
  DatasetImages,
  DatasetPreview,
  DatasetSuggestions,
  DatasetSummary,
  EditOptions,
  ExportFormat,
  ExportResult,
  Id,
  ImageSplit,
  ImportOptions,
  MetricSeries,
  MAX_PARALLEL,
  PermutationExportFormat,
  QueueStatus,
  RequestTag,
  RunDetail,
  RunStatus,
  RunSummary,
  SettingName,
  SettingValue,
  Snapshot,
  SweepSummary,
} from './schemas';

const Empty = z.object({}).strict();
const ById = z.object({ id: Id }).strict();
const Done = z.object({ ok: z.literal(true) });

/**
 * Largest whole-file upload in one message (base64 of a dataset file dropped on the page); larger
 * files go in chunks (uploads.*). A message is at most MAX_MESSAGE_BYTES on the WebSocket.
 */
export const MAX_UPLOAD_BASE64 = 8 * 1024 * 1024;
/** Base64 text of one upload chunk (4 MiB of bytes). */
export const MAX_CHUNK_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4;
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Images in one datasets.images page; large images come fewer per page (MAX_IMAGE_PAGE_VALUES). */
export const MAX_IMAGES_PER_PAGE = 64;
/** Pixel values (float32) in one datasets.images page: 8 MiB of bytes, under MAX_MESSAGE_BYTES as base64. */
export const MAX_IMAGE_PAGE_VALUES = 2 * 1024 * 1024;
/** A sweep made in the app: at most this many datasets and tasks (grid points x seeds). */
export const MAX_SWEEP_DATASETS = 16;
export const MAX_SWEEP_TASKS = 512;
/** Starts of one run made in the app (runs.create, sweeps.create). */
export const MAX_STARTS = 16;

/** A file name as the page knows it: no folders, not `.` or `..`, no control characters. */
const UploadName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'a file name without folders')
  .refine((n) => n !== '.' && n !== '..', 'a file name, not . or ..')
  // Control characters are exactly what this refuses.
  // eslint-disable-next-line no-control-regex
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'a file name without control characters');
const Base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text');
const UploadId = z.string().regex(/^[0-9a-f]{24}$/, 'an upload id from uploads.begin');

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const METHODS = {
  'app.info': { input: Empty, output: AppInfo },
  /** Native open-file dialog (desktop); null when cancelled. Browser mode uploads instead. */
  'app.pickDatasetFile': { input: Empty, output: z.object({ path: z.string().nullable() }) },

  'datasets.builtins': { input: Empty, output: z.array(BuiltinInfo) },
  'datasets.list': { input: Empty, output: z.array(DatasetSummary) },
  /** Import a file or folder on the host by path (or a builtin:NAME spec). */
  'datasets.import': {
    input: z.object({ path: z.string().min(1).max(4096), options: ImportOptions.default({}), importId: RequestTag }).strict(),
    output: DatasetSummary,
  },
  /** Import a file whose bytes come with the call (drag-and-drop or file input in browser mode). */
  'datasets.upload': {
    input: z
      .object({
        fileName: UploadName,
        base64: Base64(MAX_UPLOAD_BASE64),
        options: ImportOptions.default({}),
        importId: RequestTag,
      })
      .strict(),
    output: DatasetSummary,
  },
  /** Start a chunked upload of `size` bytes (at most 1 GiB); chunks then come in order. */
  'uploads.begin': {
    input: z.object({ fileName: UploadName, size: z.number().int().nonnegative() }).strict(),
    output: z.object({ uploadId: z.string(), chunkBytes: z.number().int().positive(), maxBytes: z.number().int().positive() }),
  },
  'uploads.chunk': {
    input: z.object({ uploadId: UploadId, offset: z.number().int().nonnegative(), base64: Base64(MAX_CHUNK_BASE64) }).strict(),
    output: z.object({ received: z.number().int().nonnegative() }),
  },
  /** Import the complete upload; a rejected import deletes it. */
  'uploads.finish': {
    input: z.object({ uploadId: UploadId, options: ImportOptions.default({}), importId: RequestTag }).strict(),
    output: DatasetSummary,
  },
  'uploads.abort': { input: z.object({ uploadId: UploadId }).strict(), output: Done },
  'datasets.preview': {
    input: z
      .object({
        id: Id,
        samples: z.number().int().min(1).max(50).default(4),
        /** Where the samples come from: the training split, or the held-out test split (the training one when there is none; `samplesFrom` says). */
        split: z.enum(['train', 'test']).default('train'),
      })
      .strict(),
    output: DatasetPreview,
  },
  /**
   * A page of an image dataset's images with their labels (the dataset view's grid, the run page's
   * held-out image): only what the view shows travels, never the whole set.
   */
  'datasets.images': {
    input: z
      .object({ id: Id, split: ImageSplit.default('train'), offset: z.number().int().nonnegative().default(0), count: z.number().int().min(1).max(MAX_IMAGES_PER_PAGE).default(24) })
      .strict(),
    output: DatasetImages,
  },
  'datasets.delete': { input: ById, output: Done },
  /** What the importer offers for this dataset; `draft` asks for suggestions for an edit not yet applied. */
  'datasets.suggest': { input: z.object({ id: Id, draft: EditOptions.optional() }).strict(), output: DatasetSuggestions },
  /**
   * Re-import with edited options. The row is updated in place unless runs were trained on it; then
   * the edit is a new row ("name (edited: ...)") and the runs keep theirs. Returns the edited dataset.
   */
  'datasets.update': { input: z.object({ id: Id, options: EditOptions }).strict(), output: DatasetSummary },

  /** Resolve and check a config against a dataset without starting anything. */
  'runs.validate': {
    input: z.object({ datasetId: Id, config: ConfigOverrides }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), resolved: z.record(z.string(), z.unknown()) }),
      z.object({ ok: z.literal(false), errors: z.array(z.string()).min(1) }),
    ]),
  },
  /** Queue a run; an invalid config is refused with the reason before anything starts. */
  'runs.create': {
    input: z
      .object({
        datasetId: Id,
        config: ConfigOverrides,
        name: z.string().max(200).optional(),
        /** TensorFlow.js backend; auto tries them in BACKEND_NAMES's order (engine/backend-names.ts). */
        backend: z.enum(BACKEND_REQUESTS).default('auto'),
        /**
         * Starts of the run (`semola train --starts N`): seeds seed, seed+1000, ...; the best by
         * validation loss is kept. Absent: one start. At most MAX_STARTS, as a sweep's.
         */
        starts: z.number().int().min(1).max(MAX_STARTS).optional(),
      })
      .strict(),
    output: RunSummary,
  },
  'runs.list': { input: z.object({ includeArchived: z.boolean().default(false) }).strict(), output: z.array(RunSummary) },
  'runs.get': { input: ById, output: RunDetail },
  'runs.metrics': {
    input: ById,
    output: z.array(MetricSeries),
  },
  'runs.snapshots': {
    input: z.object({ id: Id, maxSnapshots: z.number().int().min(1).max(10_000).default(200) }).strict(),
    output: z.array(Snapshot),
  },
  'runs.algebra': { input: z.object({ id: Id, epoch: z.number().int().nonnegative().optional() }).strict(), output: AlgebraReport },
  'runs.cancel': { input: ById, output: Done },
  'runs.delete': { input: ById, output: Done },
  'runs.archive': { input: z.object({ id: Id, archived: z.boolean() }).strict(), output: Done },
  'runs.tag': {
    input: z.object({ id: Id, tags: z.array(z.string().trim().min(1).max(64)).max(32) }).strict(),
    output: Done,
  },
  'runs.note': { input: z.object({ id: Id, note: z.string().max(20_000) }).strict(), output: Done },
  'runs.compare': { input: z.object({ ids: z.array(Id).min(2).max(8) }).strict(), output: CompareResult },

  /** What trains now, what waits and why, and the trainer-process budget. */
  'queue.status': { input: Empty, output: QueueStatus },
  /**
   * Save the trainer-process budget in the workspace and apply it to the run queue at once (more:
   * waiting runs start; fewer: running runs finish, none is stopped); null returns to the default.
   */
  'queue.setParallel': {
    input: z.object({ parallel: z.number().int().min(1).max(MAX_PARALLEL).nullable() }).strict(),
    output: QueueStatus,
  },

  /**
   * Create a sweep over imported datasets, expanded and checked as `semola sweep SPEC.json` does it
   * (every task's settings by the option table, refused by name before anything is recorded), and
   * queue its runs on this session's run queue.
   */
  'sweeps.create': {
    input: z
      .object({
        name: z.string().trim().max(200).optional(),
        description: z.string().max(2000).optional(),
        datasetIds: z.array(Id).min(1).max(MAX_SWEEP_DATASETS).refine((ids) => new Set(ids).size === ids.length, 'each dataset once'),
        /** Settings every task gets (as in a --config file; dotted or nested). */
        base: ConfigOverrides.default({}),
        /** Setting -> values; every combination is a grid point. */
        grid: z
          .array(z.object({ setting: SettingName, values: z.array(SettingValue).min(1).max(32) }).strict())
          .max(8)
          .refine((g) => new Set(g.map((e) => e.setting)).size === g.length, 'each setting once in the grid')
          .default([]),
        /** Settings objects, each combined with every grid combination. */
        list: z.array(ConfigOverrides).min(1).max(64).optional(),
        /** A count N (seeds 0..N-1) or a list of distinct seeds. */
        seeds: z.union([z.number().int().min(1).max(64), z.array(z.number().int().nonnegative()).min(1).max(64)]),
        /** Starts per run (default: as `semola train`: 3 for semola and augerino, 1 otherwise). */
        starts: z.number().int().min(1).max(MAX_STARTS).optional(),
        backend: z.enum(BACKEND_REQUESTS).default('auto'),
      })
      .strict(),
    output: SweepSummary,
  },
  /** Every sweep of the workspace with its statistics per grid point (mean +- std over seeds, what they found). */
  'sweeps.list': { input: Empty, output: z.array(SweepSummary) },
  /** Cancel a sweep's queued and running runs (those of this session's queue). */
  'sweeps.cancel': { input: ById, output: z.object({ canceled: z.array(Id) }) },

  /** The learned basis of a run (last snapshot, or the one at `epoch`) as a file. */
  'export.basis': {
    input: z
      .object({
        runId: Id,
        format: ExportFormat,
        epoch: z.number().int().nonnegative().optional(),
        /** LaTeX: the coefficients t of the group element g = exp(sum t_i L_i) it shows (the Run view's sliders); default t_i = 1. */
        groupElement: z.array(z.number().finite().min(-100).max(100)).min(1).max(64).optional(),
      })
      .strict(),
    output: ExportResult,
  },
  /** A done weight-sharing run's learned soft permutations and the group their roundings generate, as a file. */
  'export.permutations': {
    input: z.object({ runId: Id, format: PermutationExportFormat }).strict(),
    output: ExportResult,
  },
} as const satisfies Record<MethodName, MethodSpec>;

export const EVENTS = {
  'dataset.importProgress': z.object({
    importId: RequestTag,
    /** 0..1, or null when the size is unknown. */
    fraction: z.number().min(0).max(1).nullable(),
    message: z.string(),
  }),
  'run.status': z.object({ runId: Id, status: RunStatus, error: z.string().nullable() }),
  'run.progress': z.object({
    runId: Id,
    epoch: z.number().int().nonnegative(),
    epochs: z.number().int().positive(),
    elapsedSeconds: z.number().nonnegative(),
    etaSeconds: z.number().nonnegative().nullable(),
  }),
  /** Every loss term of one epoch (train) and the validation loss. */
  'run.metrics': z.object({ runId: Id, epoch: z.number().int().nonnegative(), values: z.record(z.string(), z.number()) }),
  'run.snapshot': z.object({ runId: Id, snapshot: Snapshot }),
} as const satisfies Record<EventName, z.ZodType>;

export type MethodInput<M extends MethodName> = z.input<(typeof METHODS)[M]['input']>;
/** The input after validation, defaults filled in: what the service receives. */
export type MethodArgs<M extends MethodName> = z.output<(typeof METHODS)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof METHODS)[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** What the service implements: one function per method. */
export type ApiHandlers = { [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodOutput<M>> };

/** An error as it crosses a transport: code, message, and where the input was wrong. */
export interface WireError {
  code: 'invalid-input' | 'unknown-method' | 'not-found' | 'unsupported' | 'failed';
  message: string;
  issues?: { path: string; message: string }[];
}

export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** The one client interface the renderer uses, whichever transport is underneath. */
export interface SemolaClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What the preload exposes as window.semola. */
export interface SemolaBridge {
  readonly version: string;
  call(method: string, input: unknown): Promise<WireResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export type { EventName, MethodName } from './names';
