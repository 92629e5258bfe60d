/**
 * A model's gradient with respect to its inputs, d f_o / d x: the predicted negative forces of an
 * energy model, and the rows of the gradient condition when the data carry no gradients. Written so
 * it can sit inside a training step's tape (the force term differentiates it again).
 */
import * as tf from '@tensorflow/tfjs';
import type { Inputs } from '../layouts';

type Predict = (x: Inputs) => tf.Tensor2D;

/** d f[:, column] / d x: [m, F] for vectors, [m, P, 3] for points (0 on padding). */
export function inputGradient(predict: Predict, x: Inputs, column = 0): tf.Tensor {
  const pick = (f: tf.Tensor2D): tf.Scalar => tf.sum(f.shape[1] === 1 ? f : tf.slice(f, [0, column], [-1, 1]));
  if (x.kind === 'vector') return tf.grad((v: tf.Tensor) => pick(predict({ kind: 'vector', x: v as tf.Tensor2D })))(x.x);
  if (x.kind === 'image') return tf.grad((v: tf.Tensor) => pick(predict({ kind: 'image', images: v as tf.Tensor4D })))(x.images);
  const g = tf.grad((c: tf.Tensor) => pick(predict({ ...x, coords: c as tf.Tensor3D })))(x.coords);
  return tf.mul(g, tf.expandDims(x.mask, 2));
}
