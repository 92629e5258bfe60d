/**
 * The force term of the loss: mean squared difference between the model's input gradient
 * d f / d x and the data's target gradient (dE/dx = -forces), in standardized units (times the
 * feature spread, divided by the target's spread), over real points only.
 */
import * as tf from '@tensorflow/tfjs';
import { generatorAction, type Inputs } from '../layouts';
import type { TermContext } from '../losses/objective';
import { inputGradient } from './input-gradient';

export function forceTerm(predict: (x: Inputs) => tf.Tensor2D, x: Inputs, target: tf.Tensor, column: number, ctx: TermContext): tf.Scalar {
  const predicted = inputGradient(predict, x, column);
  const m = predicted.shape[0]!;
  const scale = tf.div(ctx.featureScale, tf.slice(ctx.targetScale, [column], [1]));
  const diff = tf.mul(tf.reshape(tf.sub(predicted, target), [m, -1]), scale);
  if (x.kind !== 'points') return tf.mean(tf.square(diff));
  // Padding: both gradients are 0 there; count only the real coordinates.
  return tf.div(tf.sum(tf.square(diff)), tf.maximum(tf.mul(tf.sum(x.mask), 3), 1)) as tf.Scalar;
}

/**
 * The gradient condition as a loss on the generators (semola trained on forces): per generator, the
 * root mean square over samples of cos between the data's gradient and the generator's
 * infinitesimal action L x (standardized units), averaged over the generators. 0 when every
 * generator moves the data along level sets of the target; it needs no rotated sample, so it works
 * on a trajectory that never leaves one orientation. The root keeps its pull from vanishing near the
 * zero set: the basis regularisers (orthogonality, sparsity) are absolute values whose gradients do
 * not shrink, and under Adam (steps scaled by the gradient's running size) the mean cos^2, whose
 * gradient does, was outpaced by them and the basis stalled short of so(3) on lj-cluster.
 */
export function gradientConditionTerm(generators: tf.Tensor3D, x: Inputs, target: tf.Tensor, ctx: TermContext): tf.Scalar {
  return tf.tidy(() => {
    const v = tf.div(generatorAction(generators, x), ctx.featureScale); // [k, m, F]
    const m = v.shape[1]!;
    const g = tf.mul(tf.reshape(target, [m, -1]), ctx.featureScale); // [m, F]
    const dot = tf.sum(tf.mul(v, tf.expandDims(g, 0)), 2); // [k, m]
    const nv = tf.sum(tf.square(v), 2);
    const ng = tf.sum(tf.square(g), 1);
    const cos2 = tf.div(tf.square(dot), tf.add(tf.mul(nv, tf.expandDims(ng, 0)), 1e-12));
    // sqrt has an infinite slope at 0: the small offset keeps the gradient finite on an exact zero.
    return tf.mean(tf.sqrt(tf.add(tf.mean(cos2, 1), 1e-12))) as tf.Scalar;
  });
}
