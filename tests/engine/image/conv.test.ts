import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { conv2dSame } from '../../../src-main/engine/image/conv';
import { take } from '../helpers';

/** The convolution's tests read tensors synchronously, which the webgpu backend cannot do in Node. */
const SYNC_BACKENDS = ['cpu', 'wasm'] as const;

function random(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return take<number>(tf.max(tf.abs(tf.sub(a, b))));
}

describe('conv2dSame (forward convolutions for the gradients too)', () => {
  it('equals tf.conv2d with same padding plus the bias, and so do its gradients (cpu)', async () => {
    await selectBackend('cpu');
    const rng = new Rng(2);
    const x = random(rng, [2, 6, 5, 3]) as tf.Tensor4D;
    const w = random(rng, [3, 3, 3, 4]) as tf.Tensor4D;
    const b = random(rng, [4]) as tf.Tensor1D;
    const dy = random(rng, [2, 6, 5, 4]);
    expect(maxDiff(conv2dSame(x, w, b), tf.add(tf.conv2d(x, w, 1, 'same'), b))).toBeLessThan(1e-4);
    const ours = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(conv2dSame(xi as tf.Tensor4D, wi as tf.Tensor4D, b), dy)))([x, w]);
    const theirs = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 1, 'same'), dy)))([x, w]);
    expect(maxDiff(ours[0]!, theirs[0]!)).toBeLessThan(1e-4);
    expect(maxDiff(ours[1]!, theirs[1]!)).toBeLessThan(1e-4);
  });

  it.each(SYNC_BACKENDS)('has a filter gradient on %s (wasm has no Conv2DBackpropFilter)', async (backend) => {
    await selectBackend(backend);
    const rng = new Rng(3);
    const x = random(rng, [1, 4, 4, 2]) as tf.Tensor4D;
    const w = random(rng, [3, 3, 2, 2]) as tf.Tensor4D;
    const b = tf.zeros([2]) as tf.Tensor1D;
    const g = take<number[][][][]>(tf.grad((wi: tf.Tensor) => tf.sum(conv2dSame(x, wi as tf.Tensor4D, b)))(w));
    // d sum(conv) / d w[dy][dx][c][o] = the sum of x over the pixels that window offset reads.
    const xs = take<number[][][][]>(x)[0]!;
    let want = 0;
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) if (r + 1 < 4 && c - 1 >= 0) want += xs[r + 1]![c - 1]![1]!;
    expect(g[2]![0]![1]![0]!).toBeCloseTo(want, 4);
  });
});
