/**
 * The trained model plus a correction fitted to its training residuals with no symmetry at all.
 * A model trained to be invariant along every learned direction (equal strengths, or generators
 * that mix exact and broken directions) discards the part of the target that breaks an approximate
 * symmetry; measured alone, every learned direction then looks exact. The correction, a small MLP
 * fitted to y - f(x) on the training samples, picks up what the model left out, so the corrected
 * predictor F = f + h varies along a direction as the data do: held-out moves of F separate exact
 * from approximate directions (move-exactness.ts). Where the model left nothing structured out, h
 * fits noise and changes little.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';
import { flatFeatures, type Inputs } from '../layouts';
import { MlpModel } from '../models/mlp';
import type { BaseModel } from '../models/model';
import { disposeInputs, toTensors } from '../samples';

export interface CorrectionSettings {
  hidden: number[];
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
}

export const CORRECTION_DEFAULTS: Omit<CorrectionSettings, 'seed'> = { hidden: [64, 64], epochs: 30, batchSize: 64, lr: 3e-3 };

function stats(values: Float32Array, n: number, width: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float32Array(width);
  const std = new Float32Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) mean[j]! += values[i * width + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) std[j]! += (values[i * width + j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < width; j++) std[j] = Math.sqrt(std[j]!) > 1e-12 ? Math.sqrt(std[j]!) : 1;
  return { mean, std };
}

/** f + h, h fitted to the residuals of `base` on `train` (regression, vector or point inputs). Dispose of it (not of `base`) when done. */
export function correctedModel(base: BaseModel, ds: Dataset, train: SampleSet, settings: CorrectionSettings): BaseModel & { correction: BaseModel } {
  const tensors = toTensors(ds, train);
  const flat = (x: Inputs): tf.Tensor2D => flatFeatures(x);
  const inputs = tf.tidy(() => flat(tensors.inputs));
  const residuals = tf.tidy(() => tf.sub(tensors.targets, base.predict(tensors.inputs)) as tf.Tensor2D);
  const width = inputs.shape[1];
  const T = residuals.shape[1];
  const x = stats(inputs.dataSync() as Float32Array, train.n, width);
  const r = stats(residuals.dataSync() as Float32Array, train.n, T);
  const rng = new Rng(settings.seed);
  const h = new MlpModel(width, T, settings.hidden, { inputMean: x.mean, inputStd: x.std, targetMean: r.mean, targetStd: r.std }, rng, 'tanh');
  const opt = tf.train.adam(settings.lr);
  const scale = tf.tensor1d(r.std);
  const order = Array.from({ length: train.n }, (_, i) => i);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    rng.shuffle(order);
    for (let b = 0; b < train.n; b += settings.batchSize) {
      const idx = tf.tensor1d(order.slice(b, b + settings.batchSize), 'int32');
      opt.minimize(() => {
        const xb = tf.gather(inputs, idx) as tf.Tensor2D;
        const yb = tf.gather(residuals, idx);
        return tf.mean(tf.square(tf.div(tf.sub(h.predict({ kind: 'vector', x: xb }), yb), scale))) as tf.Scalar;
      }, false, h.variables);
      idx.dispose();
    }
  }
  opt.dispose();
  scale.dispose();
  inputs.dispose();
  residuals.dispose();
  disposeInputs(tensors.inputs);
  tensors.targets.dispose();
  return {
    kind: `${base.kind}+correction`,
    variables: [],
    correction: h,
    predict(xs: Inputs): tf.Tensor2D {
      return tf.tidy(() => tf.add(base.predict(xs), h.predict({ kind: 'vector', x: flat(xs) })) as tf.Tensor2D);
    },
    dispose(): void {
      h.dispose();
    },
  };
}
