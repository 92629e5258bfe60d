import { describe, expect, it } from 'vitest';
import { adjustStrengths, DEFAULT_STRENGTHS, strengthSchedule, strengthsAfter } from '../../../src-main/engine/losses/strengths';
import { resolveConfig } from '../../../src-main/engine/config';

describe('per-generator strengths (PER rule)', () => {
  it('fires once at half the epochs, from the window minima, with lambda_j (R_min / R_j)^p', () => {
    expect(strengthSchedule(DEFAULT_STRENGTHS, 10)).toEqual({ adjustEpoch: 5, windowStart: 4 });
    expect(strengthSchedule({ ...DEFAULT_STRENGTHS, adjustEpoch: 8, window: 3 }, 10)).toEqual({ adjustEpoch: 8, windowStart: 6 });
    expect(adjustStrengths([1, 1, 1], [0.01, 0.1, 0.02], 2).map((v) => +v.toFixed(6))).toEqual([1, 0.01, 0.25]);
    const history = [
      [0.5, 0.5],
      [0.2, 0.6],
      [0.05, 0.4],
      [0.1, 0.5], // window epochs 4..5 with 10 epochs: minima 0.1 and 0.5 -> not the earlier 0.05
      [0.12, 0.6],
    ];
    expect(strengthsAfter(history.slice(0, 4), 2, DEFAULT_STRENGTHS, 10)).toEqual([1, 1]);
    const s = strengthsAfter(history, 2, DEFAULT_STRENGTHS, 10);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeCloseTo((0.1 / 0.5) ** 2, 12);
    // Later epochs do not move them again.
    expect(strengthsAfter([...history, [0.9, 0.01]], 2, DEFAULT_STRENGTHS, 10)).toEqual(s);
  });

  it('validates its settings and is auto by default (on for k > 1 regression, tests/run/strengths-default.test.ts)', () => {
    expect(resolveConfig().strengths.enabled).toBe('auto');
    expect(() => resolveConfig({ strengths: { ...DEFAULT_STRENGTHS, power: 0 } })).toThrow(/strengths.power/);
    expect(() => resolveConfig({ method: 'plain', strengths: { ...DEFAULT_STRENGTHS, enabled: true } })).toThrow(/strengths need generators/);
  });
});
