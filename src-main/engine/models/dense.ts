/** A dense layer with seeded He-uniform initialisation (the engine's own RNG, for reproducibility). */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { matMul, variableFrom } from '../ops';

export interface Dense {
  w: tf.Variable; // [in, out]
  b: tf.Variable; // [out]
}

/** tf variable names must be unique per process, and several models may live in one. */
let layerCounter = 0;

export function createDense(inDim: number, outDim: number, rng: Rng, name: string): Dense {
  const unique = `${name}#${++layerCounter}`;
  const limit = Math.sqrt(6 / inDim);
  const w = new Float32Array(inDim * outDim);
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
  return {
    w: variableFrom(w, [inDim, outDim], true, `${unique}/w`),
    b: variableFrom(new Float32Array(outDim), [outDim], true, `${unique}/b`),
  };
}

/** x [m, in] -> [m, out]. */
export function applyDense(layer: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(matMul(x, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
}

/** Hidden layers with ReLU, last layer linear. */
export function applyStack(layers: Dense[], x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = applyDense(layer, h);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return h;
}

export function createStack(dims: number[], rng: Rng, name: string): Dense[] {
  const layers: Dense[] = [];
  for (let i = 0; i + 1 < dims.length; i++) layers.push(createDense(dims[i]!, dims[i + 1]!, rng, `${name}/${i}`));
  return layers;
}
