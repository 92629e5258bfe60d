/**
 * Schemas of the values that cross the contract: what the renderer sends and what it gets back.
 * Plain JSON only (no typed arrays): the same values travel over Electron IPC and WebSocket.
 * Types are inferred from the schemas, so a schema and its type can never disagree.
 */
import { z } from 'zod';
import type { Summary } from '../summary/schema';

/** The run summary's type, declared once beside its schema (summary/schema.ts); the renderer imports it from here. */
export type { Summary } from '../summary/schema';
export type { Verdict } from '../engine/verdict/decide';
export type { PermutationGroupSummary, PermutationsSummary } from '../engine/discrete/permutation-summary';

/** Database ids: positive integers. */
export const Id = z.number().int().positive();
/** Correlates progress events with the call that caused them; chosen by the caller. */
export const RequestTag = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (1-64 characters)');

export const FeatureLayout = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vector'), d: z.number().int().positive(), blocks: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('points'), d: z.union([z.literal(3), z.literal(4)]), maxPoints: z.number().int().positive() }),
  z.object({ kind: z.literal('image'), d: z.literal(3), height: z.number().int().positive(), width: z.number().int().positive(), channels: z.number().int().positive() }),
]);
export type FeatureLayout = z.infer<typeof FeatureLayout>;

export const TaskKind = z.enum(['invariant', 'equivariant']);
export const TargetKind = z.enum(['regression', 'classification']);

