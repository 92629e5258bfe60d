/**
 * The powers of one generator for the one-generator exponential (expm.ts), computed on the host
 * where reading back is a copy (wasm, cpu).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * [I, L, L^2, ..., L^order] as rows [order + 1, d * d], for L [d, d] read back (wasm, cpu): the
 * powers in float64 on the host, and their gradient there too by reverse accumulation through
 * P_n = P_(n-1) L (dL += P_(n-1)^T dP_n, dP_(n-1) += dP_n L^T): two transfers where the device
 * chain takes about ten small kernels a power. Not differentiable twice; nothing in the engine
 * differentiates a group element twice (input gradients are of the model at unmoved samples).
 */
export function hostPowers(l: tf.Tensor2D, order: number): tf.Tensor2D {
  const d = l.shape[0];
  const op = tf.customGrad((lt) => {
    const lv = Float64Array.from((lt as tf.Tensor).dataSync() as Float32Array);
    const powers: Float64Array[] = [identity(d), lv];
    for (let n = 2; n <= order; n++) powers.push(product(powers[n - 1]!, lv, d, false, false));
    const flat = new Float32Array((order + 1) * d * d);
    powers.forEach((p, n) => flat.set(p, n * d * d));
    return {
      value: tf.tensor2d(flat, [order + 1, d * d]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const block = (n: number): Float64Array => Float64Array.from(g.subarray(n * d * d, (n + 1) * d * d));
        const dl = new Float64Array(d * d);
        let acc = block(order);
        for (let n = order; n >= 1; n--) {
          const contribution = product(powers[n - 1]!, acc, d, true, false);
          for (let i = 0; i < dl.length; i++) dl[i]! += contribution[i]!;
          const back = product(acc, lv, d, false, true);
          const below = block(n - 1);
          for (let i = 0; i < back.length; i++) back[i]! += below[i]!;
          acc = back;
        }
        return tf.tensor2d(Float32Array.from(dl), [d, d]);
      },
    };
  });
  return op(l) as tf.Tensor2D;
}

function identity(d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) out[i * d + i] = 1;
  return out;
}

/** op(A) op(B) for row-major d x d matrices, op a transpose where asked. */
function product(a: Float64Array, b: Float64Array, d: number, transposeA: boolean, transposeB: boolean): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = transposeA ? a[k * d + i]! : a[i * d + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j]! += aik * (transposeB ? b[j * d + k]! : b[k * d + j]!);
    }
  }
  return out;
}
