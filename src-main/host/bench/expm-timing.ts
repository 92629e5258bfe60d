/**
 * Throughput of the matrix exponential, forward and backward, on the current tf backend. It is
 * the augmenter's inner loop (12 Horner products plus the squarings per group element), so it
 * is timed on its own to tell expm cost apart from the model's.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../data/random';
import { expm, readSquarings } from '../../engine/lie/expm';

export interface ExpmTimingOptions {
  /** Matrices per call; the default training step exponentiates batchSize * nAug of them. */
  batch: number;
  d: number;
  /** Untimed calls first: kernels compile and buffers get allocated on the first calls. */
  warmup: number;
  repeats: number;
  /** Squarings per call; training passes its augmenter's bound. By default, what this batch needs. */
  squarings?: number;
}

export interface ExpmTiming {
  /** Median wall time of one call, in milliseconds. */
  ms: number;
  squarings: number;
}

/**
 * Algebra elements shaped like the augmenter's: t * L with L a random matrix of Frobenius norm
 * sqrt(d) (the default generator scale) and t ~ U(-1, 1) (the default coefficients).
 */
function algebraElements(batch: number, d: number, rng: Rng): Float32Array {
  const out = new Float32Array(batch * d * d);
  for (let b = 0; b < batch; b++) {
    const block = out.subarray(b * d * d, (b + 1) * d * d);
    let sq = 0;
    for (let i = 0; i < block.length; i++) {
      const v = rng.normal();
      block[i] = v;
      sq += v * v;
    }
    const factor = (rng.uniform(-1, 1) * Math.sqrt(d)) / Math.sqrt(sq);
    for (let i = 0; i < block.length; i++) block[i] = block[i]! * factor;
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function timeExpm(opts: ExpmTimingOptions): Promise<ExpmTiming> {
  const { batch, d } = opts;
  const a = tf.tensor3d(algebraElements(batch, d, new Rng(12345)), [batch, d, d]);
  // Chosen once, outside the timing, as training does.
  const squarings = opts.squarings ?? (await readSquarings(a));
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(expm(x as tf.Tensor3D, squarings)));
  const times: number[] = [];
  for (let i = 0; i < opts.warmup + opts.repeats; i++) {
    const start = performance.now();
    const g = gradient(a);
    // Reading the result back waits for backends that run asynchronously.
    await g.data();
    const ms = performance.now() - start;
    g.dispose();
    if (i >= opts.warmup) times.push(ms);
  }
  a.dispose();
  return { ms: median(times), squarings };
}