export const DatasetSummary = z.object({
  id: Id,
  name: z.string(),
  format: z.string(),
  sourceFiles: z.array(z.string()),
  sizeBytes: z.number().nonnegative().nullable(),
  sampleCount: z.number().int().nonnegative(),
  contentHash: z.string(),
  layout: FeatureLayout,
  task: TaskKind,
  targetKind: TargetKind,
  inputNames: z.array(z.string()),
  targets: z.array(z.object({ name: z.string(), unit: z.string().nullable() })),
  notes: z.array(z.string()),
  createdAt: z.string(),
  /** Where units come from (file, ASE convention, ...) and the positions' unit, when the import knows them. */
  units: z.object({ source: z.string(), positions: z.string().nullable() }).optional(),
  /** The units the user set in the editor (by target name or `positions`); they replace the file's. */
  userUnits: z.record(z.string(), z.string()).optional(),
  /** The target whose gradient the data carry (an energy with its forces). */
  targetGradient: z.object({ target: z.string(), source: z.string(), unit: z.string().nullable() }).optional(),
  /** Points only: every frame holds the same atoms in one order (what the MLP needs). */
  atomOrderFixed: z.boolean().optional(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const BuiltinParam = z.object({
  name: z.string(),
  kind: z.enum(['int', 'number']),
  default: z.number(),
  min: z.number(),
  max: z.number(),
  /** Named values (the parameter holds the index); e.g. split: id | ood. */
  choices: z.array(z.string()).optional(),
  description: z.string(),
});
export const BuiltinInfo = z.object({ name: z.string(), description: z.string(), params: z.array(BuiltinParam) });
export type BuiltinInfo = z.infer<typeof BuiltinInfo>;

/** Options the importer accepts (src-main/data/import); the importer itself checks the combination. */
export const ImportOptions = z
  .object({
    format: z.enum(['csv', 'tsv', 'npy', 'npz', 'xyz', 'extxyz', 'qm9', 'xyz-folder', 'trajectory-xyz', 'trajectory-npy', 'trajectory-npz', 'idx', 'image-npz', 'image-folder']).optional(),
    inputs: z.string().max(2000).optional(),
    targets: z.string().max(2000).optional(),
    /** Tables: the column naming each row's correlation group (trajectory, molecule). */
    groupBy: z.string().min(1).max(200).optional(),
    task: TaskKind.optional(),
    targetKind: TargetKind.optional(),
    layout: z.string().max(40).optional(),
    stride: z.number().int().positive().optional(),
    nIn: z.number().int().positive().optional(),
    nOut: z.number().int().positive().optional(),
    /** A 3-D .npy trajectory: `frames,bodies,features` or `runs,frames,features`. */
    axes: z.enum(['frames,bodies,features', 'runs,frames,features']).optional(),
    /** Folders (QM9, XYZ): only the first `limit` files in name order. */
    limit: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    testFraction: z.number().min(0).max(0.9).optional(),
    /** A separate test file on the host (same format and options): a user-supplied split. */
    testPath: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

/** A unit as a user writes it: short text (eV, kcal/mol, Angstrom, 1/cm), no line breaks or control characters. */
export const Unit = z
  .string()
  .trim()
  .min(1, 'a unit is a short text such as eV, kcal/mol or Angstrom; to go back to the file\'s unit, send null')
  .max(32, 'a unit is at most 32 characters (eV, kcal/mol, Angstrom)')
  .regex(/^[^\p{Cc}]*$/u, 'a unit has no line breaks or control characters');

/**
 * What an edit of an imported dataset may change: the importer's own options. An empty string
 * returns a key to the importer's default (e.g. targets '' on a trajectory: next-frame prediction).
 */
export const EditOptions = z
  .object({
    inputs: z.string().max(2000).optional(),
    targets: z.string().max(2000).optional(),
    layout: z.union([z.literal(''), z.string().regex(/^(?:vector(?::\d{1,4})?|points:[34])$/, 'vector, vector:D, points:3 or points:4')]).optional(),
    task: TaskKind.optional(),
    targetKind: TargetKind.optional(),
    stride: z.number().int().positive().max(1_000_000).optional(),
    nIn: z.number().int().positive().max(1000).optional(),
    nOut: z.number().int().positive().max(1000).optional(),
    /** Tables: the column naming each row's correlation group; '' for none. */
    groupBy: z.string().max(200).optional(),
    /** Units by target name (a vector target's name sets all its components) or `positions`; null: back to the file's unit. */
    units: z.record(z.string().min(1).max(200), Unit.nullable()).optional(),
  })
  .strict();
export type EditOptions = z.infer<typeof EditOptions>;

export const EditField = z.enum(['inputs', 'targets', 'layout', 'task', 'targetKind', 'stride', 'nIn', 'nOut', 'groupBy']);

/** What the importer offers for a dataset (src-main/data/suggest.ts): its properties and suggestions with reasons. */
export const DatasetSuggestions = z.object({
  datasetId: Id,
  format: z.string(),
  editable: z.array(EditField),
  current: EditOptions,
  properties: z.array(
    z.object({
      name: z.string(),
      scope: z.enum(['column', 'frame', 'atom']),
      kind: z.enum(['numeric', 'integer', 'constant', 'vector', 'per-atom']),
      width: z.number().int().positive(),
      distinct: z.number().int().nonnegative().nullable(),
      unit: z.string().nullable(),
      description: z.string().nullable(),
      role: z.enum(['input', 'target', 'group', 'unused']),
      /** The first values (up to three; the first component of a vector), so a name is never picked blind. */
      samples: z.array(z.number()).optional(),
    }),
  ),
  suggestions: z.array(z.object({ field: EditField, value: z.union([z.string(), z.number()]), reason: z.string() })),
  equivariant: z.object({ possible: z.boolean(), reason: z.string() }),
  notes: z.array(z.string()),
});
export type DatasetSuggestions = z.infer<typeof DatasetSuggestions>;

/** A histogram of one target over the whole dataset. */
export const Histogram = z.object({ name: z.string(), edges: z.array(z.number()), counts: z.array(z.number().int().nonnegative()), unit: z.string().nullable().optional() });
export type Histogram = z.infer<typeof Histogram>;

/** One sample drawn for display: a point cloud (species per point) or a feature vector. */
export const Sample = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), index: z.number().int(), points: z.array(z.tuple([z.number(), z.number(), z.number()])), species: z.array(z.string()) }),
  z.object({ kind: z.literal('vector'), index: z.number().int(), values: z.array(z.number()), names: z.array(z.string()), d: z.number().int().positive() }),
]);
export type Sample = z.infer<typeof Sample>;

export const DatasetPreview = z.object({
  dataset: DatasetSummary,
  /** A few samples: frames of a molecule or trajectory, or table rows. */
  samples: z.array(Sample),
  /** The split the samples were drawn from (absent: the training split). */
  samplesFrom: z.enum(['train', 'test']).optional(),
  /** Table view: the first rows of inputs then targets, with column names. */
  table: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.number())) }).nullable(),
  histograms: z.array(Histogram),
});
export type DatasetPreview = z.infer<typeof DatasetPreview>;

/** Which images of an image dataset: the training images or the held-out test split. */
export const ImageSplit = z.enum(['train', 'test']);
export type ImageSplit = z.infer<typeof ImageSplit>;

/** Base64 text of `values` float32 numbers: 4 * ceil(4 * values / 3) characters. */
export const float32Base64Length = (values: number): number => 4 * Math.ceil((4 * values) / 3);

/**
 * A page of an image dataset's images, as the dataset view's grid and the run page draw them:
 * pixels as base64 of little-endian float32, [H, W, C] row-major per image (channels last).
 */
