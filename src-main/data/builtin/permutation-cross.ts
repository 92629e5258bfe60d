/**
 * A permutation target with cross terms (`permutation-cross`): x ~ N(0, I_5) and
 *   y = e1 + e2 + e3 + x4 e1 + x5 e2 - x4 x5 e3 / 2 + noise,
 * with e1, e2, e3 the elementary symmetric polynomials of (x1, x2, x3). Every permutation of
 * (x1, x2, x3) leaves y unchanged (S_3, order 6); x4 and x5 are fixed (the cross terms couple them
 * to the permuted features, so no permutation moving x4 or x5 is a symmetry). e3 is not invariant
 * to the rotation about (1, 1, 1), so the symmetry is discrete only: there is no continuous ground
 * truth, and a continuous-symmetry search should find none.
 */
import type { Dataset } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';
import { SAMPLES_PARAM, SEED_PARAM, syntheticDataset } from './synthetic';

export const PERMUTATION_CROSS_PARAMS: BuiltinParam[] = [
  SAMPLES_PARAM,
  { name: 'noise', kind: 'number', default: 0.05, min: 0, max: 10, description: 'std of Gaussian noise added to y' },
  SEED_PARAM,
];

/** Elementary symmetric polynomials of x[0], x[1], x[2]. */
export function elementarySymmetric(x: ArrayLike<number>): [number, number, number] {
  const [a, b, c] = [x[0]!, x[1]!, x[2]!];
  return [a + b + c, a * b + b * c + a * c, a * b * c];
}

/** The noise-free target. */
export function permutationCrossTarget(x: ArrayLike<number>): number {
  const [e1, e2, e3] = elementarySymmetric(x);
  const [x4, x5] = [x[3]!, x[4]!];
  return e1 + e2 + e3 + x4 * e1 + x5 * e2 - (x4 * x5 * e3) / 2;
}

export function makePermutationCrossDataset(p: Record<string, number>, name: string, source: string): Dataset {
  const noise = p.noise ?? 0.05;
  const seed = p.seed ?? 0;
  // Noise from its own stream, so the inputs do not depend on the noise level.
  const noiseRng = new Rng(seed + 1);
  const ds = syntheticDataset({
    name,
    source,
    d: 5,
    blocks: 1,
    inputNames: ['x1', 'x2', 'x3', 'x4', 'x5'],
    samples: p.samples ?? 4000,
    seed,
    f: (x) => permutationCrossTarget(x) + (noise > 0 ? noise * noiseRng.normal() : 0),
    notes: [
      `x ~ N(0, I_5); y = e1 + e2 + e3 + x4 e1 + x5 e2 - x4 x5 e3 / 2 + noise (std ${noise}), e1, e2, e3 the elementary symmetric polynomials of (x1, x2, x3).`,
      'Ground truth: the discrete group S_3 on {x1, x2, x3} (order 6), x4 and x5 fixed (referencePermutations); no continuous symmetry (e3 is not invariant to the rotation about (1, 1, 1)).',
      'Samples are independent draws: validation and test rows are drawn at random.',
    ],
  });
  return { ...ds, referencePermutations: { kind: 'symmetric', slots: [0, 1, 2], order: 6, name: 'S_3 on {x1, x2, x3}' } };
}
