/**
 * The base model a run on point data gets when none is chosen. Frames of one system whose atoms
 * keep their identity and carry per-atom forces (an MD trajectory) get the MLP on the coordinates
 * in atom order: it can represent pairwise interactions, which the mean-pooled point-cloud model
 * cannot (its held-out energy R^2 on lj-cluster was 1.5e-4), and neither model is rotation-
 * invariant by construction, so discovery still has to find the rotations. Sets of different
 * molecules (varying atoms or order) keep the point-cloud model.
 */
import type { Dataset, SampleSet } from '../data/dataset';

/** True when every frame holds the same atoms (no padding) with the same species in the same order. */
export function fixedAtomOrder(ds: Dataset): boolean {
  const sets: SampleSet[] = [ds.train, ...(ds.test ? [ds.test] : [])];
  const first = ds.train.points;
  if (!first || first.maxPoints < 1 || ds.train.n < 1) return false;
  const p = first.maxPoints;
  const ref = first.species.subarray(0, p);
  for (const set of sets) {
    const pts = set.points;
    if (!pts || pts.maxPoints !== p) return false;
    for (let i = 0; i < set.n * p; i++) {
      if (!(pts.mask[i]! > 0) || pts.species[i] !== ref[i % p]) return false;
    }
  }
  return true;
}

/** The default model kind for point data, and why, in words. */
export function defaultPointModel(ds: Dataset): { kind: 'mlp' | 'pointcloud'; reason: string } {
  if (ds.targetGradient && ds.train.targetGradient && fixedAtomOrder(ds)) {
    return { kind: 'mlp', reason: `model mlp on the coordinates in atom order: every frame holds the same ${ds.train.points!.maxPoints} atoms in one order and carries per-atom ${ds.targetGradient.source} (--model pointcloud for the point-cloud model)` };
  }
  return { kind: 'pointcloud', reason: 'model pointcloud: point data without per-atom gradients in a fixed atom order' };
}
