import { describe, expect, it } from 'vitest';
import { logAxisRange, powerLabel } from '../../src-renderer/src/lib/log-axis';

describe('logAxisRange', () => {
  it('bounds a run with a term near 1e-16 by the meaningful range, not by the round-off', () => {
    // A total falling from 2 to 0.05, a task term from 1 to 0.01, and an orthogonality term of 3e-16.
    const values = [2, 0.8, 0.2, 0.05, 1, 0.3, 0.01, 3e-16, 2e-16];
    const axis = logAxisRange(values);
    expect(axis.max).toBe(1);
    // About eight decades below the largest value (2e-8, on a step of two decades), not 10^-16 (or 10^-19).
    expect(axis.min).toBe(-9);
    expect(axis.clipped).toBe(true);
    expect(axis.labels).toEqual(['1e-9', '1e-7', '1e-5', '1e-3', '0.1', '10']);
    for (const label of axis.labels) expect(label).toMatch(/^(1e-?\d+|0\.\d?1|1|10|100|1000)$/);
  });

  it('spans exactly the decades of data within range, with a label per decade when few', () => {
    const axis = logAxisRange([0.03, 0.5, 4]);
    expect([axis.min, axis.max, axis.interval]).toEqual([-2, 1, 1]);
    expect(axis.labels).toEqual(['0.01', '0.1', '1', '10']);
    expect(axis.clipped).toBe(false);
  });

  it('keeps at most seven labels on a wide range, down from the top decade', () => {
    const axis = logAxisRange([1e-7, 1e5], 20);
    expect(axis.ticks.length).toBeLessThanOrEqual(7);
    expect(axis.min).toBeLessThanOrEqual(-7);
    expect(axis.max).toBeGreaterThanOrEqual(5);
  });

  it('gives a decade even for one value, and a default when nothing is positive', () => {
    expect(logAxisRange([1]).labels).toEqual(['0.1', '1']);
    expect(logAxisRange([0, -1, Number.NaN]).labels).toEqual(['0.1', '1']);
  });
});

describe('powerLabel', () => {
  it('writes powers of ten short', () => {
    expect([-19, -4, -3, -2, -1, 0, 1, 3, 4, 10].map(powerLabel)).toEqual(['1e-19', '1e-4', '1e-3', '0.01', '0.1', '1', '10', '1000', '1e4', '1e10']);
  });
});
