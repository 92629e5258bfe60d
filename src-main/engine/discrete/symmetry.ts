/**
 * The discrete symmetry a weight-sharing run reports (summary keys `permutations` and
 * `permutationGroup`): its soft P_g rounded, the confident roundings checked on held-out samples
 * (permutation-check.ts), and the group the supported ones generate.
 */
import type { Dataset, SampleSet } from '../../data/dataset';
import { checkPermutations } from './permutation-check';
import { roundToPermutations, assignmentConfidence } from './permutation-group';
import { summarizePermutations, type PermutationGroupSummary, type PermutationsSummary } from './permutation-summary';
import { WeightSharingBaseModel } from '../models/weight-sharing-base';
import { disposeInputs, subset, toTensors } from '../samples';
import { Rng } from '../../data/random';
import type { TrainedModel } from '../training/trained-model';

/** Held-out samples the group check uses at most. */
export const CHECK_SAMPLES = 2000;

/** What the weight-sharing permutations act on: the input features, or the point slots p1..pN. */
export function slotNames(ds: Dataset): string[] {
  if (ds.layout.kind === 'points') return Array.from({ length: ds.layout.maxPoints }, (_, i) => `p${i + 1}`);
  if (ds.layout.kind === 'image') throw new Error('the weight-sharing model permutes features or points; images take the CNN');
  const n = ds.layout.d * ds.layout.blocks;
  return ds.inputNames.length === n ? ds.inputNames : Array.from({ length: n }, (_, i) => `x${i + 1}`);
}

/** Null unless the trained base model is the weight-sharing one. */
export function discreteSymmetry(trained: Pick<TrainedModel, 'model' | 'config' | 'ctx'>, ds: Dataset, held: SampleSet): { permutations: PermutationsSummary; permutationGroup: PermutationGroupSummary } | null {
  const model = trained.model;
  if (!(model instanceof WeightSharingBaseModel)) return null;
  const soft = model.softPermutations();
  const rounded = roundToPermutations(soft);
  const confidence = rounded.map((p, g) => assignmentConfidence(soft[g]!, p));
  const { minConfidence } = trained.config.weightSharing;
  // A seeded subsample bounds the check's cost on large sets (up to 720 group elements each).
  const idx = held.n > CHECK_SAMPLES ? new Rng(trained.config.seed + 307).shuffle(Array.from({ length: held.n }, (_, i) => i)).slice(0, CHECK_SAMPLES) : null;
  const tensors = toTensors(ds, idx ? subset(ds, held, idx) : held);
  try {
    const check = checkPermutations(model, trained.ctx, tensors, rounded, confidence, minConfidence);
    return summarizePermutations(soft, slotNames(ds), minConfidence, check);
  } finally {
    disposeInputs(tensors.inputs);
    tensors.targets.dispose();
  }
}
