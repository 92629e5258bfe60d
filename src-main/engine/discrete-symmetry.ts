/**
 * The discrete symmetry a weight-sharing run reports (summary keys `permutations` and
 * `permutationGroup`): its soft P_g rounded, the confident roundings checked on held-out samples
 * (models/permutation-check.ts), and the group the supported ones generate.
 */
import type { Dataset, SampleSet } from '../data/dataset';
import { checkPermutations } from './models/permutation-check';
import { roundToPermutations, assignmentConfidence } from './models/permutation-group';
import { summarizePermutations, type PermutationGroupSummary, type PermutationsSummary } from './models/permutation-summary';
import { WeightSharingBaseModel } from './models/weight-sharing-base';
import { disposeInputs, toTensors } from './samples';
import type { Trainer } from './trainer';

/** What the weight-sharing permutations act on: the input features, or the point slots p1..pN. */
export function slotNames(ds: Dataset): string[] {
  if (ds.layout.kind === 'points') return Array.from({ length: ds.layout.maxPoints }, (_, i) => `p${i + 1}`);
  const n = ds.layout.d * ds.layout.blocks;
  return ds.inputNames.length === n ? ds.inputNames : Array.from({ length: n }, (_, i) => `x${i + 1}`);
}

/** Null unless the trainer's base model is the weight-sharing one. */
export function discreteSymmetry(trainer: Trainer, ds: Dataset, held: SampleSet): { permutations: PermutationsSummary; permutationGroup: PermutationGroupSummary } | null {
  const model = trainer.model;
  if (!(model instanceof WeightSharingBaseModel)) return null;
  const soft = model.softPermutations();
  const rounded = roundToPermutations(soft);
  const confidence = rounded.map((p, g) => assignmentConfidence(soft[g]!, p));
  const { minConfidence } = trainer.config.weightSharing;
  const tensors = toTensors(ds, held);
  try {
    const check = checkPermutations(model, trainer.ctx, tensors, rounded, confidence, minConfidence);
    return summarizePermutations(soft, slotNames(ds), minConfidence, check);
  } finally {
    disposeInputs(tensors.inputs);
    tensors.targets.dispose();
  }
}
