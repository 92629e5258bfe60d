import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../../src-main/engine/evaluation/metrics/classification';

describe('classification metrics', () => {
  it('gives accuracy, accuracy per class, the confusion matrix and the cross-entropy', () => {
    // Three classes; class 2 never occurs; sample 3 (class 1) is taken for class 0.
    const logits = tf.tensor2d([
      [2, 0, 0],
      [0, 3, 0],
      [1, 0, 0],
      [0, 0.5, 0],
    ]);
    const labels = tf.tensor2d([[0], [1], [1], [1]]);
    const m = classificationMetrics(logits, labels);
    expect(m.accuracy).toBe(0.75);
    expect(m.confusion).toEqual([
      [1, 0, 0],
      [1, 2, 0],
      [0, 0, 0],
    ]);
    expect(m.perClassAccuracy).toEqual([1, 2 / 3, null]);
    const logSoftmax = (row: number[], c: number): number => row[c]! - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const want = -(logSoftmax([2, 0, 0], 0) + logSoftmax([0, 3, 0], 1) + logSoftmax([1, 0, 0], 1) + logSoftmax([0, 0.5, 0], 1)) / 4;
    expect(m.crossEntropy).toBeCloseTo(want, 5);
    tf.dispose([logits, labels]);
  });
});
