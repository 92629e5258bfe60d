import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { discreteRotationTarget } from '../../src-main/data/builtin/discrete-rotation';
import { mixedAxesBreaking, mixedAxesTarget } from '../../src-main/data/builtin/mixed-axes';
import { axisRotation111, partialPermutationTarget } from '../../src-main/data/builtin/partial-permutation';
import { noSymmetryTarget } from '../../src-main/data/builtin/no-symmetry';
import { Rng } from '../../src-main/data/random';

const rot = (a: number, x: number, y: number): [number, number] => [Math.cos(a) * x - Math.sin(a) * y, Math.sin(a) * x + Math.cos(a) * y];

describe('synthetic built-ins', () => {
  const rng = new Rng(5);
  const xs = Array.from({ length: 200 }, () => Array.from({ length: 9 }, () => rng.normal()));

  it('discrete rotation: invariant to 2 pi / K turns, not to other angles', () => {
    for (const x of xs) {
      const [a, b] = rot((2 * Math.PI) / 7, x[0]!, x[1]!);
      expect(discreteRotationTarget([a, b, x[2]!], 7)).toBeCloseTo(discreteRotationTarget(x, 7), 6);
    }
    const changed = xs.filter((x) => {
      const [a, b] = rot(0.3, x[0]!, x[1]!);
      return Math.abs(discreteRotationTarget([a, b, x[2]!], 7) - discreteRotationTarget(x, 7)) > 1e-3;
    });
    expect(changed.length).toBeGreaterThan(150);
  });

  it('partial permutation: S_3 on x1..x3 leaves y unchanged, swapping x4 and x5 does not; exp(2 pi/3 [n]x) is the 3-cycle', () => {
    for (const x of xs) {
      const y = partialPermutationTarget(x);
      expect(partialPermutationTarget([x[1]!, x[0]!, x[2]!, x[3]!, x[4]!])).toBeCloseTo(y, 9);
      expect(partialPermutationTarget([x[2]!, x[0]!, x[1]!, x[3]!, x[4]!])).toBeCloseTo(y, 9);
    }
    expect(xs.filter((x) => Math.abs(partialPermutationTarget([x[0]!, x[1]!, x[2]!, x[4]!, x[3]!]) - partialPermutationTarget(x)) > 1e-3).length).toBeGreaterThan(150);
    // Rodrigues: for a unit-axis K, exp(tK) = I + sin t K + (1 - cos t) K^2.
    const K = axisRotation111().slice(0, 3).map((r) => r.slice(0, 3));
    const K2 = K.map((r) => K[0]!.map((_, j) => r.reduce((s, v, k) => s + v * K[k]![j]!, 0)));
    const t = (2 * Math.PI) / 3;
    const g = K.map((r, i) => r.map((v, j) => (i === j ? 1 : 0) + Math.sin(t) * v + (1 - Math.cos(t)) * K2[i]![j]!));
    const perm = g.map((r) => r.map((v) => Math.round(v)));
    g.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(perm[i]![j]!, 9)));
    expect([JSON.stringify([[0, 0, 1], [1, 0, 0], [0, 1, 0]]), JSON.stringify([[0, 1, 0], [0, 0, 1], [1, 0, 0]])]).toContain(JSON.stringify(perm));
  });

  it('mixed axes: exact about z, broken about x by an amount that grows with eps', () => {
    for (const x of xs) {
      const moved = [...x];
      for (let a = 0; a < 3; a++) [moved[3 * a], moved[3 * a + 1]] = rot(0.7, x[3 * a]!, x[3 * a + 1]!);
      expect(mixedAxesTarget(moved, 0.2)).toBeCloseTo(mixedAxesTarget(x, 0.2), 9);
    }
    expect(mixedAxesBreaking(3, 0)).toBeLessThan(1e-9);
    const [small, large] = [mixedAxesBreaking(3, 0.2), mixedAxesBreaking(3, 1)];
    expect(small).toBeGreaterThan(0.05);
    expect(large).toBeGreaterThan(2 * small);
    const ds = loadBuiltin('builtin:mixed-axes?samples=40&points=2');
    expect(ds.layout).toEqual({ kind: 'vector', d: 3, blocks: 2 });
    expect(ds.notes?.join(' ')).toMatch(/changes y by 0\.\d+ of its std/);
  });

  it('no symmetry: no rotation of any coordinate plane leaves y unchanged; no reference basis', () => {
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) {
        const changed = xs.filter((x) => {
          const m = x.slice(0, 4);
          [m[a], m[b]] = rot(0.5, x[a]!, x[b]!);
          return Math.abs(noSymmetryTarget(m) - noSymmetryTarget(x.slice(0, 4))) > 1e-3;
        });
        expect(changed.length, `plane ${a},${b}`).toBeGreaterThan(150);
      }
    }
    expect(loadBuiltin('builtin:no-symmetry?samples=40').referenceBasis).toBeUndefined();
  });

  it('is seeded: the same spec gives the same data, another seed other data', () => {
    const a = loadBuiltin('builtin:partial-permutation?samples=50&seed=3');
    expect(loadBuiltin('builtin:partial-permutation?samples=50&seed=3').train.inputs).toEqual(a.train.inputs);
    expect(loadBuiltin('builtin:partial-permutation?samples=50&seed=4').train.inputs).not.toEqual(a.train.inputs);
    expect(a.test!.n).toBe(12);
  });
});
