/**
 * Doubly-stochastic weight sharing (SPEC 6, METHODS-REFERENCE 4), the tensor core.
 *
 * G soft permutation matrices R_g = Sinkhorn(Lambda_g) [G, n, n], the first fixed to the identity,
 * act on the slot axis of canonical weights psi [C, n, F] (n features with F = 1, or n points with F
 * numbers each): h_{o,g} = tanh(<R_g psi_o, x> + b_o). Averaging over g gives C features that are
 * invariant to the group the R_g form once they are permutations; a linear head (default) or a
 * small tanh head maps them to the target. When the data is symmetric under a permutation group the R_g are
 * pulled towards its elements, because each distinct R_g adds capacity that only a symmetry-respecting
 * filter can use without hurting the fit.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { matMul, variableFrom } from '../ops';

/** Log-space Sinkhorn rounds while training (the reference code stops at 20 or on convergence). */
export const SINKHORN_ROUNDS = 20;

export interface SinkhornOptions {
  /** Most rounds (default SINKHORN_ROUNDS). */
  maxRounds?: number;
  /**
   * Stop once every row sum of exp(logits) is within tol of 1 (columns are exact after each round).
   * Checking reads the tensor back, so it is for exports, not the training step; absent: no check.
   */
  tol?: number;
}

/**
 * y = x - logsumexp(x) along one axis, with its gradient written out: dx = dy - exp(y) sum(dy).
 * Autodiff through tf.logSumExp records about ten kernels per call; with 40 calls per Sinkhorn
 * that bookkeeping, not the arithmetic, was most of a training step.
 */
const normalizers = new Map<number, (x: tf.Tensor) => tf.Tensor>();
function logNormalize(x: tf.Tensor, axis: number): tf.Tensor {
  let f = normalizers.get(axis);
  if (!f) {
    f = tf.customGrad((input, save) => {
      const y = tf.sub(input as tf.Tensor, tf.logSumExp(input as tf.Tensor, axis, true));
      (save as tf.GradSaveFunc)([y]);
      return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.sub(dy, tf.mul(tf.exp(saved[0]!), tf.sum(dy, axis, true))) };
    }) as (x: tf.Tensor) => tf.Tensor;
    normalizers.set(axis, f);
  }
  return f(x);
}

/** Alternately subtract row and column logsumexp of logits [..., n, n]; returns exp(logits). */
export function sinkhorn(logits: tf.Tensor, options: SinkhornOptions = {}): tf.Tensor {
  const maxRounds = options.maxRounds ?? SINKHORN_ROUNDS;
  const r = logits.rank;
  let l = tf.clone(logits);
  for (let k = 0; k < maxRounds; k++) {
    const next = tf.tidy(() => logNormalize(logNormalize(l, r - 1), r - 2));
    l.dispose();
    l = next;
    if (options.tol !== undefined && k % 5 === 4) {
      const dev = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.sum(tf.exp(l), r - 1), 1))).dataSync()[0]!);
      if (dev <= options.tol) break;
    }
  }
  const out = tf.exp(l);
  l.dispose();
  return out;
}

export interface WeightSharingConfig {
  /** Slots n the permutations act on: features of a vector, or points of a point set. */
  n: number;
  /** Numbers per slot F (1 for a feature vector; coordinates and species for a point). */
  features: number;
  /** Outputs of the head. */
  outDim: number;
  /** Group elements G (the first is the identity). */
  groupSize: number;
  /** Canonical filters C. */
  channels: number;
  /**
   * Width of the tanh head after pooling over g; 0 gives a linear head, which keeps the model a sum
   * of pooled filters so that every R_g must respect the data's symmetry (no head to absorb a wrong one).
   */
  hidden: number;
  /**
   * Scale of the N(0, s^2) initial logits. Small (0.1) starts every learned R_g near the uniform
   * average, so the task loss, not the random start, decides which permutation each one becomes.
   */
  logitScale: number;
}

/** tf variable names must be unique per process, and several models may live in one. */
let modelCounter = 0;

export class WeightSharingModel {
  readonly config: WeightSharingConfig;
  /** Logits of the learned elements g = 1..G-1 [G-1, n, n]. */
  readonly logits: tf.Variable;
  /** Canonical filters [C, n, F]. */
  readonly psi: tf.Variable;
  readonly bias: tf.Variable;
  /** Head: [C, outDim] (linear) or [C, H] then w2 [H, outDim] (tanh). */
  readonly head: tf.Variable[];
  /** Every trainable variable, logits first. */
  readonly variables: tf.Variable[];

