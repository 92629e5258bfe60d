/**
 * Classification metrics from predictions (logits, or averaged log-probabilities) and class
 * indices: accuracy, accuracy per class, the confusion matrix and the cross-entropy.
 */
import * as tf from '@tensorflow/tfjs';

export interface ClassificationMetrics {
  accuracy: number;
  /** Mean -log p(true class), p the softmax of the predictions. */
  crossEntropy: number;
  /** Per class (by index): the share of its test samples predicted right; null where it has none. */
  perClassAccuracy: (number | null)[];
  /** confusion[true][predicted]: sample counts. */
  confusion: number[][];
}

/** pred [n, K], labels [n, 1] (class indices as floats). */
export function classificationMetrics(pred: tf.Tensor2D, labels: tf.Tensor2D): ClassificationMetrics {
  const k = pred.shape[1];
  const [predicted, logProb] = tf.tidy(() => [tf.argMax(pred, 1), tf.logSoftmax(pred)]);
  const guess = predicted.dataSync();
  const logP = logProb.dataSync();
  const truth = labels.dataSync();
  tf.dispose([predicted, logProb]);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let right = 0;
  let loss = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const g = guess[i]!;
    confusion[t]![g]!++;
    if (t === g) right++;
    loss -= logP[i * k + t]!;
  }
  const n = Math.max(1, truth.length);
  const perClassAccuracy = confusion.map((row, c) => {
    const count = row.reduce((a, b) => a + b, 0);
    return count > 0 ? row[c]! / count : null;
  });
  return { accuracy: right / n, crossEntropy: loss / n, perClassAccuracy, confusion };
}
