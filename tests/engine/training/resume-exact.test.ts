/**
 * Resume is bit-exact: a run stopped after any epoch, its checkpoint encoded to bytes and decoded
 * (as the workspace stores it), and continued in a fresh trainer ends with the same weights, basis
 * and losses, bit for bit, as the uninterrupted run. Several methods, seeds and stop points.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { CanceledError, Trainer, type EpochEvent } from '../../../src-main/engine/training/trainer';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src-main/store/checkpoint-codec';

const dataset = loadBuiltin('builtin:nbody2?trajectories=8');
const rotation = [[[0, -1, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, -1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, -1, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, -1], [0, 0, 0, 0, 0, 0, 1, 0]]];

function cfg(over: Record<string, unknown>): TrainConfig {
  return resolveConfig({ epochs: 4, batchSize: 8, model: { kind: 'mlp', hidden: [16] }, manifold: { anchors: 32 }, ...over } as Partial<TrainConfig>);
}

/** Everything a run's numbers depend on, as plain arrays. */
async function state(t: Trainer, history: EpochEvent[]): Promise<unknown> {
  const cp = await t.checkpoint();
  return {
    weights: cp.modelWeights.map((a) => Array.from(a)),
    basis: cp.rawBasis ? Array.from(cp.rawBasis) : null,
    widths: cp.augerinoWidths ? Array.from(cp.augerinoWidths) : null,
    optimizers: [...cp.modelOptimizer, ...cp.basisOptimizer].map((a) => Array.from(a)),
    judge: cp.judge ? [...cp.judge.weights, ...cp.judge.optimizer].map((a) => Array.from(a)) : null,
    history: history.map(({ seconds: _s, ...rest }) => rest),
  };
}

const CASES: [string, Record<string, unknown>][] = [
  ['semola, seed 1', { seed: 1 }],
  ['semola k=2 with strengths, seed 2', { seed: 2, k: 2, strengths: { enabled: true } }],
  ['plain, seed 3', { seed: 3, method: 'plain' }],
  ['augerino, seed 4', { seed: 4, method: 'augerino', fixedBasis: rotation }],
  // The data judge starts when the moves do (after epoch 1): stops before and after it.
  ['semola judged by a data model, seed 5', { seed: 5, manifold: { anchors: 32, judge: 'data-model' }, basisWarmupEpochs: 1 }],
];

describe('resume is bit-exact', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it.each(CASES)('%s: stopped after epoch 1, 2 or 3 and resumed from the stored bytes', async (_name, over) => {
    const config = cfg(over);
    const full = new Trainer(dataset, config);
    const want = await state(full, await full.train());
    full.dispose();
    for (const stopAfter of [1, 2, 3]) {
      const first = new Trainer(dataset, config);
      const ctl = new AbortController();
      await expect(first.train({ signal: ctl.signal, onEpoch: (e) => void (e.epoch === stopAfter && ctl.abort()) })).rejects.toBeInstanceOf(CanceledError);
      const bytes = encodeCheckpoint(await first.checkpoint());
      first.dispose();
      const resumed = new Trainer(dataset, config);
      await resumed.restore(decodeCheckpoint(bytes));
      const got = await state(resumed, await resumed.train());
      resumed.dispose();
      expect(got, `stopped after epoch ${stopAfter}`).toEqual(want);
    }
  }, 60_000);
});
