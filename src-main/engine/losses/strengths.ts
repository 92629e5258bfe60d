/**
 * Per-symmetry approximation strengths (SPEC section 5, PER's rule): every generator j is its own
 * symmetry type with an equivariance term of weight lambda_j (its strength) and a residual
 *   R_j = mean_x mean_{t ~ U(-a,a)} || f(expm(t L_j) x) - rho_out(expm(t L_j)) f(x) ||^2
 * in standardized units. After a warm-up window the strengths are set once,
 *   lambda_j <- lambda_j * (R_min / R_j)^p,
 * from each R_j's running minimum over the window, so symmetries the data respects keep a large
 * weight and broken ones are down-weighted.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { drawCoefficients, LieAugmenter } from '../augmenter';
import type { TrainConfig } from '../config';
import { act, repeatInputs, type Inputs } from '../layouts';
import { transformOutputs, type TermContext } from './objective';
import type { BaseModel } from '../models/model';
import { METHODS } from '../methods/method';

export interface StrengthsConfig {
  /**
   * `auto` (the default): on when there are several generators (k > 1, or a fixed basis of several)
   * and the target is a regression one; off otherwise (one generator has nothing to weigh against,
   * and classification has no strengths yet). A run records the resolved true or false.
   */
  enabled: boolean | 'auto';
  /** Epoch (1-based) at whose end the rule is applied; 0: half the epochs, rounded up. */
  adjustEpoch: number;
  /** Epochs up to adjustEpoch whose residuals feed the running minimum; 0: half of adjustEpoch (at least 1). */
  window: number;
  /** Exponent p of the rule (2 by default; 5 for strongly broken symmetries). */
  power: number;
}

export const DEFAULT_STRENGTHS: StrengthsConfig = { enabled: 'auto', adjustEpoch: 0, window: 0, power: 2 };

/**
 * Whether a run trains strengths: `enabled` itself when the user chose, else (auto) for regression
 * with more than one generator. `generators`: how many the method trains with (0 for none).
 */
export function strengthsOn(s: StrengthsConfig, generators: number, targetKind: 'regression' | 'classification'): boolean {
  if (s.enabled !== 'auto') return s.enabled;
  return generators > 1 && targetKind === 'regression';
}

/** The config with `strengths.enabled` resolved to true or false for its method and generators. */
export function withStrengthsResolved(config: TrainConfig, targetKind: 'regression' | 'classification'): TrainConfig {
  if (config.strengths.enabled !== 'auto') return config;
  const method = METHODS[config.method];
  const generators = method.basis === 'none' ? 0 : method.basis === 'fixed' ? (config.fixedBasis?.length ?? 0) : config.k;
  return { ...config, strengths: { ...config.strengths, enabled: strengthsOn(config.strengths, generators, targetKind) } };
}

export function validateStrengths(s: StrengthsConfig): void {
  if (!Number.isInteger(s.adjustEpoch) || s.adjustEpoch < 0) throw new Error(`strengths.adjustEpoch must be an integer >= 0, got ${s.adjustEpoch}`);
  if (!Number.isInteger(s.window) || s.window < 0) throw new Error(`strengths.window must be an integer >= 0, got ${s.window}`);
  if (!(s.power > 0 && Number.isFinite(s.power))) throw new Error(`strengths.power must be a positive number, got ${s.power}`);
}

/** The epoch (1-based) at which the rule fires, and the first epoch of its window. */
export function strengthSchedule(s: StrengthsConfig, epochs: number): { adjustEpoch: number; windowStart: number } {
  const adjustEpoch = Math.min(epochs, s.adjustEpoch > 0 ? s.adjustEpoch : Math.ceil(epochs / 2));
  const window = s.window > 0 ? s.window : Math.max(1, Math.floor(adjustEpoch / 2));
  return { adjustEpoch, windowStart: Math.max(1, adjustEpoch - window + 1) };
}

/** PER's rule: lambda_j * (R_min / R_j)^p, with R_j the window minima. */
export function adjustStrengths(strengths: number[], windowMinima: number[], power: number): number[] {
  const rMin = Math.min(...windowMinima);
  return strengths.map((l, j) => l * Math.pow(rMin / Math.max(windowMinima[j]!, 1e-30), power));
}

