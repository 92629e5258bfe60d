/**
 * A Lennard-Jones cluster simulated by molecular dynamics, as an MD code would write it: energy and
 * per-atom forces of every recorded frame. Reduced units throughout: epsilon = sigma = mass = k_B = 1
 * (for argon, epsilon / k_B = 119.8 K, sigma = 3.405 Angstrom, time unit 2.15 ps).
 *
 * The run: a seeded compact start relaxed to a nearby minimum, Maxwell-Boltzmann velocities at
 * twice the target temperature (equipartition gives half of it back to the potential), total linear
 * AND angular momentum removed, then thermostat-free NVE with velocity Verlet: equilibration, then
 * recording every `stride` steps. With zero angular momentum the cluster never turns, so every frame
 * sits near one orientation: rotations are a symmetry of the energy that the frames never show.
 * Target: the potential energy; `targetGradient` = dE/dx = -forces. Ground truth so(3) on points:3
 * (the centre of mass stays at the origin).
 */
import type { Dataset, SampleSet } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';
import { euclideanAlgebra } from './molecules';

export interface LjClusterParams {
  atoms: number;
  /** Reduced temperature k_B T / epsilon that the kinetic energy is initialised towards. */
  temperature: number;
  frames: number;
  /** Integration steps between recorded frames. */
  stride: number;
  dt: number;
  seed: number;
}

export const LJ_CLUSTER_PARAMS: BuiltinParam[] = [
  { name: 'atoms', kind: 'int', default: 13, min: 3, max: 64, description: 'atoms in the cluster' },
  { name: 'temperature', kind: 'number', default: 0.1, min: 0.005, max: 0.5, description: 'reduced temperature k_B T / epsilon (argon: T / 119.8 K); the cluster melts near 0.3' },
  { name: 'frames', kind: 'int', default: 2000, min: 20, max: 200_000, description: 'recorded frames (the last fifth is the test split)' },
  { name: 'stride', kind: 'int', default: 10, min: 1, max: 10_000, description: 'integration steps between recorded frames' },
  { name: 'dt', kind: 'number', default: 0.005, min: 1e-5, max: 0.02, description: 'time step in reduced units (argon: 0.005 = 10.8 fs)' },
  { name: 'seed', kind: 'int', default: 0, min: 0, max: 4294967295, description: 'random seed of the start and the velocities' },
];

/** Steps run before the first recorded frame, so the kinetic and potential energy have exchanged. */
const EQUILIBRATION_STEPS = 2000;
/** Contiguous time blocks of the training frames (the `groups`): held-out frames come from whole blocks. */
const TIME_BLOCKS = 20;

/** Potential energy of positions [N*3] and its gradient dE/dx [N*3] (= -forces), written into `grad`. */
export function ljEnergy(x: Float64Array, grad?: Float64Array): number {
  const n = x.length / 3;
  let e = 0;
  grad?.fill(0);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const dx = x[3 * a]! - x[3 * b]!;
      const dy = x[3 * a + 1]! - x[3 * b + 1]!;
      const dz = x[3 * a + 2]! - x[3 * b + 2]!;
      const r2 = dx * dx + dy * dy + dz * dz;
      const s6 = 1 / (r2 * r2 * r2);
      e += 4 * (s6 * s6 - s6);
      if (grad) {
        // dE/dr / r = -24 (2 s^12 - s^6) / r^2
        const f = (-24 * (2 * s6 * s6 - s6)) / r2;
        grad[3 * a]! += f * dx;
        grad[3 * a + 1]! += f * dy;
        grad[3 * a + 2]! += f * dz;
        grad[3 * b]! -= f * dx;
        grad[3 * b + 1]! -= f * dy;
        grad[3 * b + 2]! -= f * dz;
      }
    }
  }
  return e;
}

