/**
 * A function invariant to permutations of some features but not others (METHODS-REFERENCE 2.3):
 * x ~ N(0, I_5), y = x1 x2 x3 + x4 - x5^2. Any permutation of (x1, x2, x3) leaves y unchanged
 * (the group S_3, order 6); swapping x4 and x5 does not. The smallest connected Lie group that
 * contains the cyclic permutations of (x1, x2, x3) is the rotation about the axis (1, 1, 1) / sqrt 3.
 */
import type { Dataset } from '../dataset';
import type { BuiltinParam } from './params';
import { SAMPLES_PARAM, SEED_PARAM, syntheticDataset } from './synthetic';

export const PARTIAL_PERMUTATION_PARAMS: BuiltinParam[] = [SAMPLES_PARAM, SEED_PARAM];

export function partialPermutationTarget(x: number[]): number {
  return x[0]! * x[1]! * x[2]! + x[3]! - x[4]! * x[4]!;
}

/** [n]_x for n = (1, 1, 1) / sqrt 3 in the top-left 3 x 3 block of a 5 x 5 zero matrix. */
export function axisRotation111(): number[][] {
  const s = 1 / Math.sqrt(3);
  const L = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const block = [
    [0, -s, s],
    [s, 0, -s],
    [-s, s, 0],
  ];
  block.forEach((row, i) => row.forEach((v, j) => (L[i]![j] = v)));
  return L;
}

export function makePartialPermutationDataset(p: Record<string, number>, name: string, source: string): Dataset {
  return syntheticDataset({
    name,
    source,
    d: 5,
    blocks: 1,
    inputNames: ['x1', 'x2', 'x3', 'x4', 'x5'],
    samples: p.samples ?? 4000,
    seed: p.seed ?? 0,
    f: partialPermutationTarget,
    referenceBasis: [axisRotation111()],
    notes: [
      'x ~ N(0, I_5), y = x1 x2 x3 + x4 - x5^2: invariant to every permutation of (x1, x2, x3) (S_3, order 6), not to swapping x4 and x5.',
      'Reference: the rotation about (1, 1, 1) / sqrt 3 in the first three features, the connected group containing the cyclic permutations.',
    ],
  });
}
