import { describe, expect, it } from 'vitest';
import { groupRule, heatmapCells, learnedRows, namedOrbits, runPermutations } from '../../src-renderer/src/lib/permutations';
import { readSummary } from '../../src-main/summary/schema';
import { storedSummary, storedSummaryJson } from '../fixtures/stored-summary';
import { permutationKeys, weightSharingSummary } from './permutation-fixture';

describe('a weight-sharing run read from its summary', () => {
  it('is found only where the summary reports permutations and their group', () => {
    expect(runPermutations(null)).toBeNull();
    expect(runPermutations(undefined)).toBeNull();
    // A run of another model: the summary's permutation keys are null.
    expect(runPermutations(storedSummary())).toBeNull();
    const perms = runPermutations(weightSharingSummary())!;
    expect(perms.group).toMatchObject({ name: 'S_3 on {x1, x2, x3}', order: 6, points: ['x1', 'x2', 'x3', 'x4', 'x5'] });
    expect(perms.soft).toHaveLength(5);
    expect(perms.rounded).toEqual(['()', '(x1 x2 x3)', '(x1 x2)', '(x1 x5)', '(x4 x5)']);
    expect(perms.checked).toBe(true);
  });

  it('gets no malformed permutations: the store refuses them with the key, so the panel never sees them', () => {
    const keys = permutationKeys() as { permutations: Record<string, unknown>; permutationGroup: Record<string, unknown> };
    const read = (over: Record<string, unknown>) => readSummary({ ...storedSummaryJson(), ...keys, ...over });
    expect(read({}).ok).toBe(true);
    const fewerSlots = read({ permutationGroup: { ...keys.permutationGroup, points: ['x1'] } });
    expect(fewerSlots).toEqual({ ok: false, reason: 'permutationGroup.points: expected the 5 slots the permutations act on, got 1' });
    const ragged = read({ permutations: { ...keys.permutations, confidence: [1, 0.9] } });
    expect(ragged).toEqual({ ok: false, reason: 'permutations.confidence: expected one entry per P_g (5), got 2' });
    const badCandidate = read({ permutations: { ...keys.permutations, check: { candidates: [{ g: 1, loss: null, accepted: 'yes', reason: null }], accepted: [] } } });
    expect(badCandidate.ok).toBe(false);
    expect(!badCandidate.ok && badCandidate.reason).toMatch(/^permutations\.check\.candidates\.0\.accepted: Invalid input: expected boolean/);
  });

  it('names orbits by the slots', () => {
    expect(namedOrbits(runPermutations(weightSharingSummary())!)).toEqual({ moved: ['{x1, x2, x3}'], fixed: ['x4', 'x5'] });
  });

  it('lists P_1..P_{G-1} with rounding, confidence and why each is in the group or not', () => {
    const rows = learnedRows(runPermutations(weightSharingSummary())!);
    expect(rows.map((r) => [r.g, r.cycles, Number(r.confidence.toFixed(3)), r.used])).toEqual([
      [1, '(x1 x2 x3)', 0.9, true],
      [2, '(x1 x2)', 0.8, true],
      [3, '(x1 x5)', 0.3, false],
      [4, '(x4 x5)', 0.7, false],
    ]);
    expect(rows.map((r) => r.reason)).toEqual([null, null, 'confidence below 0.5', 'enforcing it raises the held-out loss to 0.22 (limit 0.0675)']);
  });

  it('says in one line what generates the group, and draws row 0 on top', () => {
    const perms = runPermutations(weightSharingSummary())!;
    expect(groupRule(perms)).toBe('Each learned P_g is rounded to its nearest permutation; the roundings with confidence ≥ 0.5 that the held-out data support generate the group.');
    expect(groupRule({ ...perms, checked: false })).not.toContain('held-out');
    expect(heatmapCells([[0.9, 0.1], [0.1, 0.9]])).toEqual([[0, 1, 0.9], [1, 1, 0.1], [0, 0, 0.1], [1, 0, 0.9]]);
  });
});
