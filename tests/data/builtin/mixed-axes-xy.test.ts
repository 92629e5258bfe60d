import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { mixedAxesXyBreaking, mixedAxesXyTarget, pairDistances, quadrupoleZ, rotateAbout } from '../../../src-main/data/builtin/mixed-axes-xy';
import { euclideanAlgebra } from '../../../src-main/data/builtin/molecules';
import { Rng } from '../../../src-main/data/random';

describe('mixed-axes-xy', () => {
  it('is exactly invariant about z and broken about x and y by eps times the breaking term', () => {
    const rng = new Rng(3);
    for (const points of [2, 3, 7]) {
      for (const eps of [0.05, 0.1, 1]) {
        for (let k = 0; k < 50; k++) {
          const x = Array.from({ length: 3 * points }, () => rng.normal());
          const t = rng.uniform(-2, 2);
          const y = mixedAxesXyTarget(x, eps);
          expect(mixedAxesXyTarget(rotateAbout(x, 2, t), eps)).toBeCloseTo(y, 10);
          for (const axis of [0, 1] as const) {
            const r = rotateAbout(x, axis, t);
            // The distances never change; the whole change is eps times the change of q.
            expect(pairDistances(r)).toBeCloseTo(pairDistances(x), 10);
            expect(mixedAxesXyTarget(r, eps) - y).toBeCloseTo(eps * (quadrupoleZ(r) - quadrupoleZ(x)), 10);
          }
        }
      }
    }
  });

  it('breaks x and y alike, in proportion to eps, and z not at all', () => {
    for (const points of [3, 6]) {
      const bx = mixedAxesXyBreaking(points, 0.1, 0);
      const by = mixedAxesXyBreaking(points, 0.1, 1);
      expect(bx).toBeGreaterThan(0.02);
      expect(Math.abs(bx / by - 1)).toBeLessThan(0.15);
      expect(mixedAxesXyBreaking(points, 0.1, 2)).toBeLessThan(1e-12);
      // Doubling a small eps about doubles the relative change (the std of y barely moves).
      expect(mixedAxesXyBreaking(points, 0.2, 0) / bx).toBeGreaterThan(1.8);
      expect(mixedAxesXyBreaking(points, 0.2, 0) / bx).toBeLessThan(2.05);
      expect(mixedAxesXyBreaking(points, 0, 0)).toBeLessThan(1e-12);
    }
  });

  it('the breaking term q has mean 0 and std 1 on Gaussian points', () => {
    const rng = new Rng(9);
    for (const points of [2, 5]) {
      const qs = Array.from({ length: 20000 }, () => quadrupoleZ(Array.from({ length: 3 * points }, () => rng.normal())));
      const mean = qs.reduce((a, b) => a + b, 0) / qs.length;
      const std = Math.sqrt(qs.reduce((a, b) => a + (b - mean) ** 2, 0) / qs.length);
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(std - 1)).toBeLessThan(0.04);
    }
  });

  it('builds the dataset with so(3) as reference, z marked exact, deterministic by seed', () => {
    const d = loadBuiltin('mixed-axes-xy?samples=200&points=4&eps=0.3&seed=2');
    expect(d.layout).toEqual({ kind: 'vector', d: 3, blocks: 4 });
    expect(d.train.inputs.length).toBe(200 * 12);
    expect(d.test!.n).toBe(50);
    expect(d.referenceBasis).toEqual(euclideanAlgebra(3));
    expect(d.referenceExact).toEqual([false, false, true]);
    for (let i = 0; i < 5; i++) {
      const x = Array.from(d.train.inputs.subarray(i * 12, (i + 1) * 12));
      expect(d.train.targets[i]).toBeCloseTo(mixedAxesXyTarget(x, 0.3), 5);
    }
    const again = loadBuiltin('mixed-axes-xy?samples=200&points=4&eps=0.3&seed=2');
    expect(Array.from(again.train.targets)).toEqual(Array.from(d.train.targets));
    expect(Array.from(loadBuiltin('mixed-axes-xy?samples=200&points=4&eps=0.3&seed=3').train.targets)).not.toEqual(Array.from(d.train.targets));
    expect(loadBuiltin('mixed-axes-xy').notes!.join(' ')).toContain('+ 0.1 * q');
  });
});
