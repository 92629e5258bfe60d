/**
 * The base models. PointCloudModel: invariant to the order of the points and to padding, but not
 * to rotations (any rotation symmetry must come from the augmenter). MlpModel: standardizes its
 * inputs and de-standardizes its outputs with the training statistics. And a small Trainer run on
 * a synthetic point-cloud dataset, with points:3 and points:4 (homogeneous) layouts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, SampleSet } from '../../../src-main/data/dataset';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { evaluate } from '../../../src-main/engine/evaluation/evaluate';
import type { PointInputs } from '../../../src-main/engine/layouts';
import { MlpModel } from '../../../src-main/engine/models/mlp';
import { PointCloudModel, type PointCloudOptions } from '../../../src-main/engine/models/pointcloud';
import { LOSS_TERMS, Trainer } from '../../../src-main/engine/training/trainer';

/** One point cloud: coordinates and a species index per point. */
interface Cloud {
  coords: [number, number, number][];
  species: number[];
}

const NUM_SPECIES = 2;

function randomClouds(rng: Rng, n: number, minPoints: number, maxPoints: number): Cloud[] {
  return Array.from({ length: n }, () => {
    const p = minPoints + rng.int(maxPoints - minPoints + 1);
    return {
      coords: Array.from({ length: p }, () => [rng.normal(), rng.normal(), rng.normal()] as [number, number, number]),
      species: Array.from({ length: p }, () => rng.int(NUM_SPECIES)),
    };
  });
}

/**
 * Clouds as padded model inputs with `slots` points each. `place(i)` gives the slots the real
 * points of cloud i go to (default: the first ones); the other slots are padding, filled with
 * `padCoord` and a species one-hot (as junk a model must ignore).
 */
function toInputs(
  clouds: Cloud[],
  slots: number,
  opts: { place?: (i: number, count: number) => number[]; padCoord?: (i: number, s: number) => [number, number, number] } = {},
): PointInputs {
  const m = clouds.length;
  const coords = new Float32Array(m * slots * 3);
  const species = new Float32Array(m * slots * NUM_SPECIES);
  const mask = new Float32Array(m * slots);
  clouds.forEach((c, i) => {
    const where = opts.place ? opts.place(i, c.coords.length) : c.coords.map((_, k) => k);
    const used = new Set(where);
    c.coords.forEach((xyz, k) => {
      const s = where[k]!;
      coords.set(xyz, (i * slots + s) * 3);
      species[(i * slots + s) * NUM_SPECIES + c.species[k]!] = 1;
      mask[i * slots + s] = 1;
    });
    for (let s = 0; s < slots; s++) {
      if (used.has(s) || !opts.padCoord) continue;
      coords.set(opts.padCoord(i, s), (i * slots + s) * 3);
      species[(i * slots + s) * NUM_SPECIES + ((i + s) % NUM_SPECIES)] = 1;
    }
  });
  return {
    kind: 'points',
    coords: tf.tensor3d(coords, [m, slots, 3]),
    species: tf.tensor3d(species, [m, slots, NUM_SPECIES]),
    mask: tf.tensor2d(mask, [m, slots]),
  };
}