/** Seeded compact start (random points in a ball, no two closer than 0.9 sigma), relaxed by steepest descent. */
function relaxedStart(atoms: number, rng: Rng): Float64Array {
  const radius = 0.75 * Math.cbrt(atoms) + 0.3;
  const x = new Float64Array(atoms * 3);
  for (let a = 0; a < atoms; a++) {
    for (let tries = 0; ; tries++) {
      const p = [rng.uniform(-radius, radius), rng.uniform(-radius, radius), rng.uniform(-radius, radius)];
      if (Math.hypot(p[0]!, p[1]!, p[2]!) > radius && tries < 10_000) continue;
      let ok = true;
      for (let b = 0; b < a && ok; b++) ok = Math.hypot(p[0]! - x[3 * b]!, p[1]! - x[3 * b + 1]!, p[2]! - x[3 * b + 2]!) >= 0.9;
      if (!ok && tries < 10_000) continue;
      x.set(p, 3 * a);
      break;
    }
  }
  // Steepest descent, every atom moving at most 0.02 sigma per step.
  const g = new Float64Array(x.length);
  for (let it = 0; it < 5000; it++) {
    ljEnergy(x, g);
    let gmax = 0;
    for (let i = 0; i < g.length; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax < 1e-8) break;
    const step = Math.min(0.01, 0.02 / gmax);
    for (let i = 0; i < x.length; i++) x[i]! -= step * g[i]!;
  }
  centre(x);
  return x;
}

function centre(v: Float64Array): void {
  const n = v.length / 3;
  for (let c = 0; c < 3; c++) {
    let m = 0;
    for (let a = 0; a < n; a++) m += v[3 * a + c]! / n;
    for (let a = 0; a < n; a++) v[3 * a + c]! -= m;
  }
}

/** Total angular momentum sum_a x_a cross v_a (unit masses). */
export function angularMomentum(x: Float64Array, v: Float64Array): number[] {
  const l = [0, 0, 0];
  for (let a = 0; a < x.length / 3; a++) {
    const [px, py, pz] = [x[3 * a]!, x[3 * a + 1]!, x[3 * a + 2]!];
    const [vx, vy, vz] = [v[3 * a]!, v[3 * a + 1]!, v[3 * a + 2]!];
    l[0]! += py * vz - pz * vy;
    l[1]! += pz * vx - px * vz;
    l[2]! += px * vy - py * vx;
  }
  return l;
}

function solve3(m: number[][], b: number[]): number[] {
  const det = (a: number[][]): number =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) - a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) + a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  const d = det(m);
  return [0, 1, 2].map((c) => det(m.map((row, r) => row.map((v, j) => (j === c ? b[r]! : v)))) / d);
}

/** Removes the centre-of-mass velocity and the rigid rotation omega x r with I omega = L (positions centred). */
function removeDrift(x: Float64Array, v: Float64Array): void {
  centre(v);
  const n = x.length / 3;
  const inertia = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let a = 0; a < n; a++) {
    const p = [x[3 * a]!, x[3 * a + 1]!, x[3 * a + 2]!];
    const r2 = p[0]! ** 2 + p[1]! ** 2 + p[2]! ** 2;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) inertia[i]![j]! += (i === j ? r2 : 0) - p[i]! * p[j]!;
  }
  const w = solve3(inertia, angularMomentum(x, v));
  for (let a = 0; a < n; a++) {
    const [px, py, pz] = [x[3 * a]!, x[3 * a + 1]!, x[3 * a + 2]!];
    v[3 * a]! -= w[1]! * pz - w[2]! * py;
    v[3 * a + 1]! -= w[2]! * px - w[0]! * pz;
    v[3 * a + 2]! -= w[0]! * py - w[1]! * px;
  }
}

export function kineticEnergy(v: Float64Array): number {
  let k = 0;
  for (let i = 0; i < v.length; i++) k += 0.5 * v[i]! * v[i]!;
  return k;
}

/** Degrees of freedom of a free cluster with zero linear and angular momentum. */
export function clusterDof(atoms: number): number {
  return 3 * atoms - 6;
}

export interface LjTrajectory {
  atoms: number;
  /** Per recorded frame: positions [N*3], velocities [N*3], dE/dx [N*3], potential and kinetic energy. */
  positions: Float64Array[];
  velocities: Float64Array[];
  gradients: Float64Array[];
  potential: number[];
  kinetic: number[];
}

