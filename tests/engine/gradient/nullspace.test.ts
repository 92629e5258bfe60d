import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { equivariantRows, invariantRows, maskParametrization } from '../../../src-main/engine/gradient/condition';
import { nullSpace } from '../../../src-main/engine/gradient/nullspace';
import { decideGradientVerdict } from '../../../src-main/engine/gradient/verdict';
import { euclideanAlgebra } from '../../../src-main/data/builtin/molecules';
import { subspaceSimilarity } from '../../../src-main/engine/evaluation/metrics/reference';
import { closureResidual } from '../../../src-main/engine/lie/algebra/structure';

const full = (d: number, homogeneous = false): number[][] => maskParametrization({ name: 'full' }, d, homogeneous);

/** Point clouds [n, P*3] and the exact gradient of f = sum_{a<b} phi(|x_a - x_b|) (+ an optional non-invariant term). */
function pairEnergyData(n: number, p: number, seed: number, breakZ = 0): { x: Float64Array; g: Float64Array } {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n * p * 3 }, () => rng.normal());
  const g = new Float64Array(x.length);
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < p; a++) {
      for (let b = a + 1; b < p; b++) {
        const o = s * p * 3;
        const diff = [0, 1, 2].map((c) => x[o + 3 * a + c]! - x[o + 3 * b + c]!);
        const r = Math.hypot(...diff);
        // phi(r) = sin(r) + r^2 / 2: phi'(r) / r scales the difference.
        const f = (Math.cos(r) + r) / r;
        for (let c = 0; c < 3; c++) {
          g[o + 3 * a + c]! += f * diff[c]!;
          g[o + 3 * b + c]! -= f * diff[c]!;
        }
      }
      // breakZ * sum_a z_a^2: only the rotation about z stays a symmetry.
      g[s * p * 3 + 3 * a + 2]! += 2 * breakZ * x[s * p * 3 + 3 * a + 2]!;
    }
  }
  return { x, g };
}

