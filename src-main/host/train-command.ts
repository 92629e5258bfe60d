/**
 * `semola train`: load data, pick a backend, train, evaluate, write the summary JSON. The summary's
 * shape is a contract other tools script against (README, "Summary JSON"): add fields, never
 * rename or remove them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Dataset, FeatureLayout, SampleSet, TaskKind } from '../data/dataset';
import { BUILTIN_PREFIX, loadBuiltin } from '../data/builtin/index';
import { importDataset, type ImportFormat } from '../data/import';
import { selectBackend, type BackendInfo, type BackendRequest } from '../engine/backend';
import { resolveConfig, type TrainConfig } from '../engine/config';
import { actionRows, compareWithReference, evaluate, type ReferenceComparison, type TestMetrics } from '../engine/evaluation/evaluate';
import { dataSpanProjector, visibleBasis } from '../engine/evaluation/metrics/visible';
import { Rng } from '../data/random';
import { subset } from '../engine/samples';
import { Trainer, type Checkpoint, type EpochEvent } from '../engine/training/trainer';
import { decideVerdict, type Verdict } from '../engine/verdict/decide';
import { verdictEvidence, type VerdictEvidence } from '../engine/verdict/evidence';
import { algebraSummary, analyzeLearnedBasis, type AlgebraSummary } from '../engine/lie/algebra/summary';
import type { PermutationGroupSummary, PermutationsSummary } from '../engine/discrete/permutation-summary';
import { discreteSymmetry } from '../engine/discrete/symmetry';
import { APP_NAME, APP_VERSION } from './version';

export const SUMMARY_SCHEMA_VERSION = 1;

/** Options at the CLI level; everything else is a TrainConfig key. */
export interface TrainCommandOptions {
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
  /** The workspace run this training is recorded as; copied into the summary. */
  run?: { id: number; workspace: string };
}

export interface TrainStartInfo {
  backend: BackendInfo;
  dataset: Dataset;
  config: TrainConfig;
}

export interface Summary {
  schemaVersion: number;
  app: { name: string; version: string };
  backend: BackendInfo['name'];
  backendDetail: string;
  backendsSkipped: BackendInfo['skipped'];
  dataset: {
    name: string;
    source: string;
    layout: FeatureLayout;
    task: TaskKind;
    targetKind: string;
    inputs: string[];
    targets: string[];
    trainSamples: number;
    validationSamples: number;
    testSamples: number;
    testSource: 'test split' | 'validation split';
    /** How the validation split was cut from train: by correlation group (trajectory, molecule) or by row, and why. */
    validationSplit: string;
    /** Imported files: sha256 content hash and format (absent for built-ins). */
    contentHash?: string;
    format?: string;
  };
  config: TrainConfig;
  /** Normalised learned basis [k][d][d], acting on column vectors in the input feature order: x -> expm(sum t_i L_i) x. */
  basis: number[][][];
  metrics: {
    test: TestMetrics;
    validation: { loss: number | null };
    train: EpochEvent['losses'] | null;
  };
  /** The learned generators restricted to the span of the data (the part the data can see). */
  basisVisible: number[][][];
  reference: (ReferenceComparison & { source: string }) | null;
  /** Algebra analysis of the learned basis (engine/lie/algebra): structure, Killing signature, known-algebra match; null when the method learns no basis. */
  algebra: AlgebraSummary | null;
  history: { epoch: number; losses: EpochEvent['losses']; valLoss: number | null; seconds: number; strengths?: number[]; residuals?: number[]; widths?: number[] }[];
  /** With --strengths: lambda_j per generator (larger = more exact) and its residual R_j, after the last epoch. */
  strengths: number[] | null;
  residuals: number[] | null;
  /** Method augerino: the learned coefficient width per generator of the fixed basis. */
  widths: number[] | null;
  /** Model weight-sharing: the learned soft permutations, their roundings and confidences (null for other models). */
  permutations: PermutationsSummary | null;
  /** Model weight-sharing: the group the confident rounded P_g generate (null for other models). */
  permutationGroup: PermutationGroupSummary | null;
  /** Was a symmetry found (engine/verdict.ts); name and similarity only when one was. */
  verdict: Verdict;
  /** The held-out measurements the verdict was decided on. */
  verdictEvidence: VerdictEvidence | null;
  timings: { seconds: number; setupSeconds: number; trainSeconds: number; evalSeconds: number; epochs: number; steps: number; stepsPerSecond: number };
  /** The run in the experiment workspace (absent with --no-record). */
  run?: { id: number; workspace: string };
}

