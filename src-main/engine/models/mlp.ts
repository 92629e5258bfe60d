/**
 * MLP base model (SPEC: 4 linear layers, width 256, ReLU). Inputs are standardized and outputs
 * de-standardized inside the model by fixed constants from the training data, so the optimiser
 * sees unit-scale numbers while the model speaks data units to the augmenter.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseInit } from '../config';
import type { Rng } from '../../data/random';
import { flatFeatures, type Inputs } from '../layouts';
import { applyStack, createStack, type Activation, type Dense } from './dense';
import type { BaseModel, Standardization } from './model';

export class MlpModel implements BaseModel {
  readonly kind = 'mlp';
  readonly variables: tf.Variable[];
  private readonly layers: Dense[];
  private readonly inMean: tf.Tensor1D;
  private readonly inStd: tf.Tensor1D;
  private readonly outMean: tf.Tensor1D;
  private readonly outStd: tf.Tensor1D;
  readonly activation: Activation;

  /** hidden: widths of the hidden layers, e.g. [256, 256, 256] for 4 linear layers. */
  constructor(inDim: number, outDim: number, hidden: number[], stats: Standardization, rng: Rng, activation: Activation = 'relu', init: DenseInit = 'he-uniform') {
    this.activation = activation;
    this.layers = createStack([inDim, ...hidden, outDim], rng, 'mlp', init);
    this.variables = this.layers.flatMap((l) => [l.w, l.b]);
    this.inMean = tf.tensor1d(stats.inputMean);
    this.inStd = tf.tensor1d(stats.inputStd);
    this.outMean = tf.tensor1d(stats.targetMean);
    this.outStd = tf.tensor1d(stats.targetStd);
  }

  predict(x: Inputs): tf.Tensor2D {
    return tf.tidy(() => {
      // Points: the coordinates in atom order as one vector (padding stays 0).
      const flat = flatFeatures(x);
      const z = tf.div(tf.sub(flat, this.inMean), this.inStd) as tf.Tensor2D;
      return tf.add(tf.mul(applyStack(this.layers, z, this.activation), this.outStd), this.outMean) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    for (const t of [this.inMean, this.inStd, this.outMean, this.outStd]) t.dispose();
  }
}
