import { describe, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';
import {
  SAMPLE_DT,
  SAMPLES,
  STATE_DIM,
  STATE_NAMES,
  energy,
  generateTrajectories,
  initialState,
  rotateState,
  rotationGenerator,
  simulate,
  windowsPerTrajectory,
} from '../../src-main/data/builtin/nbody2';
import { loadBuiltin } from '../../src-main/data/builtin/index';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

describe('2-body simulator', () => {
  it('uses the product state order', () => {
    expect([...STATE_NAMES]).toEqual(['q1x', 'q1y', 'q2x', 'q2y', 'p1x', 'p1y', 'p2x', 'p2y']);
  });

  it('draws initial states in the annulus, counter-clockwise, with the near-circular speed', () => {
    const rng = new Rng(11);
    for (let k = 0; k < 500; k++) {
      const s = initialState(rng, 1e-3);
      const [q1x, q1y, q2x, q2y, p1x, p1y, p2x, p2y] = Array.from(s);
      const r = Math.hypot(q1x ?? 0, q1y ?? 0);
      expect(r).toBeGreaterThanOrEqual(1.5);
      expect(r).toBeLessThanOrEqual(3);
      expect(q2x).toBe(-(q1x ?? 0));
      expect(q2y).toBe(-(q1y ?? 0));
      expect(p2x).toBe(-(p1x ?? 0));
      expect(p2y).toBe(-(p1y ?? 0));
      // perpendicular to q1 and counter-clockwise (positive angular momentum)
      expect(Math.abs((q1x ?? 0) * (p1x ?? 0) + (q1y ?? 0) * (p1y ?? 0))).toBeLessThan(1e-12);
      expect((q1x ?? 0) * (p1y ?? 0) - (q1y ?? 0) * (p1x ?? 0)).toBeGreaterThan(0);
      const speed = Math.hypot(p1x ?? 0, p1y ?? 0);
      expect(Math.abs(speed * 2 * Math.sqrt(r) - 1)).toBeLessThan(0.006); // 6 sigma of nu = 1e-3
    }
  });

  it('conserves energy to a relative drift below 1e-6 over a trajectory', () => {
    const rng = new Rng(5);
    for (const nu of [1e-3, 0.05]) {
      for (let k = 0; k < 20; k++) {
        const traj = simulate(initialState(rng, nu));
        const e0 = energy(traj, 0);
        for (let m = 1; m < SAMPLES; m++) {
          expect(Math.abs(energy(traj, m * STATE_DIM) - e0) / Math.abs(e0)).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('keeps q2 = -q1 and p2 = -p1 exactly', () => {
    const rng = new Rng(2);
    for (let k = 0; k < 20; k++) {
      const traj = simulate(initialState(rng, 0.01));
      for (let m = 0; m < SAMPLES; m++) {
        const o = m * STATE_DIM;
        expect(traj[o + 2]).toBe(-(traj[o] ?? 0));
        expect(traj[o + 3]).toBe(-(traj[o + 1] ?? 0));
        expect(traj[o + 6]).toBe(-(traj[o + 4] ?? 0));
        expect(traj[o + 7]).toBe(-(traj[o + 5] ?? 0));
      }
    }
  });

  it('commutes with rotations: simulate(R x) = R simulate(x) to 1e-9', () => {
    const rng = new Rng(3);
    for (const angle of [0.3, 1.7, -2.5, Math.PI / 2]) {
      const x = initialState(rng, 0.02);
      const a = simulate(rotateState(x, angle));
      const b = simulate(x);
      const rotated = new Float64Array(b.length);
      for (let m = 0; m < SAMPLES; m++) rotated.set(rotateState(b.subarray(m * STATE_DIM, (m + 1) * STATE_DIM), angle), m * STATE_DIM);
      expect(maxAbsDiff(a, rotated)).toBeLessThan(1e-9);
    }
  });

  it('follows a circular Kepler orbit at the expected angular speed when nu = 0', () => {
    const rng = new Rng(8);
    const x = initialState(rng, 0);
    const r = Math.hypot(x[0] ?? 0, x[1] ?? 0);
    const omega = 1 / (2 * r ** 1.5); // separation 2r, reduced problem: omega^2 (2r)^3 = G (m1 + m2) = 2
    const traj = simulate(x);
    const theta0 = Math.atan2(x[1] ?? 0, x[0] ?? 0);
    for (let m = 0; m < SAMPLES; m++) {
      const qx = traj[m * STATE_DIM] ?? 0;
      const qy = traj[m * STATE_DIM + 1] ?? 0;
      expect(Math.abs(Math.hypot(qx, qy) - r)).toBeLessThan(1e-8);
      const expected = theta0 + omega * m * SAMPLE_DT;
      const diff = Math.atan2(Math.sin(Math.atan2(qy, qx) - expected), Math.cos(Math.atan2(qy, qx) - expected));
      expect(Math.abs(diff)).toBeLessThan(1e-8);
    }
  });

  it('is deterministic in the seed', () => {
    const a = generateTrajectories({ trajectories: 5, seed: 7, nu: 1e-3 });
    const b = generateTrajectories({ trajectories: 5, seed: 7, nu: 1e-3 });
    const c = generateTrajectories({ trajectories: 5, seed: 8, nu: 1e-3 });
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(0.1);
  });

  it('has the annulus statistics of the LieGAN data: std of q1x near sqrt(5.625 / 2)', () => {
    const all = generateTrajectories({ trajectories: 1600, seed: 0, nu: 1e-3 });
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let i = 0; i < all.length; i += STATE_DIM) {
      const v = all[i] ?? 0;
      s += v;
      s2 += v * v;
      n++;
    }
    const std = Math.sqrt(s2 / n - (s / n) ** 2);
    expect(Math.abs(std - Math.sqrt(5.625 / 2))).toBeLessThan(0.05);
  });

  it('gives the rotation generator blockdiag(J, J, J, J), the derivative of rotateState', () => {
    const basis = rotationGenerator();
    expect(basis.length).toBe(1);
    const L = basis[0] ?? [];
    expect(L.length).toBe(8);
    const x = Float64Array.from([1.2, -0.3, -1.2, 0.3, 0.1, 0.4, -0.1, -0.4]);
    const eps = 1e-7;
    const numeric = rotateState(x, eps).map((v, i) => (v - (x[i] ?? 0)) / eps);
    const Lx = L.map((row) => row.reduce((acc, v, j) => acc + v * (x[j] ?? 0), 0));
    expect(maxAbsDiff(numeric, Lx)).toBeLessThan(1e-6);
    expect(L[0]?.[1]).toBe(-1);
    expect(L[1]?.[0]).toBe(1);
    expect(L[6]?.[7]).toBe(-1);
    expect(L[7]?.[6]).toBe(1);
    expect(L.flat().filter((v) => v !== 0).length).toBe(8);
  });
});

describe('2-body datasets', () => {
  it('counts windows including the last one: 19 for 1 -> 1, 15 for 3 -> 3', () => {
    expect(windowsPerTrajectory(1, 1)).toBe(19);
    expect(windowsPerTrajectory(3, 3)).toBe(15);
    const d = loadBuiltin('builtin:nbody2?trajectories=200&seed=3');
    expect(d.train.n).toBe(100 * 19);
    expect(d.test?.n).toBe(100 * 19);
    const d3 = loadBuiltin('nbody2-3x3?trajectories=201');
    expect(d3.train.n).toBe(101 * 15);
    expect(d3.test?.n).toBe(100 * 15);
  });

  it('builds 1 -> 1 rows: target = next state, consecutive windows chain', () => {
    const d = loadBuiltin('nbody2?trajectories=10&seed=1');
    expect(d.layout).toEqual({ kind: 'vector', d: 8, blocks: 1 });
    expect(d.task).toBe('equivariant');
    expect(d.targetKind).toBe('regression');
    expect(d.inputNames).toEqual([...STATE_NAMES]);
    expect(d.targetNames).toEqual([...STATE_NAMES]);
    expect(d.train.inputs.length).toBe(d.train.n * 8);
    expect(d.train.targets.length).toBe(d.train.n * 8);
    for (let k = 0; k < d.train.n - 1; k++) {
      if (k % 19 === 18) continue; // last window of a trajectory
      expect(Array.from(d.train.targets.subarray(k * 8, k * 8 + 8))).toEqual(Array.from(d.train.inputs.subarray((k + 1) * 8, (k + 2) * 8)));
    }
  });

  it('builds 3 -> 3 rows from consecutive states, with timed names', () => {
    const d = loadBuiltin('nbody2-3x3?trajectories=4');
    expect(d.layout).toEqual({ kind: 'vector', d: 8, blocks: 3 });
    expect(d.inputNames.length).toBe(24);
    expect(d.inputNames.slice(0, 2)).toEqual(['q1x@t0', 'q1y@t0']);
    expect(d.inputNames[8]).toBe('q1x@t1');
    expect(d.targetNames[0]).toBe('q1x@t3');
    expect(d.targetNames[23]).toBe('p2y@t5');
    // window t+1's first two input states are window t's last two
    for (let k = 0; k < 14; k++) {
      expect(Array.from(d.train.inputs.subarray((k + 1) * 24, (k + 1) * 24 + 16))).toEqual(Array.from(d.train.inputs.subarray(k * 24 + 8, k * 24 + 24)));
    }
    // the target starts right after the inputs: the last window's target ends at sample 19
    const traj = generateTrajectories({ trajectories: 4, seed: 0, nu: 1e-3 });
    const last = 14;
    const rowTargets = d.train.targets.subarray(last * 24, last * 24 + 24);
    const inTrain0 = Array.from(d.train.inputs.subarray(0, 8));
    // find which trajectory is the first train one (the split is random)
    let which = -1;
    for (let i = 0; i < 4; i++) {
      if (maxAbsDiff(Float32Array.from(traj.subarray(i * 160, i * 160 + 8)), inTrain0) === 0) which = i;
    }
    expect(which).toBeGreaterThanOrEqual(0);
    expect(maxAbsDiff(rowTargets, Float32Array.from(traj.subarray(which * 160 + 17 * 8, which * 160 + 20 * 8)))).toBe(0);
  });

  it('splits trajectories in random halves, whole trajectories on each side', () => {
    const d = loadBuiltin('nbody2?trajectories=40&seed=9');
    const firstStates = (s: Float32Array, n: number) => Array.from({ length: n / 19 }, (_, i) => s[i * 19 * 8] ?? 0);
    const train = new Set(firstStates(d.train.inputs, d.train.n));
    const test = firstStates(d.test?.inputs ?? new Float32Array(), d.test?.n ?? 0);
    expect(train.size).toBe(20);
    expect(test.length).toBe(20);
    expect(test.some((v) => train.has(v))).toBe(false);
  });

  it('routes OOD windows by the quadrant of body 1 at the first input timestep', () => {
    for (const [spec, tIn, per] of [
      ['nbody2-ood?trajectories=300', 1, 19],
      ['nbody2-ood-3x3?trajectories=300', 3, 15],
    ] as const) {
      const d = loadBuiltin(spec);
      const inDim = tIn * 8;
      const test = d.test;
      expect(test).toBeDefined();
      if (!test) return;
      expect(d.train.n + test.n).toBe(300 * per);
      for (let k = 0; k < d.train.n; k++) {
        expect((d.train.inputs[k * inDim] ?? 0) * (d.train.inputs[k * inDim + 1] ?? 0)).toBeLessThan(0);
      }
      for (let k = 0; k < test.n; k++) {
        expect((test.inputs[k * inDim] ?? 0) * (test.inputs[k * inDim + 1] ?? 0)).toBeGreaterThanOrEqual(0);
      }
      // about half of all windows each way
      expect(d.train.n / (d.train.n + test.n)).toBeGreaterThan(0.4);
      expect(d.train.n / (d.train.n + test.n)).toBeLessThan(0.6);
      expect(d.notes?.join(' ')).toMatch(/top-left or bottom-right/);
    }
  });

  it('routes OOD windows from every trajectory, not whole trajectories', () => {
    // A trajectory turns about 1.17 rad, so many cross a quadrant boundary and feed both splits.
    const d = loadBuiltin('nbody2-ood?trajectories=50');
    const all = generateTrajectories({ trajectories: 50, seed: 0, nu: 1e-3 });
    let mixed = 0;
    for (let i = 0; i < 50; i++) {
      const signs = new Set<boolean>();
      for (let t = 0; t < 19; t++) signs.add((all[(i * 20 + t) * 8] ?? 0) * (all[(i * 20 + t) * 8 + 1] ?? 0) < 0);
      if (signs.size === 2) mixed++;
    }
    expect(mixed).toBeGreaterThan(5);
    expect(d.train.n + (d.test?.n ?? 0)).toBe(50 * 19);
  });

  it('carries the reference basis, provenance and notes', () => {
    const d = loadBuiltin('builtin:nbody2?trajectories=20&seed=3&nu=0.001');
    expect(d.name).toBe('builtin:nbody2');
    expect(d.source).toBe('builtin:nbody2?trajectories=20&seed=3&nu=0.001');
    expect(d.referenceBasis).toEqual(rotationGenerator());
    expect(d.notes?.some((n) => n.includes('shuffled with seed 3'))).toBe(true);
  });

  it('generates the default 1600 trajectories quickly', () => {
    const t0 = performance.now();
    const d = loadBuiltin('nbody2');
    const ms = performance.now() - t0;
    expect(d.train.n).toBe(800 * 19);
    expect(d.test?.n).toBe(800 * 19);
    expect(ms).toBeLessThan(3000);
  });
});
