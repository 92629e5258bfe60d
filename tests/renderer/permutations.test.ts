import { describe, expect, it } from 'vitest';
import { groupRule, heatmapCells, learnedRows, namedOrbits, runPermutations } from '../../src-renderer/src/lib/permutations';
import { weightSharingSummary } from './permutation-fixture';

describe('a weight-sharing run read from its summary', () => {
  it('is found only where the summary reports permutations and their group', () => {
    expect(runPermutations(null)).toBeNull();
    expect(runPermutations({ verdict: {} })).toBeNull();
    expect(runPermutations({ permutations: null, permutationGroup: null })).toBeNull();
    const summary = weightSharingSummary();
    expect(runPermutations({ ...summary, permutationGroup: { ...(summary['permutationGroup'] as object), points: ['x1'] } })).toBeNull();
    const perms = runPermutations(summary)!;
    expect(perms.group).toMatchObject({ name: 'S_3 on {x1, x2, x3}', order: 6, points: ['x1', 'x2', 'x3', 'x4', 'x5'] });
    expect(perms.checked).toBe(true);
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
