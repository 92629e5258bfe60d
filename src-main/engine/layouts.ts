/**
 * How a group element acts on a batch, per feature layout (ARCHITECTURE "feature layouts").
 * `vector`: x [m, blocks * d], g acts on every block of d features. `points`: coords [m, P, 3] with
 * a padding mask; d = 3 acts linearly, d = 4 on homogeneous [p; 1] (affine, translations).
 * `image`: images [m, H, W, C]; g (3 x 3 affine) resamples them at g^-1 (u, v) (image/resample.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { resampleAffine } from './image/resample';
import { fastPathsOn } from './fast-paths';
import { expm } from './lie/expm';
import { matMul, transposeLast } from './ops';

export interface VectorInputs {
  kind: 'vector';
  /** [m, blocks * d] */
  x: tf.Tensor2D;
}

export interface PointInputs {
  kind: 'points';
  /** [m, P, 3] */
  coords: tf.Tensor3D;
  /** [m, P, S] one-hot species (a matMul with an embedding avoids gather, whose gradient wasm lacks). */
  species: tf.Tensor3D;
  /** [m, P] 1 for real points, 0 for padding. */
  mask: tf.Tensor2D;
}

export interface ImageInputs {
  kind: 'image';
  /** [m, H, W, C] */
  images: tf.Tensor4D;
}

export type Inputs = VectorInputs | PointInputs | ImageInputs;

export function inputCount(x: Inputs): number {
  if (x.kind === 'image') return x.images.shape[0];
  return x.kind === 'vector' ? x.x.shape[0] : x.coords.shape[0];
}

/**
 * Repeat every sample n times consecutively: [m, ...] -> [m * n, ...]. The tile runs on a rank-3
 * view ([m, 1, rest]): webgpu tiles rank 5 and above on the host with a synchronous read, which
 * fails in Node (images are rank 4).
 */
export function repeatEach<T extends tf.Tensor>(t: T, n: number): T {
  if (n === 1) return t;
  const shape = t.shape;
  const rest = shape.slice(1).reduce((a, b) => a * b, 1);
  const flat = tf.reshape(t, [shape[0]!, 1, rest]);
  // A broadcast product by ones, where the dtype allows: the same values as tile, and on wasm a
  // SIMD kernel (tile there is an element-by-element copy, several times slower).
  const repeated = t.dtype === 'float32' ? tf.mul(flat, tf.ones([1, n, 1])) : tf.tile(flat, [1, n, 1]);
  return tf.reshape(repeated, [shape[0]! * n, ...shape.slice(1)]) as T;
}

export function repeatInputs(x: Inputs, n: number): Inputs {
  if (x.kind === 'vector') return { kind: 'vector', x: repeatEach(x.x, n) };
  if (x.kind === 'image') return { kind: 'image', images: repeatEach(x.images, n) };
  return { kind: 'points', coords: repeatEach(x.coords, n), species: repeatEach(x.species, n), mask: repeatEach(x.mask, n) };
}

/** The samples of a followed by those of b, in one batch of the same layout. */
export function concatInputs(a: Inputs, b: Inputs): Inputs {
  if (a.kind === 'vector' && b.kind === 'vector') return { kind: 'vector', x: tf.concat([a.x, b.x]) };
  if (a.kind === 'image' && b.kind === 'image') return { kind: 'image', images: tf.concat([a.images, b.images]) };
  if (a.kind === 'points' && b.kind === 'points') {
    return { kind: 'points', coords: tf.concat([a.coords, b.coords]), species: tf.concat([a.species, b.species]), mask: tf.concat([a.mask, b.mask]) };
  }
  throw new Error(`cannot join a ${a.kind} batch with a ${b.kind} batch`);
}

/** g [m, d, d] acting on every d-block of rows v [m, blocks * d] -> [m, blocks * d]. */
export function actOnVectors(g: tf.Tensor3D, v: tf.Tensor2D): tf.Tensor2D {
  const [m, d] = [g.shape[0], g.shape[1]];
  const blocks = v.shape[1] / d;
  const v3 = tf.reshape(v, [m, blocks, d]) as tf.Tensor3D;
  if (blocks === 1 && fastPathsOn()) {
    // One block: g v row by row as a broadcast product and a sum over the last axis, not a batch of
    // [1, d] x [d, d] products (wasm runs those on its unvectorised batched path; a third less time
    // forward and backward).
    return tf.sum(tf.mul(g, v3), 2) as tf.Tensor2D;
  }
  return tf.reshape(matMul(v3, transposeLast(g)), [m, blocks * d]) as tf.Tensor2D;
}

