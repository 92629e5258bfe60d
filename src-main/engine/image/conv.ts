/**
 * 2-D convolution ('same' padding, stride 1) with its own gradient, because wasm 4.22 lacks
 * Conv2DBackpropFilter, which tf.conv2d's gradient needs. Forward: tf.conv2d (XNNPACK on wasm).
 * Input gradient: tf.conv2dTranspose (Conv2DBackpropInput, which wasm has). Filter gradient:
 * im2col, the k x k shifted windows of the zero-padded input side by side, times the output
 * gradient as one matMul.
 */
import * as tf from '@tensorflow/tfjs';

/** x [m, H, W, C] -> patches [m, H, W, size * size * C], window offsets row-major, channels fastest. */
export function imageToColumns(x: tf.Tensor4D, size: number): tf.Tensor4D {
  const [m, h, w, c] = x.shape;
  const r = (size - 1) / 2;
  const padded = tf.pad(x, [[0, 0], [r, r], [r, r], [0, 0]]);
  const windows: tf.Tensor4D[] = [];
  for (let dy = 0; dy < size; dy++) {
    for (let dx = 0; dx < size; dx++) windows.push(tf.slice(padded, [0, dy, dx, 0], [m, h, w, c]));
  }
  return tf.concat(windows, 3);
}

const convWithGradient = tf.customGrad((x, filter, bias, save) => {
  const [xi, fi, bi] = [x as tf.Tensor4D, filter as tf.Tensor4D, bias as tf.Tensor1D];
  (save as tf.GradSaveFunc)([xi, fi]);
  return {
    value: tf.add(tf.conv2d(xi, fi, 1, 'same'), bi),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, fs] = saved as [tf.Tensor4D, tf.Tensor4D];
      const [m, h, w] = xs.shape;
      const [size, , cin, cout] = fs.shape;
      const dx = tf.conv2dTranspose(dy as tf.Tensor4D, fs, xs.shape, 1, 'same');
      const cols = tf.reshape(imageToColumns(xs, size), [m * h * w, size * size * cin]);
      const df = tf.reshape(tf.matMul(tf.transpose(cols), tf.reshape(dy, [m * h * w, cout])), fs.shape);
      return [dx, df, tf.sum(dy, [0, 1, 2])];
    },
  };
});

/**
 * x [m, H, W, Cin] * filter [size, size, Cin, Cout] + bias [Cout] -> [m, H, W, Cout], 'same'
 * padding, odd size; differentiable in all three on every backend.
 */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  if (filter.shape[0] % 2 !== 1) throw new Error(`conv2dSame takes odd filter sizes, got ${filter.shape[0]}`);
  return convWithGradient(x, filter, bias) as tf.Tensor4D;
}