/** The NVE trajectory (velocity Verlet) the built-in records. */
export function simulateLjCluster(p: LjClusterParams): LjTrajectory {
  const rng = new Rng(p.seed);
  const x = relaxedStart(p.atoms, rng);
  const v = Float64Array.from({ length: x.length }, () => rng.normal());
  removeDrift(x, v);
  // Scale to a kinetic temperature of 2 T: starting at a minimum, about half flows into the potential.
  const scale = Math.sqrt((2 * p.temperature * clusterDof(p.atoms)) / 2 / Math.max(kineticEnergy(v), 1e-300));
  for (let i = 0; i < v.length; i++) v[i]! *= scale;
  const g = new Float64Array(x.length);
  let e = ljEnergy(x, g);
  const out: LjTrajectory = { atoms: p.atoms, positions: [], velocities: [], gradients: [], potential: [], kinetic: [] };
  const total = EQUILIBRATION_STEPS + p.frames * p.stride;
  for (let step = 1; step <= total; step++) {
    for (let i = 0; i < x.length; i++) {
      v[i]! -= 0.5 * p.dt * g[i]!;
      x[i]! += p.dt * v[i]!;
    }
    e = ljEnergy(x, g);
    for (let i = 0; i < x.length; i++) v[i]! -= 0.5 * p.dt * g[i]!;
    if (step > EQUILIBRATION_STEPS && (step - EQUILIBRATION_STEPS) % p.stride === 0) {
      out.positions.push(Float64Array.from(x));
      out.velocities.push(Float64Array.from(v));
      out.gradients.push(Float64Array.from(g));
      out.potential.push(e);
      out.kinetic.push(kineticEnergy(v));
    }
  }
  return out;
}

function framesToSet(t: LjTrajectory, from: number, to: number, blockLength: number): SampleSet {
  const n = to - from;
  const width = t.atoms * 3;
  const coords = new Float32Array(n * width);
  const gradient = new Float32Array(n * width);
  const targets = new Float32Array(n);
  const groups = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    coords.set(t.positions[from + i]!, i * width);
    gradient.set(t.gradients[from + i]!, i * width);
    targets[i] = t.potential[from + i]!;
    groups[i] = Math.floor(i / blockLength);
  }
  return {
    n,
    inputs: new Float32Array(0),
    targets,
    targetGradient: gradient,
    groups,
    points: { coords, species: new Int32Array(n * t.atoms), mask: new Float32Array(n * t.atoms).fill(1), maxPoints: t.atoms, numSpecies: 1 },
  };
}

export function makeLjClusterDataset(params: Record<string, number>, name: string, source: string): Dataset {
  const p: LjClusterParams = {
    atoms: params.atoms ?? 13,
    temperature: params.temperature ?? 0.1,
    frames: params.frames ?? 2000,
    stride: params.stride ?? 10,
    dt: params.dt ?? 0.005,
    seed: params.seed ?? 0,
  };
  const t = simulateLjCluster(p);
  const nTrain = p.frames - Math.max(1, Math.floor(p.frames / 5));
  const blockLength = Math.max(1, Math.ceil(nTrain / TIME_BLOCKS));
  const tKin = t.kinetic.reduce((s, k) => s + (2 * k) / clusterDof(p.atoms), 0) / t.kinetic.length;
  const eTot = t.potential.map((u, i) => u + t.kinetic[i]!);
  const drift = Math.max(...eTot) - Math.min(...eTot);
  return {
    name,
    source,
    layout: { kind: 'points', d: 3, maxPoints: p.atoms },
    task: 'invariant',
    targetKind: 'regression',
    inputNames: ['x', 'y', 'z'],
    targetNames: ['energy'],
    train: framesToSet(t, 0, nTrain, blockLength),
    test: framesToSet(t, nTrain, p.frames, blockLength),
    // The later frames of the same equilibrium run: the verdict may pool them with a small validation split.
    testDrawnLikeTrain: true,
    targetGradient: { target: 'energy', source: 'forces', unit: 'epsilon/sigma' },
    referenceBasis: euclideanAlgebra(3),
    notes: [
      `Lennard-Jones cluster of ${p.atoms} atoms, reduced units (epsilon = sigma = mass = 1); NVE velocity Verlet, dt ${p.dt}, a frame every ${p.stride} steps after ${EQUILIBRATION_STEPS} steps of equilibration.`,
      `Zero total linear and angular momentum: every frame near one orientation. Mean kinetic temperature ${tKin.toPrecision(3)} (requested ${p.temperature}); total energy range over the run ${drift.toPrecision(3)}.`,
      `Train: the first ${nTrain} frames in ${Math.ceil(nTrain / blockLength)} time blocks of ${blockLength} (groups); test: the last ${p.frames - nTrain} frames.`,
    ],
  };
}
