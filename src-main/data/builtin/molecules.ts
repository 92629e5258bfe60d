/**
 * Built-in rigid molecules: a few random molecules (5-8 atoms of 3 species, with small
 * conformational noise), each sample one of them under a uniformly random rotation and a Gaussian
 * translation. The target is a Coulomb-like energy sum_{a<b} (z_a + 1)(z_b + 1) / |r_a - r_b|,
 * invariant to rotations and translations. Ground truth: so(3) acting on each point (points:3), or
 * se(3) in homogeneous coordinates (points:4).
 */
import type { Dataset, SampleSet } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';

export interface MoleculesParams {
  samples: number;
  molecules: number;
  noise: number;
  translation: number;
  seed: number;
}

export const MOLECULES_PARAMS: BuiltinParam[] = [
  { name: 'samples', kind: 'int', default: 2000, min: 10, max: 1_000_000, description: 'training samples (the test split has a quarter as many)' },
  { name: 'molecules', kind: 'int', default: 4, min: 1, max: 100, description: 'distinct molecules' },
  { name: 'noise', kind: 'number', default: 0.05, min: 0, max: 1, description: 'std of the per-atom conformational noise (Angstrom-like units)' },
  { name: 'translation', kind: 'number', default: 1, min: 0, max: 100, description: 'std of the random translation' },
  { name: 'seed', kind: 'int', default: 0, min: 0, max: 4294967295, description: 'random seed' },
];

const MAX_ATOMS = 8;
const SPECIES = 3;

/** Uniform random rotation from a uniform unit quaternion (Shoemake). */
export function randomRotation(rng: Rng): number[][] {
  const [u1, u2, u3] = [rng.next(), rng.next(), rng.next()];
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  const [w, x, y, z] = [a * Math.sin(2 * Math.PI * u2), a * Math.cos(2 * Math.PI * u2), b * Math.sin(2 * Math.PI * u3), b * Math.cos(2 * Math.PI * u3)];
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}

interface Molecule {
  species: number[];
  positions: number[][];
}

/** Coulomb-like energy of one configuration. */
export function coulombEnergy(species: number[], positions: number[][]): number {
  let e = 0;
  for (let a = 0; a < positions.length; a++) {
    for (let b = a + 1; b < positions.length; b++) {
      const [pa, pb] = [positions[a]!, positions[b]!];
      const dist = Math.hypot(pa[0]! - pb[0]!, pa[1]! - pb[1]!, pa[2]! - pb[2]!);
      e += ((species[a]! + 1) * (species[b]! + 1)) / dist;
    }
  }
  return e;
}

function sampleSet(n: number, rng: Rng, mols: Molecule[], p: MoleculesParams): SampleSet {
  const coords = new Float32Array(n * MAX_ATOMS * 3);
  const species = new Int32Array(n * MAX_ATOMS);
  const mask = new Float32Array(n * MAX_ATOMS);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const m = mols[rng.int(mols.length)]!;
    const rot = randomRotation(rng);
    const shift = [0, 1, 2].map(() => p.translation * rng.normal());
    const pts = m.positions.map((q) => q.map((v) => v + p.noise * rng.normal()));
    targets[i] = coulombEnergy(m.species, pts);
    pts.forEach((q, a) => {
      const o = i * MAX_ATOMS + a;
      for (let c = 0; c < 3; c++) coords[o * 3 + c] = rot[c]![0]! * q[0]! + rot[c]![1]! * q[1]! + rot[c]![2]! * q[2]! + shift[c]!;
      species[o] = m.species[a]!;
      mask[o] = 1;
    });
  }
  return { n, inputs: new Float32Array(0), targets, points: { coords, species, mask, maxPoints: MAX_ATOMS, numSpecies: SPECIES } };
}

/** Generators of so(3) (d = 3), or of se(3) in homogeneous coordinates (d = 4). */
export function euclideanAlgebra(d: 3 | 4): number[][][] {
  const rot = [
    [[0, 0, 0], [0, 0, -1], [0, 1, 0]],
    [[0, 0, 1], [0, 0, 0], [-1, 0, 0]],
    [[0, -1, 0], [1, 0, 0], [0, 0, 0]],
  ];
  if (d === 3) return rot;
  const pad = (m: number[][]): number[][] => [...m.map((r) => [...r, 0]), [0, 0, 0, 0]];
  const translations = [0, 1, 2].map((axis) => Array.from({ length: 4 }, (_, r) => Array.from({ length: 4 }, (__, c) => (r === axis && c === 3 ? 1 : 0))));
  return [...rot.map(pad), ...translations];
}

export function makeMoleculesDataset(p: MoleculesParams, d: 3 | 4, name: string, source: string): Dataset {
  const rng = new Rng(p.seed);
  const mols: Molecule[] = Array.from({ length: p.molecules }, () => {
    const atoms = 5 + rng.int(MAX_ATOMS - 4);
    return { species: Array.from({ length: atoms }, () => rng.int(SPECIES)), positions: Array.from({ length: atoms }, () => [rng.normal(), rng.normal(), rng.normal()]) };
  });
  return {
    name,
    source,
    layout: { kind: 'points', d, maxPoints: MAX_ATOMS },
    task: 'invariant',
    targetKind: 'regression',
    inputNames: ['x', 'y', 'z'],
    targetNames: ['energy'],
    train: sampleSet(p.samples, rng, mols, p),
    test: sampleSet(Math.max(1, Math.floor(p.samples / 4)), rng, mols, p),
    // Random poses of the same molecules as train: the verdict may pool them with a small validation split.
    testDrawnLikeTrain: true,
    referenceBasis: euclideanAlgebra(d),
    notes: [`${p.molecules} molecules of 5-${MAX_ATOMS} atoms, random rotations and translations; target invariant to both.`],
  };
}