export const DatasetImages = z
  .object({
    datasetId: Id,
    split: ImageSplit,
    /** Images in the split, and the first one on this page. */
    total: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
    /** Images in each split, so a view can offer the test split only where there is one. */
    splits: z.object({ train: z.number().int().nonnegative(), test: z.number().int().nonnegative() }),
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    channels: z.number().int().positive(),
    /** Class names by label index (the indices as text where the source names none). */
    classNames: z.array(z.string()),
    images: z.array(z.object({ index: z.number().int().nonnegative(), label: z.number().int().nonnegative(), pixels: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text') })),
  })
  .superRefine((page, ctx) => {
    const length = float32Base64Length(page.height * page.width * page.channels);
    page.images.forEach((image, i) => {
      if (image.pixels.length !== length) ctx.addIssue({ code: 'custom', path: ['images', i, 'pixels'], message: `expected ${page.height} x ${page.width} x ${page.channels} float32 values (${length} base64 characters), got ${image.pixels.length} characters` });
      if (image.label >= page.classNames.length) ctx.addIssue({ code: 'custom', path: ['images', i, 'label'], message: `label ${image.label} has no class name (${page.classNames.length} classes)` });
    });
  });
export type DatasetImages = z.infer<typeof DatasetImages>;

export const RunStatus = z.enum(['queued', 'running', 'done', 'failed', 'canceled', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Partial engine settings as the user set them; resolveConfig fills the rest and rejects unknown keys. */
/**
 * A run's setting overrides, passed on as received: the option table (engine/options) checks every
 * key. (z.record would copy the object and drop an own `__proto__` key instead of refusing it.)
 */
export const ConfigOverrides = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'config must be an object of settings');

export const RunSummary = z.object({
  id: Id,
  name: z.string(),
  datasetId: Id.nullable(),
  datasetName: z.string(),
  method: z.string(),
  status: RunStatus,
  seed: z.number().int(),
  backend: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  epochsDone: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  archived: z.boolean(),
  tags: z.array(z.string()),
  note: z.string(),
  error: z.string().nullable(),
  /** Best (lowest) value of each recorded metric, and the last value. */
  best: z.record(z.string(), z.number()),
  last: z.record(z.string(), z.number()),
  /** The resolved config's scalar settings by dotted key (e.g. `weights.aug`), for filtering. */
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  /**
   * What tells seed groups apart: the settings it was asked for, resolved against its dataset (every
   * default written out, lists such as hidden sizes included) as JSON text by dotted key; the same
   * whether the run is queued, running or done.
   */
  groupSettings: z.record(z.string(), z.string()).optional(),
  /** A finished run's answer: was a continuous symmetry found (null before the run ends) ... */
  symmetryFound: z.boolean().nullable(),
  /** ... and in words: the algebra found or "none found", and a weight-sharing run's permutation group. */
  symmetry: z.string().nullable(),
  /** Why the run's stored summary cannot be read ("summary of run 12 cannot be read: ..."); null when it can or there is none. */
  summaryError: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunDetail = RunSummary.extend({
  /** The complete resolved config (every default written out). */
  config: z.record(z.string(), z.unknown()),
  /** The summary as the store read it through the summary schema (not parsed again here); null while running or when unreadable (summaryError). */
  summary: z.custom<Summary>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a run summary read by the store').nullable(),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** One metric over epochs (the renderer downsamples long series for drawing). */
export const MetricSeries = z.object({ name: z.string(), epochs: z.array(z.number()), values: z.array(z.number()) });
export type MetricSeries = z.infer<typeof MetricSeries>;

export const Snapshot = z.object({
  epoch: z.number().int().nonnegative(),
  /** [k][d][d] */
  basis: z.array(z.array(z.array(z.number()))),
  /** Per-generator approximation strengths, when the method reports them. */
  strengths: z.array(z.number()).nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const AlgebraReport = z.object({
  epoch: z.number().int().nonnegative(),
  /** c[i][j][l]: [L_i, L_j] ~ sum_l c_ijl L_l, [k][k][k]. */
  structureConstants: z.array(z.array(z.array(z.number()))),
  /** How far the commutators leave span{L} (relative residual of the fit). */
  closureResidual: z.number(),
  bestMatch: z.object({ name: z.string(), similarity: z.number() }).nullable(),
  description: z.string(),
});
export type AlgebraReport = z.infer<typeof AlgebraReport>;

export const ExportFormat = z.enum(['json', 'latex', 'npy', 'npz']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Formats of a weight-sharing run's permutations: JSON (everything), npy (the soft P_g), npz (arrays + JSON). */
export const PermutationExportFormat = z.enum(['json', 'npy', 'npz']);
export type PermutationExportFormat = z.infer<typeof PermutationExportFormat>;

export const ExportResult = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  /** The file's bytes, base64. */
  base64: z.string(),
  /** The same bytes as text, for text formats (JSON, LaTeX). */
  text: z.string().nullable(),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const CompareResult = z.object({
  runs: z.array(RunSummary),
  /** Only the config keys (dotted paths) whose values differ between the runs; values in run order. */
  differingConfig: z.array(z.object({ key: z.string(), values: z.array(z.unknown()) })),
});
export type CompareResult = z.infer<typeof CompareResult>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  workspace: z.string(),
  /** Whether app.pickDatasetFile opens a native dialog (desktop only). */
  nativeDialogs: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** The trainer-process budget a workspace may save: at most this many processes at once. */
export const MAX_PARALLEL = 64;

/** The run queue as the workbench shows it: the trainer-process budget, what trains and what waits and why. */
export const QueueStatus = z.object({
  /** Trainer processes at once (the one budget shared by runs, their starts and local sweep tasks). */
  parallel: z.number().int().min(1),
  /** What `parallel` is when none is saved: cores - 1, at least 1. */
  defaultParallel: z.number().int().min(1),
  /** Whether the workspace holds a saved budget (false: the default applies). */
  saved: z.boolean(),
  /** Trainer processes in use now. */
  busy: z.number().int().nonnegative(),
  running: z.array(z.object({ runId: Id, name: z.string(), processes: z.number().int().positive() })),
  /** In the order they will start, each with why it waits ("waiting for a free trainer process: 1 of 1 busy"). */
  waiting: z.array(z.object({ runId: Id, name: z.string(), processes: z.number().int().positive(), reason: z.string() })),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

/** A setting's dotted name as the option table spells it (`k`, `weights.aug`, `mask.name`). */
export const SettingName = z.string().max(80).regex(/^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/, 'a setting name (dotted, as in the option table: k, weights.aug, mask.name)');
/** One value a sweep tries for a setting: what a --config file holds for it (a number, a name, true/false, a list of layer sizes). */
export const SettingValue = z.union([z.number(), z.string().max(200), z.boolean(), z.array(z.number()).max(16)]);

/** Mean and sample standard deviation (n - 1) over the seeds whose run is done. */
export const SweepStat = z.object({ mean: z.number(), std: z.number(), n: z.number().int().positive() });
export type SweepStat = z.infer<typeof SweepStat>;

/** One grid point of a sweep: its settings, its seeds' runs, and their statistics. */
export const SweepPoint = z.object({
  point: z.number().int().nonnegative(),
  /** The settings that vary, as `k=1 weights.aug=0.1` (`dataset=NAME` when the sweep has several). */
  label: z.string(),
  values: z.record(z.string(), z.unknown()),
  /** Seeds with a done run, of all seeds of the point. */
  done: z.number().int().nonnegative(),
  of: z.number().int().nonnegative(),
  seeds: z.array(z.object({ task: z.number().int().nonnegative(), seed: z.number().int(), runId: Id.nullable(), status: z.string() })),
  /** The sweep's main metrics (see SweepSummary.metrics) over the done seeds; absent when no done run has one. */
  metrics: z.record(z.string(), SweepStat),
  /** What the seeds' verdicts said (the algebra found, "none found", "inconclusive"), most first. */
  found: z.array(z.object({ answer: z.string(), seeds: z.number().int().nonnegative(), of: z.number().int().nonnegative() })),
});
export type SweepPoint = z.infer<typeof SweepPoint>;

/** A sweep (grid of settings x seeds x datasets) with its statistics per grid point, as `semola sweep report` computes them. */
export const SweepSummary = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  executor: z.enum(['local', 'slurm']),
  seeds: z.array(z.number().int()),
  tasks: z.number().int().nonnegative(),
  /** The settings every task has (the spec's base, dotted keys; arrays whole), as given. */
  fixed: z.record(z.string(), z.unknown()),
  /** The main metrics some done run has, in the order the report shows them (test.mse, test.equivarianceError, ...). */
  metrics: z.array(z.string()),
  points: z.array(SweepPoint),
  /** The best point by the first metric (smaller is better, larger for accuracy and similarities). */
  best: z.object({ point: z.number().int().nonnegative(), label: z.string(), metric: z.string(), mean: z.number() }).nullable(),
});
export type SweepSummary = z.infer<typeof SweepSummary>;
