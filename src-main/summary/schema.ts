/**
 * The run summary (README, "Summary JSON"), declared once: the zod schema below and the type
 * inferred from it. `semola train --out` writes it, the workspace stores it, and the store, api,
 * export, CLI and renderer (type-only, through api) read it through this schema: the store parses a
 * stored summary once, when it reads the run (readSummary), and hands out the typed value. Objects are
 * loose: a key added later passes through, so adding one never breaks reading older runs. Keys
 * that schema version 1 gained after its first release default to null (or empty) when absent.
 * The engine's own types are the declarations of the nested parts; each schema is checked
 * against its type by the compiler (`z.ZodType<T>`), so the two cannot drift apart.
 */
import { z } from 'zod';
import type { FeatureLayout } from '../data/dataset';
import { BACKEND_NAMES } from '../engine/backend-names';
import type { TrainConfig } from '../engine/config';
import type { InferenceMetrics, ReferenceComparison, TestMetrics } from '../engine/evaluation/evaluate';
import type { AlgebraSummary } from '../engine/lie/algebra/summary';
import type { PermutationGroupSummary, PermutationsSummary } from '../engine/discrete/permutation-summary';
import type { CandidateCheck, PermutationCheck } from '../engine/discrete/permutation-check';
import type { Verdict } from '../engine/verdict/decide';
import type { Exactness } from '../engine/verdict/exactness';
import type { GeneratedAlgebraReport } from '../engine/verdict/generated-part';
import type { VerdictEvidence } from '../engine/verdict/evidence';

export const SUMMARY_SCHEMA_VERSION = 1;

const num = z.number();
const numOrNull = z.number().nullable();
const matrices = z.array(z.array(z.array(num)));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const FeatureLayoutSchema: z.ZodType<FeatureLayout> = z.union([
  z.looseObject({ kind: z.literal('vector'), d: num, blocks: num }),
  z.looseObject({ kind: z.literal('points'), d: z.union([z.literal(3), z.literal(4)]), maxPoints: num }),
  z.looseObject({ kind: z.literal('image'), d: z.literal(3), height: num, width: num, channels: num }),
]);

/**
 * The resolved training config. Its own table of settings checks every value where a run starts;
 * here the keys the readers of a summary use are checked.
 */
export const RecordedConfigSchema = z.custom<TrainConfig>(
  (v) => isObject(v) && typeof v.method === 'string' && typeof v.seed === 'number' && typeof v.k === 'number' && isObject(v.mask) && isObject(v.model) && typeof v.epochs === 'number',
  { message: 'config: expected the resolved training config (method, k, seed, epochs, mask, model)' },
);

const InferenceMetricsSchema: z.ZodType<InferenceMetrics> = z.looseObject({
  mse: numOrNull,
  mae: numOrNull,
  accuracy: numOrNull,
  equivarianceError: numOrNull,
  equivarianceErrorPrime: numOrNull,
  crossEntropy: num.optional(),
  perClassAccuracy: z.array(numOrNull).optional(),
  confusion: z.array(z.array(num)).optional(),
});

export const TestMetricsSchema: z.ZodType<TestMetrics> = z.looseObject({
  samples: num,
  inference: z.enum(['averaging', 'direct']),
  equivarianceBasis: z.enum(['reference', 'learned']).nullable(),
  mse: numOrNull,
  mae: numOrNull,
  accuracy: numOrNull,
  equivarianceError: numOrNull,
  equivarianceErrorPrime: numOrNull,
  crossEntropy: num.optional(),
  perClassAccuracy: z.array(numOrNull).optional(),
  confusion: z.array(z.array(num)).optional(),
  direct: InferenceMetricsSchema,
  averaging: InferenceMetricsSchema.nullable(),
});

const ReferenceSchema: z.ZodType<ReferenceComparison & { source: string }> = z.looseObject({
  source: z.string(),
  cosine: num,
  mae: num,
  subspace: num,
  action: num.optional(),
  assignment: z.custom<ReferenceComparison['assignment']>((v) => typeof v === 'object' && v !== null),
  visible: z.looseObject({ cosine: num, subspace: num }),
});

