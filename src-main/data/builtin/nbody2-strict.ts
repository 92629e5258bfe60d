/**
 * The strict out-of-distribution 2-body set (`nbody2-ood-strict`): next state from the current one,
 * where a pair trains only when body 1 lies in the top-left or bottom-right quadrant at BOTH the
 * input and the target time, and tests only when it lies in the other two quadrants at both times.
 * Pairs that cross a quadrant boundary are dropped, so no training pair ever shows the test
 * quadrants. Same physics as `nbody2` (./nbody2.ts), with what a user's simulator would vary left as
 * parameters: sampling interval, orbit eccentricity spread, observation noise.
 */
import type { Dataset } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';
import { collectWindows, initialState, rotationGenerator, simulate, STATE_DIM, STATE_NAMES, SUBSTEPS, type WindowRef } from './nbody2';

/** Samples per trajectory, t_m = m * dt, m = 0..19: about 20 points per trajectory. */
export const STRICT_SAMPLES = 20;

export const NBODY2_STRICT_PARAMS: BuiltinParam[] = [
  // 840 trajectories give about 7.5k training pairs (7.4k-7.7k over seeds 0-2, tests/data/nbody2-strict.test.ts).
  { name: 'trajectories', kind: 'int', default: 840, min: 4, max: 100000, description: 'number of simulated trajectories' },
  { name: 'dt', kind: 'number', default: 20 / 49, min: 0.01, max: 2, description: 'sampling interval between the points of a trajectory' },
  // Above ~0.1 some orbits become so eccentric that the bodies nearly collide.
  { name: 'nu', kind: 'number', default: 0.01, min: 0, max: 0.1, description: 'relative spread of the initial speed (orbit eccentricity)' },
  { name: 'noise', kind: 'number', default: 0, min: 0, max: 1, description: 'std of Gaussian observation noise added to every recorded coordinate' },
  { name: 'seed', kind: 'int', default: 0, min: 0, max: 4294967295, description: 'random seed' },
];

export interface Nbody2StrictParams {
  trajectories: number;
  dt: number;
  nu: number;
  noise: number;
  seed: number;
}

/** Which side of the split body 1 at (x, y) belongs to: train in the top-left/bottom-right quadrants. */
function side(x: number, y: number): 'train' | 'test' | 'axis' {
  const s = x * y;
  return s < 0 ? 'train' : s > 0 ? 'test' : 'axis';
}

/** The observed trajectories [trajectories, STRICT_SAMPLES, 8]: simulated orbits plus observation noise. */
export function strictTrajectories(q: Nbody2StrictParams): Float64Array {
  const rng = new Rng(q.seed);
  // Noise from its own stream: the orbits do not depend on the noise level.
  const noiseRng = new Rng(q.seed + 1);
  const width = STRICT_SAMPLES * STATE_DIM;
  const all = new Float64Array(q.trajectories * width);
  for (let i = 0; i < q.trajectories; i++) {
    const traj = simulate(initialState(rng, q.nu), STRICT_SAMPLES, q.dt);
    if (q.noise > 0) for (let j = 0; j < traj.length; j++) traj[j] = traj[j]! + q.noise * noiseRng.normal();
    all.set(traj, i * width);
  }
  return all;
}

export function makeNbody2StrictDataset(p: Record<string, number>, name: string, source: string): Dataset {
  const q: Nbody2StrictParams = {
    trajectories: p.trajectories ?? 840,
    dt: p.dt ?? 20 / 49,
    nu: p.nu ?? 0.01,
    noise: p.noise ?? 0,
    seed: p.seed ?? 0,
  };
  const all = strictTrajectories(q);
  const train: WindowRef[] = [];
  const test: WindowRef[] = [];
  let dropped = 0;
  for (let i = 0; i < q.trajectories; i++) {
    for (let t = 0; t + 1 < STRICT_SAMPLES; t++) {
      const a = (i * STRICT_SAMPLES + t) * STATE_DIM;
      const b = a + STATE_DIM;
      const from = side(all[a]!, all[a + 1]!);
      const to = side(all[b]!, all[b + 1]!);
      if (from !== to || from === 'axis') dropped++;
      else (from === 'train' ? train : test).push({ traj: i, t });
    }
  }
  if (train.length === 0 || test.length === 0) {
    throw new Error(`nbody2-ood-strict: the ${train.length === 0 ? 'train' : 'test'} split is empty with ${q.trajectories} trajectories; use more trajectories`);
  }
  return {
    name,
    source,
    layout: { kind: 'vector', d: STATE_DIM, blocks: 1 },
    task: 'equivariant',
    targetKind: 'regression',
    inputNames: [...STATE_NAMES],
    targetNames: [...STATE_NAMES],
    train: collectWindows(all, train, 1, 1, STRICT_SAMPLES),
    test: collectWindows(all, test, 1, 1, STRICT_SAMPLES),
    groupUnit: 'trajectory',
    referenceBasis: rotationGenerator(),
    referenceExact: [true],
    notes: [
      'Two unit masses, G = 1, centre of mass at rest at the origin (q2 = -q1, p2 = -p1); momenta equal velocities.',
      `State: [${STATE_NAMES.join(', ')}]; one state in, the next one out.`,
      `${q.trajectories} trajectories of ${STRICT_SAMPLES} points, dt = ${q.dt}, RK4 with ${SUBSTEPS} substeps per point; body 1 starts at radius sqrt(U(1.5^2, 3^2)) (uniform over the annulus area), uniform angle, counter-clockwise speed (1 + nu*xi)/(2 sqrt r), nu = ${q.nu}; observation noise std ${q.noise}; seed ${q.seed}.`,
      `Split (strictly out of distribution): a pair trains when body 1 is in the top-left or bottom-right quadrant (q1x*q1y < 0) at both its input and its target time, tests when it is in the other two quadrants at both times; ${dropped} pairs crossing a quadrant boundary are dropped. ${train.length} train, ${test.length} test pairs.`,
      'Validation (cut from train by the trainer): whole trajectories.',
      'Ground truth: rotation of the plane (exact), generator blockdiag(J, J, J, J) with J = [[0, -1], [1, 0]] on each of q1, q2, p1, p2.',
    ],
  };
}
