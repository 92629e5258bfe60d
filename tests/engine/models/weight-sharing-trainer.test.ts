/**
 * The weight-sharing model as a base model of the Trainer (SPEC 6): it finds the permutation group
 * of a point set, resumes bit for bit, trains under SEMoLA, and its Sinkhorn gradient is exact.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, SampleSet } from '../../../src-main/data/dataset';
import { makePartialPermutationDataset } from '../../../src-main/data/builtin/partial-permutation';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { discreteSymmetry } from '../../../src-main/engine/discrete/symmetry';
import { subset } from '../../../src-main/engine/samples';
import { sinkhorn } from '../../../src-main/engine/models/weight-sharing';
import { Trainer } from '../../../src-main/engine/training/trainer';

/** 4 points in 3-D; y = q1 q2 q3 + q4 - q4^2 / 2 with q_i = p_i . u: symmetric in points 1..3, not in point 4. */
function pointSet(n: number, rng: Rng): SampleSet {
  const u = [0.8, 0.5, -0.33];
  const coords = new Float32Array(n * 12);
  const targets = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    const q: number[] = [];
    for (let p = 0; p < 4; p++) {
      const v = [rng.normal(), rng.normal(), rng.normal()];
      coords.set(v, s * 12 + p * 3);
      q.push(v[0]! * u[0]! + v[1]! * u[1]! + v[2]! * u[2]!);
    }
    targets[s] = q[0]! * q[1]! * q[2]! + q[3]! - q[3]! ** 2 / 2;
  }
  const points = { coords, species: new Int32Array(n * 4), mask: new Float32Array(n * 4).fill(1), maxPoints: 4, numSpecies: 1 };
  return { n, inputs: new Float32Array(0), points, targets };
}

function pointDataset(seed: number): Dataset {
  const rng = new Rng(seed);
  return {
    name: 'four-points',
    source: 'test',
    layout: { kind: 'points', d: 3, maxPoints: 4 },
    task: 'invariant',
    targetKind: 'regression',
    inputNames: [],
    targetNames: ['y'],
    train: pointSet(1500, rng),
    test: pointSet(300, rng),
  };
}

const wsConfig = (over: Record<string, unknown>): TrainConfig =>
  resolveConfig({ model: { kind: 'weight-sharing', hidden: [8] }, method: 'plain', lr: 0.01, batchSize: 128, evalPoints: 20, evalGroupSamples: 2, ...over } as Partial<TrainConfig>);

