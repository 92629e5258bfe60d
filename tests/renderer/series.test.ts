import { describe, expect, it } from 'vitest';
import { downsampleMinMax, smoothSeries } from '../../src-renderer/src/lib/series';

describe('smoothSeries', () => {
  it('leaves a constant series exactly as it is', () => {
    const flat = new Array(50).fill(0.1 + 0.2);
    expect(smoothSeries(flat, 0.9)).toEqual(flat);
  });

  it('is not pulled towards zero at the start (bias corrected)', () => {
    const s = smoothSeries([10, 10.5, 9.5, 10], 0.9);
    expect(s[0]).toBeCloseTo(10, 12);
    // Without the correction the first point would be 1 (= 0.1 * 10).
    for (const v of s) expect(v).toBeGreaterThan(9.4);
  });

  it('matches the debiased moving average computed by hand', () => {
    const w = 0.5;
    const xs = [4, 2, 8];
    const ema1 = (1 - w) * 4;
    const ema2 = w * ema1 + (1 - w) * 2;
    const ema3 = w * ema2 + (1 - w) * 8;
    expect(smoothSeries(xs, w)).toEqual([ema1 / (1 - w), ema2 / (1 - w ** 2), ema3 / (1 - w ** 3)]);
  });

  it('is the identity at weight 0 and keeps gaps where values are not finite', () => {
    expect(smoothSeries([3, 1, 2], 0)).toEqual([3, 1, 2]);
    const s = smoothSeries([1, Number.NaN, 3], 0.5);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[0]).toBe(1);
    expect(s[2]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 3) / 0.75, 12);
    expect(() => smoothSeries([1], 1)).toThrow(/\[0, 1\)/);
  });
});

describe('downsampleMinMax', () => {
  it('keeps short series whole', () => {
    expect(downsampleMinMax([1, 2, 3], [5, 6, 7], 100)).toEqual({ xs: [1, 2, 3], ys: [5, 6, 7] });
  });

  it('bounds the point count and keeps the ends, the spikes and the dips, in x order', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((i) => Math.sin(i / 100));
    ys[4321] = 50;
    ys[7777] = -50;
    const d = downsampleMinMax(xs, ys, 500);
    expect(d.xs.length).toBeLessThanOrEqual(500);
    expect(d.xs[0]).toBe(0);
    expect(d.xs[d.xs.length - 1]).toBe(n - 1);
    expect(d.xs).toContain(4321);
    expect(d.xs).toContain(7777);
    expect([...d.xs].sort((a, b) => a - b)).toEqual(d.xs);
    d.xs.forEach((x, i) => expect(d.ys[i]).toBe(ys[x]));
  });

  it('refuses mismatched inputs', () => {
    expect(() => downsampleMinMax([1, 2], [1], 10)).toThrow(/2 x values for 1 y values/);
  });
});