export const AlgebraSummarySchema: z.ZodType<AlgebraSummary> = z.looseObject({
  structureConstants: matrices,
  closureResidual: num,
  killingSignature: z.looseObject({ positive: num, negative: num, zero: num }),
  bestMatch: z.looseObject({ name: z.string(), description: z.string(), similarity: num, onDataSpan: z.boolean() }).nullable(),
  description: z.string(),
  canonical: z.looseObject({ basis: matrices, snapThreshold: num, matchedTo: z.string().nullable() }),
});

/** Runs recorded before the three answers existed read as found / not-found, without interval or checks. */
export const VerdictSchema: z.ZodType<Verdict> = z
  .looseObject({
    status: z.enum(['found', 'not-found', 'inconclusive']).optional(),
    symmetryFound: z.boolean(),
    name: z.string().nullable(),
    similarity: numOrNull,
    reason: z.string(),
    interval: z.looseObject({ level: num, estimate: num, low: num, high: num, resamples: num }).nullable().optional(),
    checks: z.array(z.looseObject({ name: z.string(), outcome: z.enum(['pass', 'fail', 'undecided', 'skipped']), detail: z.string() })).optional(),
  })
  .transform((v) => ({
    ...v,
    status: v.status ?? (v.symmetryFound ? 'found' : 'not-found'),
    interval: v.interval ?? null,
    checks: (v.checks ?? []) as Verdict['checks'],
  })) as unknown as z.ZodType<Verdict>;

const VerdictEvidenceSchema: z.ZodType<VerdictEvidence> = z.looseObject({
  samples: num,
  directError: num,
  averagedError: numOrNull,
  residual: numOrNull,
  orbitContrast: numOrNull,
  orbitSupport: numOrNull,
  orbitVariation: numOrNull,
  orbitVariationPoints: numOrNull,
});

const images = z.array(z.array(num));

const CandidateCheckSchema: z.ZodType<CandidateCheck> = z.looseObject({ g: num, loss: numOrNull, accepted: z.boolean(), reason: z.string().nullable() });

/** The held-out check of the roundings: the keys its readers use are checked (its losses are numbers the engine wrote). */
const PermutationCheckSchema = z
  .looseObject({ candidates: z.array(CandidateCheckSchema), accepted: z.array(num) })
  .transform((v) => v as typeof v & PermutationCheck) satisfies z.ZodType<PermutationCheck>;

/** G soft permutations of n slots: soft [G][n][n], and one rounding and one confidence per P_g. */
export const PermutationsSummarySchema: z.ZodType<PermutationsSummary> = z
  .looseObject({
    soft: matrices,
    rounded: z.looseObject({ cycles: z.array(z.string()), named: z.array(z.string()), images }),
    confidence: z.array(num),
    used: z.array(num),
    minConfidence: num,
    check: PermutationCheckSchema.nullable(),
  })
  .superRefine((p, ctx) => {
    const G = p.soft.length;
    const n = p.soft[0]?.length ?? 0;
    if (G === 0 || n === 0) ctx.addIssue({ code: 'custom', path: ['soft'], message: 'expected [G][n][n] with G, n >= 1' });
    p.soft.forEach((m, g) => {
      if (m.length !== n || m.some((row) => row.length !== n)) ctx.addIssue({ code: 'custom', path: ['soft', g], message: `expected ${n} x ${n}` });
    });
    for (const [key, list] of [['rounded.named', p.rounded.named], ['rounded.images', p.rounded.images], ['confidence', p.confidence]] as const) {
      if (list.length !== G) ctx.addIssue({ code: 'custom', path: key.split('.'), message: `expected one entry per P_g (${G}), got ${list.length}` });
    }
  });

export const PermutationGroupSummarySchema: z.ZodType<PermutationGroupSummary> = z.looseObject({
  name: z.string().nullable(),
  order: num,
  degree: num,
  points: z.array(z.string()),
  generators: z.array(z.string()),
  generatorsNamed: z.array(z.string()),
  elements: z.array(z.string()),
  elementImages: images,
  orbits: z.array(z.array(num)),
});

/** Mean of every loss term over an epoch (`modelReg` only for models with their own regularisers). */
const LossesSchema = z.looseObject({
  total: num,
  task: num,
  equiv: num,
  aug: num,
  orth: num,
  sparse: num,
  manifold: num,
  modelReg: num.optional(),
  mixing: num.optional(),
});

