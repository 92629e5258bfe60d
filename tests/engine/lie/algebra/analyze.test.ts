/**
 * analyzeAlgebra on bases that are not a catalogue entry: sums and stray generators, random
 * bases, subalgebras, algebras isomorphic to a known one in other coordinates; the canonical
 * form; diagnostics; and the errors a caller sees for a malformed basis.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureLayout } from '../../../../src-main/data/dataset';
import { Rng } from '../../../../src-main/data/random';
import { analyzeAlgebra, knownAlgebras, MATCH_THRESHOLD } from '../../../../src-main/engine/lie/algebra/index';
import { bracketOf, combination, frob, LAYOUTS, layoutName, isHomogeneous, mm, randomMatrix, withNoise, type Mat } from './helpers';

const POINTS3: FeatureLayout = { kind: 'points', d: 3, maxPoints: 9 };
const POINTS4: FeatureLayout = { kind: 'points', d: 4, maxPoints: 9 };

function known(layout: FeatureLayout, name: string): Mat[] {
  const a = knownAlgebras(layout).find((x) => x.name === name);
  if (!a) throw new Error(`no ${name} in ${layoutName(layout)}`);
  return a.basis;
}

const SO3 = known(POINTS3, 'so(3)');

/** Rotation by `angle` about the unit axis n (Rodrigues), 3 x 3. */
function rotationMatrix(n: number[], angle: number): Mat {
  const [x, y, z] = n as [number, number, number];
  const k: Mat = [
    [0, -z, y],
    [z, 0, -x],
    [-y, x, 0],
  ];
  const k2 = mm(k, k);
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0) + Math.sin(angle) * k[i]![j]! + (1 - Math.cos(angle)) * k2[i]![j]!));
}

function transpose(a: Mat): Mat {
  return a[0]!.map((_, j) => a.map((row) => row[j]!));
}

describe('sums and stray generators', () => {
  it('so(3) plus a stray generator is not called so(3)', () => {
    const a = analyzeAlgebra([...SO3, randomMatrix(3, new Rng(11))], POINTS3);
    const so3 = a.matches.find((m) => m.name === 'so(3)')!;
    expect(so3.similarity).toBeLessThanOrEqual(0.75 + 1e-9);
    expect(a.bestMatch).toBeNull();
    expect(a.description).toMatch(/^no known algebra/);
    expect(a.description).toContain('not closed under brackets');
    expect(a.closureResidual).toBeGreaterThan(0.2);
  });

  it('so(3) on every 3-vector plus so(2) on every 2-vector is neither', () => {
    const v6: FeatureLayout = { kind: 'vector', d: 6, blocks: 1 };
    const a = analyzeAlgebra([...known(v6, 'so(3) on every 3-vector'), ...known(v6, 'so(2) on every 2-vector')], v6);
    expect(a.bestMatch).toBeNull();
    for (const m of a.matches) expect(m.similarity).toBeLessThan(MATCH_THRESHOLD);
    expect(a.matches.find((m) => m.name === 'so(3) on every 3-vector')!.similarity).toBeCloseTo(0.75, 9);
  });

  it('a direct sum so(3) + so(2) on separate features is closed, not catalogued, and lies inside so(5)', () => {
    const v5: FeatureLayout = { kind: 'vector', d: 5, blocks: 1 };
    const pad = (g: Mat, offset: number): Mat => Array.from({ length: 5 }, (_, r) => Array.from({ length: 5 }, (_, c) => g[r - offset]?.[c - offset] ?? 0));
    const basis = [...SO3.map((g) => pad(g, 0)), pad([[0, -1], [1, 0]], 3)];
    const a = analyzeAlgebra(basis, v5);
    expect(a.closureResidual).toBeLessThan(1e-12);
    expect(a.killing.signature).toEqual({ positive: 0, negative: 3, zero: 1 });
    expect(a.bestMatch).toBeNull();
    expect(a.description).toContain('a 4-dimensional subalgebra of so(5)');
  });

  it('a generator repeated (k = 4, span so(3)) does not pass for a 4-dimensional algebra', () => {
    const a = analyzeAlgebra([...SO3, SO3[0]!.map((r) => r.map((v) => 2 * v))], POINTS3);
    expect(a.matches.find((m) => m.name === 'so(3)')!.similarity).toBeCloseTo(0.75, 9);
    expect(a.killing.signature).toEqual({ positive: 0, negative: 3, zero: 1 });
    expect(a.closureResidual).toBeLessThan(1e-12);
  });
});

