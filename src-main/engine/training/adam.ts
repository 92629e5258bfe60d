/**
 * The trainer's Adam, with its epsilon from the option table (`adamEpsilon`): 1e-7 is tfjs's default
 * (the backend's float32 epsilon), 1e-8 PyTorch's, so that a recipe can mean the same here as there.
 * With the paper's raw-unit losses a fitted model's gradients can get small enough for epsilon to
 * matter: a gradient of 1e-8 moves a weight lr / 2 per step at 1e-8, lr / 11 at 1e-7.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs's own default, the float32 epsilon. */
export const TFJS_ADAM_EPSILON = 1e-7;
/** PyTorch's. */
export const PYTORCH_ADAM_EPSILON = 1e-8;

export function createAdam(learningRate: number, epsilon: number = TFJS_ADAM_EPSILON): tf.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
}