const HistoryEntrySchema = z.looseObject({
  epoch: num,
  losses: LossesSchema,
  valLoss: numOrNull,
  seconds: num,
  strengths: z.array(num).optional(),
  residuals: z.array(num).optional(),
  widths: z.array(num).optional(),
});

const StartSchema = z.looseObject({
  index: num,
  seed: num,
  best: z.boolean(),
  validationLoss: numOrNull,
  testMse: numOrNull,
  testAccuracy: numOrNull,
  basis: matrices,
  basisVisible: matrices,
  verdict: z.looseObject({ status: z.string(), name: z.string().nullable(), symmetryFound: z.boolean(), reason: z.string() }),
  permutationGroup: z.looseObject({ name: z.string().nullable(), order: num }).nullable(),
  seconds: num,
});

const AgreementSchema = z.looseObject({
  compared: num,
  indices: z.array(num),
  minSimilarity: numOrNull,
  pairs: z.array(z.looseObject({ a: num, b: num, similarity: num, action: numOrNull.optional() })),
  /** Smallest pairwise agreement: per pair the larger of the subspace and the action similarity (absent in older summaries). */
  minAgreement: numOrNull.optional(),
  groupsAgree: z.boolean().nullable(),
  found: z.array(z.string()),
  /** Compared starts whose verdict was found (absent in summaries written before it). */
  foundNearBest: num.optional(),
  best: num,
  wallSeconds: num,
  parallel: num,
});

export const SummarySchema = z.looseObject({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  app: z.looseObject({ name: z.string(), version: z.string() }),
  backend: z.enum(BACKEND_NAMES),
  backendDetail: z.string(),
  backendsSkipped: z.array(z.looseObject({ name: z.string(), reason: z.string() })),
  dataset: z.looseObject({
    name: z.string(),
    source: z.string(),
    layout: FeatureLayoutSchema,
    task: z.enum(['invariant', 'equivariant']),
    targetKind: z.string(),
    inputs: z.array(z.string()),
    targets: z.array(z.string()),
    trainSamples: num,
    validationSamples: num,
    testSamples: num,
    testSource: z.enum(['test split', 'validation split']),
    /** How validation was cut from train (by correlation group, or by row and why); absent in older runs. */
    validationSplit: z.string().optional(),
    /** Imported files: sha256 content hash and format (absent for built-ins). */
    contentHash: z.string().optional(),
    format: z.string().optional(),
    /** Imported files: units of the positions and of each target (null: not stated) and where they come from. */
    units: z
      .object({ source: z.string().nullable(), positions: z.string().nullable(), targets: z.record(z.string(), z.string().nullable()) })
      .optional(),
  }),
  config: RecordedConfigSchema,
  /** Normalised learned basis [k][d][d], acting on column vectors in the input feature order: x -> expm(sum t_i L_i) x. */
  basis: matrices,
  metrics: z.looseObject({
    test: TestMetricsSchema,
    validation: z.looseObject({ loss: numOrNull }),
    train: LossesSchema.nullable(),
  }),
  /** The learned generators restricted to the span of the data (the part the data can see). */
  basisVisible: matrices.default([]),
  /** The held-out data's second moments (X^T X = factor factor^T, per-feature std, ||X||) for comparing bases by how they move the samples; null without a basis. */
  actionMetric: z.looseObject({ factor: z.array(z.array(num)), std: z.array(num), norm: num }).nullable().default(null),
  reference: ReferenceSchema.nullable(),
  /** Algebra analysis of the learned basis; null when the method learns no basis. */
  algebra: AlgebraSummarySchema.nullable().default(null),
  history: z.array(HistoryEntrySchema),
  /** With --strengths: lambda_j per generator (larger = more exact) and its residual R_j, after the last epoch. */
  strengths: z.array(num).nullable().default(null),
  residuals: z.array(num).nullable().default(null),
  /** Method augerino: the learned coefficient width per generator of the fixed basis. */
  widths: z.array(num).nullable().default(null),
  /** Model weight-sharing: the learned soft permutations, their roundings and confidences. */
  permutations: PermutationsSummarySchema.nullable().default(null),
  /** Model weight-sharing: the group the confident rounded P_g generate. */
  permutationGroup: PermutationGroupSummarySchema.nullable().default(null),
  /** Was a symmetry found; null only in runs recorded before the verdict existed. */
  verdict: VerdictSchema.nullable().default(null),
  /** The held-out measurements the verdict was decided on. */
  verdictEvidence: VerdictEvidenceSchema.nullable().default(null),
  /** Added after version 1's first release: null in older runs. */
  exactness: z.custom<Exactness>((v) => typeof v === 'object' && v !== null).nullable().default(null),
  /** The algebra generated by the learned span's exact directions, when the span was not found as a whole (run/generated-verdict.ts). */
  generatedAlgebra: z.custom<GeneratedAlgebraReport>((v) => typeof v === 'object' && v !== null).nullable().default(null),
  /** Training on the data's target gradient (forces): used or not and why, activation, held-out gradient error. */
  forces: z
    .looseObject({
      used: z.boolean(),
      source: z.string().nullable(),
      weight: num,
      activation: z.string(),
      reason: z.string(),
      testError: z.looseObject({ rmse: num, relative: num, samples: num }).nullable(),
    })
    .nullable()
    .default(null),
  /** Method gradient: the normalised singular value spectrum of the gradient condition. */
  spectrum: z
    .looseObject({
      values: z.array(num),
      nullity: num,
      gap: numOrNull,
      clear: z.boolean(),
      gapAtK: numOrNull,
      k: num,
      rows: num,
      tolerance: num,
      minGap: num,
      source: z.string(),
    })
    .nullable()
    .default(null),
  timings: z.looseObject({
    seconds: num,
    setupSeconds: num,
    trainSeconds: num,
    evalSeconds: num,
    epochs: num,
    steps: num,
    stepsPerSecond: num,
  }),
  /** --starts N > 1: every start (seed, validation loss, basis, verdict); the run is the one with best true. null for one start. */
  starts: z.array(StartSchema).nullable().default(null),
  /** --starts N > 1: do the starts within 10 % of the best validation loss agree (run/starts/agreement.ts)? */
  agreement: AgreementSchema.nullable().default(null),
  /** The run in the experiment workspace (absent with --no-record). */
  run: z.looseObject({ id: num, workspace: z.string() }).optional(),
}).superRefine((s, ctx) => {
  // The group acts on the slots the permutations permute.
  const n = s.permutations?.soft[0]?.length;
  if (n !== undefined && s.permutationGroup && s.permutationGroup.points.length !== n) {
    ctx.addIssue({ code: 'custom', path: ['permutationGroup', 'points'], message: `expected the ${n} slots the permutations act on, got ${s.permutationGroup.points.length}` });
  }
});