describe('random and partial bases', () => {
  it.each(LAYOUTS.map((l) => [layoutName(l), l] as const))('%s: random bases of 1 to 3 generators are no known algebra', (_, layout) => {
    const rng = new Rng(layout.d * 101 + (layout.kind === 'points' ? 7 : 0));
    for (let k = 1; k <= 3; k++) {
      const a = analyzeAlgebra(Array.from({ length: k }, () => randomMatrix(layout.d, rng, isHomogeneous(layout))), layout);
      expect(a.bestMatch).toBeNull();
      const best = a.matches[0]!;
      expect(a.description.startsWith(`no known algebra (best candidate: ${best.name}, similarity ${best.similarity.toFixed(2)})`)).toBe(true);
      expect(a.canonical.matchedTo).toBeNull();
      if (k > 1) expect(a.closureResidual).toBeGreaterThan(0.2);
    }
  });

  it('a rotation about the (1, 1, 1) axis is named a 1-dimensional subalgebra of so(3)', () => {
    const n = 1 / Math.sqrt(3);
    const a = analyzeAlgebra([combination(SO3, [n, n, n])], POINTS3);
    expect(a.bestMatch).toBeNull();
    expect(a.description).toContain('a 1-dimensional subalgebra of so(3)');
    expect(a.description).toContain('a rotation about the axis (0.58, 0.58, 0.58)');
    // The same generator negated is the same one-parameter group: same axis reported.
    const negated = analyzeAlgebra([combination(SO3, [-n, -n, -n])], POINTS3);
    expect(negated.description).toContain('about the axis (0.58, 0.58, 0.58)');
  });

  it('a rotation about an axis in points:4 (homogeneous) names the axis too', () => {
    const so3h = known(POINTS4, 'so(3) about the origin');
    const a = analyzeAlgebra([combination(so3h, [0, 0.6, 0.8])], POINTS4);
    expect(a.bestMatch).toBeNull();
    expect(a.description).toContain('a 1-dimensional subalgebra of so(3) about the origin');
    expect(a.description).toContain('a rotation about the axis (0.00, 0.60, 0.80)');
  });

  it('so(3) in skewed coordinates (P L P^-1) is recognised as isomorphic to so(3), not as so(3) itself', () => {
    const p: Mat = [
      [1, 0.8, 0],
      [0, 3, 0.5],
      [0, 0, 0.3],
    ];
    // P^-1 of the upper-triangular P by back substitution.
    const pInv: Mat = [
      [1, -0.8 / 3, (0.8 * 0.5) / (3 * 0.3)],
      [0, 1 / 3, -0.5 / (3 * 0.3)],
      [0, 0, 1 / 0.3],
    ];
    expect(frob(mm(p, pInv).map((r, i) => r.map((v, j) => v - (i === j ? 1 : 0))))).toBeLessThan(1e-12);
    const a = analyzeAlgebra(SO3.map((g) => mm(mm(p, g), pInv)), POINTS3);
    expect(a.bestMatch).toBeNull();
    expect(a.closureResidual).toBeLessThan(1e-9);
    expect(a.killing.signature).toEqual({ positive: 0, negative: 3, zero: 0 });
    expect(a.description).toContain('isomorphic to so(3)');
  });

  it('se(3) learned in points:4 with 5% noise is se(3), not so(3) or t(3)', () => {
    const rng = new Rng(3);
    const a = analyzeAlgebra(withNoise(known(POINTS4, 'se(3)'), 0.05, rng, true), POINTS4);
    expect(a.bestMatch?.name).toBe('se(3)');
    expect(a.matches.find((m) => m.name === 'so(3) about the origin')!.similarity).toBeLessThan(0.51);
    expect(a.matches.find((m) => m.name === 't(3)')!.similarity).toBeLessThan(0.51);
  });
});

