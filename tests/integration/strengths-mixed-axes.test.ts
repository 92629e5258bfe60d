/**
 * On the mixed-axes set (rotation about z exact, about x broken by eps = 1), per-generator
 * strengths over the two candidate rotations must keep z strong and down-weight x.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { mixedAxesCandidates } from '../../src-main/data/builtin/mixed-axes';
import { selectBackend } from '../../src-main/engine/backend';
import { resolveConfig } from '../../src-main/engine/config';
import { Trainer } from '../../src-main/engine/training/trainer';

describe('strengths on mixed axes', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('the exact symmetry (z) keeps a strength well above the approximate one (x), recorded every epoch', async () => {
    const ds = loadBuiltin('builtin:mixed-axes?samples=2000&points=2&eps=1&seed=0');
    const config = resolveConfig({
      method: 'fixed-basis',
      fixedBasis: mixedAxesCandidates(),
      strengths: { enabled: true, adjustEpoch: 0, window: 0, power: 2 },
      epochs: 6,
      lr: 3e-3,
      model: { kind: 'mlp', hidden: [64, 64] },
      seed: 0,
    });
    const trainer = new Trainer(ds, config);
    try {
      const history = await trainer.train();
      for (const e of history) {
        expect(e.strengths).toHaveLength(2);
        expect(e.residuals).toHaveLength(2);
      }
      // Equal until the rule fires at epoch 3, then z (generator 1) keeps 1.
      expect(history[1]!.strengths).toEqual([1, 1]);
      const [z, x] = history[5]!.strengths!;
      const [rz, rx] = history[5]!.residuals!;
      expect(z).toBe(1);
      expect(x).toBeLessThan(0.2);
      expect(z! / x!).toBeGreaterThan(5);
      expect(rx).toBeGreaterThan(3 * rz!);
    } finally {
      trainer.dispose();
    }
  });
});