/** `vector`, `vector:D` (D features per block), `points:3`, `points:4`. */
export function parseLayout(text: string | undefined): FeatureLayout | undefined {
  if (text === undefined) return undefined;
  const m = /^(vector|points)(?::(\d+))?$/.exec(text);
  if (!m) throw new Error(`--layout: expected vector, vector:D, points:3 or points:4, got "${text}"`);
  if (m[1] === 'points') {
    if (m[2] !== '3' && m[2] !== '4') throw new Error(`--layout: points needs :3 or :4, got "${text}"`);
    // maxPoints comes from the data (the importer pads to the largest molecule).
    return { kind: 'points', d: m[2] === '3' ? 3 : 4, maxPoints: 0 };
  }
  // blocks is resolved against the column count by the table loader.
  return m[2] ? { kind: 'vector', d: Number(m[2]), blocks: 0 } : undefined;
}

export async function loadBasisFile(file: string): Promise<number[][][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not readable as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const basis = (parsed as { basis?: unknown }).basis;
  const ok =
    Array.isArray(basis) &&
    basis.length > 0 &&
    basis.every((L) => Array.isArray(L) && L.length > 0 && L.every((row: unknown) => Array.isArray(row) && row.length === L.length && row.every((v: unknown) => typeof v === 'number' && Number.isFinite(v))));
  if (!ok) throw new Error(`${file}: expected {"basis": [[[...]]]}, a list of square matrices of finite numbers`);
  return basis as number[][][];
}

async function loadData(opts: TrainCommandOptions): Promise<Dataset> {
  if (opts.data.startsWith(BUILTIN_PREFIX)) {
    if (opts.inputs || opts.targets || opts.testData || opts.targetKind || opts.splitSeed !== undefined || opts.testFraction !== undefined || opts.limit !== undefined) {
      throw new Error('--inputs, --targets, --target-kind, --test-data, --split-seed, --test-fraction and --limit apply to files, not to built-in datasets');
    }
    const ds = loadBuiltin(opts.data);
    if (opts.task && opts.task !== ds.task) throw new Error(`${opts.data} is an ${ds.task} task; --task ${opts.task} does not apply`);
    return ds;
  }
  parseLayout(opts.layout);
  const valFraction = opts.config.valFraction;
  const { dataset, record } = await importDataset(opts.data, {
    format: opts.format,
    testPath: opts.testData,
    inputs: opts.inputs,
    targets: opts.targets,
    task: opts.task,
    targetKind: opts.targetKind,
    layout: opts.layout,
    stride: opts.stride,
    nIn: opts.nIn,
    nOut: opts.nOut,
    limit: opts.limit,
    seed: opts.splitSeed,
    testFraction: opts.testFraction,
    ...(typeof valFraction === 'number' ? { valFraction } : {}),
  });
  if (opts.task && opts.task !== dataset.task) throw new Error(`${opts.data}: the import gives an ${dataset.task} task; --task ${opts.task} does not apply`);
  dataset.record = record;
  return dataset;
}