describe('on the data span', () => {
  // 2-body states [q1, q2, p1, p2] with q2 = -q1, p2 = -p1: the data fill a 4-dimensional subspace of R^8.
  const V8: FeatureLayout = { kind: 'vector', d: 8, blocks: 1 };
  const kron = (a: Mat, b: Mat): Mat => a.flatMap((ra) => b.map((rb) => ra.flatMap((x) => rb.map((y) => x * y))));
  const blockdiag = (a: Mat, b: Mat): Mat => [...a.map((r) => [...r, ...b.map(() => 0)]), ...b.map((r) => [...a.map(() => 0), ...r])];
  const pair: Mat = [
    [1, -1],
    [-1, 1],
  ];
  const J: Mat = [
    [0, -1],
    [1, 0],
  ];
  const I2: Mat = [
    [1, 0],
    [0, 1],
  ];
  const p4 = kron(pair, I2).map((r) => r.map((v) => v / 2));
  const projector = blockdiag(p4, p4);
  const rotation = known(V8, 'so(2) on every 2-vector')[0]!;

  it('the alternative generator (1 -1; -1 1) x J of the 2-body papers is the rotation as the data see it', () => {
    const alt = blockdiag(kron(pair, J), kron(pair, J));
    const full = analyzeAlgebra([alt], V8);
    expect(full.bestMatch).toBeNull();
    const a = analyzeAlgebra([alt], V8, { dataSpan: projector });
    expect(a.matches).toEqual(full.matches);
    expect(a.bestMatch?.name).toBe('so(2) on every 2-vector');
    expect(a.bestMatch!.onDataSpan).toBe(true);
    expect(a.bestMatch!.similarity).toBeCloseTo(1, 9);
    expect(a.description).toMatch(/^so\(2\) on every 2-vector \(.*\) on the data's span, similarity 1\.00 \(0\.\d\d over all features/);
    expect(a.canonical.matchedTo).toBe('so(2) on every 2-vector');
    // The canonical form is what the data see of the textbook rotation: K P.
    const kp = mm(rotation, projector);
    a.canonical.basis[0]!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(kp[i]![j]!, 9)));
  });

  it('a rotation plus anything acting off the data is still the rotation there, and not over all features', () => {
    const rng = new Rng(21);
    const off = mm(randomMatrix(8, rng), projector.map((r, i) => r.map((v, j) => (i === j ? 1 : 0) - v)));
    const learned = rotation.map((r, i) => r.map((v, j) => v + off[i]![j]!));
    const a = analyzeAlgebra([learned], V8, { dataSpan: projector });
    expect(a.matches[0]!.similarity).toBeLessThan(MATCH_THRESHOLD);
    expect(a.bestMatch?.name).toBe('so(2) on every 2-vector');
    expect(a.dataSpanMatches![0]!.similarity).toBeCloseTo(1, 9);
  });

  it('changes nothing when the full generators already match, or when the data fill every direction', () => {
    const a = analyzeAlgebra([rotation], V8, { dataSpan: projector });
    expect(a.bestMatch?.onDataSpan).toBeUndefined();
    expect(a.description).toBe(analyzeAlgebra([rotation], V8).description);
    const identity = Array.from({ length: 3 }, (_, i) => [0, 1, 2].map((j) => (i === j ? 1 : 0)));
    const b = analyzeAlgebra([combination(SO3, [1, 0.2, 0])], POINTS3, { dataSpan: identity });
    expect(b.dataSpanMatches).toBeUndefined();
  });

  it('a random generator stays no known algebra on the data span', () => {
    const a = analyzeAlgebra([randomMatrix(8, new Rng(4))], V8, { dataSpan: projector });
    expect(a.bestMatch).toBeNull();
    expect(a.dataSpanMatches![0]!.similarity).toBeLessThan(MATCH_THRESHOLD);
  });

  it('rejects a projector of the wrong size', () => {
    expect(() => analyzeAlgebra([rotation], V8, { dataSpan: p4 })).toThrow('dataSpan must be a 8x8 projector');
  });
});

describe('structure constants of a basis that does not close', () => {
  it('are the least-squares projection: antisymmetric, residual orthogonal to every generator', () => {
    const rng = new Rng(5);
    const basis = [randomMatrix(3, rng), randomMatrix(3, rng), randomMatrix(3, rng)];
    const a = analyzeAlgebra(basis, POINTS3);
    const inner = (x: Mat, y: Mat): number => x.reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * y[i]![j]!, 0), 0);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const c = a.structureConstants[i]![j]!;
        c.forEach((v, m) => expect(v).toBeCloseTo(-a.structureConstants[j]![i]![m]!, 12));
        const fit = combination(basis, c);
        const residual = bracketOf(basis[i]!, basis[j]!).map((r, p) => r.map((v, q) => v - fit[p]![q]!));
        for (const l of basis) expect(Math.abs(inner(residual, l))).toBeLessThan(1e-9 * frob(l) * (frob(residual) + 1));
      }
    }
    // K_ij = tr(ad_i ad_j), symmetric.
    const k = a.killing.form;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(k[i]![j]).toBeCloseTo(k[j]![i]!, 9);
  });
});

