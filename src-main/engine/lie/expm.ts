/**
 * Batched matrix exponential by scaling and squaring with a Taylor series, in differentiable tf
 * ops (tfjs has no expm). exp(A) = (T_12(A / 2^j))^(2^j) with j chosen so ||A / 2^j||_1 <= 0.5;
 * the Taylor truncation error at that norm is below float32 precision.
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../ops';

const TAYLOR_ORDER = 12;
const MAX_SQUARINGS = 24;

/**
 * Number of squarings for a batch: one j for the whole batch (the largest needed), computed
 * outside the gradient (it is a discrete choice). a: [b, d, d].
 */
export function squaringsFor(a: tf.Tensor3D): number {
  const norm1 = oneNorm(a);
  const n = norm1.dataSync()[0] ?? 0;
  norm1.dispose();
  return squaringsForNorm(n);
}

/** squaringsFor, read asynchronously: the webgpu backend cannot read synchronously in Node. */
export async function readSquarings(a: tf.Tensor3D): Promise<number> {
  const norm1 = oneNorm(a);
  const n = (await norm1.data())[0] ?? 0;
  norm1.dispose();
  return squaringsForNorm(n);
}

/** The batch's largest 1-norm (maximum column sum), a scalar. */
function oneNorm(a: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => tf.max(tf.sum(tf.abs(a), 1)));
}

function squaringsForNorm(n: number): number {
  if (!Number.isFinite(n)) throw new Error(`matrix exponential of a non-finite matrix (1-norm ${n})`);
  if (n <= 0.5) return 0;
  return Math.min(MAX_SQUARINGS, Math.ceil(Math.log2(n / 0.5)));
}

/** exp(A) for a: [b, d, d] -> [b, d, d]. `squarings` may be given when the caller knows a bound. */
export function expm(a: tf.Tensor3D, squarings?: number): tf.Tensor3D {
  const j = squarings ?? squaringsFor(a);
  return tf.tidy(() => {
    const [b, d] = [a.shape[0], a.shape[1]];
    const scaled: tf.Tensor3D = j > 0 ? (tf.mul(a, 1 / 2 ** j) as tf.Tensor3D) : a;
    const eye = tf.tile(tf.expandDims(tf.eye(d), 0), [b, 1, 1]) as tf.Tensor3D;
    // Horner: I + A/1 (I + A/2 (I + ... (I + A/N))).
    let e: tf.Tensor3D = eye;
    for (let m = TAYLOR_ORDER; m >= 1; m--) {
      e = tf.add(eye, tf.mul(matMul(scaled, e), 1 / m)) as tf.Tensor3D;
    }
    for (let s = 0; s < j; s++) e = matMul(e, e);
    return e;
  });
}
