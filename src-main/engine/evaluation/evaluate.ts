/**
 * After training: task metrics and equivariance errors on the test split for both inference
 * strategies, and the comparison with a reference basis when one is known.
 */
import * as tf from '@tensorflow/tfjs';
import { pixelGrid } from '../image/resample';
import type { Dataset, SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';
import { drawCoefficients } from '../augmenter';
import type { Inputs } from '../layouts';
import { equivarianceErrors, type Predictor } from './metrics/equivariance';
import { referenceReport, type ActionData, type ReferenceReport } from './metrics/reference';
import { dataSpanProjector, visibleBasis } from './metrics/visible';
import { predictAveraging, predictDirect } from './inference';
import { classificationMetrics } from './metrics/classification';
import { disposeInputs, gatherInputs, subset, toTensors } from '../samples';
import type { TrainedModel } from '../training/trained-model';

export interface InferenceMetrics {
  mse: number | null;
  mae: number | null;
  accuracy: number | null;
  /** SPEC Eq. 3 and Eq. 4; null when no basis exists to sample from (plain model, no reference). */
  equivarianceError: number | null;
  equivarianceErrorPrime: number | null;
  /** Classification only: cross-entropy, accuracy per class, confusion matrix. */
  crossEntropy?: number;
  perClassAccuracy?: (number | null)[];
  confusion?: number[][];
}

export interface TestMetrics {
  samples: number;
  /** Which strategy the top-level numbers use (the configured one). */
  inference: 'averaging' | 'direct';
  /** Which basis the equivariance errors sampled g from. */
  equivarianceBasis: 'reference' | 'learned' | null;
  mse: number | null;
  mae: number | null;
  accuracy: number | null;
  equivarianceError: number | null;
  equivarianceErrorPrime: number | null;
  /** Classification only, of the configured strategy (as `accuracy`). */
  crossEntropy?: number;
  perClassAccuracy?: (number | null)[];
  confusion?: number[][];
  direct: InferenceMetrics;
  averaging: InferenceMetrics | null;
}

type TaskMetrics = Pick<InferenceMetrics, 'mse' | 'mae' | 'accuracy' | 'crossEntropy' | 'perClassAccuracy' | 'confusion'>;

function taskMetrics(pred: tf.Tensor2D, y: tf.Tensor2D, classification: boolean): TaskMetrics {
  if (classification) return { mse: null, mae: null, ...classificationMetrics(pred, y) };
  const pair = tf.tidy(() => {
    const diff = tf.sub(pred, y);
    return tf.stack([tf.mean(tf.square(diff)), tf.mean(tf.abs(diff))]);
  });
  const v = pair.dataSync();
  pair.dispose();
  return { mse: v[0]!, mae: v[1]!, accuracy: null };
}

/** Predictions over many inputs in chunks. */
function predictAll(predict: Predictor, x: Inputs, n: number, chunk = 1024): tf.Tensor2D {
  const parts: tf.Tensor2D[] = [];
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    parts.push(
      tf.tidy(() => {
        const idx = tf.range(s, e, 1, 'int32') as tf.Tensor1D;
        return predict(gatherInputs(x, idx));
      }),
    );
  }
  const out = tf.concat(parts) as tf.Tensor2D;
  tf.dispose(parts);
  return out;
}

/** Rows of d-vectors the group acts on, for the action similarity: at most `limit`, seeded. */
export function actionRows(ds: Dataset, set: SampleSet, limit: number, rng: Rng): ActionData {
  const layout = ds.layout;
  const d = layout.d;
  const rows: number[] = [];
  if (layout.kind === 'vector') {
    for (let i = 0; i < set.n * layout.blocks; i++) for (let j = 0; j < d; j++) rows.push(set.inputs[i * d + j]!);
  } else if (layout.kind === 'image') {
    // g acts on the image plane: its data are the pixels' homogeneous coordinates (u, v, 1).
    rows.push(...pixelGrid(layout.height, layout.width));
  } else {
    const p = set.points!;
    for (let i = 0; i < set.n * p.maxPoints; i++) {
      if (p.mask[i]! <= 0) continue;
      for (let j = 0; j < 3; j++) rows.push(p.coords[i * 3 + j]!);
      if (d === 4) rows.push(1);
    }
  }
  let n = rows.length / d;
  let data = Float64Array.from(rows);
  if (n > limit) {
    const pick = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, limit);
    const out = new Float64Array(limit * d);
    pick.forEach((r, i) => out.set(data.subarray(r * d, (r + 1) * d), i * d));
    data = out;
    n = limit;
  }
  return { rows: data, n, d };
}

