/**
 * The run config's type and its resolution. Each setting's accepted values, default (per preset
 * and model) and help are one entry of the option table, engine/options/table.ts; this module
 * derives the defaults and the validation from it. A run records the fully resolved config, so a
 * result can always be traced to the numbers that produced it. Why the defaults differ from the
 * paper's recipe: docs/discovery.md; the paper-faithful settings are the `paper` preset.
 */
import type { MaskSpec } from './lie/masks';
import type { CoefficientSpec } from './augmenter';
import type { StrengthsConfig } from './losses/strengths';
import type { WeightSharingSettings } from './models/weight-sharing-settings';
import type { Method } from './methods/method';
import { configProblems, defaultSettings, mergeSettings, resolveSettings } from './options/resolve';
import type { ACTIVATION_NAMES, DENSE_INIT_NAMES, MODEL_KIND_NAMES, PRESET_NAMES } from './options/table';

export type { Method } from './methods/method';
export type Activation = (typeof ACTIVATION_NAMES)[number];
/** Initial weights of dense layers: he-uniform (zero biases) or PyTorch's nn.Linear. */
export type DenseInit = (typeof DENSE_INIT_NAMES)[number];
export type PresetName = (typeof PRESET_NAMES)[number];
export type ModelKind = (typeof MODEL_KIND_NAMES)[number];

export interface LossWeights {
  task: number;
  equiv: number;
  aug: number;
  orth: number;
  sparse: number;
  /** Mixing penalty (ours): generators within one part of the algebra (rotation, scaling, stretch, translation) preferred; CNN only by default. */
  mixing: number;
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
  /** Adam's epsilon for the model and the basis (tfjs's default 1e-7; PyTorch's 1e-8). */
  adamEpsilon?: number;
  /** `constant` (paper) or `cosine`: both learning rates decay to 0 over the run, per step. */
  lrSchedule: 'constant' | 'cosine';
  nAug: number;
  seed: number;
  /** Fraction of the training samples held out for validation. */
  valFraction: number;
  /** Seed of the validation split; null: `seed`. The starts of a run share it so their validation losses compare. */
  valSplitSeed: number | null;
  /**
   * Base model; `hidden` sizes the MLP and point-cloud models, `channels` the CNN's convolutions, `weightSharing` the weight-sharing one.
   * `activation` of the MLP and point-cloud models: `auto` is silu when forces are trained (a ReLU
   * network's gradient is piecewise constant), else relu.
   */
  model: { kind: ModelKind; hidden: number[]; channels?: number[]; activation?: Activation; init?: DenseInit };
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
  manifold: {
    anchors: number;
    neighbours: number;
    varianceThreshold: number;
    batch: number;
    /** What measures the term: the data's local tangent spaces, or a model of the unmoved data (images). */
    judge: 'tangents' | 'data-model';
    /** Coefficient half-range of the moves the data model judges. */
    range: number;
  };
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

/** Every setting at the option table's default (engine/options/table.ts). */
export const DEFAULT_CONFIG: TrainConfig = defaultSettings() as unknown as TrainConfig;

type Plain = Record<string, unknown>;

/**
 * Defaults <- preset <- the model's own defaults <- overrides, every value checked against the
 * option table (own keys only) and the rules across settings; all problems in one message.
 */
export function resolveConfig(overrides: Partial<TrainConfig> & Plain = {}): TrainConfig {
  const r = resolveSettings(overrides);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.config as unknown as TrainConfig;
}

/**
 * Defaults <- preset <- the model's own training defaults <- overrides, unvalidated: what a run
 * with these overrides trains with (run records read their method, seed and epochs from it).
 */
export function mergeDefaults(overrides: Plain): TrainConfig {
  return mergeSettings(overrides) as unknown as TrainConfig;
}

/** A complete config against the option table and its rules (e.g. one built in code, not resolved). */
export function validateConfig(c: TrainConfig): void {
  const problems = configProblems(c);
  if (problems.length > 0) throw new Error(problems.join('; '));
}
