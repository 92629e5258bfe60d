import { describe, expect, it } from 'vitest';
import { strengthSeries } from '../../src-renderer/src/lib/strengths-series';

const snap = (epoch: number, strengths: number[] | null) => ({ epoch, basis: [], strengths });

describe('strength series from snapshots', () => {
  it('one series per generator, in epoch order, skipping snapshots without strengths', () => {
    const s = strengthSeries([snap(3, [1, 0.2]), snap(1, [1, 1]), snap(2, null), snap(2, [1, 0.5])]);
    expect(s.map((x) => x.name)).toEqual(['L1', 'L2']);
    expect(s[0]!.points).toEqual([[1, 1], [2, 1], [3, 1]]);
    expect(s[1]!.points).toEqual([[1, 1], [2, 0.5], [3, 0.2]]);
  });

  it('is empty for runs that learn no strengths', () => {
    expect(strengthSeries([snap(1, null), snap(2, null)])).toEqual([]);
    expect(strengthSeries([])).toEqual([]);
  });
});
