/**
 * Every training setting, its default, and the presets. A run records the fully resolved config,
 * so a result can always be traced to the numbers that produced it. Defaults and why they differ
 * from the paper's recipe: docs/discovery.md; the paper-faithful settings are the `paper` preset.
 */
import type { MaskSpec } from './lie/masks';
import type { CoefficientSpec } from './augmenter';
import { DEFAULT_STRENGTHS, validateStrengths, type StrengthsConfig } from './losses/strengths';
import { DEFAULT_WEIGHT_SHARING_SETTINGS, validateWeightSharing, WEIGHT_SHARING_RUN_DEFAULTS, type WeightSharingSettings } from './models/weight-sharing-settings';

import { isMethod, METHOD_NAMES, METHODS, type Method } from './methods/method';

export type { Method } from './methods/method';
export type Activation = 'auto' | 'relu' | 'silu' | 'tanh';
export const ACTIVATIONS: readonly Activation[] = ['auto', 'relu', 'silu', 'tanh'];
export type PresetName = 'default' | 'paper';
export type ModelKind = 'mlp' | 'pointcloud' | 'weight-sharing';
export const MODEL_KINDS: readonly ModelKind[] = ['mlp', 'pointcloud', 'weight-sharing'];

export interface LossWeights {
  task: number;
  equiv: number;
  aug: number;
  orth: number;
  sparse: number;
  /** On-distribution term (ours; 0 in the paper preset). */
  manifold: number;
  /** Force term: the model's input gradient d f / d x against the data's target gradient (-forces), standardized. */
  forces?: number;
}

export interface TrainConfig {
  preset: PresetName;
  method: Method;
  /** Number of generators. */
  k: number;
  mask: MaskSpec;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Learning rate of the basis; the paper uses one optimiser, i.e. the same lr. */
  basisLr: number;
  /** `constant` (paper) or `cosine`: both learning rates decay to 0 over the run, per step. */
  lrSchedule: 'constant' | 'cosine';
  nAug: number;
  seed: number;
  /** Fraction of the training samples held out for validation. */
  valFraction: number;
  /** Seed of the validation split; null: `seed`. The starts of a run share it so their validation losses compare. */
  valSplitSeed: number | null;
  /**
   * Base model; `hidden` sizes the MLP and point-cloud models, `weightSharing` the weight-sharing one.
   * `activation` of the MLP and point-cloud models: `auto` is silu when forces are trained (a ReLU
   * network's gradient is piecewise constant), else relu.
   */
  model: { kind: ModelKind; hidden: number[]; activation?: Activation };
  /**
   * Train on the data's target gradient (energies and forces together): `auto` when the target is
   * the one the data's gradient belongs to (an energy with per-atom forces), `none` never, or the
   * gradient's source name (e.g. `forces`) to require it.
   */
  forces: string;
  /** `--method gradient`: null-space discovery from the gradient condition (engine/gradient). */
  gradientMethod: { tolerance: number; minGap: number; samples: number };
  /** Doubly-stochastic weight-sharing base model (SPEC section 6), used with model.kind weight-sharing. */
  weightSharing: WeightSharingSettings;
  weights: LossWeights;
  /** `label`: d(f(gx), rho(g) y) (REMUL form); `consistency`: d(f(gx), rho(g) f(x)). */
  equivariance: 'label' | 'consistency';
  /** `cosine`: |mean cos(gx, x)| (paper); `motion`: a floor on how far each generator moves the data (ours). */
  augTerm: 'cosine' | 'motion';
  /** `motion` term: relative motion below which a generator is penalised (1 = a unit-rate rotation). */
  motionFloor: number;
  /** Judge the loss terms in standardized units (features divided by their spread). */
  standardizedLosses: boolean;
  init: 'constant' | 'random';
  initValue: number;
  normalization: 'per-generator' | 'joint';
  /** Frobenius norm of each normalised generator; null means sqrt(d). */
  scale: number | null;
  coefficients: CoefficientSpec;
  /** Epochs over which the coefficient range grows linearly from 10% to 100%. */
  rangeWarmupEpochs: number;
  /** Epochs during which the basis is frozen while the model learns the task. */
  basisWarmupEpochs: number;
  /** Largest global norm of the basis gradient per step (0: no clipping). */
  basisGradClip: number;
  manifold: { anchors: number; neighbours: number; varianceThreshold: number; batch: number };
  inference: 'averaging' | 'direct';
  /** Group samples averaged per prediction (ours: 16, measured in docs/discovery.md); null means nAug, the paper's choice. */
  inferenceSamples: number | null;
  /** Group samples per test point for the equivariance errors (M). */
  evalGroupSamples: number;
  /** Test points used for the equivariance errors (a seeded subsample when the test set is larger). */
  evalPoints: number;
  /** Fixed basis for `fixed-basis` and `augerino`: [k][d][d]. */
  fixedBasis?: number[][][];
  /** Per-generator equivariance terms with learned strengths (SPEC section 5); `auto` by default: on for k > 1 regression. */
  strengths: StrengthsConfig;
  /** Augerino baseline: coefficient widths softplus(w) learned over the fixed basis, w starting at initialWidth; loss minus widthBonus * ||widths||. */
  augerino: { initialWidth: number; widthBonus: number };
}

