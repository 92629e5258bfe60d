import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { estimateTangents, type TangentSpaces } from '../../../src-main/engine/losses/manifold';

/** P v for the anchor's [F, F] projector. */
function project(t: TangentSpaces, anchor: number, v: number[]): number[] {
  const w = t.width;
  const base = anchor * w * w;
  return Array.from({ length: w }, (_, f) => v.reduce((s, vg, g) => s + t.normalProjectors[base + f * w + g]! * vg, 0));
}

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

/** n points on the unit circle in the z = 0 plane, plus tiny noise; returns rows and angles. */
function circle(n: number, noise: number, seed: number): { rows: Float32Array; angles: number[] } {
  const rng = new Rng(seed);
  const rows = new Float32Array(n * 3);
  const angles: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng.uniform(0, 2 * Math.PI);
    angles.push(s);
    rows[3 * i] = Math.cos(s) + noise * rng.normal();
    rows[3 * i + 1] = Math.sin(s) + noise * rng.normal();
    rows[3 * i + 2] = noise * rng.normal();
  }
  return { rows, angles };
}

describe('estimateTangents', () => {
  const opts = { anchors: 40, neighbours: 16, varianceThreshold: 0.05 };

  it('finds a 1-D tangent on a circle in 3-D: the projector kills (-sin s, cos s, 0), keeps (0, 0, 1)', () => {
    const n = 600;
    const { rows, angles } = circle(n, 1e-4, 1);
    const t = estimateTangents(rows, n, 3, opts, new Rng(2));
    expect(t.width).toBe(3);
    expect(t.anchorIndex).toHaveLength(40);
    expect(t.normalProjectors).toHaveLength(40 * 9);
    expect(new Set(t.anchorIndex).size).toBe(40);
    for (let a = 0; a < 40; a++) {
      expect(t.tangentDims[a], `anchor ${a}`).toBe(1);
      const s = angles[t.anchorIndex[a]!]!;
      const tangent = [-Math.sin(s), Math.cos(s), 0];
      expect(norm(project(t, a, tangent)), `anchor ${a} tangent`).toBeLessThan(0.05);
      const up = project(t, a, [0, 0, 1]);
      expect(Math.abs(up[2]! - 1), `anchor ${a} normal z`).toBeLessThan(1e-3);
      // The radial direction is normal too.
      const radial = project(t, a, [Math.cos(s), Math.sin(s), 0]);
      expect(norm(radial)).toBeGreaterThan(0.95);
      // A projector: symmetric and idempotent, trace = 3 - tangent dimension.
      const base = a * 9;
      let trace = 0;
      for (let f = 0; f < 3; f++) {
        trace += t.normalProjectors[base + 4 * f]!;
        for (let g = 0; g < 3; g++) expect(t.normalProjectors[base + 3 * f + g]).toBeCloseTo(t.normalProjectors[base + 3 * g + f]!, 6);
      }
      expect(trace).toBeCloseTo(2, 4);
      const e = [0.3, -0.2, 0.9];
      const once = project(t, a, e);
      const twice = project(t, a, once);
      twice.forEach((v, i) => expect(v).toBeCloseTo(once[i]!, 5));
    }
  });

  it('finds a 2-D tangent on a sphere', () => {
    const n = 1500;
    const rng = new Rng(3);
    const rows = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const v = [rng.normal(), rng.normal(), rng.normal()];
      const r = norm(v);
      v.forEach((x, c) => (rows[3 * i + c] = x / r));
    }
    const t = estimateTangents(rows, n, 3, { anchors: 30, neighbours: 20, varianceThreshold: 0.05 }, new Rng(4));
    for (let a = 0; a < 30; a++) {
      expect(t.tangentDims[a]).toBe(2);
      const i = t.anchorIndex[a]!;
      const p = [rows[3 * i]!, rows[3 * i + 1]!, rows[3 * i + 2]!];
      // The normal space is the radial direction.
      expect(norm(project(t, a, p))).toBeGreaterThan(0.95);
    }
  });

  it('on isotropic Gaussian data in 3-D every direction is tangent (normal projector ~ 0)', () => {
    const n = 2000;
    const rng = new Rng(5);
    const rows = Float32Array.from({ length: n * 3 }, () => rng.normal());
    const t = estimateTangents(rows, n, 3, { anchors: 30, neighbours: 64, varianceThreshold: 0.05 }, new Rng(6));
    for (let a = 0; a < 30; a++) {
      expect(t.tangentDims[a], `anchor ${a}`).toBe(3);
      for (let f = 0; f < 9; f++) expect(Math.abs(t.normalProjectors[a * 9 + f]!)).toBeLessThan(1e-5);
    }
  });

  it('is deterministic for a given rng seed; anchors follow the seed', () => {
    const n = 200;
    const { rows } = circle(n, 1e-3, 7);
    const a = estimateTangents(rows, n, 3, opts, new Rng(1));
    const b = estimateTangents(rows, n, 3, opts, new Rng(1));
    expect(Array.from(b.anchorIndex)).toEqual(Array.from(a.anchorIndex));
    expect(Array.from(b.normalProjectors)).toEqual(Array.from(a.normalProjectors));
    const c = estimateTangents(rows, n, 3, opts, new Rng(2));
    expect(Array.from(c.anchorIndex)).not.toEqual(Array.from(a.anchorIndex));
  });

  it('caps anchors at n and neighbours at n - 1; needs at least 3 samples', () => {
    const { rows } = circle(10, 1e-4, 8);
    const t = estimateTangents(rows, 10, 3, { anchors: 100, neighbours: 50, varianceThreshold: 0.05 }, new Rng(1));
    expect(t.anchorIndex).toHaveLength(10);
    expect([...t.anchorIndex].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => estimateTangents(rows, 2, 3, opts, new Rng(1))).toThrow(/at least 3 samples/);
  });

  it('uses the nearest neighbours: two far apart lines give each anchor its own line', () => {
    // Line A along x at y = 0; line B along y at x = 100.
    const n = 200;
    const rows = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const s = (i % 100) / 10;
      if (i < 100) rows.set([s, 0, 0], 3 * i);
      else rows.set([100, s, 0], 3 * i);
    }
    const t = estimateTangents(rows, n, 3, { anchors: 20, neighbours: 8, varianceThreshold: 0.05 }, new Rng(3));
    for (let a = 0; a < 20; a++) {
      expect(t.tangentDims[a]).toBe(1);
      const onA = t.anchorIndex[a]! < 100;
      const along = onA ? [1, 0, 0] : [0, 1, 0];
      const across = onA ? [0, 1, 0] : [1, 0, 0];
      expect(norm(project(t, a, along))).toBeLessThan(1e-4);
      expect(norm(project(t, a, across))).toBeCloseTo(1, 4);
    }
  });
});
