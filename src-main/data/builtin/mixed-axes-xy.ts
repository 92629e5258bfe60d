/**
 * Mixed axes broken on two axes (`mixed-axes-xy`): P points p_a ~ N(0, I_3) (layout vector:3) and
 *   y = sum_{a<b} |p_a - p_b| / sqrt(P (P - 1) / 2) + eps * q,
 *   q = sum_a (z_a^2 - (x_a^2 + y_a^2) / 2) / sqrt(3 P)   (a quadrupole about z, unit std).
 * The distances are invariant to every rotation; q only to rotations about z, and it changes alike
 * under rotations about x and about y. So of so(3) the rotation about z is exact and those about x
 * and y are approximate, broken by eps times a unit-std term.
 */
import type { Dataset } from '../dataset';
import { rotationBreaking } from './axis-rotation';
import type { BuiltinParam } from './params';
import { euclideanAlgebra } from './molecules';
import { SAMPLES_PARAM, SEED_PARAM, syntheticDataset } from './synthetic';

export const MIXED_AXES_XY_PARAMS: BuiltinParam[] = [
  SAMPLES_PARAM,
  { name: 'points', kind: 'int', default: 3, min: 2, max: 16, description: 'points per sample' },
  { name: 'eps', kind: 'number', default: 0.1, min: 0, max: 10, description: 'size of the unit-std term that breaks rotations about x and y' },
  SEED_PARAM,
];

/** The rotation-invariant part: pairwise distances, scaled by the square root of the pair count. */
export function pairDistances(x: ArrayLike<number>): number {
  const n = x.length / 3;
  let s = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) s += Math.hypot(x[3 * a]! - x[3 * b]!, x[3 * a + 1]! - x[3 * b + 1]!, x[3 * a + 2]! - x[3 * b + 2]!);
  }
  return s / Math.sqrt((n * (n - 1)) / 2);
}

/** The breaking term q: invariant about z only, mean 0 and std 1 for Gaussian points. */
export function quadrupoleZ(x: ArrayLike<number>): number {
  const n = x.length / 3;
  let s = 0;
  for (let a = 0; a < n; a++) s += x[3 * a + 2]! ** 2 - (x[3 * a]! ** 2 + x[3 * a + 1]! ** 2) / 2;
  return s / Math.sqrt(3 * n);
}

export { rotateAbout } from './axis-rotation';

export function mixedAxesXyTarget(x: ArrayLike<number>, eps: number): number {
  return pairDistances(x) + eps * quadrupoleZ(x);
}

/**
 * RMS change of y under rotations about `axis` by t ~ U(-1, 1), relative to the std of y, on `n`
 * fresh samples: how strongly that rotation is broken, in the units residuals are reported in.
 */
export function mixedAxesXyBreaking(points: number, eps: number, axis: 0 | 1 | 2, n = 2000, seed = 1): number {
  return rotationBreaking((x) => mixedAxesXyTarget(x, eps), points, axis, n, seed);
}

export function makeMixedAxesXyDataset(p: Record<string, number>, name: string, source: string): Dataset {
  const points = p.points ?? 3;
  const eps = p.eps ?? 0.1;
  const ds = syntheticDataset({
    name,
    source,
    d: 3,
    blocks: points,
    inputNames: Array.from({ length: points }, (_, a) => ['x', 'y', 'z'].map((c) => `${c}${a + 1}`)).flat(),
    samples: p.samples ?? 4000,
    seed: p.seed ?? 0,
    f: (x) => mixedAxesXyTarget(x, eps),
    // so(3) in the order rotation about x, about y, about z.
    referenceBasis: euclideanAlgebra(3),
    notes: [
      `${points} points p_a ~ N(0, I_3); y = sum_{a<b} |p_a - p_b| / sqrt(${(points * (points - 1)) / 2}) + ${eps} * q, q = sum_a (z_a^2 - (x_a^2 + y_a^2)/2) / sqrt(${3 * points}) (unit std).`,
      `Ground truth: so(3) (rotations about x, y, z) of which the rotation about z is exact and those about x and y approximate (referenceExact = [false, false, true]); a rotation by t ~ U(-1, 1) changes y by ${mixedAxesXyBreaking(points, eps, 0).toFixed(3)} (about x) and ${mixedAxesXyBreaking(points, eps, 1).toFixed(3)} (about y) of its std (RMS), 0 about z.`,
      'Samples are independent draws: validation and test rows are drawn at random.',
    ],
  });
  return { ...ds, referenceExact: [false, false, true] };
}