export async function runTrain(opts: TrainCommandOptions): Promise<Summary> {
  const t0 = performance.now();
  const ds = await loadData(opts);
  const overrides = { ...opts.config };
  // Augerino learns widths over a known basis: the dataset's ground truth unless --basis gives one.
  if (overrides.method === 'augerino' && !overrides.fixedBasis && ds.referenceBasis) overrides.fixedBasis = ds.referenceBasis;
  const config = resolveConfig(overrides as Partial<TrainConfig>);
  // The MLP reads flat vectors; point clouds get the point-cloud model unless one was chosen.
  const chosenModel = (opts.config.model as { kind?: string } | undefined)?.kind;
  if (ds.layout.kind === 'points' && !chosenModel) config.model = { ...config.model, kind: 'pointcloud' };
  let referenceSource = 'built-in ground truth';
  if (opts.reference) {
    ds.referenceBasis = await loadBasisFile(opts.reference);
    referenceSource = path.resolve(opts.reference);
    const d = ds.layout.d;
    if (ds.referenceBasis.some((L) => L.length !== d)) throw new Error(`${opts.reference}: reference generators must be ${d} x ${d} for this dataset's layout`);
  }
  if (config.fixedBasis && config.fixedBasis.some((L) => L.length !== ds.layout.d)) {
    throw new Error(`the fixed basis must hold ${ds.layout.d} x ${ds.layout.d} generators for this dataset`);
  }
  const backend = await selectBackend(opts.backend ?? 'auto');
  const trainer = new Trainer(ds, config);
  try {
    if (opts.resumeFrom) await trainer.restore(opts.resumeFrom);
    await opts.onStart?.({ backend, dataset: ds, config });
    const setupSeconds = (performance.now() - t0) / 1000;
    const tTrain = performance.now();
    const every = Math.max(1, opts.checkpointEvery ?? 1);
    const onCheckpoint = opts.onCheckpoint;
    await trainer.train({
      signal: opts.signal,
      onEpoch: !onCheckpoint
        ? opts.onEpoch
        : async (e) => {
            opts.onEpoch?.(e);
            if (e.epoch % every === 0 || e.epoch === e.epochs) await onCheckpoint(await trainer.checkpoint());
          },
    });
    const trainSeconds = (performance.now() - tTrain) / 1000;
    await opts.onTrained?.(trainer, ds);
    const tEval = performance.now();
    const testSet = ds.test ?? valSetOf(trainer, ds);
    const test = evaluate(trainer, testSet);
    const basis = trainer.augmenter ? trainer.augmenter.basisArray() : [];
    const dataSpan = basis.length > 0 ? dataSpanProjector(actionRows(ds, ds.train, 5000, new Rng(config.seed + 7))) : null;
    const basisVisible = dataSpan ? visibleBasis(basis, dataSpan) : [];
    const reference = ds.referenceBasis && basis.length > 0 ? { ...compareWithReference(basis, ds.referenceBasis, ds, testSet, config.seed), source: referenceSource } : null;
    const algebraAnalysis = config.method === 'semola' ? analyzeLearnedBasis(basis, ds.layout, dataSpan) : null;
    // The verdict is judged on held-out samples of the training distribution: the validation split.
    const evidence = trainer.augmenter ? verdictEvidence(trainer, trainer.valIndex.length > 0 ? subset(ds, ds.train, trainer.valIndex) : testSet) : null;
    // The closest known algebra names a found symmetry (fixed bases and Augerino's are analysed too).
    const match = (algebraAnalysis ?? (basis.length > 0 ? analyzeLearnedBasis(basis, ds.layout) : null))?.bestMatch ?? null;
    const verdict = decideVerdict(config.method, evidence, match ? { name: match.name, similarity: match.similarity } : null);
    // Weight sharing: the permutations the validation split supports (the test split stays unseen).
    const discrete = discreteSymmetry(trainer, ds, trainer.valIndex.length > 0 ? subset(ds, ds.train, trainer.valIndex) : testSet);
    const evalSeconds = (performance.now() - tEval) / 1000;
    const steps = trainer.history.reduce((s, h) => s + h.steps, 0);
    const last = trainer.history[trainer.history.length - 1];
    const summary: Summary = {
      schemaVersion: SUMMARY_SCHEMA_VERSION,
      app: { name: APP_NAME, version: APP_VERSION },
      backend: backend.name,
      backendDetail: backend.detail,
      backendsSkipped: backend.skipped,
      dataset: {
        name: ds.name,
        source: ds.source,
        layout: ds.layout,
        task: ds.task,
        targetKind: ds.targetKind,
        inputs: ds.inputNames,
        targets: ds.targetNames,
        trainSamples: trainer.trainIndex.length,
        validationSamples: trainer.valIndex.length,
        testSamples: testSet.n,
        testSource: ds.test ? 'test split' : 'validation split',
        validationSplit: trainer.validationRule,
        ...(ds.record ? { contentHash: ds.record.contentHash, format: ds.record.format } : {}),
      },
      config,
      basis,
      basisVisible,
      metrics: { test, validation: { loss: last?.valLoss ?? null }, train: last?.losses ?? null },
      reference,
      algebra: algebraAnalysis ? algebraSummary(algebraAnalysis) : null,
      history: trainer.history.map((h) => ({
        epoch: h.epoch,
        losses: h.losses,
        valLoss: h.valLoss,
        seconds: h.seconds,
        ...(h.strengths ? { strengths: h.strengths, residuals: h.residuals } : {}),
        ...(h.widths ? { widths: h.widths } : {}),
      })),
      strengths: last?.strengths ?? null,
      residuals: last?.residuals ?? null,
      widths: last?.widths ?? null,
      permutations: discrete?.permutations ?? null,
      permutationGroup: discrete?.permutationGroup ?? null,
      verdict,
      verdictEvidence: evidence,
      timings: {
        seconds: (performance.now() - t0) / 1000,
        setupSeconds,
        trainSeconds,
        evalSeconds,
        epochs: trainer.history.length,
        steps,
        stepsPerSecond: steps / Math.max(1e-9, trainSeconds),
      },
      ...(opts.run ? { run: opts.run } : {}),
    };
    if (opts.out) await writeFile(opts.out, `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    trainer.dispose();
  }
}

function valSetOf(trainer: Trainer, ds: Dataset): SampleSet {
  if (trainer.valIndex.length === 0) throw new Error('no test data: pass --test-data or keep a validation fraction above 0');
  return subset(ds, ds.train, trainer.valIndex);
}