  constructor(config: WeightSharingConfig, rng: Rng) {
    const { n, features: F, outDim, groupSize: G, channels: C, hidden: H } = config;
    for (const [name, v] of [['n', n], ['features', F], ['outDim', outDim], ['groupSize', G], ['channels', C]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`WeightSharingModel: ${name} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(H) || H < 0) throw new Error(`WeightSharingModel: hidden must be a non-negative integer, got ${H}`);
    this.config = config;
    const id = `ws#${++modelCounter}`;
    const normal = (len: number, s: number): Float32Array => Float32Array.from({ length: len }, () => s * rng.normal());
    this.logits = variableFrom(normal((G - 1) * n * n, config.logitScale), [G - 1, n, n], true, `${id}/logits`);
    this.psi = variableFrom(normal(C * n * F, 1 / Math.sqrt(n * F)), [C, n, F], true, `${id}/psi`);
    this.bias = variableFrom(new Float32Array(C), [C], true, `${id}/bias`);
    const first = H > 0 ? H : outDim;
    this.head = [variableFrom(normal(C * first, 1 / Math.sqrt(C)), [C, first], true, `${id}/w1`), variableFrom(new Float32Array(first), [first], true, `${id}/b1`)];
    if (H > 0) this.head.push(variableFrom(normal(H * outDim, 1 / Math.sqrt(H)), [H, outDim], true, `${id}/w2`), variableFrom(new Float32Array(outDim), [outDim], true, `${id}/b2`));
    // G = 1 learns no permutation: the logits would be an empty variable without a gradient.
    this.variables = [...(G > 1 ? [this.logits] : []), this.psi, this.bias, ...this.head];
  }

  /** The soft permutations R [G, n, n], the identity first. */
  permutations(sinkhornOptions: SinkhornOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const eye = tf.expandDims(tf.eye(this.config.n), 0);
      if (this.config.groupSize === 1) return eye as tf.Tensor3D;
      return tf.concat([eye, sinkhorn(this.logits, sinkhornOptions)], 0) as tf.Tensor3D;
    });
  }

  /** x [B, n * F] (slot-major) -> [B, outDim]; h_{o,g} = tanh(<R_g psi_o, x> + b_o), mean over g, then the head. */
  predict(x: tf.Tensor2D, R: tf.Tensor3D = this.permutations()): tf.Tensor2D {
    return tf.tidy(() => {
      const { n, features: F, channels: C } = this.config;
      // R may be any stack of n x n matrices: the learned ones, or hard group elements when checked.
      const G = R.shape[0];
      // Filters (R_g psi_o)[p, f] = sum_q R_g[p, q] psi_o[q, f], laid out as [n F, G C].
      const psiT = tf.reshape(tf.transpose(this.psi, [1, 0, 2]), [n, C * F]) as tf.Tensor2D;
      const moved = tf.reshape(matMul(tf.reshape(R, [G * n, n]) as tf.Tensor2D, psiT), [G, n, C, F]);
      const filters = tf.reshape(tf.transpose(moved, [1, 3, 0, 2]), [n * F, G * C]) as tf.Tensor2D;
      const pre = tf.reshape(matMul(x, filters), [-1, G, C]);
      const pooled = tf.mean(tf.tanh(tf.add(pre, this.bias)), 1) as tf.Tensor2D;
      const [w1, b1, w2, b2] = this.head;
      const z = tf.add(matMul(pooled, w1 as tf.Tensor2D), b1!) as tf.Tensor2D;
      if (!w2) return z;
      return tf.add(matMul(tf.tanh(z) as tf.Tensor2D, w2 as tf.Tensor2D), b2!) as tf.Tensor2D;
    });
  }

  /** Soft permutations as plain arrays [G][n][n], Sinkhorn run to convergence (rows within 1e-6). */
  permutationsArray(): number[][][] {
    const R = this.permutations({ maxRounds: 1000, tol: 1e-6 });
    const v = R.arraySync();
    R.dispose();
    return v;
  }

  dispose(): void {
    [this.logits, this.psi, this.bias, ...this.head].forEach((v) => v.dispose());
  }
}

/** mean(LSE_row(Lambda)^2 + LSE_col(Lambda)^2): pushes the raw logits to be normalised already. */
export function normRegulariser(logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const r = logits.rank;
    return tf.add(tf.mean(tf.square(tf.logSumExp(logits, r - 1))), tf.mean(tf.square(tf.logSumExp(logits, r - 2)))) as tf.Scalar;
  });
}

/** -sum R log R per matrix, averaged over matrices: pushes towards hard permutations. */
export function entropyRegulariser(R: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.neg(tf.sum(tf.mul(R, tf.log(tf.maximum(R, 1e-16))))), R.shape[0]) as tf.Scalar);
}

/**
 * Mean overlap sum_ij R_g[i][j] R_h[i][j] / n over pairs g < h: 1 for two equal permutations, 0 for
 * two that differ everywhere. Keeps the G slots from collapsing onto the same element, so that with G
 * equal to the group's order they spread over all of its elements.
 */
export function overlapRegulariser(R: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const [G, n] = R.shape;
    if (G < 2) return tf.scalar(0);
    const flat = tf.reshape(R, [G, n * n]) as tf.Tensor2D;
    const gram = matMul(flat, tf.transpose(flat) as tf.Tensor2D);
    const offDiagonal = tf.sub(tf.sum(gram), tf.sum(tf.mul(gram, tf.eye(G))));
    return tf.div(offDiagonal, G * (G - 1) * n) as tf.Scalar;
  });
}