/**
 * The strengths in effect after each epoch of a history of per-epoch residuals [epochs][k]:
 * all 1 until the adjust epoch, then PER's rule once. Used by the trainer every epoch and to
 * restore a checkpoint (the history carries the residuals).
 */
export function strengthsAfter(residualHistory: number[][], k: number, s: StrengthsConfig, epochs: number): number[] {
  const { adjustEpoch, windowStart } = strengthSchedule(s, epochs);
  const start = new Array<number>(k).fill(1);
  if (residualHistory.length < adjustEpoch) return start;
  const minima = start.map((_, j) => Math.min(...residualHistory.slice(windowStart - 1, adjustEpoch).map((r) => r[j]!)));
  return adjustStrengths(start, minima, s.power);
}

/** The strengths before PER's rule fires: 1 per generator (regression targets only). */
export function initialStrengths(targetKind: 'regression' | 'classification', k: number): number[] {
  if (targetKind === 'classification') throw new Error('strengths are implemented for regression targets only');
  return new Array<number>(k).fill(1);
}

/**
 * After an epoch: the mean residual per generator from the summed step values, and the strengths in
 * effect once they join the residuals of the earlier epochs.
 */
export function epochStrengths(residualSums: ArrayLike<number>, steps: number, earlier: { residuals?: number[] }[], s: StrengthsConfig, epochs: number): { residuals: number[]; strengths: number[] } {
  const residuals = Array.from(residualSums, (v) => v / Math.max(1, steps));
  const strengths = strengthsAfter([...earlier.map((h) => h.residuals!), residuals], residuals.length, s, epochs);
  return { residuals, strengths: [...strengths] };
}

export interface PerGeneratorTerms {
  /** sum_j lambda_j T_j / k, T_j the equivariance term of generator j in the configured form. */
  equiv: tf.Scalar;
  /** R_j [k], the consistency residual of each generator (SPEC section 5). */
  residuals: tf.Tensor1D;
}

/**
 * One equivariance term per generator: n_aug copies of each sample per generator j, moved by
 * expm(t L_j) alone. generators [k, d, d]; x m samples; y [m, out]; fx = f(x) [m, out].
 */
export function perGeneratorTerms(
  model: BaseModel,
  ctx: TermContext,
  config: Pick<TrainConfig, 'nAug' | 'coefficients' | 'equivariance'>,
  generators: tf.Tensor3D,
  x: Inputs,
  y: tf.Tensor2D,
  fx: tf.Tensor2D,
  strengths: number[],
  rng: Rng,
  rangeFactor: number,
  squarings: number,
): PerGeneratorTerms {
  const k = generators.shape[0];
  const m = y.shape[0];
  const copies = k * config.nAug;
  // Row b * copies + j * nAug + c moves sample b with generator j only.
  const owner = new Int32Array(m * copies);
  for (let i = 0; i < owner.length; i++) owner[i] = Math.floor((i % copies) / config.nAug);
  const t = drawCoefficients(config.coefficients, m * copies, 1, rng, rangeFactor);
  // tf.oneHot needs a depth of at least 2; one generator needs no selection.
  const tFull = k === 1 ? t : (tf.mul(t, tf.oneHot(tf.tensor1d(owner, 'int32'), k)) as tf.Tensor2D);
  const g = LieAugmenter.groupElements(tFull, generators, squarings, true);
  const fgx = model.predict(act(g, repeatInputs(x, copies)));
  const rep = (v: tf.Tensor2D): tf.Tensor2D => tf.reshape(tf.tile(tf.expandDims(v, 1), [1, copies, 1]), [m * copies, -1]) as tf.Tensor2D;
  const perGen = (pred: tf.Tensor2D, target: tf.Tensor2D): tf.Tensor1D => {
    const sq = tf.square(tf.div(tf.sub(pred, target), ctx.targetScale));
    return tf.mean(tf.reshape(sq, [m, k, config.nAug, -1]), [0, 2, 3]) as tf.Tensor1D;
  };
  const residuals = perGen(fgx, transformOutputs(ctx, g, rep(fx)));
  const terms = config.equivariance === 'label' ? perGen(fgx, transformOutputs(ctx, g, rep(y))) : residuals;
  const equiv = tf.div(tf.sum(tf.mul(terms, tf.tensor1d(strengths))), k) as tf.Scalar;
  return { equiv, residuals };
}
