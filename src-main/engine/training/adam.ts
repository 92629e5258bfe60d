/**
 * The trainer's Adam. tfjs defaults epsilon to the backend's float32 epsilon, 1e-7; PyTorch's Adam
 * uses 1e-8, which the engine takes so that a recipe means the same here as in PyTorch. With the
 * paper's raw-unit losses a fitted model's gradients get small enough for epsilon to matter: a
 * gradient of 1e-8 moves a weight lr / 2 per step at 1e-8, lr / 11 at 1e-7.
 */
import * as tf from '@tensorflow/tfjs';

export const ADAM_EPSILON = 1e-8;

export function createAdam(learningRate: number): tf.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, ADAM_EPSILON);
}
