/**
 * Built-in 2-body dataset (METHODS-REFERENCE 2.1.2): two unit masses under Newtonian gravity
 * (G = 1), body 1 on a near-circular counter-clockwise orbit, centre of mass at rest at the origin.
 * The symmetry to discover is the rotation of the plane, acting alike on q1, q2, p1, p2.
 *
 * State order, the product's own (LieGAN permutes to per-body blocks; we do not):
 *   [q1x, q1y, q2x, q2y, p1x, p1y, p2x, p2y]
 */
import type { Dataset, SampleSet } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';

export const STATE_NAMES = ['q1x', 'q1y', 'q2x', 'q2y', 'p1x', 'p1y', 'p2x', 'p2y'] as const;
export const STATE_DIM = 8;
/** Sampling interval: LieGAN's t_eval = linspace(0, 20, 50). */
export const SAMPLE_DT = 20 / 49;
/** Samples kept per trajectory, t_m = m * SAMPLE_DT, m = 0..19. */
export const SAMPLES = 20;
/** RK4 substeps per sampling interval: relative energy drift stays near 1e-12. */
export const SUBSTEPS = 50;

export interface Nbody2Params {
  /** Number of trajectories, >= 2. */
  trajectories: number;
  /** PRNG seed (non-negative integer). */
  seed: number;
  /** Relative spread of the initial speed around the circular one (0 = exactly circular). */
  nu: number;
}

export interface Nbody2Variant {
  /** `random`: trajectories split by a seeded random half. `ood`: windows routed by quadrant. */
  split: 'random' | 'ood';
  tIn: number;
  tOut: number;
}

/** Parameters of `builtin:nbody2*` specs, with defaults and bounds (parsed in index.ts). */
export const NBODY2_PARAMS: BuiltinParam[] = [
  { name: 'trajectories', kind: 'int', default: 1600, min: 2, max: 100000, description: 'number of simulated trajectories' },
  { name: 'seed', kind: 'int', default: 0, min: 0, max: 4294967295, description: 'random seed' },
  // Above ~0.1 some orbits become so eccentric that the bodies nearly collide.
  { name: 'nu', kind: 'number', default: 1e-3, min: 0, max: 0.1, description: 'relative spread of the initial speed' },
];

/** Time derivative of the state: dq/dt = p (unit masses), dp/dt = gravity. Writes into `out`. */
function derivative(s: Float64Array, out: Float64Array): void {
  const q1x = s[0] ?? 0;
  const q1y = s[1] ?? 0;
  const q2x = s[2] ?? 0;
  const q2y = s[3] ?? 0;
  const dx = q2x - q1x;
  const dy = q2y - q1y;
  const r2 = dx * dx + dy * dy;
  const inv = 1 / (r2 * Math.sqrt(r2));
  out[0] = s[4] ?? 0;
  out[1] = s[5] ?? 0;
  out[2] = s[6] ?? 0;
  out[3] = s[7] ?? 0;
  // Each body is pulled toward the other: a1 = (q2 - q1)/|q2 - q1|^3, a2 = (q1 - q2)/|q1 - q2|^3.
  out[4] = dx * inv;
  out[5] = dy * inv;
  out[6] = (q1x - q2x) * inv;
  out[7] = (q1y - q2y) * inv;
}

/**
 * Integrates from `initial` (8 values) with fixed-step RK4 and returns [samples, 8] row-major,
 * row m being the state at t = m * dt (row 0 is `initial`). Fixed steps keep the map a smooth,
 * deterministic function of the initial state, so it commutes with rotations to rounding error.
 */
export function simulate(
  initial: ArrayLike<number>,
  samples: number = SAMPLES,
  dt: number = SAMPLE_DT,
  substeps: number = SUBSTEPS,
): Float64Array {
  const out = new Float64Array(samples * STATE_DIM);
  const s = Float64Array.from({ length: STATE_DIM }, (_, i) => initial[i] ?? 0);
  const k1 = new Float64Array(STATE_DIM);
  const k2 = new Float64Array(STATE_DIM);
  const k3 = new Float64Array(STATE_DIM);
  const k4 = new Float64Array(STATE_DIM);
  const tmp = new Float64Array(STATE_DIM);
  const h = dt / substeps;
  out.set(s, 0);
  for (let m = 1; m < samples; m++) {
    for (let step = 0; step < substeps; step++) {
      derivative(s, k1);
      for (let i = 0; i < STATE_DIM; i++) tmp[i] = (s[i] ?? 0) + 0.5 * h * (k1[i] ?? 0);
      derivative(tmp, k2);
      for (let i = 0; i < STATE_DIM; i++) tmp[i] = (s[i] ?? 0) + 0.5 * h * (k2[i] ?? 0);
      derivative(tmp, k3);
      for (let i = 0; i < STATE_DIM; i++) tmp[i] = (s[i] ?? 0) + h * (k3[i] ?? 0);
      derivative(tmp, k4);
      for (let i = 0; i < STATE_DIM; i++) {
        s[i] = (s[i] ?? 0) + (h / 6) * ((k1[i] ?? 0) + 2 * (k2[i] ?? 0) + 2 * (k3[i] ?? 0) + (k4[i] ?? 0));
      }
    }
    out.set(s, m * STATE_DIM);
  }
  return out;
}

