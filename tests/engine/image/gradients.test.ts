/**
 * The image kernels' own gradients (convolution, 2 x 2 max pooling) against tfjs's built-in ones,
 * computed on the cpu backend as the reference, on every backend: the fast forms (forward
 * convolutions for both gradients, the pooling mask) must give the same numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { conv2dSame } from '../../../src-main/engine/image/conv';
import { maxPool2x2 } from '../../../src-main/engine/image/pool';
import { describeBackends, maxAbsDiff, takeAsync, useBackend } from '../helpers';

const rng = new Rng(11);
const normal = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());
// Odd and even sizes, several channels: the 'same' padding and the dropped last row of pooling matter.
const X = { shape: [3, 7, 6, 4] as [number, number, number, number], data: normal(3 * 7 * 6 * 4) };
const FILTER = { shape: [3, 3, 4, 5] as [number, number, number, number], data: normal(3 * 3 * 4 * 5) };
const BIAS = normal(5);
const CONV_DY = normal(3 * 7 * 6 * 5);
const POOL_DY = normal(3 * 3 * 3 * 4);

interface Reference {
  conv: number[];
  convDx: number[];
  convDf: number[];
  pool: number[];
  poolDx: number[];
}

async function reference(): Promise<Reference> {
  await selectBackend('cpu');
  const x = tf.tensor4d(X.data, X.shape);
  const f = tf.tensor4d(FILTER.data, FILTER.shape);
  const dy = tf.tensor4d(CONV_DY, [3, 7, 6, 5]);
  const conv = (xi: tf.Tensor, fi: tf.Tensor) => tf.add(tf.conv2d(xi as tf.Tensor4D, fi as tf.Tensor4D, 1, 'same'), tf.tensor1d(BIAS));
  const [dx, df] = tf.grads((xi: tf.Tensor, fi: tf.Tensor) => tf.sum(tf.mul(conv(xi, fi), dy)))([x, f]);
  const pdy = tf.tensor4d(POOL_DY, [3, 3, 3, 4]);
  const poolDx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid'), pdy)))(x);
  return {
    conv: Array.from(await conv(x, f).data()),
    convDx: Array.from(await dx!.data()),
    convDf: Array.from(await df!.data()),
    pool: Array.from(await tf.maxPool(x, 2, 2, 'valid').data()),
    poolDx: Array.from(await poolDx.data()),
  };
}

const relative = (a: number[], b: number[]): number => maxAbsDiff(a, b) / Math.max(...b.map(Math.abs));

describeBackends('image kernels with their own gradients', (backend) => {
  let ref: Reference;
  beforeAll(async () => {
    ref = await reference();
    await useBackend(backend);
  });

  it('conv2dSame: value, input gradient and filter gradient equal tf.conv2d and its gradients', async () => {
    const x = tf.tensor4d(X.data, X.shape);
    const f = tf.tensor4d(FILTER.data, FILTER.shape);
    const b = tf.tensor1d(BIAS);
    const dy = tf.tensor4d(CONV_DY, [3, 7, 6, 5]);
    const [dx, df] = tf.grads((xi: tf.Tensor, fi: tf.Tensor) => tf.sum(tf.mul(conv2dSame(xi as tf.Tensor4D, fi as tf.Tensor4D, b), dy)))([x, f]);
    expect(relative(Array.from(await conv2dSame(x, f, b).data()), ref.conv)).toBeLessThan(1e-5);
    expect(relative(Array.from(await dx!.data()), ref.convDx)).toBeLessThan(1e-5);
    expect(relative(Array.from(await df!.data()), ref.convDf)).toBeLessThan(1e-5);
    tf.dispose([x, f, b, dy, dx!, df!]);
  });

  it('maxPool2x2: value and gradient equal tf.maxPool (2 x 2, stride 2, valid) and its gradient', async () => {
    const x = tf.tensor4d(X.data, X.shape);
    const dy = tf.tensor4d(POOL_DY, [3, 3, 3, 4]);
    const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(xi as tf.Tensor4D), dy)))(x);
    expect(maxAbsDiff(Array.from(await maxPool2x2(x).data()), ref.pool)).toBe(0);
    expect(maxAbsDiff(Array.from(await dx.data()), ref.poolDx)).toBeLessThan(1e-6);
    // The dropped seventh row gets no gradient.
    const rows = await takeAsync<number[][][][]>(dx);
    expect(rows.every((img) => img[6]!.every((px) => px.every((v) => v === 0)))).toBe(true);
    tf.dispose([x, dy, dx]);
  });

  it('maxPool2x2 shares the gradient among tied maxima', async () => {
    const x = tf.tensor4d([1, 1, 0, 1], [1, 2, 2, 1]);
    const dx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(xi as tf.Tensor4D), 6)))(x);
    expect(Array.from(await dx.data())).toEqual([2, 2, 0, 2]);
    tf.dispose([x, dx]);
  });
});
