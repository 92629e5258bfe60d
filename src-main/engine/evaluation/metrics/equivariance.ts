/**
 * Equivariance errors (SPEC section 4), with g_m drawn from a basis (the reference when given, else
 * the learned one), M per test point, P the full inference procedure being evaluated:
 *   E  = mean_x || (1/M) sum_m rho(g_m) P(x) - (1/M) sum_m P(g_m x) ||_2
 *   E' = mean_x (1/M) sum_m || P(g_m x) - rho(g_m) P(x) ||_2
 * Classifiers are compared on probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../../data/random';
import { LieAugmenter } from '../../augmenter';
import { act, inputCount, repeatInputs, type Inputs } from '../../layouts';
import { transformOutputs, type TermContext } from '../../losses/objective';
import { gatherInputs } from '../../samples';

/** Maps m inputs to [m, outDim] predictions (log-probabilities for classifiers). */
export type Predictor = (x: Inputs) => tf.Tensor2D;

export interface EquivarianceErrors {
  E: number;
  Eprime: number;
}

/**
 * x: the test inputs (m samples); generators [k, d, d]; sample(m) draws coefficients [m, k].
 * Evaluated in chunks so M * m never has to fit at once.
 */
export function equivarianceErrors(
  predict: Predictor,
  x: Inputs,
  generators: tf.Tensor3D,
  sample: (count: number, rng: Rng) => tf.Tensor2D,
  M: number,
  ctx: TermContext,
  rng: Rng,
  chunk = 256,
): EquivarianceErrors {
  const m = inputCount(x);
  let sumE = 0;
  let sumE2 = 0;
  for (let s = 0; s < m; s += chunk) {
    const e = Math.min(m, s + chunk);
    const c = e - s;
    const t = sample(c * M, rng);
    const pair = tf.tidy(() => {
      const idx = tf.range(s, e, 1, 'int32') as tf.Tensor1D;
      const xs = gatherInputs(x, idx);
      const g = LieAugmenter.groupElements(t, generators);
      const asOut = (p: tf.Tensor2D): tf.Tensor2D => (ctx.targetKind === 'classification' ? tf.softmax(p) : p);
      const px = asOut(predict(xs));
      const width = px.shape[1];
      const pxRep = tf.reshape(tf.tile(tf.expandDims(px, 1), [1, M, 1]), [c * M, width]) as tf.Tensor2D;
      const rhoPx = transformOutputs(ctx, g, pxRep); // rho(g_m) P(x): [c*M, out]
      const pgx = asOut(predict(act(g, repeatInputs(xs, M)))); // P(g_m x)
      const meanDiff = tf.sub(tf.mean(tf.reshape(rhoPx, [c, M, width]), 1), tf.mean(tf.reshape(pgx, [c, M, width]), 1));
      const eSum = tf.sum(tf.norm(meanDiff, 'euclidean', 1));
      const e2Sum = tf.div(tf.sum(tf.norm(tf.sub(pgx, rhoPx), 'euclidean', 1)), M);
      return tf.stack([eSum, e2Sum]);
    });
    t.dispose();
    const v = pair.dataSync();
    pair.dispose();
    sumE += v[0]!;
    sumE2 += v[1]!;
  }
  return { E: sumE / m, Eprime: sumE2 / m };
}
