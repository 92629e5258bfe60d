/**
 * The Augerino baseline (Benton et al. 2020; METHODS-REFERENCE section 5): a FIXED, known basis
 * with a learned width per generator. Coefficients t_i = (u_i - 1/2) * theta_i, u_i ~ U[0, 1),
 * theta = softplus(w), w starting at 0; the reparametrisation lets the task loss shrink the widths
 * of generators the data does not respect, and a bonus -lambda ||theta||_2 (lambda = 0.01) keeps
 * the widths from collapsing. It learns how much of a given group, not which group.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { variableFrom } from '../ops';

let widthsCounter = 0;

export class AugerinoWidths {
  /** Raw widths w [k]; theta = softplus(w). */
  readonly raw: tf.Variable;
  readonly k: number;

  constructor(k: number, initial: number) {
    this.k = k;
    this.raw = variableFrom(new Float32Array(k).fill(initial), [k], true, `augerino/widths#${++widthsCounter}`);
  }

  /** theta = softplus(w) [k]. */
  widths(): tf.Tensor1D {
    return tf.tidy(() => tf.softplus(this.raw) as tf.Tensor1D);
  }

  /** Coefficients [m, k] in (-theta/2, theta/2), differentiable in w. */
  sample(m: number, rng: Rng): tf.Tensor2D {
    const u = new Float32Array(m * this.k);
    for (let i = 0; i < u.length; i++) u[i] = rng.next() - 0.5;
    return tf.tidy(() => tf.mul(tf.tensor2d(u, [m, this.k]), this.widths()) as tf.Tensor2D);
  }

  /** -||theta||_2: the term whose weight is the width bonus. */
  bonusTerm(): tf.Scalar {
    return tf.tidy(() => tf.neg(tf.norm(this.widths())) as tf.Scalar);
  }

  widthArray(): number[] {
    const w = this.widths();
    const out = Array.from(w.dataSync());
    w.dispose();
    return out;
  }

  /** widthArray, read asynchronously (the only way the webgpu backend can read in Node). */
  async readWidths(): Promise<number[]> {
    const w = this.widths();
    const out = Array.from(await w.data());
    w.dispose();
    return out;
  }

  /**
   * Squarings that suffice for the current widths: ||sum t_i L_i||_1 <= sum_i theta_i / 2 *
   * sqrt(d) * ||L_i||_F (one small device read).
   */
  squaringBound(d: number, generatorNorm: number): number {
    const bound = (this.widthArray().reduce((a, b) => a + b, 0) / 2) * Math.sqrt(d) * generatorNorm;
    return bound <= 0.5 ? 0 : Math.min(24, Math.ceil(Math.log2(bound / 0.5)));
  }

  dispose(): void {
    this.raw.dispose();
  }
}