function predict(model: { predict(x: PointInputs): tf.Tensor2D }, x: PointInputs): number[] {
  const out = model.predict(x);
  const v = Array.from(out.dataSync());
  tf.dispose([out, x.coords, x.species, x.mask]);
  return v;
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

function pointModel(seed: number, outDim = 2): PointCloudModel {
  const o: PointCloudOptions = {
    numSpecies: NUM_SPECIES,
    outDim,
    embedding: 8,
    pointHidden: [16, 16],
    readoutHidden: [16],
    coordScale: 1,
    targetMean: new Float32Array(outDim).fill(0.5),
    targetStd: new Float32Array(outDim).fill(2),
  };
  return new PointCloudModel(o, new Rng(seed));
}

/** Synthetic point clouds: 3-5 points of 2 species; target = sum of squared distances to the centroid. */
function cloudSet(rng: Rng, n: number, maxPoints: number): SampleSet {
  const clouds = randomClouds(rng, n, 3, 5);
  const coords = new Float32Array(n * maxPoints * 3);
  const species = new Int32Array(n * maxPoints);
  const mask = new Float32Array(n * maxPoints);
  const targets = new Float32Array(n);
  clouds.forEach((c, i) => {
    const centroid = [0, 1, 2].map((a) => c.coords.reduce((s, p) => s + p[a]!, 0) / c.coords.length);
    let y = 0;
    c.coords.forEach((p, k) => {
      coords.set(p, (i * maxPoints + k) * 3);
      species[i * maxPoints + k] = c.species[k]!;
      mask[i * maxPoints + k] = 1;
      y += p.reduce((s, v, a) => s + (v - centroid[a]!) ** 2, 0);
    });
    targets[i] = y;
  });
  return { n, inputs: new Float32Array(0), points: { coords, species, mask, maxPoints, numSpecies: NUM_SPECIES }, targets };
}

function cloudDataset(d: 3 | 4): Dataset {
  const maxPoints = 5;
  const rng = new Rng(100 + d);
  return {
    name: `synthetic-clouds-${d}`,
    source: 'test',
    layout: { kind: 'points', d, maxPoints },
    task: 'invariant',
    targetKind: 'regression',
    inputNames: Array.from({ length: maxPoints * 3 }, (_, i) => `p${Math.floor(i / 3)}${'xyz'[i % 3]}`),
    targetNames: ['spread'],
    train: cloudSet(rng, 64, maxPoints),
    test: cloudSet(rng, 16, maxPoints),
  };
}

function cloudConfig(): TrainConfig {
  return resolveConfig({
    model: { kind: 'pointcloud', hidden: [16, 16] },
    epochs: 1,
    batchSize: 16,
    manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 },
    evalPoints: 16,
    evalGroupSamples: 4,
    inferenceSamples: 4,
  } as Partial<TrainConfig>);
}

