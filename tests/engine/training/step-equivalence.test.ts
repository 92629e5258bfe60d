/**
 * One training step computes the same on every backend: the loss terms of the first step (same
 * seed, same initial weights) and those of the second (after one Adam update of the model and the
 * basis) agree with the cpu backend's within float32 tolerance, for the default and the paper recipe.
 * The cpu backend is the plain reference: wasm's and webgpu's kernels are the fast paths.
 */
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { LOSS_TERMS, Trainer, type EpochEvent } from '../../../src-main/engine/training/trainer';
import { describeBackends, useBackend, type TestBackend } from '../helpers';

// 36 training samples in one batch: each epoch is exactly one step.
const dataset = loadBuiltin('builtin:nbody2?trajectories=2');

function cfg(preset: 'default' | 'paper'): TrainConfig {
  return resolveConfig({
    preset,
    epochs: 2,
    batchSize: 64,
    nAug: 2,
    model: { kind: 'mlp', hidden: [16, 16] },
    manifold: { anchors: 32 },
    seed: 5,
  } as Partial<TrainConfig>);
}

async function twoSteps(backend: TestBackend, preset: 'default' | 'paper'): Promise<EpochEvent[]> {
  await useBackend(backend);
  const trainer = new Trainer(dataset, cfg(preset));
  try {
    return await trainer.train();
  } finally {
    trainer.dispose();
  }
}

function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
}

describe('the equivalence fixture', () => {
  it('takes exactly one step per epoch', async () => {
    const h = await twoSteps('cpu', 'default');
    expect(h.map((e) => e.steps)).toEqual([1, 1]);
  });
});

describeBackends('one training step against the cpu backend', (backend) => {
  for (const preset of ['default', 'paper'] as const) {
    it(`gives the cpu backend's loss terms, before and after one update (${preset} recipe)`, async () => {
      const want = await twoSteps('cpu', preset);
      const got = await twoSteps(backend, preset);
      for (const epoch of [0, 1]) {
        for (const name of LOSS_TERMS) {
          const [g, w] = [got[epoch]!.losses[name], want[epoch]!.losses[name]];
          expect(relDiff(g, w), `step ${epoch + 1} ${name}: ${g} vs ${w}`).toBeLessThanOrEqual(epoch === 0 ? 1e-4 : 1e-3);
        }
        expect(relDiff(got[epoch]!.valLoss!, want[epoch]!.valLoss!), `step ${epoch + 1} validation`).toBeLessThanOrEqual(1e-3);
      }
      // The basis after two Adam steps: each entry moved by about the learning rate per step.
      const flat = (h: EpochEvent[]): number[] => h[1]!.basis.flat(2);
      const diff = Math.max(...flat(got).map((v, i) => Math.abs(v - flat(want)[i]!)));
      expect(diff).toBeLessThanOrEqual(1e-3);
    }, 120_000);
  }
});
