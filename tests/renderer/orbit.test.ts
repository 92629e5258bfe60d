/** The orbit exp(s A) x, s in [-1, 1], and the features it moves most. */
import { describe, expect, it } from 'vitest';
import { actOnVector, combine, expm } from '../../src-renderer/src/lib/matrix';
import { mostMoved, orbit, orbitFeatures } from '../../src-renderer/src/lib/orbit';

// A rotation in (a, b) of a 3-feature sample, and a scaling of c.
const R = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const C = [[0, 0, 0], [0, 0, 0], [0, 0, 1]];

describe('orbit', () => {
  it('passes through x at s = 0 and g x at s = 1, on the rotation circle', () => {
    for (const t of [0.4, 1.3, -2.9]) {
      const x = [3, -1, 0.5];
      const o = orbit([R], [t], x, 41);
      expect(o.s[0]).toBe(-1);
      expect(o.s[40]).toBe(1);
      o.points[20]!.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 9));
      const gx = actOnVector(expm(combine([R], [t])), x);
      o.points[40]!.forEach((v, i) => expect(v).toBeCloseTo(gx[i]!, 9));
      for (const p of o.points) {
        expect(Math.hypot(p[0]!, p[1]!)).toBeCloseTo(Math.hypot(3, 1), 9);
        expect(p[2]).toBeCloseTo(0.5, 12);
      }
      expect(o.fromSliders).toBe(true);
    }
  });

  it('follows sum L_i when every slider is 0', () => {
    const o = orbit([R, C], [0, 0], [1, 0, 1], 21);
    expect(o.fromSliders).toBe(false);
    o.points[20]!.forEach((v, i) => expect(v).toBeCloseTo(actOnVector(expm(combine([R, C], [1, 1])), [1, 0, 1])[i]!, 9));
  });

  it('names the two features a rotation moves, and a third only when it moves', () => {
    const o = orbit([R], [1], [1, 0, 5]);
    expect(orbitFeatures(o.points).map((f) => f.index).sort()).toEqual([0, 1]);
    // c = 5 e^s moves by 11.8, b = sin s by 1.7, a = cos s by 0.46 (under 5 % of 11.8: left out).
    expect(orbitFeatures(orbit([R, C], [1, 1], [1, 0, 5]).points).map((f) => f.index)).toEqual([2, 1]);
    // c = 0.1 e^s moves by 0.24, over 5 % of b's 1.7: the third feature.
    expect(orbitFeatures(orbit([R, C], [1, 1], [1, 0, 0.1]).points).map((f) => f.index)).toEqual([1, 0, 2]);
    expect(mostMoved([[0, 0], [1, -3]], 2)).toEqual([{ index: 1, range: 3 }, { index: 0, range: 1 }]);
  });
});