export function evaluate(trained: TrainedModel, test: SampleSet): TestMetrics {
  const { dataset: ds, config, model, ctx } = trained;
  const rng = new Rng(config.seed + 101);
  const classification = ds.targetKind === 'classification';
  const all = toTensors(ds, test);
  const direct: Predictor = (x) => predictDirect(model, x, ctx);
  const learned = trained.generators();
  const sampleFrom = (gens: tf.Tensor3D): ((m: number, r: Rng) => tf.Tensor2D) => (m, r) => drawCoefficients(config.coefficients, m, gens.shape[0], r);
  const averaging: Predictor | null = learned
    ? (x) => predictAveraging(model, { generators: learned, sample: (m, r) => trained.sampleCoefficients(m, r), squarings: trained.squaringBound() }, x, config.inferenceSamples ?? config.nAug, ctx, rng)
    : null;

  const ref = ds.referenceBasis ? tf.tensor3d(ds.referenceBasis) : null;
  const eqBasis = ref ?? learned;
  const evalIdx = test.n > config.evalPoints ? rng.shuffle(Array.from({ length: test.n }, (_, i) => i)).slice(0, config.evalPoints) : null;
  const evalSet = evalIdx ? toTensors(ds, subset(ds, test, evalIdx)) : all;

  // Bound the samples one model call sees (memory: the wasm heap is a few GiB at most), counting
  // the group samples the averaging predictor adds per input.
  const SAMPLES_PER_CALL = 8192;
  const measure = (p: Predictor, perInput: number): InferenceMetrics => {
    const pred = predictAll(p, all.inputs, all.n, Math.max(1, Math.floor(SAMPLES_PER_CALL / perInput)));
    const task = taskMetrics(pred, all.targets, classification);
    pred.dispose();
    const chunk = Math.max(1, Math.floor(SAMPLES_PER_CALL / (perInput * config.evalGroupSamples)));
    const eq = eqBasis ? equivarianceErrors(p, evalSet.inputs, eqBasis, sampleFrom(eqBasis), config.evalGroupSamples, ctx, rng, chunk) : null;
    return { ...task, equivarianceError: eq?.E ?? null, equivarianceErrorPrime: eq?.Eprime ?? null };
  };
  const d = measure(direct, 1);
  const a = averaging ? measure(averaging, config.inferenceSamples ?? config.nAug) : null;
  const chosen = config.inference === 'averaging' && a ? a : d;
  learned?.dispose();
  ref?.dispose();
  if (evalSet !== all) {
    disposeInputs(evalSet.inputs);
    evalSet.targets.dispose();
  }
  disposeInputs(all.inputs);
  all.targets.dispose();
  return {
    samples: test.n,
    inference: chosen === a ? 'averaging' : 'direct',
    equivarianceBasis: ref ? 'reference' : learned ? 'learned' : null,
    mse: chosen.mse,
    mae: chosen.mae,
    accuracy: chosen.accuracy,
    equivarianceError: chosen.equivarianceError,
    equivarianceErrorPrime: chosen.equivarianceErrorPrime,
    ...(chosen.confusion ? { crossEntropy: chosen.crossEntropy, perClassAccuracy: chosen.perClassAccuracy, confusion: chosen.confusion } : {}),
    direct: d,
    averaging: a,
  };
}

export interface ReferenceComparison extends ReferenceReport {
  /** |cosine| and subspace similarity of the parts both bases show on the data's span (metrics/visible.ts). */
  visible: { cosine: number; subspace: number };
}

/** Compare a learned basis with a reference; the action similarity uses the given samples (test, else validation). */
export function compareWithReference(learnedBasis: number[][][], reference: number[][][], ds: Dataset, set: SampleSet, seed: number): ReferenceComparison {
  const rows = actionRows(ds, set, 5000, new Rng(seed + 7));
  const p = dataSpanProjector(rows);
  const seen = referenceReport(visibleBasis(learnedBasis, p), visibleBasis(reference, p));
  return { ...referenceReport(learnedBasis, reference, rows), visible: { cosine: seen.cosine, subspace: seen.subspace } };
}
