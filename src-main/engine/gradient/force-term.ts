/**
 * The force term of the loss: mean squared difference between the model's input gradient
 * d f / d x and the data's target gradient (dE/dx = -forces), in standardized units (times the
 * feature spread, divided by the target's spread), over real points only.
 */
import * as tf from '@tensorflow/tfjs';
import type { Inputs } from '../layouts';
import type { TermContext } from '../losses/objective';
import { inputGradient } from './input-gradient';

export function forceTerm(predict: (x: Inputs) => tf.Tensor2D, x: Inputs, target: tf.Tensor, column: number, ctx: TermContext): tf.Scalar {
  const predicted = inputGradient(predict, x, column);
  const m = predicted.shape[0]!;
  const scale = tf.div(ctx.featureScale, tf.slice(ctx.targetScale, [column], [1]));
  const diff = tf.mul(tf.reshape(tf.sub(predicted, target), [m, -1]), scale);
  if (x.kind === 'vector') return tf.mean(tf.square(diff));
  // Padding: both gradients are 0 there; count only the real coordinates.
  return tf.div(tf.sum(tf.square(diff)), tf.maximum(tf.mul(tf.sum(x.mask), 3), 1)) as tf.Scalar;
}
