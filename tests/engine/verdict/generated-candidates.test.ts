/**
 * Candidates for the algebra the exact directions generate (docs/verdict.md, rule 6): learned
 * rotations that keep a little shear generate far more than so(3) by brackets; the motions their
 * names say generate so(3) itself, and both are offered, the largest first.
 */
import { describe, expect, it } from 'vitest';
import { generatedCandidates } from '../../../src-main/engine/verdict/generated-part';
import type { SpanDirection } from '../../../src-main/engine/verdict/exactness';

const rx = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
const rz = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const shear = [[0, 0, 1], [0, 0, 0], [1, 0, 0]];
const add = (a: number[][], b: number[][], s: number): number[][] => a.map((row, i) => row.map((v, j) => v + s * b[i]![j]!));

const direction = (generator: number[][], name: string, ideal?: number[][]): SpanDirection => ({
  generator,
  variation: 0.01,
  exact: true,
  strength: 1,
  name,
  ideal,
  verdict: 'exact',
  motion: 1,
});

const options = { minMotion: 0.05, tol: 0.1, norm: 1, maxDim: 9, limit: 6 };

describe('generatedCandidates', () => {
  it('offers the algebra the named motions generate beside the one the learned forms generate', () => {
    const dirs = [direction(add(rx, shear, 0.3), 'rotation about x', rx), direction(add(rz, shear, 0.3), 'rotation about z', rz)];
    const candidates = generatedCandidates(dirs, options);
    const learned = candidates.find((c) => !c.ideal && c.from.length === 2)!;
    const named = candidates.find((c) => c.ideal && c.from.length === 2)!;
    // The shear leftovers grow the learned pair past so(3); the named rotations close at 3.
    expect(learned.basis.length).toBeGreaterThan(3);
    expect(named.basis).toHaveLength(3);
    expect(named.added).toBe(1);
    // Every generator of the named algebra is antisymmetric: a rotation.
    for (const L of named.basis) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(L[i]![j]! + L[j]![i]!).toBeCloseTo(0, 10);
    // The largest first.
    const dims = candidates.map((c) => c.basis.length);
    expect(dims).toEqual([...dims].sort((a, b) => b - a));
  });

  it('offers no named variant for unnamed directions, and no candidate twice', () => {
    const dirs = [direction(rx, 'rotation about x', rx), direction(add(rz, shear, 0.3), 'a mixed direction')];
    dirs[1]!.name = null;
    const candidates = generatedCandidates(dirs, options);
    const single = candidates.filter((c) => c.from.length === 1 && c.from[0]!.name === null);
    expect(single.every((c) => !c.ideal)).toBe(true);
    // rx is its own named motion: its learned and named forms generate the same algebra, kept once.
    expect(candidates.filter((c) => c.from.length === 1 && c.from[0]!.name === 'rotation about x')).toHaveLength(1);
  });
});
