/**
 * The data judge (manifold.judge data-model): a copy of the base model that learns from unmoved
 * samples only, and whose loss on moved samples is all that teaches the basis about the data.
 * Broken, the basis would learn from the model trained on the moves again (the joint loss that
 * settles on shears out of distribution), or the judge would learn the moves and stop judging.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import type { BaseModel } from '../../../src-main/engine/models/model';
import { Trainer } from '../../../src-main/engine/training/trainer';
import type { DataJudge } from '../../../src-main/engine/training/data-judge';

const dataset = loadBuiltin('builtin:rotated-digits?samples=96&size=12&split=ood&seed=2');

function config(over: Record<string, unknown> = {}): TrainConfig {
  return resolveConfig({
    model: { kind: 'cnn', channels: [4, 8] },
    epochs: 3,
    batchSize: 16,
    seed: 3,
    ...over,
  } as Partial<TrainConfig>);
}

const judgeOf = (t: Trainer): DataJudge | null => (t as unknown as { judge: DataJudge | null }).judge;
const weights = (m: BaseModel): number[][] => m.variables.map((v) => Array.from(v.dataSync()));

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('the data judge', () => {
  it('is the CNN default and replaces the tangent anchors; a fixed basis gets none', () => {
    const semola = new Trainer(dataset, config());
    expect(semola.config.manifold.judge).toBe('data-model');
    expect(semola.config.weights.manifold).toBe(1);
    expect(judgeOf(semola)).not.toBeNull();
    semola.dispose();
    const fixed = new Trainer(dataset, config({ method: 'fixed-basis', fixedBasis: [[[0, -1, 0], [1, 0, 0], [0, 0, 0]]] }));
    expect(judgeOf(fixed)).toBeNull();
    fixed.dispose();
  });

  it('starts as a copy of the base model when the moves begin and then learns apart from it, on unmoved samples', async () => {
    const trainer = new Trainer(dataset, config({ epochs: 3, basisWarmupEpochs: 1 }));
    const judge = judgeOf(trainer)!;
    let atWarmupEnd: number[][] = [];
    await trainer.train({ onEpoch: (e) => void (e.epoch === 1 && (atWarmupEnd = weights(trainer.model))) });
    expect(judge.isStarted).toBe(true);
    const judgeNow = weights(judge.model);
    expect(judgeNow).not.toEqual(atWarmupEnd);
    expect(judgeNow).not.toEqual(weights(trainer.model));
    // The manifold term is the judge's loss on moved samples: a cross-entropy once the moves begin.
    expect(trainer.history[0]!.losses.manifold).toBe(0);
    expect(trainer.history[1]!.losses.manifold).toBeGreaterThan(0.05);
    trainer.dispose();
  });

  it('is all that teaches the basis about the data: a judge that sees nothing leaves the basis where it was', async () => {
    // Only the judge's term may move the basis: the regularisers are off.
    const over = { epochs: 2, basisWarmupEpochs: 1, weights: { aug: 0, orth: 0, sparse: 0, mixing: 0 } };
    const blind = new Trainer(dataset, config(over));
    const judge = judgeOf(blind)!;
    // The same loss whatever the moved image: the judged term has no slope along the generators.
    (judge as { score: DataJudge['score'] }).score = (_ctx, moved) =>
      tf.tidy(() => tf.add(tf.mul(tf.sum((moved as { images: tf.Tensor4D }).images), 0), 2.3) as tf.Scalar);
    const before = await blind.augmenter!.readBasis();
    await blind.train();
    expect(await blind.augmenter!.readBasis()).toEqual(before);
    blind.dispose();
    // The same run with a real judge moves the basis.
    const seeing = new Trainer(dataset, config(over));
    const start = await seeing.augmenter!.readBasis();
    await seeing.train();
    const moved = Math.max(...(await seeing.augmenter!.readBasis()).flat(2).map((v, i) => Math.abs(v - start.flat(2)[i]!)));
    expect(moved).toBeGreaterThan(1e-3);
    seeing.dispose();
  });
});
