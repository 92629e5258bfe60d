/**
 * The data judge: how images measure the on-distribution term. A second base model, started as a
 * copy of the base model when the group moves begin, goes on learning the task on the unmoved
 * samples only: a model of the data alone. Its loss on samples moved by the learned generators
 * tells the basis which moves keep a sample recognisable as its label.
 *
 * Why a second model: the base model is trained on the moves, so it learns whatever they do and its
 * loss on them stops saying whether a move is a symmetry of the data (trained within +-45 degrees,
 * the joint loss settled on shears and stretches of the digits, |cos| 0.2-0.7 with the rotation).
 * Why it keeps learning: a copy held fixed after the task-only epoch is too weak a model of
 * Fashion-MNIST turned over full turns (|cos| 0.87-0.92); judged both ways (score, below) a
 * learning judge no longer drifts past the training range (docs/discovery.md, "Images").
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { coefficientHalfWidth, LieAugmenter } from '../augmenter';
import { act, concatInputs, type Inputs } from '../layouts';
import type { BaseModel } from '../models/model';
import type { TermContext } from '../losses/objective';
import { assignValues } from '../ops';
import { createAdam } from './adam';
import { readAdam, readAdamAccumulators, restoreAdam, restoreAdamAccumulators } from './checkpoint';

/** The judge's weights and optimizer in a checkpoint (absent until the group moves began). */
export interface JudgeCheckpoint {
  weights: Float32Array[];
  optimizer: Float32Array[];
  accumulators: [number, number];
}

export class DataJudge {
  readonly model: BaseModel;
  private readonly opt: tf.AdamOptimizer;
  private started = false;

  /** `model`: a base model of the same kind and shape as the one it copies; it learns at `lr`. */
  constructor(model: BaseModel, lr: number, adamEpsilon?: number) {
    this.model = model;
    this.opt = createAdam(lr, adamEpsilon);
  }

  /** Takes the base model's weights the first time the moves begin; later calls change nothing. */
  startFrom(base: BaseModel): void {
    if (this.started) return;
    tf.tidy(() => this.model.variables.forEach((v, i) => v.assign(base.variables[i]!)));
    this.started = true;
  }

  /** One Adam step on the task loss of unmoved samples (its own tape: no other variable moves). */
  learn(ctx: TermContext, x: Inputs, y: tf.Tensor2D): void {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(perSampleLoss(ctx, this.model.predict(x), y)) as tf.Scalar, this.model.variables);
      this.opt.applyGradients(grads as never);
    });
  }

  get isStarted(): boolean {
    return this.started;
  }

  /**
   * The judge's loss on the batch, each sample moved by g and by g^-1 for one draw of coefficients
   * within `range` (and within the warm-up's `factor` of the augmenter's range): differentiable in
   * the generators `basis`, not in the judge's weights.
   */
  scoreMoves(ctx: TermContext, augmenter: LieAugmenter, basis: tf.Tensor3D, x: Inputs, y: tf.Tensor2D, rng: Rng, factor: number, range: number): tf.Scalar {
    const judgeFactor = Math.min(factor, range / coefficientHalfWidth(augmenter.config.coefficients));
    const t = augmenter.sampleCoefficients(y.shape[0], rng, judgeFactor);
    const g = LieAugmenter.groupElements(tf.concat([t, tf.neg(t)]), basis, augmenter.squaringBound(judgeFactor), true);
    return this.score(ctx, act(g, concatInputs(x, x)), y);
  }

  /**
   * The judge's task loss on samples moved by g and by g^-1 ([2m] rows: the m forward moves, then
   * the m inverse ones), the lower of the two per sample, averaged. Why the lower: data seen over
   * part of an orbit (digits within +-45 degrees) stay in it when moved towards its middle, and a
   * sample near an end can only move one way; judged one way only, a move past the end costs even
   * for the true symmetry, and the generator that leaves the data least (a rotation with a
   * counter-shear) wins. Called inside the trainer's tape, whose variable list leaves the judge's
   * weights out: the gradient reaches the generators only.
   */
  score(ctx: TermContext, moved: Inputs, y: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const m = y.shape[0];
      const losses = perSampleLoss(ctx, this.model.predict(moved), tf.concat([y, y]) as tf.Tensor2D);
      return tf.mean(tf.minimum(tf.slice(losses, [0], [m]), tf.slice(losses, [m], [m]))) as tf.Scalar;
    });
  }

  async checkpoint(): Promise<JudgeCheckpoint | null> {
    if (!this.started) return null;
    return {
      weights: await Promise.all(this.model.variables.map(async (v) => Float32Array.from(await v.data()))),
      optimizer: await readAdam(this.opt),
      accumulators: await readAdamAccumulators(this.opt),
    };
  }

  async restore(saved: JudgeCheckpoint | null | undefined): Promise<void> {
    if (!saved) return;
    this.model.variables.forEach((v, i) => assignValues(v, saved.weights[i]!));
    await restoreAdam(this.opt, saved.optimizer, this.model.variables);
    restoreAdamAccumulators(this.opt, saved.accumulators);
    this.started = true;
  }

  dispose(): void {
    this.model.dispose();
    this.opt.dispose();
  }
}

/** Cross-entropy per sample (classification) or the standardized squared error per sample: [n]. */
function perSampleLoss(ctx: TermContext, pred: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  if (ctx.targetKind === 'classification') {
    const labels = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), ctx.numClasses);
    return tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(pred)), 1)) as tf.Tensor1D;
  }
  return tf.mean(tf.square(tf.div(tf.sub(pred, y), ctx.targetScale)), 1) as tf.Tensor1D;
}
