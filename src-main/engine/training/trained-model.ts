/**
 * The narrow view of a trained model that evaluation, the verdict evidence and the discrete-symmetry
 * check read: the model, its settings and data scales, and how to draw from its symmetry. The
 * Trainer provides it; nothing downstream needs the optimisers or the training loop.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../data/dataset';
import type { Rng } from '../../data/random';
import type { TrainConfig } from '../config';
import type { TermContext } from '../losses/objective';
import type { BaseModel } from '../models/model';
import type { Scales } from '../samples';

export interface TrainedModel {
  readonly dataset: Dataset;
  readonly config: TrainConfig;
  readonly model: BaseModel;
  readonly ctx: TermContext;
  readonly scales: Scales;
  /** Rows of `dataset.train` the model trained on (the rest of the split is validation). */
  readonly trainIndex: number[];
  /** The normalised generators [k, d, d] (the caller disposes them); null for a method without a basis. */
  generators(): tf.Tensor3D | null;
  /** Coefficients [m, k] as training draws them at full range (augerino: the learned widths). */
  sampleCoefficients(m: number, rng: Rng): tf.Tensor2D;
  /** Squarings that suffice for every group element `sampleCoefficients` can draw. */
  squaringBound(): number;
}
