/**
 * A dense layer, initialised from the engine's own seeded RNG (for reproducibility):
 * - `he-uniform` (the default): weights U(-sqrt(6/fan_in), +), zero biases;
 * - `pytorch`: nn.Linear's, weights and biases U(-1/sqrt(fan_in), +). In PyTorch itself He-uniform
 *   trained the 2-body MLP to a test MSE 6.6x worse (3.2e-4 against 4.8e-5, mean of 3 seeds; its
 *   lowest validation loss 15x worse), reports/bench/accuracy.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import type { DenseInit } from '../config';
import { fastPathsOn } from '../fast-paths';
import { matMul, matMulTransposed, variableFrom } from '../ops';
import { relu } from '../wasm-kernels/relu-grad';

export interface Dense {
  w: tf.Variable; // [in, out]
  b: tf.Variable; // [out]
}

/** tf variable names must be unique per process, and several models may live in one. */
let layerCounter = 0;

export function createDense(inDim: number, outDim: number, rng: Rng, name: string, init: DenseInit = 'he-uniform'): Dense {
  const unique = `${name}#${++layerCounter}`;
  const limit = denseInitLimit(inDim, init);
  const w = new Float32Array(inDim * outDim);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
  // He-uniform draws no biases, so its random stream (and every figure recorded with it) is unchanged.
  const b = new Float32Array(outDim);
  if (init === 'pytorch') for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-limit, limit);
  return {
    w: variableFrom(w, [inDim, outDim], true, `${unique}/w`),
    b: variableFrom(b, [outDim], true, `${unique}/b`),
  };
}

/** Half-width of the uniform initial weights (and, for pytorch, biases) of a layer with `fanIn` inputs. */
export function denseInitLimit(fanIn: number, init: DenseInit = 'he-uniform'): number {
  return init === 'pytorch' ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / fanIn);
}

/** x [m, in] -> [m, out]. */
export function applyDense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  if (fastPathsOn()) return denseWithBias(x, layer.w, layer.b) as tf.Tensor2D;
  return tf.add(matMul(x, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
}

/*
 * x W + b with the bias gradient as a product, ones [1, m] x dY, instead of tfjs's sum over the
 * rows (on wasm a transpose and a reduction, about ten times slower than the product). Built from
 * differentiable ops, so a loss on the model's input gradient differentiates through it exactly.
 */
const denseWithBias: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor = tf.customGrad((x, w, b, save) => {
  const [X, W] = [x as tf.Tensor2D, w as tf.Tensor2D];
  (save as tf.GradSaveFunc)([X, W]);
  return {
    value: tf.add(tf.matMul(X, W), b as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dY = dy as tf.Tensor2D;
      const ones = tf.ones([1, dY.shape[0]]) as tf.Tensor2D;
      return [matMulTransposed(dY, sw, false, true), matMulTransposed(sx, dY, true, false), tf.reshape(matMul(ones, dY), [dY.shape[1]])];
    },
  };
});

/** Hidden activations: relu (the paper's), or smooth ones whose gradients are smooth too (force training). */
export type Activation = 'relu' | 'silu' | 'tanh';

/*
 * tfjs (4.22) differentiates twice wrongly through kernels whose gradient reads their saved output
 * (tanh, sigmoid, exp: the saved copy is not on the tape), so a force loss through tf.tanh or
 * tf.sigmoid gets wrong weight gradients (tests/engine/gradient/second-order.test.ts). These
 * activations recompute their derivative from the input instead, which differentiates correctly.
 */
const silu = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.mul(x as tf.Tensor, tf.sigmoid(x as tf.Tensor)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input] = saved as [tf.Tensor];
      const sg = tf.sigmoid(input);
      // d/dx x s(x) = s (1 + x (1 - s))
      return [tf.mul(dy, tf.mul(sg, tf.add(1, tf.mul(input, tf.sub(1, sg)))))];
    },
  };
});

const tanh = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.tanh(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.sub(1, tf.square(tf.tanh(saved[0]!))))],
  };
});

export function activate(h: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  if (activation === 'relu') return relu(h);
  if (activation === 'tanh') return tanh(h) as tf.Tensor2D;
  return silu(h) as tf.Tensor2D;
}

/** Hidden layers with the activation (ReLU unless given), last layer linear. */
export function applyStack(layers: Dense[], x: tf.Tensor2D, activation: Activation = 'relu'): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = applyDense(layer, h);
    if (i < layers.length - 1) h = activate(h, activation);
  });
  return h;
}

export function createStack(dims: number[], rng: Rng, name: string, init: DenseInit = 'he-uniform'): Dense[] {
  const layers: Dense[] = [];
  for (let i = 0; i + 1 < dims.length; i++) layers.push(createDense(dims[i]!, dims[i + 1]!, rng, `${name}/${i}`, init));
  return layers;
}
