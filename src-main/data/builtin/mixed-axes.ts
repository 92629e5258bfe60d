/**
 * A function of 3-D points exactly invariant about one axis and only approximately about another:
 * P points p_a ~ N(0, I_3) (layout vector:3, g acts on every point alike) and
 *   y = sum_{a<b} |p_a - p_b| + eps * sum_a z_a^2.
 * The distances are invariant to every rotation; the eps term only to rotations about z. So the
 * rotation about z is exact and the rotation about x is broken by a known amount (`eps`; the notes
 * give the resulting relative change of y under rotations about x).
 */
import type { Dataset } from '../dataset';
import { rotationBreaking } from './axis-rotation';
import type { BuiltinParam } from './params';
import { planeRotation, SAMPLES_PARAM, SEED_PARAM, syntheticDataset } from './synthetic';

export const MIXED_AXES_PARAMS: BuiltinParam[] = [
  SAMPLES_PARAM,
  { name: 'points', kind: 'int', default: 3, min: 2, max: 16, description: 'points per sample' },
  { name: 'eps', kind: 'number', default: 0.2, min: 0, max: 10, description: 'size of the term that breaks rotations about x and y' },
  SEED_PARAM,
];

/** so(3) generators of the rotations about z (exact here) and about x (approximate): [2][3][3]. */
export function mixedAxesCandidates(): number[][][] {
  return [planeRotation(3, 0, 1), planeRotation(3, 1, 2)];
}

export function mixedAxesTarget(x: number[], eps: number): number {
  const n = x.length / 3;
  let y = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) y += Math.hypot(x[3 * a]! - x[3 * b]!, x[3 * a + 1]! - x[3 * b + 1]!, x[3 * a + 2]! - x[3 * b + 2]!);
    y += eps * x[3 * a + 2]! * x[3 * a + 2]!;
  }
  return y;
}

/**
 * RMS change of y under a rotation about x by t ~ U(-1, 1), relative to the std of y, on `n` fresh
 * samples: the size of the broken symmetry in the units the residuals are reported in.
 */
export function mixedAxesBreaking(points: number, eps: number, n = 2000, seed = 1): number {
  return rotationBreaking((x) => mixedAxesTarget(x, eps), points, 0, n, seed);
}

export function makeMixedAxesDataset(p: Record<string, number>, name: string, source: string): Dataset {
  const points = p.points ?? 3;
  const eps = p.eps ?? 0.2;
  return syntheticDataset({
    name,
    source,
    d: 3,
    blocks: points,
    inputNames: Array.from({ length: points }, (_, a) => ['x', 'y', 'z'].map((c) => `${c}${a + 1}`)).flat(),
    samples: p.samples ?? 4000,
    seed: p.seed ?? 0,
    f: (x) => mixedAxesTarget(x, eps),
    referenceBasis: [planeRotation(3, 0, 1)],
    notes: [
      `${points} points p_a ~ N(0, I_3); y = sum_{a<b} |p_a - p_b| + ${eps} * sum_a z_a^2.`,
      `Exact symmetry: rotation about z (the reference). Approximate: rotation about x (and y); a rotation about x by t ~ U(-1, 1) changes y by ${mixedAxesBreaking(points, eps).toFixed(3)} of its std (RMS).`,
      'Candidates for --strengths with --method fixed-basis: the rotations about z and about x (mixedAxesCandidates).',
    ],
  });
}
