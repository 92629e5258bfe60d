import { describe, expect, it } from 'vitest';
import { coulombEnergy, euclideanAlgebra, makeMoleculesDataset, randomRotation } from '../../src-main/data/builtin/molecules';
import { Rng } from '../../src-main/data/random';

const params = { samples: 50, molecules: 3, noise: 0, translation: 1, seed: 4 };

describe('built-in rigid molecules', () => {
  it('random rotations are proper orthogonal matrices', () => {
    const rng = new Rng(1);
    for (let t = 0; t < 20; t++) {
      const r = randomRotation(rng);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const dot = r[0]![i]! * r[0]![j]! + r[1]![i]! * r[1]![j]! + r[2]![i]! * r[2]![j]!;
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
      const det =
        r[0]![0]! * (r[1]![1]! * r[2]![2]! - r[1]![2]! * r[2]![1]!) -
        r[0]![1]! * (r[1]![0]! * r[2]![2]! - r[1]![2]! * r[2]![0]!) +
        r[0]![2]! * (r[1]![0]! * r[2]![1]! - r[1]![1]! * r[2]![0]!);
      expect(det).toBeCloseTo(1, 12);
    }
  });

  it('targets are the energy of the stored (rotated, translated) coordinates: invariant', () => {
    const ds = makeMoleculesDataset(params, 3, 'builtin:molecules', 'test');
    const p = ds.train.points!;
    for (let i = 0; i < ds.train.n; i++) {
      const species: number[] = [];
      const pos: number[][] = [];
      for (let a = 0; a < p.maxPoints; a++) {
        const o = i * p.maxPoints + a;
        if (p.mask[o] === 0) {
          expect([p.coords[o * 3], p.coords[o * 3 + 1], p.coords[o * 3 + 2]]).toEqual([0, 0, 0]);
          continue;
        }
        species.push(p.species[o]!);
        pos.push([p.coords[o * 3]!, p.coords[o * 3 + 1]!, p.coords[o * 3 + 2]!]);
      }
      expect(pos.length).toBeGreaterThanOrEqual(5);
      expect(coulombEnergy(species, pos)).toBeCloseTo(ds.train.targets[i]!, 2);
    }
  });

  it('same seed, same data; ground truth so(3) for points:3 and se(3) with a zero last row for points:4', () => {
    const a = makeMoleculesDataset(params, 3, 'x', 'x');
    const b = makeMoleculesDataset(params, 3, 'x', 'x');
    expect(a.train.points!.coords).toEqual(b.train.points!.coords);
    expect(euclideanAlgebra(3)).toHaveLength(3);
    const se3 = euclideanAlgebra(4);
    expect(se3).toHaveLength(6);
    for (const g of se3) expect(g[3]).toEqual([0, 0, 0, 0]);
  });

  it('its test split is more random poses of the same molecules, so the verdict may pool it with a small validation split', async () => {
    const ds = makeMoleculesDataset({ ...params, samples: 400 }, 3, 'builtin:molecules', 'test');
    expect(ds.testDrawnLikeTrain).toBe(true);
    const { verdictHeldOut } = await import('../../src-main/run/evaluate-run');
    // 40 validation samples are under the verdict's 200: the 100 test samples join them.
    const val = { ...ds.train, n: 40 };
    const h = verdictHeldOut({ valIndex: Array.from({ length: 40 }, (_, i) => i) } as never, ds, ds.test!);
    expect(h.pooled).toBe(true);
    expect(h.set.n).toBe(val.n + ds.test!.n);
  });
});
