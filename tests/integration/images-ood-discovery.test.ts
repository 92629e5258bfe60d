/**
 * Out of distribution on images: digits turned within +-45 degrees only, the CNN defaults (the data
 * judge among them) find the rotation of the plane on every seed tried. Small (16 x 16 digits) so
 * that CI can afford three seeds; the full-size figures are in reports/reproduce/rotated-digits-ood.md.
 * With the basis taught by the model trained on the moves (the joint loss), such runs settle on
 * shears and stretches; with a judge that scores moves one way only, on a rotation with a
 * counter-shear (docs/discovery.md, "Images").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { selectBackend } from '../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../src-main/engine/config';
import { Trainer } from '../../src-main/engine/training/trainer';

const dataset = loadBuiltin('builtin:rotated-digits?samples=2000&size=16&split=ood&seed=5');

/** |cos| of a 3 x 3 affine generator with the rotation [[0, -1, 0], [1, 0, 0], [0, 0, 0]]. */
function rotationCosine(L: number[][]): number {
  return Math.abs(L[1]![0]! - L[0]![1]!) / Math.SQRT2 / Math.hypot(...L.flat());
}

async function learnedCosine(over: Partial<TrainConfig>): Promise<number> {
  const trainer = new Trainer(dataset, resolveConfig({ model: { kind: 'cnn' }, k: 1, epochs: 10, ...over } as Partial<TrainConfig>));
  await trainer.train();
  const basis = await trainer.augmenter!.readBasis();
  trainer.dispose();
  return rotationCosine(basis[0]!);
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('images out of distribution (trained within +-45 degrees)', () => {
  it.each([0, 1, 2])('seed %i: the learned generator is the rotation', async (seed) => {
    expect(await learnedCosine({ seed })).toBeGreaterThan(0.95);
  }, 300_000);
});
