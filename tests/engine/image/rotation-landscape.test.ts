/**
 * What the generator's gradient sees on images, with the CNN held fixed after training on turned
 * digits (16 x 16, full turns): the equivariance loss E_t CE(f(exp(t L) x), y) is lowest along the
 * rotation of the plane, and gradient steps on L from a start that is no rotation at all (a
 * squeeze with a shear, real eigenvalues) turn it into the rotation within a few dozen steps when
 * the coefficients stay small, as they do during the range warm-up. Broken resampling or expm
 * gradients, a sign error, or a loss that does not single out the rotation fail here.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { Rng } from '../../../src-main/data/random';
import { LieAugmenter } from '../../../src-main/engine/augmenter';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig } from '../../../src-main/engine/config';
import { act, repeatInputs, type ImageInputs } from '../../../src-main/engine/layouts';
import { predictionLoss } from '../../../src-main/engine/losses/objective';
import { Trainer } from '../../../src-main/engine/training/trainer';

const ROTATION = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const OTHERS: Record<string, number[][]> = {
  scaling: [[1, 0, 0], [0, 1, 0], [0, 0, 0]],
  stretch: [[1, 0, 0], [0, -1, 0], [0, 0, 0]],
  shear: [[0, 1, 0], [0, 0, 0], [0, 0, 0]],
  translation: [[0, 0, 1], [0, 0, 1], [0, 0, 0]],
};

let trainer: Trainer;
let images: tf.Tensor4D;
let labels: tf.Tensor2D;

beforeAll(async () => {
  await selectBackend('wasm');
  const ds = loadBuiltin('builtin:rotated-digits?samples=400&size=16&split=id&seed=3');
  trainer = new Trainer(ds, resolveConfig({ method: 'plain', model: { kind: 'cnn', channels: [8, 16] } as never, epochs: 3, batchSize: 32, seed: 1 }));
  await trainer.train();
  const { train } = trainer.tensors;
  images = (train.inputs as ImageInputs).images;
  labels = train.targets as tf.Tensor2D;
}, 120_000);

/** Unit-rate generator (Frobenius norm sqrt 2, as the CNN defaults normalise) from raw entries. */
function normalised(raw: tf.Tensor): tf.Tensor3D {
  const masked = tf.mul(raw, tf.tensor3d([[[1, 1, 1], [1, 1, 1], [0, 0, 0]]]));
  return tf.mul(masked, tf.div(Math.SQRT2, tf.add(tf.norm(masked), 1e-6))) as tf.Tensor3D;
}

/** E_t CE(f(exp(t L) x), y) over the given samples and coefficients. */
function equivLoss(L: tf.Tensor3D, idx: number[], t: number[]): tf.Scalar {
  const copies = t.length / idx.length;
  const i = tf.tensor1d(idx, 'int32');
  const x: ImageInputs = { kind: 'image', images: tf.gather(images, i) };
  const g = LieAugmenter.groupElements(tf.tensor2d(t, [t.length, 1]), L, 5);
  const fgx = trainer.model.predict(act(g, repeatInputs(x, copies)));
  const y = tf.reshape(tf.tile(tf.expandDims(tf.gather(labels, i), 1), [1, copies, 1]), [t.length, -1]) as tf.Tensor2D;
  return predictionLoss(trainer.ctx, fgx, y);
}

function rotationCosine(L: number[][]): number {
  return Math.abs(L[1]![0]! - L[0]![1]!) / Math.SQRT2 / Math.hypot(...L.flat());
}

describe('the generator gradient on images (CNN held fixed)', () => {
  it('sees the rotation as the lowest loss at full turns and at small coefficients', () => {
    const idx = Array.from({ length: 128 }, (_, i) => i);
    for (const range of [0.3, Math.PI]) {
      // Stratified coefficients, 4 per image.
      const t = idx.flatMap(() => [-0.75, -0.25, 0.25, 0.75].map((q) => q * 2 * (range / 2)));
      const value = (L: number[][]) => tf.tidy(() => equivLoss(normalised(tf.tensor3d([L])), idx, t).dataSync()[0]!);
      const rot = value(ROTATION);
      const others = Object.values(OTHERS).map(value);
      expect(rot).toBeLessThan(Math.min(...others));
    }
  }, 120_000);

  it('turns a squeeze-and-shear start into the rotation by gradient steps at small coefficients', () => {
    const rng = new Rng(7);
    // Real eigenvalues (b c > 0): no rotation in it; |cos| with the rotation about 0.35.
    const raw = tf.variable(tf.tensor3d([[[-0.1, -0.4, 0.05], [-1.2, 0.4, 0.1], [0, 0, 0]]]).mul(0.03));
    const start = rotationCosine((normalised(raw).arraySync() as number[][][])[0]!);
    const opt = tf.train.adam(1e-3);
    const n = images.shape[0];
    for (let step = 0; step < 60; step++) {
      const idx = Array.from({ length: 32 }, () => rng.int(n));
      const t = Array.from({ length: 64 }, () => rng.uniform(-0.3, 0.3));
      tf.tidy(() => {
        opt.minimize(() => equivLoss(normalised(raw), idx, t), false, [raw]);
      });
    }
    const end = rotationCosine((normalised(raw).arraySync() as number[][][])[0]!);
    expect(start).toBeLessThan(0.5);
    expect(end).toBeGreaterThan(0.9);
  }, 120_000);
});
