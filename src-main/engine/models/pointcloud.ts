/**
 * Point-cloud base model, deliberately NOT rotation-invariant: a per-point MLP on raw coordinates
 * plus a species embedding, masked mean pooling (permutation-invariant), and a readout MLP. Any
 * rotation symmetry must come from the augmenter, which is what lets SEMoLA discover it.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseInit } from '../config';
import type { Rng } from '../../data/random';
import type { Inputs } from '../layouts';
import { matMul } from '../ops';
import { activate, applyStack, createDense, createStack, type Activation, type Dense } from './dense';
import type { BaseModel } from './model';

export interface PointCloudOptions {
  numSpecies: number;
  outDim: number;
  embedding: number;
  pointHidden: number[];
  readoutHidden: number[];
  /** Coordinate scale (RMS of the training coordinates) so the first layer sees unit numbers. */
  coordScale: number;
  targetMean: Float32Array;
  targetStd: Float32Array;
  /** Hidden activation (default relu). */
  activation?: Activation;
  /** Initial weights of its dense layers (default he-uniform). */
  init?: DenseInit;
}

export class PointCloudModel implements BaseModel {
  readonly kind = 'pointcloud';
  readonly variables: tf.Variable[];
  private readonly embed: tf.Variable;
  private readonly pointNet: Dense[];
  private readonly readout: Dense[];
  private readonly outMean: tf.Tensor1D;
  private readonly outStd: tf.Tensor1D;
  private readonly coordScale: number;
  readonly activation: Activation;

  constructor(o: PointCloudOptions, rng: Rng) {
    this.activation = o.activation ?? 'relu';
    const init = o.init ?? 'he-uniform';
    const e = createDense(o.numSpecies, o.embedding, rng, 'pc/embed', init);
    e.b.dispose();
    this.embed = e.w;
    // Without hidden per-point layers the pooled features are the raw inputs: 3 coordinates + embedding.
    const width = o.pointHidden[o.pointHidden.length - 1] ?? 3 + o.embedding;
    this.pointNet = createStack([3 + o.embedding, ...o.pointHidden], rng, 'pc/point', init);
    this.readout = createStack([width, ...o.readoutHidden, o.outDim], rng, 'pc/readout', init);
    this.variables = [this.embed, ...this.pointNet.flatMap((l) => [l.w, l.b]), ...this.readout.flatMap((l) => [l.w, l.b])];
    this.outMean = tf.tensor1d(o.targetMean);
    this.outStd = tf.tensor1d(o.targetStd);
    this.coordScale = o.coordScale;
  }

  predict(x: Inputs): tf.Tensor2D {
    if (x.kind !== 'points') throw new Error('the point-cloud model takes the points layout');
    return tf.tidy(() => {
      const [m, p] = [x.coords.shape[0], x.coords.shape[1]];
      const s = x.species.shape[2];
      const emb = matMul(tf.reshape(x.species, [m * p, s]) as tf.Tensor2D, this.embed as tf.Tensor2D);
      const feats = tf.concat([tf.reshape(tf.div(x.coords, this.coordScale), [m * p, 3]) as tf.Tensor2D, emb], 1);
      // Every layer of the per-point net is followed by the activation (applyStack leaves the last linear).
      const h = activate(applyStack(this.pointNet, feats, this.activation), this.activation);
      const width = h.shape[1];
      const h3 = tf.reshape(h, [m, p, width]);
      const mask = tf.expandDims(x.mask, 2);
      const pooled = tf.div(tf.sum(tf.mul(h3, mask), 1), tf.maximum(tf.sum(mask, 1), 1)) as tf.Tensor2D;
      return tf.add(tf.mul(applyStack(this.readout, pooled, this.activation), this.outStd), this.outMean) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.outMean.dispose();
    this.outStd.dispose();
  }
}