export const DEFAULT_CONFIG: TrainConfig = {
  preset: 'default',
  method: 'semola',
  k: 1,
  mask: { name: 'full' },
  epochs: 20,
  batchSize: 64,
  lr: 1e-3,
  basisLr: 1e-3,
  lrSchedule: 'constant',
  nAug: 4,
  seed: 0,
  valFraction: 0.1,
  valSplitSeed: null,
  model: { kind: 'mlp', hidden: [256, 256, 256], activation: 'auto' },
  forces: 'auto',
  gradientMethod: { tolerance: 0.05, minGap: 5, samples: 4000 },
  weightSharing: DEFAULT_WEIGHT_SHARING_SETTINGS,
  weights: { task: 1, equiv: 1, aug: 0.1, orth: 0.01, sparse: 0.001, manifold: 1, forces: 1 },
  equivariance: 'label',
  augTerm: 'motion',
  motionFloor: 0.5,
  standardizedLosses: true,
  init: 'random',
  initValue: 1e-2,
  normalization: 'per-generator',
  scale: null,
  coefficients: { distribution: 'uniform', low: -1, high: 1 },
  rangeWarmupEpochs: 0,
  basisWarmupEpochs: 0,
  basisGradClip: 0,
  manifold: { anchors: 2048, neighbours: 16, varianceThreshold: 0.05, batch: 128 },
  inference: 'averaging',
  inferenceSamples: 16,
  evalGroupSamples: 20,
  evalPoints: 1000,
  strengths: DEFAULT_STRENGTHS,
  augerino: { initialWidth: 0, widthBonus: 0.01 },
};

/** The paper's recipe as SPEC sections 1-4 state it. */
export const PAPER_PRESET: Partial<TrainConfig> = {
  preset: 'paper',
  weights: { task: 1, equiv: 1, aug: 0.1, orth: 0.01, sparse: 0.001, manifold: 0, forces: 1 },
  augTerm: 'cosine',
  lrSchedule: 'constant',
  inferenceSamples: null,
  standardizedLosses: false,
  init: 'constant',
  initValue: 1e-2,
  rangeWarmupEpochs: 0,
  basisWarmupEpochs: 0,
  basisGradClip: 0,
};

export const PRESETS: Record<PresetName, Partial<TrainConfig>> = { default: {}, paper: PAPER_PRESET };

type Plain = Record<string, unknown>;
function isPlainObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars replace. */
export function mergeConfig<T>(base: T, over: unknown): T {
  if (!isPlainObject(over)) return base;
  const out: Plain = { ...(base as Plain) };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const cur = out[key];
    out[key] = isPlainObject(cur) && isPlainObject(value) ? mergeConfig(cur, value) : value;
  }
  return out as T;
}

