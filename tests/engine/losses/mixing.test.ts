/**
 * The mixing penalty: a generator measured by the parts that rotations of the space keep apart
 * (rotation, uniform scaling, traceless stretch, translation). Broken, the image runs lose their
 * tie-breaker between the rotation and a rotation with a slight stretch (which costs about a
 * point of accuracy out of distribution: docs/discovery.md, "Images"), or non-image runs change.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { mixingTerm, sparsityTerm } from '../../../src-main/engine/losses/objective';
import type { DataJudge } from '../../../src-main/engine/training/data-judge';
import { Trainer } from '../../../src-main/engine/training/trainer';

type M = number[][];
const ROT: M = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const ZOOM: M = [[1, 0, 0], [0, 1, 0], [0, 0, 0]];
const SQUEEZE: M = [[0, 1, 0], [1, 0, 0], [0, 0, 0]];
const SHIFT: M = [[0, 0, 1], [0, 0, 0], [0, 0, 0]];
const SHEAR: M = [[0, 1, 0], [0, 0, 0], [0, 0, 0]];
const comb = (terms: [number, M][]): M => ROT.map((row, i) => row.map((_, j) => terms.reduce((s, [c, m]) => s + c * m[i]![j]!, 0)));
const mixing = (gens: M[], homogeneous = true): number => tf.tidy(() => mixingTerm(tf.tensor3d(gens), homogeneous).arraySync() as number);

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('the mixing penalty', () => {
  it('is 1 for a generator within one part, whatever its scale, and more for a mix', () => {
    for (const g of [ROT, ZOOM, SQUEEZE, SHIFT]) {
      expect(mixing([g])).toBeCloseTo(1, 5);
      expect(mixing([comb([[3.7, g]])])).toBeCloseTo(1, 5);
    }
    // A shear is half rotation, half squeeze.
    expect(mixing([SHEAR])).toBeCloseTo(Math.SQRT2, 5);
    // A rotation with a 5 % stretch: (1 + s) / sqrt(1 + s^2), first order in s.
    const s = 0.05;
    expect(mixing([comb([[1, ROT], [s, SQUEEZE]])])).toBeCloseTo((1 + s) / Math.hypot(1, s), 5);
    // An even mix of the four parts, each of the same norm: 4 / 2.
    expect(mixing([comb([[1, ROT], [1, ZOOM], [1, SQUEEZE], [Math.SQRT2, SHIFT]])])).toBeCloseTo(2, 5);
    // The mean over generators.
    expect(mixing([ROT, SHEAR])).toBeCloseTo((1 + Math.SQRT2) / 2, 5);
  });

  it('prefers no direction of the plane, unlike the L1 of entries', () => {
    const turn = (a: number): M => [[Math.cos(a), -Math.sin(a), 0], [Math.sin(a), Math.cos(a), 0], [0, 0, 1]];
    const mul = (a: M, b: M): M => a.map((row) => b[0]!.map((_, j) => row.reduce((acc, v, k) => acc + v * b[k]![j]!, 0)));
    const g = comb([[1, ROT], [0.3, SQUEEZE], [0.2, SHIFT], [0.1, ZOOM]]);
    const turned = mul(mul(turn(0.7), g), turn(-0.7));
    expect(mixing([turned])).toBeCloseTo(mixing([g]), 5);
    const l1 = (m: M) => tf.tidy(() => sparsityTerm(tf.tensor3d([m])).arraySync() as number);
    expect(Math.abs(l1(turned) - l1(g))).toBeGreaterThan(0.05);
  });

  it('reads the whole matrix in plain coordinates: so(3) is one part', () => {
    const so3: M = [[0, -1, 0.5], [1, 0, -2], [-0.5, 2, 0]];
    expect(mixing([so3], false)).toBeCloseTo(1, 5);
    // Read as homogeneous 2-D coordinates, the same matrix mixes a turn of the plane with a shift.
    expect(mixing([so3], true)).toBeGreaterThan(1.05);
  });

  it('has a gradient that takes the stretch out of a stretched rotation, matching finite differences', () => {
    const g = comb([[1, ROT], [0.05, SQUEEZE], [0.03, SHIFT]]);
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => mixingTerm(x as tf.Tensor3D, true))(tf.tensor3d([g])).arraySync() as M[])[0]!;
    const h = 1e-3;
    for (const dir of [SQUEEZE, SHIFT, ROT, ZOOM]) {
      const along = dir.flat().reduce((acc, v, i) => acc + v * grad.flat()[i]!, 0);
      const fd = (mixing([comb([[1, g], [h, dir]])]) - mixing([comb([[1, g], [-h, dir]])])) / (2 * h);
      expect(along).toBeCloseTo(fd, 2);
    }
    // Descending it shrinks the stretch and the shift: the slope along them is positive, about 1 / ||L||.
    const slope = (dir: M) => dir.flat().reduce((acc, v, i) => acc + v * grad.flat()[i]!, 0);
    expect(slope(SQUEEZE)).toBeGreaterThan(0.3);
    expect(slope(SHIFT)).toBeGreaterThan(0.3);
  });
});

describe('the mixing penalty in training', () => {
  const digits = loadBuiltin('builtin:rotated-digits?samples=96&size=12&split=ood&seed=2');
  const cnn = (over: Record<string, unknown> = {}): TrainConfig =>
    resolveConfig({ model: { kind: 'cnn', channels: [4, 8] }, epochs: 3, batchSize: 16, seed: 3, ...over } as Partial<TrainConfig>);

  it('is on for images by default and reported from the epoch the moves begin; other runs neither weigh nor report it', async () => {
    const image = new Trainer(digits, cnn());
    expect(image.config.weights.mixing).toBe(0.01);
    await image.train();
    expect(image.history[0]!.losses.mixing).toBe(0);
    expect(image.history[2]!.losses.mixing).toBeGreaterThanOrEqual(1);
    image.dispose();
    const fixed = new Trainer(digits, cnn({ method: 'fixed-basis', fixedBasis: [ROT], epochs: 1 }));
    await fixed.train();
    expect(fixed.history[0]!.losses).not.toHaveProperty('mixing');
    fixed.dispose();
    const vectors = new Trainer(loadBuiltin('builtin:nbody2?trajectories=4'), resolveConfig({ epochs: 1, model: { kind: 'mlp', hidden: [8] } } as Partial<TrainConfig>));
    expect(vectors.config.weights.mixing).toBe(0);
    await vectors.train();
    expect(vectors.history[0]!.losses).not.toHaveProperty('mixing');
    vectors.dispose();
  });

  it('alone moves a learned basis towards one part when the data say nothing', async () => {
    // A judge that sees nothing and no other regulariser: only the mixing penalty steers the basis.
    const over = { epochs: 6, basisWarmupEpochs: 1, weights: { aug: 0, orth: 0, sparse: 0, mixing: 1 } };
    const run = new Trainer(digits, cnn(over));
    const judge = (run as unknown as { judge: DataJudge }).judge;
    (judge as { score: DataJudge['score'] }).score = (_ctx, moved) =>
      tf.tidy(() => tf.add(tf.mul(tf.sum((moved as { images: tf.Tensor4D }).images), 0), 2.3) as tf.Scalar);
    const start = mixing(await run.augmenter!.readBasis());
    await run.train();
    const end = mixing(await run.augmenter!.readBasis());
    expect(start).toBeGreaterThan(1.2);
    expect(end).toBeLessThan(start - 0.1);
    expect(run.history.at(-1)!.losses.mixing).toBeLessThan(run.history[1]!.losses.mixing!);
    run.dispose();
  });
});
