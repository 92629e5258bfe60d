/**
 * 2-D convolution ('same' padding, stride 1) with its own gradient, because wasm 4.22 lacks
 * Conv2DBackpropFilter, which tf.conv2d's gradient needs, and its Conv2DBackpropInput is about ten
 * times slower than its forward convolution (XNNPACK). Every pass is therefore a forward tf.conv2d:
 * - input gradient: the output gradient convolved with the filter flipped in space and with its
 *   channel axes swapped ('same' padding, stride 1, odd size);
 * - filter gradient: the zero-padded input with its batch and channel axes swapped, convolved
 *   ('valid') with the output gradient as an H x W filter over the batch, which sums
 *   x[n, h + dy, w + dx, i] dy[n, h, w, o] over n, h, w for every window offset (dy, dx).
 */
import * as tf from '@tensorflow/tfjs';

/** d conv / d x for stride 1, 'same' padding: dy * flip(filter) with in and out channels swapped. */
export function convInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.conv2d(dy, tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, 'same'));
}

/** d conv / d filter for stride 1, 'same' padding and an odd `size`: [size, size, Cin, Cout]. */
export function convFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const r = (size - 1) / 2;
    const padded = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
    const channelsAsBatch = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H + 2r, W + 2r, n]
    const gradientAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [H, W, n, Cout]
    const out = tf.conv2d(channelsAsBatch, gradientAsFilter, 1, 'valid'); // [Cin, size, size, Cout]
    return tf.transpose(out, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

const convWithGradient = tf.customGrad((x, filter, bias, save) => {
  const [xi, fi, bi] = [x as tf.Tensor4D, filter as tf.Tensor4D, bias as tf.Tensor1D];
  (save as tf.GradSaveFunc)([xi, fi]);
  return {
    value: tf.add(tf.conv2d(xi, fi, 1, 'same'), bi),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, fs] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      return [convInputGradient(g, fs), convFilterGradient(xs, g, fs.shape[0]), tf.sum(g, [0, 1, 2])];
    },
  };
});

/**
 * x [m, H, W, Cin] * filter [size, size, Cin, Cout] + bias [Cout] -> [m, H, W, Cout], 'same'
 * padding, odd size; differentiable in all three on every backend.
 */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  if (filter.shape[0] % 2 !== 1 || filter.shape[1] !== filter.shape[0]) {
    throw new Error(`conv2dSame takes square filters of odd size, got ${filter.shape[0]} x ${filter.shape[1]}`);
  }
  return convWithGradient(x, filter, bias) as tf.Tensor4D;
}