/** Defaults <- preset <- user overrides, then validated. Unknown keys are an error (typos must not pass silently). */
export function resolveConfig(overrides: Partial<TrainConfig> & Plain = {}): TrainConfig {
  const preset = (overrides.preset ?? 'default') as PresetName;
  if (!(preset in PRESETS)) throw new Error(`unknown preset "${String(preset)}"; expected ${Object.keys(PRESETS).join(' or ')}`);
  checkKeys(overrides, DEFAULT_CONFIG as unknown as Plain, '');
  const cfg = mergeDefaults(overrides);
  validateConfig(cfg);
  return cfg;
}

/**
 * Defaults <- preset <- the model's own training defaults <- overrides, unvalidated: what a run
 * with these overrides trains with (run records read their method, seed and epochs from it).
 */
export function mergeDefaults(overrides: Plain): TrainConfig {
  const preset = PRESETS[(overrides.preset ?? 'default') as PresetName] ?? {};
  const kind = (overrides.model as { kind?: unknown } | undefined)?.kind;
  const modelDefaults = kind === 'weight-sharing' ? WEIGHT_SHARING_RUN_DEFAULTS : {};
  return mergeConfig(mergeConfig(mergeConfig(DEFAULT_CONFIG, preset), modelDefaults as Plain), overrides);
}

const OPEN_KEYS = new Set(['fixedBasis', 'mask.matrix', 'model.hidden']);
function checkKeys(over: Plain, base: Plain, prefix: string): void {
  for (const [key, value] of Object.entries(over)) {
    const path = prefix + key;
    if (OPEN_KEYS.has(path)) continue;
    // Own keys only: `toString`, `constructor`, `__proto__` are inherited, not settings.
    if (!Object.prototype.hasOwnProperty.call(base, key)) throw new Error(`unknown config key "${path}"`);
    const b = base[key];
    if (isPlainObject(b) && isPlainObject(value)) checkKeys(value, b, `${path}.`);
  }
}

function positiveInt(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
}

function oneOf(v: unknown, allowed: readonly unknown[], name: string): void {
  if (!allowed.includes(v)) throw new Error(`${name} must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, got ${JSON.stringify(v)}`);
}