describe('weight sharing in the Trainer (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('on a point set finds S_3 on points 1..3 and leaves point 4 fixed', async () => {
    const ds = pointDataset(0);
    // The model's run defaults (lr 1e-2, batch 128, 100 epochs): only the model is chosen.
    const trainer = new Trainer(ds, resolveConfig({ model: { kind: 'weight-sharing', hidden: [8] }, method: 'plain', seed: 0, evalPoints: 20, evalGroupSamples: 2 } as Partial<TrainConfig>));
    try {
      await trainer.train();
      const last = trainer.history[trainer.history.length - 1]!;
      expect(last.losses.modelReg).toBeGreaterThan(0);
      // Standardized validation MSE: a model that ignored the points would sit near 1.
      expect(last.valLoss!).toBeLessThan(0.3);
      const { permutations, permutationGroup: g } = discreteSymmetry(trainer, ds, subset(ds, ds.train, trainer.valIndex))!;
      expect(permutations.check!.groupLoss).toBeLessThanOrEqual(permutations.check!.limit);
      expect(g.name).toBe('S_3 on {p1, p2, p3}');
      expect(g.order).toBe(6);
      expect(g.orbits).toEqual([[0, 1, 2], [3]]);
    } finally {
      trainer.dispose();
    }
  }, 120_000);

  it('resumes from a checkpoint exactly where an uninterrupted run is', async () => {
    const ds = makePartialPermutationDataset({ samples: 200, seed: 1 }, 'builtin:partial-permutation', 'builtin');
    const config = wsConfig({ epochs: 4, seed: 2, batchSize: 32 });
    const full = new Trainer(ds, config);
    const first = new Trainer(ds, { ...config, epochs: 2 });
    const resumed = new Trainer(ds, config);
    try {
      await full.train();
      await first.train();
      await resumed.restore(await first.checkpoint());
      await resumed.train();
      expect(resumed.history.map((h) => h.losses)).toEqual(full.history.map((h) => h.losses));
      expect(resumed.model.softPermutations!()).toEqual(full.model.softPermutations!());
    } finally {
      [full, first, resumed].forEach((t) => t.dispose());
    }
  });

  it('trains under SEMoLA too: the basis and the permutations are both learned', async () => {
    const ds = makePartialPermutationDataset({ samples: 200, seed: 1 }, 'builtin:partial-permutation', 'builtin');
    const trainer = new Trainer(ds, wsConfig({ method: 'semola', epochs: 2, seed: 0, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 } }));
    try {
      const before = trainer.model.softPermutations!();
      const basisBefore = trainer.augmenter!.basisArray();
      await trainer.train();
      const e = trainer.history[1]!;
      for (const v of [e.losses.total, e.losses.equiv, e.losses.modelReg!]) expect(Number.isFinite(v)).toBe(true);
      expect(e.losses.equiv).toBeGreaterThan(0);
      expect(trainer.model.softPermutations!()[1]).not.toEqual(before[1]);
      expect(trainer.augmenter!.basisArray()).not.toEqual(basisBefore);
    } finally {
      trainer.dispose();
    }
  });

  it.each(['plain', 'semola'] as const)('keeps the tensor count flat across epochs (%s: the step shares one Sinkhorn)', async (method) => {
    const ds = makePartialPermutationDataset({ samples: 200, seed: 1 }, 'builtin:partial-permutation', 'builtin');
    const trainer = new Trainer(ds, wsConfig({ method, epochs: 3, seed: 0, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 } }));
    const counts: number[] = [];
    try {
      await trainer.train({ onEpoch: () => void counts.push(tf.memory().numTensors) });
      expect(counts).toHaveLength(3);
      expect(counts[1]).toBe(counts[0]);
      expect(counts[2]).toBe(counts[0]);
    } finally {
      trainer.dispose();
    }
  });

  it('refuses an equivariant task with the reason', () => {
    const base = makePartialPermutationDataset({ samples: 20, seed: 1 }, 'p', 'p');
    // Targets in the input's layout: y = x, the one equivariant task every layout allows.
    const ds: Dataset = { ...base, task: 'equivariant', targetNames: base.inputNames, train: { ...base.train, targets: base.train.inputs }, test: undefined };
    expect(() => new Trainer(ds, wsConfig({}))).toThrow(/invariant tasks only/);
  });

  it('Sinkhorn gradient (written out) equals autodiff through tf.logSumExp', () => {
    const rng = new Rng(5);
    const logits = tf.tensor3d(Array.from({ length: 2 * 4 * 4 }, () => rng.normal()), [2, 4, 4]);
    const w = tf.tensor3d(Array.from({ length: 2 * 4 * 4 }, () => rng.normal()), [2, 4, 4]);
    const reference = (l: tf.Tensor): tf.Tensor => {
      let x = l;
      for (let k = 0; k < 20; k++) {
        x = tf.sub(x, tf.logSumExp(x, 2, true));
        x = tf.sub(x, tf.logSumExp(x, 1, true));
      }
      return tf.exp(x);
    };
    const ours = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(sinkhorn(l), w)))(logits).arraySync() as number[][][];
    const auto = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(reference(l), w)))(logits).arraySync() as number[][][];
    ours.flat(2).forEach((v, i) => expect(v).toBeCloseTo(auto.flat(2)[i]!, 5));
    expect(Math.max(...auto.flat(2).map(Math.abs))).toBeGreaterThan(1e-3);
    tf.dispose([logits, w]);
  });
});