/** g [m, d, d] acting on every point of coords [m, P, 3]; d = 4 is homogeneous. Padding stays 0. */
export function actOnPoints(g: tf.Tensor3D, coords: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor3D {
  const d = g.shape[1];
  const maskE = tf.expandDims(mask, 2);
  if (d === 3) return tf.mul(matMul(coords, transposeLast(g)), maskE) as tf.Tensor3D;
  const [m, p] = [coords.shape[0], coords.shape[1]];
  const homog = tf.concat([coords, tf.ones([m, p, 1])], 2) as tf.Tensor3D;
  const moved = matMul(homog, transposeLast(g));
  return tf.mul(tf.slice(moved, [0, 0, 0], [m, p, 3]), maskE) as tf.Tensor3D;
}

export function act(g: tf.Tensor3D, x: Inputs): Inputs {
  if (x.kind === 'vector') return { kind: 'vector', x: actOnVectors(g, x.x) };
  if (x.kind === 'image') return { kind: 'image', images: resampleAffine(g, x.images) };
  return { ...x, coords: actOnPoints(g, x.coords, x.mask) };
}

/**
 * Step of the central difference that gives a generator's action on images: images are piecewise
 * linear in g (bilinear reads), so the derivative at the identity is taken over a small step (a
 * fraction of a pixel for a unit-norm generator on a 28-pixel image) instead of at the kink.
 */
const IMAGE_ACTION_STEP = 0.02;

/** (d/dt) exp(t L) x at t = 0 for images, by central differences: [k, m, H * W * C]. */
function imageGeneratorAction(generators: tf.Tensor3D, images: tf.Tensor4D): tf.Tensor3D {
  const k = generators.shape[0];
  const [m, h, w, c] = images.shape;
  const stacked = tf.reshape(tf.tile(tf.expandDims(generators, 1), [1, m, 1, 1]), [k * m, 3, 3]) as tf.Tensor3D;
  const tiled = tf.tile(images, [k, 1, 1, 1]) as tf.Tensor4D;
  const plus = resampleAffine(expm(tf.mul(stacked, IMAGE_ACTION_STEP) as tf.Tensor3D, 0), tiled);
  const minus = resampleAffine(expm(tf.mul(stacked, -IMAGE_ACTION_STEP) as tf.Tensor3D, 0), tiled);
  return tf.reshape(tf.div(tf.sub(plus, minus), 2 * IMAGE_ACTION_STEP), [k, m, h * w * c]) as tf.Tensor3D;
}

/**
 * Infinitesimal action of each generator on each sample, flattened: [k, m, F] with F the input
 * width (vector, image) or P * 3 (points). For points:4 the homogeneous part gives translations.
 */
export function generatorAction(generators: tf.Tensor3D, x: Inputs): tf.Tensor3D {
  const [k, d] = [generators.shape[0], generators.shape[1]];
  if (x.kind === 'image') return imageGeneratorAction(generators, x.images);
  if (x.kind === 'vector') {
    const [m, width] = x.x.shape;
    const blocks = width / d;
    // [m*blocks, d] x L^T for all k at once: [m*blocks, d] x [d, k*d].
    const rows = tf.reshape(x.x, [m * blocks, d]) as tf.Tensor2D;
    const lt = tf.reshape(tf.transpose(generators, [2, 0, 1]), [d, k * d]) as tf.Tensor2D;
    const moved = tf.reshape(matMul(rows, lt), [m, blocks, k, d]);
    return tf.reshape(tf.transpose(moved, [2, 0, 1, 3]), [k, m, width]) as tf.Tensor3D;
  }
  const [m, p] = [x.coords.shape[0], x.coords.shape[1]];
  const pts = d === 4 ? tf.concat([x.coords, tf.ones([m, p, 1])], 2) : x.coords;
  const rows = tf.reshape(pts, [m * p, d]) as tf.Tensor2D;
  const lt = tf.reshape(tf.transpose(generators, [2, 0, 1]), [d, k * d]) as tf.Tensor2D;
  let moved = tf.reshape(matMul(rows, lt), [m, p, k, d]);
  if (d === 4) moved = tf.slice(moved, [0, 0, 0, 0], [m, p, k, 3]);
  moved = tf.mul(moved, tf.reshape(x.mask, [m, p, 1, 1]));
  return tf.reshape(tf.transpose(moved, [2, 0, 1, 3]), [k, m, p * 3]) as tf.Tensor3D;
}

/** Flattened raw features [m, F] for distances and cosines: the vector itself, or masked coords. */
export function flatFeatures(x: Inputs): tf.Tensor2D {
  if (x.kind === 'vector') return x.x;
  if (x.kind === 'image') return tf.reshape(x.images, [x.images.shape[0], -1]) as tf.Tensor2D;
  const [m, p] = [x.coords.shape[0], x.coords.shape[1]];
  return tf.reshape(x.coords, [m, p * 3]) as tf.Tensor2D;
}
