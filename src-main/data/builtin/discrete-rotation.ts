/**
 * A function invariant only to rotations by multiples of 2 pi / K in the (x1, x2) plane
 * (METHODS-REFERENCE 2.2, LieGAN's DiscreteRotation): x ~ N(0, I_3),
 *   y = x3 / (1 + mod(atan2(x2, x1), 2 pi / K)).
 * The connected group containing C_K is the rotation of that plane, the reference basis.
 */
import type { Dataset } from '../dataset';
import type { BuiltinParam } from './params';
import { planeRotation, SAMPLES_PARAM, SEED_PARAM, syntheticDataset } from './synthetic';

export const DISCRETE_ROTATION_PARAMS: BuiltinParam[] = [
  SAMPLES_PARAM,
  { name: 'folds', kind: 'int', default: 7, min: 2, max: 360, description: 'K: the target is invariant to rotations by 2 pi / K' },
  SEED_PARAM,
];

export function discreteRotationTarget(x: number[], folds: number): number {
  const step = (2 * Math.PI) / folds;
  const angle = Math.atan2(x[1]!, x[0]!);
  // A non-negative remainder: atan2 is in (-pi, pi] and step divides 2 pi.
  const r = ((angle % step) + step) % step;
  return x[2]! / (1 + r);
}

export function makeDiscreteRotationDataset(p: Record<string, number>, name: string, source: string): Dataset {
  const folds = p.folds ?? 7;
  return syntheticDataset({
    name,
    source,
    d: 3,
    blocks: 1,
    inputNames: ['x1', 'x2', 'x3'],
    samples: p.samples ?? 4000,
    seed: p.seed ?? 0,
    f: (x) => discreteRotationTarget(x, folds),
    referenceBasis: [planeRotation(3, 0, 1)],
    notes: [
      `x ~ N(0, I_3), y = x3 / (1 + mod(atan2(x2, x1), 2 pi / ${folds})): invariant to rotations by multiples of 2 pi / ${folds} in the (x1, x2) plane only.`,
      'Reference: the rotation of the (x1, x2) plane, the connected group that contains the discrete one.',
    ],
  });
}
