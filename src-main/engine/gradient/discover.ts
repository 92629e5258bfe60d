/**
 * `--method gradient`: generators from the gradient condition (condition.ts) on training samples.
 * Invariant targets use the data's own target gradient (e.g. dE/dx = -forces) when they carry one
 * and --forces is not `none`, else the trained model's input gradients for every target column;
 * equivariant targets use the trained model's Jacobian. Either way a trajectory that never leaves
 * one orientation still shows its rotations: the condition is local, no orbit has to be in the data.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';
import type { TrainConfig } from '../config';
import { gatherInputs, disposeInputs, flatRows, subset, toTensors } from '../samples';
import type { Trainer } from '../training/trainer';
import { equivariantRows, invariantRows, maskParametrization } from './condition';
import { inputGradient } from './input-gradient';
import { nullSpace, type NullSpaceResult } from './nullspace';

const BATCH = 256;

/** d f[:, column] / d x for every sample of `set`, flattened [n, F], in batches. */
function modelGradients(trainer: Trainer, ds: Dataset, set: SampleSet, column: number): Float32Array {
  const t = toTensors(ds, set);
  const parts: Float32Array[] = [];
  try {
    for (let s = 0; s < set.n; s += BATCH) {
      const e = Math.min(set.n, s + BATCH);
      const g = tf.tidy(() => inputGradient((x) => trainer.model.predict(x), gatherInputs(t.inputs, tf.range(s, e, 1, 'int32') as tf.Tensor1D), column));
      parts.push(g.dataSync() as Float32Array);
      g.dispose();
    }
  } finally {
    disposeInputs(t.inputs);
    t.targets.dispose();
    t.gradient?.dispose();
  }
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function modelPredictions(trainer: Trainer, ds: Dataset, set: SampleSet): Float32Array {
  const t = toTensors(ds, set);
  try {
    return tf.tidy(() => trainer.model.predict(t.inputs)).dataSync() as Float32Array;
  } finally {
    disposeInputs(t.inputs);
    t.targets.dispose();
    t.gradient?.dispose();
  }
}

/** Where the gradients come from for this run (in words, for the summary). */
export function gradientSource(ds: Dataset, config: TrainConfig): 'data' | 'model' {
  const info = ds.targetGradient;
  const usable = ds.task === 'invariant' && info !== undefined && ds.train.targetGradient !== undefined && ds.targetNames.includes(info.target);
  return usable && config.forces.trim() !== 'none' ? 'data' : 'model';
}

export function discoverFromGradients(trainer: Trainer, ds: Dataset, config: TrainConfig): NullSpaceResult {
  const layout = ds.layout;
  // A seeded subsample of the training samples (the validation split stays held out).
  const idx = new Rng(config.seed + 41).shuffle([...trainer.trainIndex]).slice(0, config.gradientMethod.samples);
  const set = subset(ds, ds.train, idx);
  const x = flatRows(ds, set).rows;
  const mask = set.points?.mask;
  const param = maskParametrization(config.mask, layout.d, layout.kind === 'points' && layout.d === 4);
  const opts = { tolerance: config.gradientMethod.tolerance, minGap: config.gradientMethod.minGap };
  if (ds.task === 'invariant') {
    if (gradientSource(ds, config) === 'data') {
      const rows = invariantRows(layout, set.n, x, set.targetGradient!, mask);
      return nullSpace(rows, param, layout.d, config.k, `data: ${ds.targetGradient!.source} (d ${ds.targetGradient!.target} / dx)`, opts);
    }
    const columns = ds.targetKind === 'classification' ? (ds.numClasses ?? 1) : ds.targetNames.length;
    const rows = Array.from({ length: columns }, (_, c) => invariantRows(layout, set.n, x, modelGradients(trainer, ds, set, c), mask)).flat();
    return nullSpace(rows, param, layout.d, config.k, 'model: input gradients of the trained model', opts);
  }
  if (layout.kind !== 'vector') throw new Error('the gradient method takes equivariant targets in the vector layout only');
  const inWidth = layout.d * layout.blocks;
  const outWidth = ds.targetNames.length;
  const f = modelPredictions(trainer, ds, set);
  const perColumn = Array.from({ length: outWidth }, (_, c) => modelGradients(trainer, ds, set, c));
  // Jacobian [n, outWidth, inWidth] from the per-output gradients.
  const jac = new Float32Array(set.n * outWidth * inWidth);
  for (let s = 0; s < set.n; s++) for (let o = 0; o < outWidth; o++) jac.set(perColumn[o]!.subarray(s * inWidth, (s + 1) * inWidth), (s * outWidth + o) * inWidth);
  const rows = equivariantRows(layout.d, set.n, inWidth, outWidth, x, f, jac);
  return nullSpace(rows, param, layout.d, config.k, 'model: Jacobian of the trained model', opts);
}
