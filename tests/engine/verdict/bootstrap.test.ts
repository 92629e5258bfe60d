import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { bootstrapCost, relativeCost } from '../../../src-main/engine/verdict/bootstrap';

function losses(n: number, seed: number, extra: number): { averaged: number[]; direct: number[] } {
  const rng = new Rng(seed);
  const direct = Array.from({ length: n }, () => rng.normal() ** 2);
  return { direct, averaged: direct.map((d) => d * (1 + extra) + 0.05 * rng.normal() ** 2) };
}

describe('bootstrapCost', () => {
  it('brackets the point estimate and is the same for the same seed', () => {
    const { averaged, direct } = losses(300, 1, 0.05);
    const a = bootstrapCost(averaged, direct, 7);
    expect(a.estimate).toBeCloseTo(relativeCost(averaged, direct), 12);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    expect(bootstrapCost(averaged, direct, 7)).toEqual(a);
  });

  it('narrows as the held-out set grows (about 1/sqrt(n))', () => {
    const small = losses(50, 2, 0.05);
    const large = losses(1800, 2, 0.05);
    const w = (x: { low: number; high: number }) => x.high - x.low;
    const ratio = w(bootstrapCost(small.averaged, small.direct, 3)) / w(bootstrapCost(large.averaged, large.direct, 3));
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(10);
  });

  it('covers the true relative cost about 90% of the time', () => {
    // The true cost of this generator is 0.05 + 0.05 * E[z^2] / E[z^2] = 0.10.
    let covered = 0;
    const trials = 60;
    for (let s = 0; s < trials; s++) {
      const { averaged, direct } = losses(200, 100 + s, 0.05);
      const i = bootstrapCost(averaged, direct, s, 0.9, 400);
      if (i.low <= 0.1 && 0.1 <= i.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.75);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('refuses mismatched or empty inputs', () => {
    expect(() => bootstrapCost([1, 2], [1], 0)).toThrow(/2 averaged against 1 direct/);
    expect(() => bootstrapCost([], [], 0)).toThrow(/no held-out samples/);
  });
});
