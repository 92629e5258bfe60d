/** What the trainer needs of a base model: its variables and a forward pass in raw target units. */
import type * as tf from '@tensorflow/tfjs';
import type { Inputs } from '../layouts';

export interface BaseModel {
  readonly kind: string;
  readonly variables: tf.Variable[];
  /** Outputs [m, outDim] in the dataset's target units (logits for classification). */
  predict(x: Inputs): tf.Tensor2D;
  dispose(): void;
}

/** Fixed affine maps between data units and the model's standardized units. */
export interface Standardization {
  inputMean: Float32Array;
  inputStd: Float32Array;
  targetMean: Float32Array;
  targetStd: Float32Array;
}
