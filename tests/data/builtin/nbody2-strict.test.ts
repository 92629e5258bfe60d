import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { STATE_DIM, rotateState, rotationGenerator, simulate } from '../../../src-main/data/builtin/nbody2';
import { STRICT_SAMPLES, strictTrajectories } from '../../../src-main/data/builtin/nbody2-strict';

/** Body 1's quadrant product q1x * q1y of row r of a [n, 8] array. */
function quadrant(rows: Float32Array, r: number): number {
  return rows[r * STATE_DIM]! * rows[r * STATE_DIM + 1]!;
}

describe('nbody2-ood-strict', () => {
  it('trains only on pairs in the top-left/bottom-right quadrants at both times, tests only on the others at both times', () => {
    for (const seed of [0, 1]) {
      const d = loadBuiltin(`nbody2-ood-strict?trajectories=120&seed=${seed}`);
      for (let r = 0; r < d.train.n; r++) {
        expect(quadrant(d.train.inputs, r)).toBeLessThan(0);
        expect(quadrant(d.train.targets, r)).toBeLessThan(0);
      }
      for (let r = 0; r < d.test!.n; r++) {
        expect(quadrant(d.test!.inputs, r)).toBeGreaterThan(0);
        expect(quadrant(d.test!.targets, r)).toBeGreaterThan(0);
      }
      // Pairs crossing a boundary are dropped: fewer than all 19 per trajectory, but most are kept.
      const kept = d.train.n + d.test!.n;
      expect(kept).toBeLessThan(120 * (STRICT_SAMPLES - 1));
      expect(kept).toBeGreaterThan(0.85 * 120 * (STRICT_SAMPLES - 1));
      expect(d.layout).toEqual({ kind: 'vector', d: 8, blocks: 1 });
      expect(d.referenceBasis).toEqual(rotationGenerator());
      expect(d.referenceExact).toEqual([true]);
    }
  });

  it('gives about 7.5k training pairs at defaults', () => {
    for (const seed of [0, 1, 2]) {
      const n = loadBuiltin(`nbody2-ood-strict?seed=${seed}`).train.n;
      expect(n).toBeGreaterThan(7300);
      expect(n).toBeLessThan(7800);
    }
  });

  it('groups windows by trajectory, so a held-out split can keep orbits whole', () => {
    const d = loadBuiltin('nbody2-ood-strict?trajectories=60');
    expect(d.groupUnit).toBe('trajectory');
    expect(d.train.groups!.length).toBe(d.train.n);
    // Consecutive pairs of one trajectory: the target of one is the input of the next (same group).
    for (let r = 0; r + 1 < d.train.n; r++) {
      if (d.train.groups![r] !== d.train.groups![r + 1]) continue;
      const next = d.train.inputs.subarray((r + 1) * STATE_DIM, (r + 2) * STATE_DIM);
      const target = d.train.targets.subarray(r * STATE_DIM, (r + 1) * STATE_DIM);
      if (Array.from(next).every((v, k) => v === target[k])) return;
    }
    throw new Error('no consecutive pair of one trajectory found');
  });

  it('is deterministic by seed and checks its parameters', () => {
    const a = loadBuiltin('nbody2-ood-strict?trajectories=30&seed=4');
    const b = loadBuiltin('nbody2-ood-strict?trajectories=30&seed=4');
    expect(Array.from(b.train.inputs)).toEqual(Array.from(a.train.inputs));
    expect(Array.from(b.test!.targets)).toEqual(Array.from(a.test!.targets));
    expect(Array.from(loadBuiltin('nbody2-ood-strict?trajectories=30&seed=5').train.inputs.subarray(0, 8))).not.toEqual(Array.from(a.train.inputs.subarray(0, 8)));
    expect(() => loadBuiltin('nbody2-ood-strict?dt=0')).toThrow(/dt must be a number in \[0.01, 2\]/);
  });

  it('adds observation noise of the stated std to the same orbits, and dt sets the step', () => {
    const base = { trajectories: 50, dt: 20 / 49, nu: 0.01, noise: 0, seed: 3 };
    const clean = strictTrajectories(base);
    const noisy = strictTrajectories({ ...base, noise: 0.01 });
    let sq = 0;
    for (let i = 0; i < clean.length; i++) sq += (noisy[i]! - clean[i]!) ** 2;
    // 8000 draws: the RMS is within 3 % of 0.01 (about 4 standard errors).
    expect(Math.abs(Math.sqrt(sq / clean.length) / 0.01 - 1)).toBeLessThan(0.03);
    // Halving dt halves the distance body 1 moves per step (near-circular orbits, short arcs).
    const step = (dt: number): number => {
      const t = strictTrajectories({ ...base, dt });
      let s = 0;
      for (let i = 0; i < base.trajectories; i++) {
        const o = i * STRICT_SAMPLES * STATE_DIM;
        s += Math.hypot(t[o + STATE_DIM]! - t[o]!, t[o + STATE_DIM + 1]! - t[o + 1]!);
      }
      return s;
    };
    expect(step(0.1) / step(0.2)).toBeCloseTo(0.5, 2);
  });

  it('is rotation-equivariant: the simulated map commutes with rotations at any dt', () => {
    for (const dt of [0.2, 20 / 49, 1]) {
      const s0 = Float64Array.from([2, 0.5, -2, -0.5, -0.1, 0.33, 0.1, -0.33]);
      const angle = 0.7;
      const a = simulate(rotateState(s0, angle), 2, dt).subarray(STATE_DIM);
      const b = rotateState(simulate(s0, 2, dt).subarray(STATE_DIM), angle);
      for (let k = 0; k < STATE_DIM; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(1e-9);
    }
  });
});
