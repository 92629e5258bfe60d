/**
 * 2 x 2 max pooling, stride 2 ('valid': an odd last row or column is dropped), with its own
 * gradient: wasm's MaxPoolGrad took a sixth of an image step. The gradient goes to the inputs
 * equal to their window's maximum, shared equally among ties (a subgradient; after a ReLU, ties at
 * 0 get no gradient anyway).
 */
import * as tf from '@tensorflow/tfjs';

/** [m, H, W, C] -> [m, H, 2, W, 2, C]-shaped broadcast of a pooled [m, H, W, C]. */
function spread(pooled: tf.Tensor4D): tf.Tensor {
  const [m, h, w, c] = pooled.shape;
  return tf.reshape(pooled, [m, h, 1, w, 1, c]);
}

const maxPoolWithGradient = tf.customGrad((x, save) => {
  const xi = x as tf.Tensor4D;
  const value = tf.maxPool(xi, 2, 2, 'valid');
  (save as tf.GradSaveFunc)([xi, value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
      const [m, h, w, c] = ys.shape;
      const [fullH, fullW] = [xs.shape[1], xs.shape[2]];
      const windows = tf.reshape(tf.slice(xs, [0, 0, 0, 0], [m, 2 * h, 2 * w, c]), [m, h, 2, w, 2, c]);
      // 1 where an input equals its window's maximum: 1 - step(max - x), as x <= max. (wasm's Equal
      // broadcasts slowly; Sub broadcasts through XNNPACK.)
      const isMax = tf.sub(1, tf.step(tf.sub(spread(ys), windows)));
      const ties = tf.sum(isMax, [2, 4], true);
      const dx = tf.reshape(tf.mul(isMax, tf.div(spread(dy as tf.Tensor4D), ties)), [m, 2 * h, 2 * w, c]);
      return tf.pad(dx, [[0, 0], [0, fullH - 2 * h], [0, fullW - 2 * w], [0, 0]]);
    },
  };
});

/** x [m, H, W, C] -> [m, floor(H / 2), floor(W / 2), C]. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return maxPoolWithGradient(x) as tf.Tensor4D;
}