describe('canonical form', () => {
  it('a rotated and mixed so(3) basis snaps to the textbook L_x, L_y, L_z', () => {
    const r = rotationMatrix([0.3, -0.5, 0.81].map((v, _, all) => v / Math.hypot(...all)), 1.1);
    const rotated = SO3.map((g) => mm(mm(r, g), transpose(r)));
    const mixed = [combination(rotated, [1, 0.4, 0]), combination(rotated, [0, -2, 0.3]), combination(rotated, [0.2, 0, 0.7])];
    const a = analyzeAlgebra(mixed, POINTS3);
    expect(a.canonical.matchedTo).toBe('so(3)');
    expect(a.canonical.snapThreshold).toBe(0.05);
    expect(a.canonical.basis).toEqual(SO3);
  });

  it('with 1% noise the zero pattern is exactly the textbook one and the rest within 0.03 of +-1', () => {
    const rng = new Rng(8);
    const r = rotationMatrix([0, 0.6, 0.8], 2.0);
    const basis = withNoise(SO3.map((g) => mm(mm(r, g), transpose(r))), 0.01, rng, false);
    const a = analyzeAlgebra(basis, POINTS3);
    expect(a.canonical.matchedTo).toBe('so(3)');
    a.canonical.basis.forEach((g, m) =>
      g.forEach((row, i) =>
        row.forEach((v, j) => {
          const textbook = SO3[m]![i]![j]!;
          if (textbook === 0) expect(v).toBe(0);
          else expect(Math.abs(v - textbook)).toBeLessThan(0.03);
        }),
      ),
    );
    // Without snapping the noise shows.
    const raw = analyzeAlgebra(basis, POINTS3, { snapThreshold: 0 });
    expect(raw.canonical.snapThreshold).toBe(0);
    expect(raw.canonical.basis.flat(2).filter((v) => v === 0).length).toBeLessThan(9);
  });

  it('without a match: the reduced echelon form of the span, a 1 where the others have 0', () => {
    const rng = new Rng(9);
    const basis = [randomMatrix(3, rng), randomMatrix(3, rng)];
    const a = analyzeAlgebra(basis, POINTS3, { snapThreshold: 0 });
    expect(a.canonical.matchedTo).toBeNull();
    const [g0, g1] = a.canonical.basis as [Mat, Mat];
    const flat0 = g0.flat();
    const flat1 = g1.flat();
    const pivot0 = flat0.findIndex((v) => v === 1);
    const pivot1 = flat1.findIndex((v) => v === 1);
    expect(pivot0).toBeGreaterThanOrEqual(0);
    expect(pivot1).toBeGreaterThanOrEqual(0);
    expect(flat1[pivot0]).toBe(0);
    expect(flat0[pivot1]).toBe(0);
    // Same span: the echelon basis scores 1 against the learned one.
    const again = analyzeAlgebra(a.canonical.basis, POINTS3);
    expect(again.matches.map((m) => m.similarity)).toEqual(a.matches.map((m) => expect.closeTo(m.similarity, 9) as unknown as number));
  });
});

describe('diagnostics', () => {
  it('antisymmetric share and normalised trace per generator', () => {
    const stretch: Mat = [
      [1, 0, 0],
      [0, -1, 0],
      [0, 0, 0],
    ];
    const identity: Mat = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const half: Mat = [
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    const a = analyzeAlgebra([SO3[2]!, stretch, identity, half], POINTS3);
    expect(a.diagnostics.antisymmetry.map((v) => Number(v.toFixed(12)))).toEqual([1, 0, 0, Number(Math.SQRT1_2.toFixed(12))]);
    expect(a.diagnostics.trace.map((v) => Number(v.toFixed(12)))).toEqual([0, 0, 1, 0]);
  });
});

describe('bad input', () => {
  it('names the generator and what was expected', () => {
    expect(() => analyzeAlgebra([], POINTS3)).toThrow(/expected a basis of k >= 1 generators, \[k\]\[3\]\[3\]/);
    expect(() => analyzeAlgebra([known(POINTS4, 't(3)')[0]!, SO3[0]!], POINTS4)).toThrow('generator 1 is 3x3, expected 4x4 for layout points:4');
    expect(() => analyzeAlgebra([[[0, 1, 0], [0, Number.NaN, 0], [0, 0, 0]]], POINTS3)).toThrow('generator 0, row 1, column 1 is NaN, expected a finite number');
    expect(() => analyzeAlgebra(SO3, POINTS3, { snapThreshold: 1.5 })).toThrow('snapThreshold must be in [0, 1), got 1.5');
  });
});
