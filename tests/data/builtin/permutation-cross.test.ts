import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { elementarySymmetric, permutationCrossTarget } from '../../../src-main/data/builtin/permutation-cross';
import { Rng } from '../../../src-main/data/random';

/** All 120 permutations of 0..4. */
function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((v, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [v, ...p]));
}

describe('permutation-cross', () => {
  it('is invariant to exactly the 6 permutations of x1..x3 (x4, x5 fixed) among all 120', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const symmetric = permutations([0, 1, 2, 3, 4]).filter((p) => xs.every((x) => Math.abs(permutationCrossTarget(p.map((j) => x[j]!)) - permutationCrossTarget(x)) < 1e-9));
    expect(symmetric.length).toBe(6);
    for (const p of symmetric) expect(p.slice(3)).toEqual([3, 4]);
  });

  it('has no continuous symmetry along the rotation about (1, 1, 1): e3 changes', () => {
    const x = [0.3, -1.2, 0.8, 0.5, -0.7];
    const t = 0.4;
    const [c, s] = [Math.cos(t), Math.sin(t)];
    const n = 1 / Math.sqrt(3);
    // Rodrigues rotation of (x1, x2, x3) about n(1, 1, 1).
    const v = x.slice(0, 3);
    const dot = n * (v[0]! + v[1]! + v[2]!);
    const cross = [n * (v[2]! - v[1]!), n * (v[0]! - v[2]!), n * (v[1]! - v[0]!)];
    const r = v.map((vi, i) => vi * c + cross[i]! * s + n * dot * (1 - c));
    const [e1, e2, e3] = elementarySymmetric(x);
    const [f1, f2, f3] = elementarySymmetric(r);
    expect(f1).toBeCloseTo(e1, 12);
    expect(f2).toBeCloseTo(e2, 12);
    expect(Math.abs(f3 - e3)).toBeGreaterThan(0.05);
    expect(Math.abs(permutationCrossTarget([...r, x[3]!, x[4]!]) - permutationCrossTarget(x))).toBeGreaterThan(0.01);
  });

  it('adds noise of the stated std from its own stream, and is deterministic by seed', () => {
    const clean = loadBuiltin('permutation-cross?samples=4000&noise=0&seed=5');
    const noisy = loadBuiltin('permutation-cross?samples=4000&noise=0.2&seed=5');
    expect(Array.from(noisy.train.inputs)).toEqual(Array.from(clean.train.inputs));
    for (let i = 0; i < 20; i++) {
      expect(clean.train.targets[i]).toBeCloseTo(permutationCrossTarget(clean.train.inputs.subarray(i * 5, i * 5 + 5)), 4);
    }
    let sq = 0;
    for (let i = 0; i < 4000; i++) sq += (noisy.train.targets[i]! - clean.train.targets[i]!) ** 2;
    expect(Math.abs(Math.sqrt(sq / 4000) / 0.2 - 1)).toBeLessThan(0.05);
    expect(Array.from(loadBuiltin('permutation-cross?samples=4000&noise=0.2&seed=5').train.targets)).toEqual(Array.from(noisy.train.targets));
    expect(Array.from(loadBuiltin('permutation-cross?samples=50&seed=6').train.targets)).not.toEqual(Array.from(loadBuiltin('permutation-cross?samples=50&seed=5').train.targets));
  });

  it('states the group machine-readably and claims no continuous reference', () => {
    const d = loadBuiltin('permutation-cross?samples=100');
    expect(d.referencePermutations).toEqual({ kind: 'symmetric', slots: [0, 1, 2], order: 6, name: 'S_3 on {x1, x2, x3}' });
    expect(d.referenceBasis).toBeUndefined();
    expect(d.inputNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    expect(d.test!.n).toBe(25);
  });
});
