/**
 * Small differentiable building blocks shared by the augmenter and the models.
 *
 * matMul: tfjs's own matMul gradient calls matMul with transposeA/transposeB, which runs 10-20x
 * slower on tfjs-backend-wasm's own kernel; where that kernel runs (wasm-kernels/ not registered, or
 * switched off), this version transposes explicitly and calls plain matMul, with the same result on
 * every backend. The gradients call this matMul again, so second-order gradients
 * (a loss on a model's input gradient: force training) stay on the fast path and are exact.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeTransposes } from './wasm-kernels/state';

const matMul2d: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor = tf.customGrad((a, b, save) => {
  const A = a as tf.Tensor2D;
  const B = b as tf.Tensor2D;
  (save as tf.GradSaveFunc)([A, B]);
  return {
    value: tf.matMul(A, B),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [matMul2d(dy, tf.transpose(sb)), matMul2d(tf.transpose(sa), dy)];
    },
  };
});

const matMul3d: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor = tf.customGrad((a, b, save) => {
  const A = a as tf.Tensor3D;
  const B = b as tf.Tensor3D;
  (save as tf.GradSaveFunc)([A, B]);
  return {
    value: tf.matMul(A, B),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor3D, tf.Tensor3D];
      const perm = [0, 2, 1];
      return [matMul3d(dy, tf.transpose(sb, perm)), matMul3d(tf.transpose(sa, perm), dy)];
    },
  };
});

/**
 * a [m, n] x b [n, p] -> [m, p], or batched a [b, m, n] x b [b, n, p] -> [b, m, p]. Where the
 * backend's product takes transposed operands at full speed (wasm with wasm-kernels/), tfjs's own
 * product and gradient, which ask for them; elsewhere the explicit transposes above.
 */
export function matMul<T extends tf.Tensor2D | tf.Tensor3D>(a: T, b: T): T {
  if (nativeTransposes()) return tf.matMul(a, b) as T;
  if (a.rank === 2) return matMul2d(a, b) as T;
  return matMul3d(a, b) as T;
}

/** op(a) op(b), op a transpose of the last two axes where asked; differentiable on every backend. */
export function matMulTransposed<T extends tf.Tensor2D | tf.Tensor3D>(a: T, b: T, transposeA: boolean, transposeB: boolean): T {
  if (nativeTransposes()) return tf.matMul(a, b, transposeA, transposeB) as T;
  const op = (x: T, t: boolean): T => (t ? (x.rank === 2 ? tf.transpose(x) : transposeLast(x as tf.Tensor3D)) as T : x);
  return matMul(op(a, transposeA), op(b, transposeB));
}

/** A variable from plain values; the initial tensor is released (tidy keeps variables). */
export function variableFrom(values: Float32Array, shape: number[], trainable: boolean, name: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), trainable, name));
}

/** Assign plain values to a variable without leaking the temporary tensor. */
export function assignValues(v: tf.Variable, values: Float32Array | number[][][]): void {
  tf.tidy(() => v.assign(values instanceof Float32Array ? tf.tensor(values, v.shape) : tf.tensor(values)));
}

/** Swap the last two axes of a rank-3 tensor: [b, m, n] -> [b, n, m]. */
export function transposeLast(a: tf.Tensor3D): tf.Tensor3D {
  return tf.transpose(a, [0, 2, 1]);
}

/**
 * x in the forward pass, no gradient in the backward pass (tfjs has no stop_gradient): a term
 * computed from it still trains everything else it reads, but not x.
 */
export const stopGradient: <T extends tf.Tensor>(x: T) => T = tf.customGrad((x) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as never;
