/**
 * A hand-made model of the mixed-axes-xy target (z exact, x and y broken by eps) plus a fixed
 * non-invariant error term that stands for a fit's noise, and the term context of its dataset:
 * verdict tests measure on a model whose symmetry is known exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../../src-main/data/dataset';
import { Rng } from '../../../src-main/data/random';
import type { Inputs } from '../../../src-main/engine/layouts';
import type { TermContext } from '../../../src-main/engine/losses/objective';
import type { BaseModel } from '../../../src-main/engine/models/model';

/**
 * y = pairwise distances / sqrt(pairs) + eps q (the built-in's target, in tf) + noise * tanh(x W) v:
 * the last term changes along every rotation, like a fit's error.
 */
export function handMadeModel(points: number, eps: number, noise: number, seed: number): BaseModel {
  const rng = new Rng(seed);
  const F = 3 * points;
  const W = tf.tensor2d(Array.from({ length: F * 16 }, () => rng.normal()), [F, 16]);
  const v = tf.tensor2d(Array.from({ length: 16 }, () => rng.normal() / 4), [16, 1]);
  return {
    kind: 'hand-made',
    variables: [],
    predict(x: Inputs): tf.Tensor2D {
      return tf.tidy(() => {
        const flat = (x as { x: tf.Tensor2D }).x;
        const p = tf.reshape(flat, [-1, points, 3]);
        const diff = tf.sub(tf.expandDims(p, 2), tf.expandDims(p, 1));
        const dist = tf.sqrt(tf.add(tf.sum(tf.square(diff), -1), 1e-12));
        const pairs = (points * (points - 1)) / 2;
        const distances = tf.div(tf.sum(dist, [1, 2]), 2 * Math.sqrt(pairs));
        const [px, py, pz] = tf.split(p, 3, 2);
        const q = tf.div(tf.sum(tf.sub(tf.square(pz!), tf.div(tf.add(tf.square(px!), tf.square(py!)), 2)), [1, 2]), Math.sqrt(3 * points));
        const y = tf.add(distances, tf.mul(q, eps));
        const err = tf.mul(tf.matMul(tf.tanh(tf.matMul(flat, W)), v), noise);
        return tf.add(tf.expandDims(y, 1), err) as tf.Tensor2D;
      });
    },
    dispose() {
      W.dispose();
      v.dispose();
    },
  };
}

export function contextOf(ds: Dataset): TermContext {
  const t = ds.train.targets;
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const std = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
  return { task: 'invariant', targetKind: 'regression', numClasses: 0, targetScale: tf.tensor1d([std]), featureScale: tf.ones([ds.train.inputs.length / ds.train.n]) as tf.Tensor1D };
}