/** A summary as read: keys added after version 1's first release are filled (null or empty). */
export type Summary = z.output<typeof SummarySchema>;

/** A summary as a run writes it now: the verdict is always there (null only in runs from before it existed). */
export type WrittenSummary = Summary & { verdict: Verdict };

/** A summary read, or why it cannot be (in words, naming the key). */
export type SummaryRead = { ok: true; summary: Summary } | { ok: false; reason: string };

/**
 * Read a stored or written summary. One of another schema version is refused with both versions
 * named; one missing or mistyping a key is refused with the key's path. Never half-read.
 */
export function readSummary(value: unknown): SummaryRead {
  if (!isObject(value)) return { ok: false, reason: 'it is not a JSON object' };
  const version = value.schemaVersion;
  if (version !== SUMMARY_SCHEMA_VERSION) {
    return { ok: false, reason: `its schemaVersion is ${JSON.stringify(version ?? null)}; this version of SEMoLA reads schemaVersion ${SUMMARY_SCHEMA_VERSION}` };
  }
  const parsed = SummarySchema.safeParse(value);
  if (parsed.success) return { ok: true, summary: parsed.data };
  const issue = parsed.error.issues[0]!;
  const more = parsed.error.issues.length - 1;
  return { ok: false, reason: `${issue.path.join('.') || '(root)'}: ${issue.message}${more > 0 ? ` (and ${more} more)` : ''}` };
}

/** Text of a summary (a stored column or a file): read, or why it cannot be, JSON syntax included. */
export function readSummaryText(text: string): SummaryRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `it is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  return readSummary(value);
}

/** readSummary, throwing "<what> cannot be read: <reason>" (e.g. what = "summary of run 12" or a file name). */
export function parseSummary(value: unknown, what: string): Summary {
  const read = readSummary(value);
  if (!read.ok) throw new Error(`${what} cannot be read: ${read.reason}`);
  return read.summary;
}
