import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { pixelGrid } from '../../../src-main/engine/image/resample';
import { act, flatFeatures, generatorAction, inputCount, repeatInputs, type ImageInputs } from '../../../src-main/engine/layouts';
import { feasibilityProblems, withLayoutDefaults } from '../../../src-main/engine/options/feasibility';

const IMAGE = { kind: 'image', d: 3, height: 24, width: 24, channels: 1 } as const;

/** A smooth blob x(u, v) = exp(-((u - 0.2)^2 + (v + 0.1)^2) / 0.1) on the pixel grid, and its gradient. */
function blob(): { values: number[]; du: number[]; dv: number[] } {
  const grid = pixelGrid(IMAGE.height, IMAGE.width);
  const values: number[] = [];
  const du: number[] = [];
  const dv: number[] = [];
  for (let p = 0; p < grid.length; p += 3) {
    const [u, v] = [grid[p]! - 0.2, grid[p + 1]! + 0.1];
    const x = Math.exp(-(u * u + v * v) / 0.1);
    values.push(x);
    du.push((-2 * u * x) / 0.1);
    dv.push((-2 * v * x) / 0.1);
  }
  return { values, du, dv };
}

describe('the image layout', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('repeats, counts and flattens images, and act() resamples them', () => {
    const x: ImageInputs = { kind: 'image', images: tf.tensor4d(blob().values, [1, 24, 24, 1]) };
    const r = repeatInputs(x, 3);
    expect(inputCount(r)).toBe(3);
    expect(flatFeatures(r).shape).toEqual([3, 576]);
    const identity = tf.tensor3d([[[1, 0, 0], [0, 1, 0], [0, 0, 1]]]);
    const moved = act(identity, x);
    expect(moved.kind).toBe('image');
    expect(tf.max(tf.abs(tf.sub(flatFeatures(moved), flatFeatures(x)))).dataSync()[0]).toBeLessThan(1e-6);
  });

  it("gives a generator's infinitesimal action: -grad x . (L p) for the rotation", () => {
    const { values, du, dv } = blob();
    const x: ImageInputs = { kind: 'image', images: tf.tensor4d(values, [1, 24, 24, 1]) };
    const rotation = tf.tensor3d([[[0, -1, 0], [1, 0, 0], [0, 0, 0]]]);
    const got = Array.from(generatorAction(rotation, x).dataSync());
    const grid = pixelGrid(IMAGE.height, IMAGE.width);
    // x(g^-1 p) with g = exp(t L): d/dt = -grad x . (L p), L p = (-v, u).
    const want = values.map((_, i) => -(du[i]! * -grid[3 * i + 1]! + dv[i]! * grid[3 * i]!));
    const err = Math.sqrt(got.reduce((s, g, i) => s + (g - want[i]!) ** 2, 0) / want.reduce((s, w) => s + w * w, 0));
    expect(err).toBeLessThan(0.1);
  });

  it('gives image data the CNN and refuses the models that do not read images', () => {
    expect(withLayoutDefaults({ layout: IMAGE }, {})).toEqual({ model: { kind: 'cnn' } });
    const shape = { layout: IMAGE, task: 'invariant' as const, targetKind: 'classification' as const };
    const view = { method: 'semola' as const, k: 1, mask: { name: 'full' }, fixedBasis: undefined };
    expect(feasibilityProblems(shape, { ...view, model: { kind: 'cnn' } })).toEqual([]);
    expect(feasibilityProblems(shape, { ...view, k: 7, model: { kind: 'cnn' } })[0]).toMatch(/k/);
    expect(feasibilityProblems(shape, { ...view, model: { kind: 'pointcloud' } })).toEqual(['the pointcloud model does not read images: choose the CNN (or the MLP on the flattened pixels)']);
    expect(feasibilityProblems({ layout: { kind: 'vector', d: 3 }, task: 'invariant', targetKind: 'regression' }, { ...view, model: { kind: 'cnn' } })).toEqual([
      'the CNN reads images; this dataset has the vector layout: choose the MLP',
    ]);
  });
});
