/** What the trainer needs of a base model: its variables and a forward pass in raw target units. */
import type * as tf from '@tensorflow/tfjs';
import type { Inputs } from '../layouts';

export interface BaseModel {
  readonly kind: string;
  /** Every trainable variable: the optimiser steps them and checkpoints save them, in this order. */
  readonly variables: tf.Variable[];
  /** Outputs [m, outDim] in the dataset's target units (logits for classification). */
  predict(x: Inputs): tf.Tensor2D;
  /** The model's own regularisers, already weighted, added to the loss as the `modelReg` term; null: none. */
  regularization?(): tf.Scalar | null;
  /**
   * Runs one training step's loss computation (inside the gradient tape), so that work shared by its
   * predictions is done once: the weight-sharing model's Sinkhorn permutations.
   */
  duringStep?<T>(fn: () => T): T;
  /** Learned soft permutations [G][n][n] of a weight-sharing model (identity first). */
  softPermutations?(): number[][][];
  dispose(): void;
}

/** Fixed affine maps between data units and the model's standardized units. */
export interface Standardization {
  inputMean: Float32Array;
  inputStd: Float32Array;
  targetMean: Float32Array;
  targetStd: Float32Array;
}
