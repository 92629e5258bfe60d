/**
 * 2-D convolution ('same' padding, stride 1) as im2col + matMul: the k x k shifted windows of the
 * zero-padded input are concatenated along channels and multiplied by the flattened filter. Its
 * gradient is that of slices, a pad and a matMul, all of which the wasm backend has; wasm 4.22
 * lacks Conv2DBackpropFilter, which tf.conv2d's gradient needs.
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../ops';

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

/**
 * x [m, H, W, Cin] * filter [size, size, Cin, Cout] + bias [Cout] -> [m, H, W, Cout], 'same'
 * padding, odd size. Equals tf.conv2d(x, filter, 1, 'same') + bias.
 */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  const [m, h, w] = x.shape;
  const [size, , cin, cout] = filter.shape;
  if (size % 2 !== 1) throw new Error(`conv2dSame takes odd filter sizes, got ${size}`);
  const cols = tf.reshape(imageToColumns(x, size), [m * h * w, size * size * cin]) as tf.Tensor2D;
  const out = matMul(cols, tf.reshape(filter, [size * size * cin, cout]) as tf.Tensor2D);
  return tf.reshape(tf.add(out, bias), [m, h, w, cout]) as tf.Tensor4D;
}
