/**
 * The parts of the training recipe that must mean what they mean in PyTorch, so a recipe compared
 * with the PyTorch peer (reports/bench/accuracy.md) is the same recipe: nn.Linear's initialisation
 * (`model.init: pytorch`) and Adam's epsilon of 1e-8 (`adamEpsilon`); the defaults keep He-uniform
 * weights with zero biases and tfjs's 1e-7.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { createDense, denseInitLimit } from '../../../src-main/engine/models/dense';
import { PYTORCH_ADAM_EPSILON, TFJS_ADAM_EPSILON, createAdam } from '../../../src-main/engine/training/adam';
import { Trainer } from '../../../src-main/engine/training/trainer';

beforeAll(async () => {
  await selectBackend('cpu');
});

function stats(v: Float32Array): { mean: number; variance: number; maxAbs: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
  return { mean, variance, maxAbs: v.reduce((a, b) => Math.max(a, Math.abs(b)), 0) };
}

describe('dense initialisation (PyTorch nn.Linear)', () => {
  it.each([0, 1, 2])('seed %i: weights and biases U(-1/sqrt(fan_in), +), variance 1/(3 fan_in)', (seed) => {
    const fanIn = 256;
    const layer = createDense(fanIn, 256, new Rng(seed), 'init-test', 'pytorch');
    try {
      const limit = 1 / Math.sqrt(fanIn);
      expect(denseInitLimit(fanIn, 'pytorch')).toBeCloseTo(limit, 12);
      const w = stats(layer.w.dataSync() as Float32Array);
      // 65536 draws: the sample variance is within 1 % of 1/(3 fan_in); He-uniform's is 6x larger.
      expect(w.maxAbs).toBeLessThanOrEqual(limit);
      expect(Math.abs(w.variance * 3 * fanIn - 1)).toBeLessThan(0.02);
      expect(Math.abs(w.mean)).toBeLessThan(0.02 * limit);
      // Biases are drawn too (PyTorch's), not zero: 256 draws, variance within 25 %.
      const b = stats(layer.b.dataSync() as Float32Array);
      expect(b.maxAbs).toBeLessThanOrEqual(limit);
      expect(b.maxAbs).toBeGreaterThan(0.5 * limit);
      expect(Math.abs(b.variance * 3 * fanIn - 1)).toBeLessThan(0.25);
    } finally {
      layer.w.dispose();
      layer.b.dispose();
    }
  });
});

describe('dense initialisation (default He-uniform)', () => {
  it('draws the same weights as before the option existed, and zero biases', () => {
    const fanIn = 64;
    const layer = createDense(fanIn, 32, new Rng(5), 'init-test');
    try {
      const rng = new Rng(5);
      const limit = Math.sqrt(6 / fanIn);
      const expected = Float32Array.from({ length: fanIn * 32 }, () => rng.uniform(-limit, limit));
      expect(Array.from(layer.w.dataSync())).toEqual(Array.from(expected));
      expect(Array.from(layer.b.dataSync()).every((v) => v === 0)).toBe(true);
    } finally {
      layer.w.dispose();
      layer.b.dispose();
    }
  });
});

describe("Adam's epsilon", () => {
  it('at 1e-8 a gradient of 1e-8 moves a weight half the learning rate on the first step', () => {
    expect(PYTORCH_ADAM_EPSILON).toBe(1e-8);
    const opt = createAdam(0.1, PYTORCH_ADAM_EPSILON);
    const x = tf.variable(tf.scalar(0));
    try {
      // Adam's first step is lr * g / (|g| + eps): 0.05 at eps 1e-8, 0.0091 at tfjs's default 1e-7.
      opt.minimize(() => tf.mul(x, 1e-8) as tf.Scalar, false, [x]);
      expect(x.dataSync()[0]!).toBeCloseTo(-0.05, 4);
    } finally {
      x.dispose();
      opt.dispose();
    }
  });

  it("is the trainer's, for the model and for the basis: 1e-7 by default, adamEpsilon when set", () => {
    const ds = loadBuiltin('builtin:nbody2?trajectories=8');
    for (const [over, eps] of [[{}, TFJS_ADAM_EPSILON], [{ adamEpsilon: 1e-8 }, PYTORCH_ADAM_EPSILON]] as const) {
      const config = resolveConfig({ epochs: 1, model: { kind: 'mlp', hidden: [8] }, manifold: { anchors: 16 }, ...over } as Partial<TrainConfig>);
      const t = new Trainer(ds, config);
      try {
        const opts = t as unknown as { modelOpt: { epsilon: number }; basisOpt: { epsilon: number } };
        expect(opts.modelOpt.epsilon).toBe(eps);
        expect(opts.basisOpt.epsilon).toBe(eps);
      } finally {
        t.dispose();
      }
    }
  });
});
