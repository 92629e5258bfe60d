/** The model-free pieces of the verdict: the gradient data test, the generators' motion, the held-out fit. */
import { describe, expect, it } from 'vitest';
import type { FeatureLayout, SampleSet } from '../../../src-main/data/dataset';
import { Rng } from '../../../src-main/data/random';
import { gradientTest } from '../../../src-main/engine/verdict/gradient-test';
import { heldOutR2, perSampleLosses } from '../../../src-main/engine/verdict/held-out';
import { relativeMotion } from '../../../src-main/engine/verdict/motion';

const rotZ = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const rotX = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
const scaling = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
const zero = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];

/** Point clouds of `atoms` points with the gradient of E = sum_{a<b} (|x_a - x_b|^2 - 1)^2 + c * sum_a z_a^2. */
function clouds(n: number, atoms: number, seed: number, breakZ: number): { layout: FeatureLayout; set: SampleSet } {
  const rng = new Rng(seed);
  const coords = new Float32Array(n * atoms * 3);
  const grad = new Float32Array(n * atoms * 3);
  for (let i = 0; i < coords.length; i++) coords[i] = rng.normal();
  for (let s = 0; s < n; s++) {
    const o = s * atoms * 3;
    for (let a = 0; a < atoms; a++) {
      for (let b = 0; b < atoms; b++) {
        if (a === b) continue;
        let r2 = 0;
        for (let c = 0; c < 3; c++) r2 += (coords[o + a * 3 + c]! - coords[o + b * 3 + c]!) ** 2;
        for (let c = 0; c < 3; c++) grad[o + a * 3 + c]! += 4 * (r2 - 1) * (coords[o + a * 3 + c]! - coords[o + b * 3 + c]!);
      }
      grad[o + a * 3 + 2]! += 2 * breakZ * coords[o + a * 3 + 2]!;
    }
  }
  const mask = new Float32Array(n * atoms).fill(1);
  return {
    layout: { kind: 'points', d: 3, maxPoints: atoms },
    set: { n, inputs: new Float32Array(0), targets: new Float32Array(n), targetGradient: grad, points: { coords, species: new Int32Array(n * atoms), mask, maxPoints: atoms, numSpecies: 1 } },
  };
}

describe('gradientTest', () => {
  it('finds an invariant target constant along rotations and changing along a scaling, over seeds', () => {
    for (const seed of [1, 2, 3]) {
      const { layout, set } = clouds(80, 5, seed, 0);
      const t = gradientTest([rotZ, rotX, scaling], layout, set, seed)!;
      expect(t.variation[0]).toBeLessThan(1e-6);
      expect(t.variation[1]).toBeLessThan(1e-6);
      expect(t.variation[2]).toBeGreaterThan(0.3);
    }
  });

  it('sees a term that breaks rotations about x but not about z', () => {
    const { layout, set } = clouds(80, 5, 4, 50);
    const [z, x] = gradientTest([rotZ, rotX], layout, set, 4)!.variation;
    expect(z).toBeLessThan(1e-6);
    expect(x).toBeGreaterThan(0.01);
  });

  it('is null without gradients', () => {
    const { layout, set } = clouds(4, 3, 1, 0);
    expect(gradientTest([rotZ], layout, { ...set, targetGradient: undefined }, 0)).toBeNull();
  });
});

describe('relativeMotion', () => {
  it('is 0 for a zero generator and about 1 for unit-rate motions', () => {
    const { layout, set } = clouds(50, 4, 5, 0);
    const [z, r, s] = relativeMotion([zero, rotZ, scaling], layout, set);
    expect(z).toBe(0);
    expect(r).toBeGreaterThan(0.7);
    expect(r).toBeLessThan(0.9);
    expect(s).toBeCloseTo(1, 6);
  });
});

describe('held-out fit', () => {
  it('R^2 is 1 for perfect predictions and about 0 for predicting the mean', () => {
    const n = 200;
    const rng = new Rng(9);
    const y = Float32Array.from({ length: n }, () => rng.normal());
    const scale = new Float32Array([2]);
    expect(heldOutR2(perSampleLosses('regression', y, y, n, scale), y, n, scale)).toBe(1);
    const mean = y.reduce((a, b) => a + b, 0) / n;
    expect(heldOutR2(perSampleLosses('regression', new Float32Array(n).fill(mean), y, n, scale), y, n, scale)).toBeCloseTo(0, 5);
  });

  it('classification losses are -log p of the label', () => {
    const pred = new Float32Array([Math.log(0.7), Math.log(0.3), Math.log(0.2), Math.log(0.8)]);
    const l = perSampleLosses('classification', pred, new Float32Array([0, 0]), 2, new Float32Array([1]));
    expect(l[0]).toBeCloseTo(-Math.log(0.7), 6);
    expect(l[1]).toBeCloseTo(-Math.log(0.2), 6);
  });
});