describe('null space of the gradient condition', () => {
  it.each([0, 1, 2])('recovers so(3) from exact gradients of a rotation-invariant point function (seed %i)', (seed) => {
    const n = 200;
    const p = 5;
    const { x, g } = pairEnergyData(n, p, seed);
    const layout = { kind: 'points' as const, d: 3 as const, maxPoints: p };
    const rows = invariantRows(layout, n, x, g, new Float32Array(n * p).fill(1));
    const { spectrum, basis } = nullSpace(rows, full(3), 3, 3, 'test');
    expect(spectrum.nullity).toBe(3);
    expect(spectrum.clear).toBe(true);
    expect(spectrum.gap!).toBeGreaterThan(1e4);
    expect(spectrum.values[3]!).toBeGreaterThan(0.05);
    expect(subspaceSimilarity(basis, euclideanAlgebra(3))).toBeGreaterThan(0.999);
    expect(closureResidual(basis)).toBeLessThan(1e-6);
    expect(decideGradientVerdict({ spectrum, source: 'data', r2: null, closureResidual: closureResidual(basis), match: { name: 'so(3)', similarity: 1 } }).status).toBe('found');
  });

  it('a found span says which of its directions are exact and which approximate', () => {
    const { x, g } = pairEnergyData(200, 4, 3);
    const { spectrum, basis } = nullSpace(invariantRows({ kind: 'points', d: 3, maxPoints: 4 }, 200, x, g), full(3), 3, 3, 'test');
    const exactness = { description: 'exact: rotation about z; approximate: rotation about x, rotation about y' };
    const v = decideGradientVerdict({ spectrum, source: 'data', r2: null, closureResidual: closureResidual(basis), match: { name: 'so(3)', similarity: 1 }, exactness });
    expect(v.status).toBe('found');
    expect(v.reason).toContain('; of the span, exact: rotation about z; approximate: rotation about x, rotation about y; closest known algebra: so(3)');
  });

  it.each([1, 2])('a term breaking rotations about x and y (size %f) leaves the rotation about z alone', (eps) => {
    const n = 200;
    const { x, g } = pairEnergyData(n, 4, 5, eps);
    const layout = { kind: 'points' as const, d: 3 as const, maxPoints: 4 };
    const { spectrum, basis } = nullSpace(invariantRows(layout, n, x, g), full(3), 3, 3, 'test');
    expect(spectrum.nullity).toBe(1);
    expect(decideGradientVerdict({ spectrum, source: 'data', r2: null, closureResidual: 0, match: null }).status).toBe('inconclusive');
    expect(subspaceSimilarity(basis.slice(0, 1), [euclideanAlgebra(3)[2]!])).toBeGreaterThan(0.999);
  });

  it.each([0, 1, 2])('finds nothing for a random smooth function (seed %i)', (seed) => {
    const rng = new Rng(100 + seed);
    const d = 3;
    const blocks = 4;
    const w = Array.from({ length: 8 }, () => Array.from({ length: d * blocks }, () => rng.normal()));
    const v = Array.from({ length: 8 }, () => rng.normal());
    const n = 300;
    const x = Float64Array.from({ length: n * d * blocks }, () => rng.normal());
    const g = new Float64Array(x.length);
    for (let s = 0; s < n; s++) {
      for (let h = 0; h < 8; h++) {
        const z = w[h]!.reduce((acc, wi, i) => acc + wi * x[s * d * blocks + i]!, 0);
        const dt = v[h]! * (1 - Math.tanh(z) ** 2);
        for (let i = 0; i < d * blocks; i++) g[s * d * blocks + i]! += dt * w[h]![i]!;
      }
    }
    const { spectrum } = nullSpace(invariantRows({ kind: 'vector', d, blocks }, n, x, g), full(d), d, 1, 'test');
    expect(spectrum.nullity).toBe(0);
    expect(spectrum.values[0]!).toBeGreaterThan(0.05);
    const verdict = decideGradientVerdict({ spectrum, source: 'data', r2: null, closureResidual: 0, match: null });
    expect(verdict.status).toBe('not-found');
    expect(verdict.symmetryFound).toBe(false);
  });

  it('recovers so(2) x so(2)-free structure of an equivariant map f(x) = |x|^2 x on vector:2 blocks', () => {
    const rng = new Rng(7);
    const d = 2;
    const n = 100;
    const x = Float64Array.from({ length: n * d }, () => rng.normal());
    const f = new Float64Array(n * d);
    const jac = new Float64Array(n * d * d);
    for (let s = 0; s < n; s++) {
      const [a, b] = [x[2 * s]!, x[2 * s + 1]!];
      const r2 = a * a + b * b;
      f.set([r2 * a, r2 * b], 2 * s);
      // J = r2 I + 2 x x^T
      jac.set([r2 + 2 * a * a, 2 * a * b, 2 * a * b, r2 + 2 * b * b], 4 * s);
    }
    const rows = equivariantRows(d, n, d, d, x, f, jac);
    const { spectrum, basis } = nullSpace(rows, full(d), d, 1, 'test');
    // The rotation is the only linear symmetry (a scaling changes |x|^2 x by the cube).
    expect(spectrum.nullity).toBe(1);
    expect(spectrum.clear).toBe(true);
    const L = basis[0]!;
    expect(Math.abs(L[0]![0]!) + Math.abs(L[1]![1]!)).toBeLessThan(1e-6);
    expect(Math.abs(L[0]![1]! + L[1]![0]!)).toBeLessThan(1e-6);
  });

  it('says inconclusive when the run asks for another k than the data show, or the span does not close', () => {
    const n = 100;
    const { x, g } = pairEnergyData(n, 4, 9);
    const layout = { kind: 'points' as const, d: 3 as const, maxPoints: 4 };
    const { spectrum } = nullSpace(invariantRows(layout, n, x, g), full(3), 3, 2, 'test');
    const v = decideGradientVerdict({ spectrum, source: 'data', r2: null, closureResidual: 0.5, match: null });
    expect(v.status).toBe('inconclusive');
    expect(v.reason).toMatch(/rerun with --k 3/);
    const { spectrum: s3 } = nullSpace(invariantRows(layout, n, x, g), full(3), 3, 3, 'test');
    const open = decideGradientVerdict({ spectrum: s3, source: 'data', r2: null, closureResidual: 0.4, match: null });
    expect(open.status).toBe('inconclusive');
    expect(open.reason).toMatch(/not a closed algebra/);
  });

  it('honours masks: points:4 leaves the homogeneous row out, so translations join so(3)', () => {
    const n = 150;
    const { x, g } = pairEnergyData(n, 4, 11);
    const layout = { kind: 'points' as const, d: 4 as const, maxPoints: 4 };
    const { spectrum, basis } = nullSpace(invariantRows(layout, n, x, g), full(4, true), 4, 6, 'test');
    expect(spectrum.nullity).toBe(6);
    expect(subspaceSimilarity(basis, euclideanAlgebra(4))).toBeGreaterThan(0.999);
    for (const L of basis) expect(L[3]!.every((v) => v === 0)).toBe(true);
  });
});