function finite(v: unknown, name: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${name} must be a finite number, got ${typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v))}`);
}

/** [k][d][d] finite numbers, every generator square and of one size. */
function checkBasis(b: unknown): void {
  const ok =
    Array.isArray(b) &&
    b.length > 0 &&
    b.every((L) => Array.isArray(L) && L.length > 0 && L.every((row) => Array.isArray(row) && row.length === L.length && row.every((v) => typeof v === 'number' && Number.isFinite(v)))) &&
    b.every((L) => (L as unknown[]).length === (b[0] as unknown[]).length);
  if (!ok) throw new Error(`fixedBasis must be a list of d x d generators of finite numbers ([k][d][d]), got ${JSON.stringify(b).slice(0, 60)}`);
}

export function validateConfig(c: TrainConfig): void {
  oneOf(c.preset, Object.keys(PRESETS), 'preset');
  oneOf(c.init, ['constant', 'random'], 'init');
  oneOf(c.normalization, ['per-generator', 'joint'], 'normalization');
  oneOf(c.standardizedLosses, [true, false], 'standardizedLosses');
  oneOf(c.strengths.enabled, [true, false, 'auto'], 'strengths.enabled');
  oneOf(c.coefficients.distribution, ['uniform', 'normal'], 'coefficients.distribution');
  finite(c.coefficients.low, 'coefficients.low');
  finite(c.coefficients.high, 'coefficients.high');
  finite(c.initValue, 'initValue');
  finite(c.motionFloor, 'motionFloor');
  if (c.scale !== null && !(typeof c.scale === 'number' && Number.isFinite(c.scale) && c.scale > 0)) throw new Error(`scale must be null (sqrt(d)) or a finite number > 0, got ${JSON.stringify(c.scale)}`);
  if (c.fixedBasis !== undefined) checkBasis(c.fixedBasis);
  positiveInt(c.k, 'k');
  positiveInt(c.epochs, 'epochs');
  positiveInt(c.batchSize, 'batchSize');
  positiveInt(c.nAug, 'nAug');
  positiveInt(c.evalGroupSamples, 'evalGroupSamples');
  if (c.inferenceSamples !== null) positiveInt(c.inferenceSamples, 'inferenceSamples');
  positiveInt(c.evalPoints, 'evalPoints');
  if (!Number.isInteger(c.seed)) throw new Error(`seed must be an integer, got ${c.seed}`);
  if (c.valSplitSeed !== null && !Number.isInteger(c.valSplitSeed)) throw new Error(`valSplitSeed must be an integer or null, got ${c.valSplitSeed}`);
  for (const [name, v] of [['lr', c.lr], ['basisLr', c.basisLr]] as const) {
    if (!(v > 0 && v < 10)) throw new Error(`${name} must be in (0, 10), got ${v}`);
  }
  if (!(c.valFraction >= 0 && c.valFraction < 0.9)) throw new Error(`valFraction must be in [0, 0.9), got ${c.valFraction}`);
  for (const [name, v] of Object.entries(c.weights)) {
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`weights.${name} must be a finite number >= 0, got ${v}`);
  }
  if (!['label', 'consistency'].includes(c.equivariance)) throw new Error(`equivariance must be label or consistency, got ${c.equivariance}`);
  if (!['constant', 'cosine'].includes(c.lrSchedule)) throw new Error(`lrSchedule must be constant or cosine, got ${c.lrSchedule}`);
  if (!(c.motionFloor > 0)) throw new Error(`motionFloor must be > 0, got ${c.motionFloor}`);
  if (!['cosine', 'motion'].includes(c.augTerm)) throw new Error(`augTerm must be cosine or motion, got ${c.augTerm}`);
  if (!isMethod(c.method)) throw new Error(`method must be ${METHOD_NAMES.slice(0, -1).join(', ')} or ${METHOD_NAMES.at(-1)}, got ${String(c.method)}`);
  if (c.model.activation !== undefined && !ACTIVATIONS.includes(c.model.activation)) throw new Error(`model.activation must be ${ACTIVATIONS.join(', ')}, got ${String(c.model.activation)}`);
  if (typeof c.forces !== 'string' || c.forces.trim() === '') throw new Error('forces must be auto, none or the name of the data\'s gradient (e.g. forces)');
  const gm = c.gradientMethod;
  if (!(gm.tolerance > 0 && gm.tolerance < 1)) throw new Error(`gradientMethod.tolerance must be in (0, 1), got ${gm.tolerance}`);
  if (!(gm.minGap > 1 && Number.isFinite(gm.minGap))) throw new Error(`gradientMethod.minGap must be a finite number > 1, got ${gm.minGap}`);
  positiveInt(gm.samples, 'gradientMethod.samples');
  if (!['averaging', 'direct'].includes(c.inference)) throw new Error(`inference must be averaging or direct, got ${c.inference}`);
  const co = c.coefficients;
  if (co.distribution === 'uniform' && !(co.low < co.high)) throw new Error(`coefficients: low (${co.low}) must be below high (${co.high})`);
  if (co.distribution === 'normal' && !(co.high > 0)) throw new Error('coefficients: the normal distribution needs high (its std) > 0');
  if (c.method === 'fixed-basis' && !c.fixedBasis) throw new Error('method fixed-basis needs a basis (--basis FILE.json)');
  if (c.method === 'augerino' && !c.fixedBasis) throw new Error('method augerino needs a basis to learn widths over (--basis FILE.json, or a dataset with a known ground truth)');
  validateStrengths(c.strengths);
  if (c.strengths.enabled === true && METHODS[c.method].basis === 'none') throw new Error(`strengths need generators: use them with semola, fixed-basis or augerino, not ${c.method}`);
  if (!(Number.isFinite(c.augerino.initialWidth) && c.augerino.widthBonus >= 0)) throw new Error('augerino: initialWidth must be finite and widthBonus >= 0');
  if (c.model.hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new Error(`model.hidden must be positive integers, got ${c.model.hidden.join(',')}`);
  if (!MODEL_KINDS.includes(c.model.kind)) throw new Error(`model.kind must be ${MODEL_KINDS.join(', ')}, got ${String(c.model.kind)}`);
  validateWeightSharing(c.weightSharing);
}
