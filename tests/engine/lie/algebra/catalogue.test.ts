/**
 * One property test over the whole catalogue (as EMLP's equivariance tests run over its groups):
 * every known algebra, in every layout it applies to, must be recognised as itself from any basis
 * of its span, with brackets, closure, Killing signature and canonical form to match; blurred by a
 * little noise it is still recognised, blurred by a lot it is not.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src-main/data/random';
import { analyzeAlgebra, knownAlgebras, MATCH_THRESHOLD } from '../../../../src-main/engine/lie/algebra/index';
import { orthonormalSpan } from '../../../../src-main/engine/lie/algebra/structure';
import { bracketOf, changeOfBasis, combination, frob, isHomogeneous, LAYOUTS, layoutName, withNoise, type Mat } from './helpers';

const cases = LAYOUTS.flatMap((layout) => knownAlgebras(layout).map((algebra, index) => ({ layout, algebra, index, label: `${layoutName(layout)} ${algebra.name}` })));

describe('the catalogue', () => {
  it.each(LAYOUTS.map((l) => [layoutName(l), l] as const))('%s: unique names, independent generators of the right shape, distinct spans', (_, layout) => {
    const list = knownAlgebras(layout);
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((a) => a.name)).size).toBe(list.length);
    for (const a of list) {
      expect(a.basis.length).toBe(a.dim);
      for (const g of a.basis) {
        expect(g.length).toBe(layout.d);
        for (const row of g) expect(row.length).toBe(layout.d);
        if (isHomogeneous(layout)) expect(g[layout.d - 1]!.every((v) => v === 0)).toBe(true);
      }
      expect(orthonormalSpan(a.basis).length).toBe(a.dim);
      const sig = a.killingSignature;
      expect(sig.positive + sig.negative + sig.zero).toBe(a.dim);
    }
    // No entry is another's span under a second name: each is recognised only as itself.
    for (const a of list) {
      const others = analyzeAlgebra(a.basis, layout).matches.filter((m) => m.name !== a.name);
      for (const m of others) expect(m.similarity).toBeLessThan(0.97);
    }
  });

  it('covers what a scientist expects in each layout', () => {
    const names = (l: (typeof LAYOUTS)[number]): string[] => knownAlgebras(l).map((a) => a.name);
    expect(names({ kind: 'points', d: 3, maxPoints: 9 })).toEqual(expect.arrayContaining(['so(3)', 'scaling', 'so(2) about z']));
    expect(names({ kind: 'points', d: 4, maxPoints: 9 })).toEqual(expect.arrayContaining(['se(3)', 't(3)', 'so(3) about the origin', 'sim(3)']));
    expect(names({ kind: 'vector', d: 3, blocks: 1 })).toEqual(expect.arrayContaining(['so(3)', 'se(2)', 't(2)', 'so(1,2)', 'so(2) in features 1-2']));
    expect(names({ kind: 'vector', d: 4, blocks: 1 })).toEqual(expect.arrayContaining(['so(4)', 'so(1,3)', 'se(3)', 'sl(2) on every 2-vector']));
    expect(names({ kind: 'vector', d: 6, blocks: 1 })).toEqual(expect.arrayContaining(['so(3) on every 3-vector', 'so(2) on every 2-vector']));
    expect(names({ kind: 'vector', d: 8, blocks: 1 })).toEqual(expect.arrayContaining(['so(8)', 'so(2) on every 2-vector', 'so(2)^4']));
    const image = names({ kind: 'image', d: 3, height: 28, width: 28, channels: 1 });
    expect(image.slice(0, 8)).toEqual([
      'rotation of the image plane', 'uniform scaling of the image', 'horizontal scaling', 'vertical scaling',
      'horizontal shear', 'vertical shear', 'horizontal translation', 'vertical translation',
    ]);
    expect(image).toEqual(expect.arrayContaining(['se(2)', 't(2)', 'sim(2)', 'aff(2)']));
    expect(knownAlgebras({ kind: 'image', d: 3, height: 28, width: 28, channels: 1 })[0]!.basis).toEqual([[[0, -1, 0], [1, 0, 0], [0, 0, 0]]]);
  });

  it('is data the 2-body and molecule ground truths belong to', () => {
    const find = (l: (typeof LAYOUTS)[number], name: string): Mat[] => knownAlgebras(l).find((a) => a.name === name)!.basis;
    // blockdiag(J, J, J, J) of the 2-body data, and the textbook L_x, L_y, L_z.
    const rotation2body = find({ kind: 'vector', d: 8, blocks: 1 }, 'so(2) on every 2-vector')[0]!;
    expect(rotation2body[1]![0]).toBe(1);
    expect(rotation2body[0]![1]).toBe(-1);
    expect(rotation2body[7]![6]).toBe(1);
    expect(find({ kind: 'points', d: 3, maxPoints: 9 }, 'so(3)')).toEqual([
      [[0, 0, 0], [0, 0, -1], [0, 1, 0]],
      [[0, 0, 1], [0, 0, 0], [-1, 0, 0]],
      [[0, -1, 0], [1, 0, 0], [0, 0, 0]],
    ]);
  });
});

describe.each(cases)('$label', ({ layout, algebra, index }) => {
  const seed = 1000 + 37 * index + 7 * layout.d + (layout.kind === 'points' ? 500 : 0);

  it('is recognised as itself from another basis of its span, with exact brackets, closure, Killing signature and canonical form', () => {
    const rng = new Rng(seed);
    const basis = changeOfBasis(algebra.basis, rng);
    const a = analyzeAlgebra(basis, layout);
    expect(a.bestMatch?.name).toBe(algebra.name);
    expect(a.bestMatch!.similarity).toBeGreaterThan(1 - 1e-9);
    expect(a.description.startsWith(`${algebra.name} (${algebra.description}), similarity 1.00`)).toBe(true);
    expect(a.closureResidual).toBeLessThan(1e-9);
    // [L_i, L_j] = sum_m c_ij^m L_m exactly, for a closed algebra.
    for (let i = 0; i < basis.length; i++) {
      for (let j = 0; j < basis.length; j++) {
        const lhs = bracketOf(basis[i]!, basis[j]!);
        const rhs = combination(basis, a.structureConstants[i]![j]!);
        const err = frob(lhs.map((r, p) => r.map((v, q) => v - rhs[p]![q]!)));
        expect(err).toBeLessThanOrEqual(1e-9 * frob(basis[i]!) * frob(basis[j]!));
      }
    }
    expect(a.killing.signature).toEqual(algebra.killingSignature);
    expect(a.canonical.matchedTo).toBe(algebra.name);
    expect(a.canonical.basis.length).toBe(algebra.dim);
    a.canonical.basis.forEach((g, m) => g.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(algebra.basis[m]![r]![c]!, 9))));
  });

  it('is still recognised under 1% noise, with a small closure residual and the same Killing signature', () => {
    const rng = new Rng(seed + 1);
    const a = analyzeAlgebra(changeOfBasis(withNoise(algebra.basis, 0.01, rng, isHomogeneous(layout)), rng), layout);
    expect(a.bestMatch?.name).toBe(algebra.name);
    expect(a.bestMatch!.similarity).toBeGreaterThan(0.99);
    expect(a.closureResidual).toBeLessThan(0.03);
    expect(a.killing.signature).toEqual(algebra.killingSignature);
  });

  // Only where the algebra leaves room: a span filling more than half of the free entries is
  // close to any span of its size, noise or not (aff(3) is all of points:4).
  const free = layout.d * layout.d - (isHomogeneous(layout) ? layout.d : 0);
  it.runIf(2 * algebra.dim <= free)('is not recognised under noise three times its size', () => {
    const rng = new Rng(seed + 2);
    const a = analyzeAlgebra(withNoise(algebra.basis, 3, rng, isHomogeneous(layout)), layout);
    const self = a.matches.find((m) => m.name === algebra.name)!;
    expect(self.similarity).toBeLessThan(MATCH_THRESHOLD);
    expect(a.bestMatch).toBeNull();
    expect(a.description.startsWith('no known algebra')).toBe(true);
  });
});
