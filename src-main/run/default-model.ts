/**
 * The base model a run on point data gets when none is chosen. Frames of one system whose atoms
 * keep their identity and carry per-atom forces (an MD trajectory) get the MLP on the coordinates
 * in atom order: it can represent pairwise interactions, which the mean-pooled point-cloud model
 * cannot (its held-out energy R^2 on lj-cluster was 1.5e-4), and neither model is rotation-
 * invariant by construction, so discovery still has to find the rotations. Sets of different
 * molecules (varying atoms or order) keep the point-cloud model.
 */
import { fixedAtomOrder } from '../data/atom-order';
import type { Dataset } from '../data/dataset';

export { fixedAtomOrder };

/** The default model kind for point data, and why, in words. */
export function defaultPointModel(ds: Dataset): { kind: 'mlp' | 'pointcloud'; reason: string } {
  if (ds.targetGradient && ds.train.targetGradient && fixedAtomOrder(ds)) {
    return { kind: 'mlp', reason: `model mlp on the coordinates in atom order: every frame holds the same ${ds.train.points!.maxPoints} atoms in one order and carries per-atom ${ds.targetGradient.source} (--model pointcloud for the point-cloud model)` };
  }
  return { kind: 'pointcloud', reason: 'model pointcloud: point data without per-atom gradients in a fixed atom order' };
}