/** Total energy of the state at `offset` in `states`: kinetic (unit masses) + potential (-1/r). */
export function energy(states: ArrayLike<number>, offset = 0): number {
  const v = (i: number) => states[offset + i] ?? 0;
  const kinetic = 0.5 * (v(4) ** 2 + v(5) ** 2 + v(6) ** 2 + v(7) ** 2);
  const r = Math.hypot(v(2) - v(0), v(3) - v(1));
  return kinetic - 1 / r;
}

/** Rotates every 2-vector (q1, q2, p1, p2) of one 8-state by `angle` (counter-clockwise). */
export function rotateState(state: ArrayLike<number>, angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const out = new Float64Array(STATE_DIM);
  for (let b = 0; b < STATE_DIM; b += 2) {
    const x = state[b] ?? 0;
    const y = state[b + 1] ?? 0;
    out[b] = c * x - s * y;
    out[b + 1] = s * x + c * y;
  }
  return out;
}

/**
 * A random initial state: r = sqrt(U(1.5^2, 3^2)) (area-uniform in the annulus), theta ~ U(-pi, pi),
 * counter-clockwise speed (1 + nu*xi) / (2 sqrt r), which is circular for nu = 0
 * (separation 2r, so v^2/r = 1/(2r)^2); body 2 mirrors body 1.
 */
export function initialState(rng: Rng, nu: number): Float64Array {
  const r = Math.sqrt(rng.uniform(1.5 ** 2, 3 ** 2));
  const theta = rng.uniform(-Math.PI, Math.PI);
  const speed = (1 + nu * rng.normal()) / (2 * Math.sqrt(r));
  const q1x = r * Math.cos(theta);
  const q1y = r * Math.sin(theta);
  const p1x = -speed * Math.sin(theta);
  const p1y = speed * Math.cos(theta);
  return Float64Array.from([q1x, q1y, -q1x, -q1y, p1x, p1y, -p1x, -p1y]);
}

/** All trajectories: [trajectories, SAMPLES, 8] row-major. */
export function generateTrajectories(params: Nbody2Params): Float64Array {
  const rng = new Rng(params.seed);
  const all = new Float64Array(params.trajectories * SAMPLES * STATE_DIM);
  for (let i = 0; i < params.trajectories; i++) {
    all.set(simulate(initialState(rng, params.nu)), i * SAMPLES * STATE_DIM);
  }
  return all;
}

/** Windows per trajectory of `samples` states: t = 0 .. samples - tIn - tOut, the last one included. */
export function windowsPerTrajectory(tIn: number, tOut: number, samples: number = SAMPLES): number {
  return Math.max(0, samples - tIn - tOut + 1);
}

/** Ground truth [k = 1][8][8]: blockdiag(J, J, J, J), J = [[0, -1], [1, 0]], the rotation generator. */
export function rotationGenerator(): number[][][] {
  const L = Array.from({ length: STATE_DIM }, () => new Array<number>(STATE_DIM).fill(0));
  for (let b = 0; b < STATE_DIM; b += 2) {
    const row0 = L[b];
    const row1 = L[b + 1];
    if (row0) row0[b + 1] = -1;
    if (row1) row1[b] = 1;
  }
  return [L];
}

function timedNames(steps: number, firstStep: number): string[] {
  if (steps === 1) return [...STATE_NAMES];
  const names: string[] = [];
  for (let t = 0; t < steps; t++) for (const n of STATE_NAMES) names.push(`${n}@t${firstStep + t}`);
  return names;
}

/** One window (trajectory `traj`, start `t`) as input and target rows. */
export interface WindowRef {
  traj: number;
  t: number;
}

/** Input and target rows of the windows `refs` of trajectories [*, samples, 8], grouped by trajectory. */
export function collectWindows(trajectories: Float64Array, refs: WindowRef[], tIn: number, tOut: number, samples: number = SAMPLES): SampleSet {
  const inDim = tIn * STATE_DIM;
  const outDim = tOut * STATE_DIM;
  const inputs = new Float32Array(refs.length * inDim);
  const targets = new Float32Array(refs.length * outDim);
  // A window's correlation group is its trajectory: windows of one orbit are near-duplicates.
  const groups = new Int32Array(refs.length);
  refs.forEach((w, n) => {
    const base = (w.traj * samples + w.t) * STATE_DIM;
    inputs.set(trajectories.subarray(base, base + inDim), n * inDim);
    targets.set(trajectories.subarray(base + inDim, base + inDim + outDim), n * outDim);
    groups[n] = w.traj;
  });
  return { n: refs.length, inputs, targets, groups };
}

