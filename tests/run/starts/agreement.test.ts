import { describe, expect, it } from 'vitest';
import { bestStart, startsAgreement, type StartOutcome } from '../../../src-main/run/starts/agreement';
import { startSeed, defaultStarts, defaultParallel } from '../../../src-main/run/starts/seed-rule';
import { startConfig } from '../../../src-main/jobs/starts';
import { actionMetric } from '../../../src-main/engine/evaluation/metrics/reference';
import { Rng } from '../../../src-main/data/random';

const zero = (d: number): number[][] => Array.from({ length: d }, () => new Array<number>(d).fill(0));
/** E_ij - E_ji: the rotation generator in the (i, j) plane. */
function rot(d: number, i: number, j: number, scale = 1): number[][] {
  const m = zero(d);
  m[i]![j] = -scale;
  m[j]![i] = scale;
  return m;
}
function diag(d: number, i: number): number[][] {
  const m = zero(d);
  m[i]![i] = 1;
  return m;
}

function outcome(index: number, valLoss: number | null, basis: number[][][], extra: Partial<StartOutcome> = {}): StartOutcome {
  return { index, seed: startSeed(0, index), valLoss, basis, verdict: { status: 'found', name: 'so(2)' }, groupElements: null, groupName: null, ...extra };
}

describe('startsAgreement', () => {
  it('scores identical spans 1, whatever the order, sign, scale and mixing of the generators', () => {
    const a = [rot(3, 0, 1), rot(3, 1, 2)];
    const b = [rot(3, 1, 2, -2.5), rot(3, 0, 1).map((row, r) => row.map((v, c) => v + rot(3, 1, 2)[r]![c]!))];
    const agr = startsAgreement([outcome(0, 1.0, a), outcome(1, 1.05, b)], null);
    expect(agr.compared).toBe(2);
    expect(agr.minSimilarity).toBeCloseTo(1, 10);
    expect(agr.pairs).toHaveLength(1);
  });

  it('scores orthogonal spans 0, and reports the smallest pair of three', () => {
    const agr = startsAgreement([outcome(0, 1, [rot(3, 0, 1)]), outcome(1, 1, [rot(3, 0, 1, 3)]), outcome(2, 1, [diag(3, 2)])], null);
    expect(agr.pairs.map((p) => p.similarity)).toEqual([expect.closeTo(1, 10), expect.closeTo(0, 10), expect.closeTo(0, 10)]);
    expect(agr.minSimilarity).toBeCloseTo(0, 10);
  });

  it('counts the starts near the best that found a symmetry (a losing start is not counted)', () => {
    const none = { verdict: { status: 'not-found', name: null } };
    const agr = startsAgreement([outcome(0, 1, [rot(3, 0, 1)], none), outcome(1, 1.05, [rot(3, 0, 1)]), outcome(2, 5, [rot(3, 0, 1)])], null);
    expect(agr.compared).toBe(2);
    expect(agr.foundNearBest).toBe(1);
    expect(startsAgreement([outcome(0, 1, [rot(3, 0, 1)], none), outcome(1, 1, [rot(3, 1, 2)], none)], null).foundNearBest).toBe(0);
  });

  it('compares only what the data can see when given the projector onto their span', () => {
    // Data span = the first two coordinates of R^3; the bases agree there and differ on the third.
    const p = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ];
    const a = [rot(3, 0, 1)];
    const b = [rot(3, 0, 1).map((row, r) => row.map((v, c) => v + (c === 2 ? [0.7, -0.4, 1.3][r]! : 0)))];
    const off = startsAgreement([outcome(0, 1, a), outcome(1, 1, b)], null).minSimilarity!;
    const on = startsAgreement([outcome(0, 1, a), outcome(1, 1, b)], p).minSimilarity!;
    expect(off).toBeLessThan(0.5);
    expect(on).toBeCloseTo(1, 10);
  });

  it('also compares by how the bases move the data: near a plane, bases differing off it move every sample alike', () => {
    // x3 = x1 + 0.001 noise: M = (0, x1 - x3, 0) barely moves any sample, though it is as large as the rotation.
    const rng = new Rng(2);
    const rows: number[] = [];
    for (let s = 0; s < 400; s++) {
      const x1 = rng.normal();
      rows.push(x1, rng.normal(), x1 + 1e-3 * rng.normal());
    }
    const metric = actionMetric({ rows: Float64Array.from(rows), n: 400, d: 3 });
    const a = [rot(3, 0, 1)];
    const b = [rot(3, 0, 1).map((row, r) => row.map((v, c) => v + (r === 1 ? [3, 0, -3][c]! : 0)))];
    const alike = startsAgreement([outcome(0, 1, a, { fullBasis: a }), outcome(1, 1, b, { fullBasis: b })], null, metric);
    expect(alike.minSimilarity!).toBeLessThan(0.6);
    expect(alike.pairs[0]!.action!).toBeGreaterThan(0.99);
    expect(alike.minAgreement!).toBeGreaterThan(0.99);
    // A generator that moves the samples otherwise (a scaling of x3) disagrees both ways.
    const other = startsAgreement([outcome(0, 1, a, { fullBasis: a }), outcome(1, 1, [diag(3, 2)], { fullBasis: [diag(3, 2)] })], null, metric);
    expect(other.minAgreement!).toBeLessThan(0.1);
    // Without a metric only the subspace similarity counts.
    expect(startsAgreement([outcome(0, 1, a), outcome(1, 1, b)], null).minAgreement).toBeCloseTo(alike.minSimilarity!, 10);
  });

  it('compares only the starts within 10 % of the best validation loss, but lists every start', () => {
    const agr = startsAgreement([outcome(0, 2.0, [rot(3, 0, 1)]), outcome(1, 1.0, [rot(3, 0, 1)]), outcome(2, 1.2, [diag(3, 2)], { verdict: { status: 'not-found', name: null } })], null);
    expect(agr.indices).toEqual([1]);
    expect(agr.compared).toBe(1);
    expect(agr.minSimilarity).toBeNull();
    expect(agr.found).toHaveLength(3);
    expect(agr.found[2]).toBe('start 2 (seed 2000, validation loss 1.200): not-found');
    expect(startsAgreement([outcome(0, 1.09, [rot(3, 0, 1)]), outcome(1, 1.0, [diag(3, 2)])], null).compared).toBe(2);
  });

  it('weight sharing: groups agree when their elements are the same set', () => {
    const s2 = ['()', '(0 1)'];
    const same = startsAgreement([outcome(0, 1, [], { groupElements: s2, groupName: 'S_2' }), outcome(1, 1, [], { groupElements: ['(0 1)', '()'], groupName: 'S_2' })], null);
    expect(same.groupsAgree).toBe(true);
    expect(same.minSimilarity).toBeNull();
    const differ = startsAgreement([outcome(0, 1, [], { groupElements: s2, groupName: 'S_2' }), outcome(1, 1, [], { groupElements: ['()'], groupName: 'trivial' })], null);
    expect(differ.groupsAgree).toBe(false);
    expect(startsAgreement([outcome(0, 1, [rot(2, 0, 1)])], null).groupsAgree).toBeNull();
  });
});

