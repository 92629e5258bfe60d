import { describe, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';

describe('Rng', () => {
  it('is deterministic in the seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 10 }, () => a.next());
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 10 }, () => c.next())).not.toEqual(xa);
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const r = new Rng(1);
    let s = 0;
    let s2 = 0;
    let outside = 0;
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const v = r.next();
      if (!(v >= 0 && v < 1)) outside++;
      s += v;
      s2 += v * v;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals', () => {
    const r = new Rng(2);
    let s = 0;
    let s2 = 0;
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('uniform(a, b), int(n) and shuffle stay in range', () => {
    const r = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const u = r.uniform(-2, 5);
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(5);
      const k = r.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    const arr = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = r.shuffle([...arr]);
    expect(shuffled).not.toEqual(arr);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(arr);
    expect(() => r.int(0)).toThrow(/positive integer/);
    expect(() => new Rng(0.5)).toThrow(/safe integer/);
  });

  it('accepts large and negative seeds', () => {
    expect(new Rng(2 ** 40 + 5).next()).not.toBe(new Rng(5).next());
    expect(new Rng(-1).next()).toBeGreaterThanOrEqual(0);
  });
});