function checkParams(p: Nbody2Params, v: Nbody2Variant): void {
  for (const def of NBODY2_PARAMS) {
    const value = p[def.name as keyof Nbody2Params];
    if (!Number.isFinite(value) || value < def.min || value > def.max || (def.kind === 'int' && !Number.isInteger(value))) {
      throw new Error(`nbody2: ${def.name} must be ${def.kind === 'int' ? 'an integer' : 'a number'} in [${def.min}, ${def.max}], got ${String(value)}`);
    }
  }
  if (!Number.isInteger(v.tIn) || !Number.isInteger(v.tOut) || v.tIn < 1 || v.tOut < 1 || v.tIn + v.tOut > SAMPLES) {
    throw new Error(`nbody2: windows ${v.tIn} -> ${v.tOut} do not fit ${SAMPLES} samples per trajectory`);
  }
}

/**
 * Builds the dataset. `name` is the dataset's display name (e.g. `builtin:nbody2-ood`),
 * `source` the full spec with every parameter written out.
 * - random split: trajectories shuffled with the seed; the first half (rounded up) trains.
 * - ood split: every window of every trajectory goes to train when body 1 at its first input
 *   timestep lies in the top-left or bottom-right quadrant (q1x * q1y < 0), else to test.
 */
export function makeNbody2Dataset(params: Nbody2Params, variant: Nbody2Variant, name: string, source: string): Dataset {
  checkParams(params, variant);
  const { tIn, tOut } = variant;
  const trajectories = generateTrajectories(params);
  const perTraj = windowsPerTrajectory(tIn, tOut);
  const train: WindowRef[] = [];
  const test: WindowRef[] = [];

  if (variant.split === 'random') {
    // A separate stream, so the split does not depend on how many draws the simulation made.
    const order = new Rng(params.seed + 1).shuffle(Array.from({ length: params.trajectories }, (_, i) => i));
    const nTrain = Math.ceil(params.trajectories / 2);
    const isTrain = new Uint8Array(params.trajectories);
    for (const i of order.slice(0, nTrain)) isTrain[i] = 1;
    for (let i = 0; i < params.trajectories; i++) {
      for (let t = 0; t < perTraj; t++) (isTrain[i] ? train : test).push({ traj: i, t });
    }
  } else {
    for (let i = 0; i < params.trajectories; i++) {
      for (let t = 0; t < perTraj; t++) {
        const base = (i * SAMPLES + t) * STATE_DIM;
        const x = trajectories[base] ?? 0;
        const y = trajectories[base + 1] ?? 0;
        (x * y < 0 ? train : test).push({ traj: i, t });
      }
    }
    if (train.length === 0 || test.length === 0) {
      throw new Error(`nbody2: the ${train.length === 0 ? 'train' : 'test'} split is empty with ${params.trajectories} trajectories; use more trajectories`);
    }
  }

  const splitNote =
    variant.split === 'random'
      ? `Split: trajectories shuffled with seed ${params.seed}; ${Math.ceil(params.trajectories / 2)} train, ${Math.floor(params.trajectories / 2)} test (in-distribution).`
      : 'Split (out of distribution): a window is in train when body 1 at its first input timestep lies in the top-left or bottom-right quadrant (q1x*q1y < 0), else in test; both splits draw on all trajectories.';
  const validationNote = 'Validation (cut from train by the trainer): whole trajectories, never single windows of an orbit whose other windows train.';

  return {
    name,
    source,
    layout: { kind: 'vector', d: STATE_DIM, blocks: tIn },
    task: 'equivariant',
    targetKind: 'regression',
    inputNames: timedNames(tIn, 0),
    targetNames: timedNames(tOut, tIn),
    train: collectWindows(trajectories, train, tIn, tOut),
    test: collectWindows(trajectories, test, tIn, tOut),
    groupUnit: 'trajectory',
    referenceBasis: rotationGenerator(),
    notes: [
      'Two unit masses, G = 1, centre of mass at rest at the origin (q2 = -q1, p2 = -p1); momenta equal velocities.',
      `State per timestep: [${STATE_NAMES.join(', ')}].`,
      `${params.trajectories} trajectories of ${SAMPLES} samples, dt = 20/49, RK4 with ${SUBSTEPS} substeps per sample; body 1 starts at radius sqrt(U(1.5^2, 3^2)), uniform angle, counter-clockwise speed (1 + nu*xi)/(2 sqrt r), nu = ${params.nu}, seed ${params.seed}.`,
      `Windows: ${tIn} input step(s) -> ${tOut} target step(s), ${perTraj} per trajectory.`,
      splitNote,
      validationNote,
      'Ground truth: rotation of the plane, generator blockdiag(J, J, J, J) with J = [[0, -1], [1, 0]] on each of q1, q2, p1, p2.',
    ],
  };
}