describe('bestStart', () => {
  it('picks the smallest validation loss, the first on ties, skipping missing ones', () => {
    expect(bestStart([outcome(0, 3, []), outcome(1, 1, []), outcome(2, 2, [])])).toBe(1);
    expect(bestStart([outcome(0, 1, []), outcome(1, 1, [])])).toBe(0);
    expect(bestStart([outcome(0, null, []), outcome(1, 5, [])])).toBe(1);
    expect(bestStart([outcome(0, null, []), outcome(1, null, [])])).toBe(0);
  });
});

describe('seed rule', () => {
  it('start i trains with seed + 1000 i and validates on the split of the run seed', () => {
    expect([0, 1, 2].map((i) => startSeed(7, i))).toEqual([7, 1007, 2007]);
    expect(startConfig({ seed: 7, epochs: 2 }, 2)).toEqual({ seed: 2007, epochs: 2, valSplitSeed: 7 });
    expect(startConfig({}, 1)).toMatchObject({ seed: 1000, valSplitSeed: 0 });
    expect(defaultStarts('semola')).toBe(3);
    expect(defaultStarts('plain')).toBe(1);
    expect(defaultStarts('fixed-basis')).toBe(1);
    expect([defaultParallel(1), defaultParallel(2), defaultParallel(16)]).toEqual([1, 1, 15]);
  });
});
