/** The trainer's validation split keeps the data's correlation groups whole (data/split.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { validationSplit } from '../../../src-main/data/split';
import { selectBackend } from '../../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { Trainer } from '../../../src-main/engine/training/trainer';

function cfg(seed: number): TrainConfig {
  return resolveConfig({ epochs: 1, seed, model: { kind: 'mlp', hidden: [8] }, manifold: { anchors: 16 } } as Partial<TrainConfig>);
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('trainer validation split', () => {
  it('holds out whole trajectories of a 2-body set, near valFraction, for several seeds', () => {
    const ds = loadBuiltin('builtin:nbody2?trajectories=80');
    const groups = ds.train.groups!;
    for (const seed of [0, 1, 2]) {
      const t = new Trainer(ds, cfg(seed));
      try {
        const val = new Set(t.valIndex.map((i) => groups[i]));
        for (const i of t.trainIndex) expect(val.has(groups[i])).toBe(false);
        expect(t.trainIndex.length + t.valIndex.length).toBe(ds.train.n);
        expect(Math.abs(t.valIndex.length - Math.floor(0.1 * ds.train.n))).toBeLessThanOrEqual(10);
        expect(t.validationRule).toMatch(/^validation: by trajectory/);
        expect(t.valIndex).toEqual(validationSplit(ds.train.n, 0.1, seed, groups).val);
      } finally {
        t.dispose();
      }
    }
  });

  it('keeps the seeded row split for data without groups', () => {
    const ds = loadBuiltin('builtin:mixed-axes-xy?samples=120');
    const t = new Trainer(ds, cfg(3));
    try {
      expect(t.valIndex).toEqual(validationSplit(120, 0.1, 3).val);
      expect(t.validationRule).toContain('no correlation groups');
    } finally {
      t.dispose();
    }
  });
});