describe.each(['cpu', 'wasm'] as const)('base models on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  describe('PointCloudModel', () => {
    it('gives the same output for any order of the points', () => {
      const model = pointModel(1);
      const clouds = randomClouds(new Rng(2), 6, 3, 5);
      const base = predict(model, toInputs(clouds, 5));
      // Real points scattered over the slots in a shuffled order, padding in between.
      const rng = new Rng(3);
      const shuffled = predict(model, toInputs(clouds, 5, { place: (_i, count) => rng.shuffle([0, 1, 2, 3, 4]).slice(0, count) }));
      expect(base.every(Number.isFinite)).toBe(true);
      expect(maxAbsDiff(shuffled, base)).toBeLessThan(1e-5);
      model.dispose();
    });

    it('ignores padded points, whatever their coordinates and species', () => {
      const model = pointModel(4);
      const clouds = randomClouds(new Rng(5), 6, 3, 5);
      const base = predict(model, toInputs(clouds, 5));
      const padded = predict(model, toInputs(clouds, 9, { padCoord: (i, s) => [37 * (i + 1), -50 + s, 1e3] }));
      expect(maxAbsDiff(padded, base)).toBeLessThan(1e-5);
      model.dispose();
    });

    it('is not rotation-invariant by construction: a 90-degree rotation changes a random model', () => {
      const model = pointModel(6);
      const clouds = randomClouds(new Rng(7), 6, 3, 5);
      const rotated: Cloud[] = clouds.map((c) => ({ species: c.species, coords: c.coords.map(([x, y, z]) => [-y, x, z]) }));
      const base = predict(model, toInputs(clouds, 5));
      const turned = predict(model, toInputs(rotated, 5));
      expect(maxAbsDiff(turned, base)).toBeGreaterThan(1e-4);
      model.dispose();
    });

    it('builds and predicts with no hidden per-point layers', () => {
      const model = new PointCloudModel(
        { numSpecies: NUM_SPECIES, outDim: 1, embedding: 8, pointHidden: [], readoutHidden: [], coordScale: 1, targetMean: new Float32Array(1), targetStd: new Float32Array(1).fill(1) },
        new Rng(10),
      );
      try {
        const out = predict(model, toInputs(randomClouds(new Rng(11), 3, 3, 5), 5));
        expect(out).toHaveLength(3);
        expect(out.every(Number.isFinite)).toBe(true);
      } finally {
        model.dispose();
      }
    });

    it('rejects the vector layout', () => {
      const model = pointModel(8);
      const x = tf.zeros([2, 6]) as tf.Tensor2D;
      expect(() => model.predict({ kind: 'vector', x })).toThrow(/points/);
      x.dispose();
      model.dispose();
    });
  });

  describe('MlpModel', () => {
    const stats = {
      inputMean: Float32Array.from([10, -5, 3]),
      inputStd: Float32Array.from([2, 0.5, 4]),
      targetMean: Float32Array.from([100, -7]),
      targetStd: Float32Array.from([3, 0.25]),
    };
    const identity = {
      inputMean: new Float32Array(3),
      inputStd: new Float32Array(3).fill(1),
      targetMean: new Float32Array(2),
      targetStd: new Float32Array(2).fill(1),
    };
    const rows = [
      [10, -5, 3],
      [12, -4, -1],
      [-30, 8, 100],
      [0, 0, 0],
    ];

    function run(model: MlpModel, input: number[][]): number[][] {
      const x = tf.tensor2d(input);
      const out = model.predict({ kind: 'vector', x });
      const v = out.arraySync() as number[][];
      tf.dispose([x, out]);
      return v;
    }

    it('outputs the target mean when every weight is zero, whatever the input', () => {
      const model = new MlpModel(3, 2, [8, 8], stats, new Rng(1));
      for (const v of model.variables) v.assign(tf.zerosLike(v));
      for (const row of run(model, rows)) {
        expect(row[0]).toBeCloseTo(100, 4);
        expect(row[1]).toBeCloseTo(-7, 4);
      }
      model.dispose();
    });

    it('standardizes inputs with (x - mean) / std and de-standardizes outputs with y * std + mean', () => {
      // Same seed, same weights: the standardizing model on x equals the plain one on (x - m) / s,
      // mapped back by the target std and mean.
      const withStats = new MlpModel(3, 2, [8, 8], stats, new Rng(9));
      const plain = new MlpModel(3, 2, [8, 8], identity, new Rng(9));
      const z = rows.map((r) => r.map((v, j) => (v - stats.inputMean[j]!) / stats.inputStd[j]!));
      const got = run(withStats, rows);
      const want = run(plain, z).map((r) => r.map((v, j) => v * stats.targetStd[j]! + stats.targetMean[j]!));
      got.forEach((r, i) => r.forEach((v, j) => expect(v, `row ${i} col ${j}`).toBeCloseTo(want[i]![j]!, 3)));
      // And the statistics matter: without them the outputs differ.
      expect(maxAbsDiff(run(plain, rows).flat(), got.flat())).toBeGreaterThan(1e-2);
      withStats.dispose();
      plain.dispose();
    });
  });

  describe('Trainer on synthetic point clouds', () => {
    it.each([3, 4] as const)('trains on points:%i without NaN', async (d) => {
      const ds = cloudDataset(d);
      const trainer = new Trainer(ds, cloudConfig());
      try {
        expect(trainer.model.kind).toBe('pointcloud');
        const history = await trainer.train();
        expect(history).toHaveLength(1);
        const e = history[0]!;
        for (const name of LOSS_TERMS) expect(Number.isFinite(e.losses[name]), name).toBe(true);
        expect(Number.isFinite(e.valLoss!)).toBe(true);
        expect(e.steps).toBeGreaterThan(0);

        const basis = trainer.augmenter!.basisArray();
        expect(basis).toHaveLength(1);
        const L = basis[0]!;
        expect(L).toHaveLength(d);
        for (const row of L) {
          expect(row).toHaveLength(d);
          expect(row.every(Number.isFinite)).toBe(true);
        }
        expect(Math.hypot(...L.flat())).toBeCloseTo(Math.sqrt(d), 3);
        if (d === 4) {
          // Homogeneous action on [p; 1]: the last row stays 0 so the 1 stays 1.
          expect(L[3]!.map(Math.abs)).toEqual([0, 0, 0, 0]);
          // The translation column is free to be learned.
          expect(L.slice(0, 3).some((row) => row.some((v) => v !== 0))).toBe(true);
        }

        const m = evaluate(trainer, ds.test!);
        expect(m.samples).toBe(16);
        expect(Number.isFinite(m.mse!)).toBe(true);
        expect(Number.isFinite(m.direct.mse!)).toBe(true);
        expect(Number.isFinite(m.equivarianceError!)).toBe(true);
        expect(m.equivarianceBasis).toBe('learned');
      } finally {
        trainer.dispose();
      }
    });
  });
});
