/**
 * Doubly-stochastic weight sharing for feature vectors (SPEC 6, METHODS-REFERENCE 4).
 *
 * G soft permutation matrices R_g = Sinkhorn(Lambda_g) [G, n, n], the first fixed to the identity,
 * act on canonical weights psi [C, n]: h_{o,g} = tanh(<R_g psi_o, x> + b_o). Averaging over g gives
 * C features that are invariant to the group the R_g form once they are permutations; a linear head
 * (default) or a small tanh head maps them to the target. When the data is symmetric under a permutation group the R_g are
 * pulled towards its elements, because each distinct R_g adds capacity that only a symmetry-respecting
 * filter can use without hurting the fit.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, SampleSet } from '../../data/dataset';
import { inputDim } from '../../data/dataset';
import { Rng } from '../../data/random';
import { matMul, variableFrom } from '../ops';
import { discoverPermutationGroup, type DiscoveredGroup } from './permutation-group';

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

/** Alternately subtract row and column logsumexp of logits [..., n, n]; returns exp(logits). */
export function sinkhorn(logits: tf.Tensor, options: SinkhornOptions = {}): tf.Tensor {
  const maxRounds = options.maxRounds ?? SINKHORN_ROUNDS;
  const r = logits.rank;
  let l = tf.clone(logits);
  for (let k = 0; k < maxRounds; k++) {
    const next = tf.tidy(() => {
      const rows = tf.sub(l, tf.logSumExp(l, r - 1, true));
      return tf.sub(rows, tf.logSumExp(rows, r - 2, true));
    });
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
  /** Number of features n the permutations act on. */
  n: number;
  /** Group elements G (the first is the identity). */
  groupSize: number;
  /** Canonical filters C. */
  channels: number;
  /**
   * Width of the tanh head after pooling over g; 0 gives a linear head, which keeps the model a sum
   * of pooled filters so that every R_g must respect the data's symmetry (no head to absorb a wrong one).
   */
  hidden: number;
  seed: number;
  /**
   * Scale of the N(0, s^2) initial logits. Small (0.1) starts every learned R_g near the uniform
   * average, so the task loss, not the random start, decides which permutation each one becomes.
   */
  logitScale: number;
}

export const DEFAULT_WEIGHT_SHARING: Omit<WeightSharingConfig, 'n'> = {
  groupSize: 6,
  channels: 16,
  hidden: 0,
  seed: 0,
  logitScale: 0.1,
};

export class WeightSharingModel {
  readonly config: WeightSharingConfig;
  /** Logits of the learned elements g = 1..G-1 [G-1, n, n]. */
  readonly logits: tf.Variable;
  readonly psi: tf.Variable;
  readonly bias: tf.Variable;
  readonly w1: tf.Variable;
  readonly b1: tf.Variable;
  readonly w2: tf.Variable;
  readonly b2: tf.Variable;

  constructor(config: WeightSharingConfig) {
    const { n, groupSize: G, channels: C, hidden: H } = config;
    if (!Number.isInteger(n) || n < 1) throw new Error(`WeightSharingModel: n must be a positive integer, got ${n}`);
    if (!Number.isInteger(G) || G < 1) throw new Error(`WeightSharingModel: groupSize must be a positive integer, got ${G}`);
    this.config = config;
    const rng = new Rng(config.seed);
    const normal = (len: number, s: number): Float32Array => Float32Array.from({ length: len }, () => s * rng.normal());
    this.logits = variableFrom(normal((G - 1) * n * n, config.logitScale), [G - 1, n, n], true, 'ws_logits');
    this.psi = variableFrom(normal(C * n, 1 / Math.sqrt(n)), [C, n], true, 'ws_psi');
    this.bias = variableFrom(new Float32Array(C), [C], true, 'ws_bias');
    if (!Number.isInteger(H) || H < 0) throw new Error(`WeightSharingModel: hidden must be a non-negative integer, got ${H}`);
    const Hw = Math.max(H, 1);
    this.w1 = variableFrom(normal(C * Hw, 1 / Math.sqrt(C)), [C, Hw], true, 'ws_w1');
    this.b1 = variableFrom(new Float32Array(Hw), [Hw], true, 'ws_b1');
    this.w2 = variableFrom(normal(Hw, 1 / Math.sqrt(Hw)), [Hw, 1], true, 'ws_w2');
    this.b2 = variableFrom(new Float32Array(1), [1], true, 'ws_b2');
  }

  get trainable(): tf.Variable[] {
    const head = this.config.hidden > 0 ? [this.w1, this.b1, this.w2, this.b2] : [this.w1, this.b1];
    return [this.logits, this.psi, this.bias, ...head];
  }

  private get all(): tf.Variable[] {
    return [this.logits, this.psi, this.bias, this.w1, this.b1, this.w2, this.b2];
  }

  /** The soft permutations R [G, n, n], the identity first. */
  permutations(sinkhornOptions: SinkhornOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const eye = tf.expandDims(tf.eye(this.config.n), 0);
      return tf.concat([eye, sinkhorn(this.logits, sinkhornOptions)], 0) as tf.Tensor3D;
    });
  }

  /** x [B, n] -> prediction [B, 1]. */
  predict(x: tf.Tensor2D, R: tf.Tensor3D = this.permutations()): tf.Tensor2D {
    return tf.tidy(() => {
      const { n, groupSize: G, channels: C } = this.config;
      // Filters R_g psi_o: [G, n, n] x [G, n, C] -> [G, n, C] -> [n, G C].
      const psiT = tf.tile(tf.expandDims(tf.transpose(this.psi), 0), [G, 1, 1]) as tf.Tensor3D;
      const filters = tf.reshape(tf.transpose(matMul(R, psiT), [1, 0, 2]), [n, G * C]) as tf.Tensor2D;
      const pre = tf.reshape(matMul(x, filters), [-1, G, C]);
      const pooled = tf.mean(tf.tanh(tf.add(pre, this.bias)), 1) as tf.Tensor2D;
      const z = tf.add(matMul(pooled, this.w1 as tf.Tensor2D), this.b1) as tf.Tensor2D;
      if (this.config.hidden === 0) return z;
      const h = tf.tanh(z) as tf.Tensor2D;
      return tf.add(matMul(h, this.w2 as tf.Tensor2D), this.b2) as tf.Tensor2D;
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
    this.all.forEach((v) => v.dispose());
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

export interface WeightSharingTrainOptions extends Partial<Omit<WeightSharingConfig, 'n'>> {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Weight of the logit normalisation regulariser (0.1 in the reference). */
  normWeight?: number;
  /** Weight of the entropy regulariser (0 in the reference). */
  entropyWeight?: number;
  /** Weight of the overlap regulariser between slots (0 in the reference). */
  overlapWeight?: number;
  /** Soft P_g whose rounding has less confidence than this are left out of the group (default 0: all). */
  minConfidence?: number;
}

export interface WeightSharingResult {
  model: WeightSharingModel;
  /** Learned soft permutations [G][n][n] (the identity first). */
  softPermutations: number[][][];
  /** The discovered group: rounded P_g, their confidences and the group the confident ones generate. */
  group: DiscoveredGroup;
  /** Final-epoch mean training objective (MSE on the standardised target plus regularisers). */
  trainLoss: number;
  /** Held-out MSE on the standardised target when a test split exists. */
  testLoss: number | null;
  epochs: number;
}

function standardise(set: SampleSet, mean: number, std: number): Float32Array {
  return Float32Array.from(set.targets, (v) => (v - mean) / std);
}

/** Train the weight-sharing model on a vector-layout invariant regression dataset (Adam, MSE). */
export function trainWeightSharing(dataset: Dataset, options: WeightSharingTrainOptions = {}): WeightSharingResult {
  if (dataset.layout.kind !== 'vector') throw new Error(`trainWeightSharing: ${dataset.name} has a ${dataset.layout.kind} layout, expected vector features`);
  if (dataset.targetKind !== 'regression' || dataset.targetNames.length !== 1) {
    throw new Error(`trainWeightSharing: ${dataset.name} must have one regression target, got ${dataset.targetNames.length} ${dataset.targetKind} target(s)`);
  }
  const n = inputDim(dataset.layout);
  const cfg: WeightSharingConfig = { ...DEFAULT_WEIGHT_SHARING, ...stripUndefined(options), n } as WeightSharingConfig;
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 128;
  const normWeight = options.normWeight ?? 0.1;
  const entropyWeight = options.entropyWeight ?? 0;
  const overlapWeight = options.overlapWeight ?? 0;
  const model = new WeightSharingModel({ n, groupSize: cfg.groupSize, channels: cfg.channels, hidden: cfg.hidden, seed: cfg.seed, logitScale: cfg.logitScale });
  const optimizer = tf.train.adam(options.learningRate ?? 1e-2);

  const tr = dataset.train;
  const mean = tr.targets.reduce((s, v) => s + v, 0) / tr.n;
  const std = Math.sqrt(tr.targets.reduce((s, v) => s + (v - mean) ** 2, 0) / tr.n) || 1;
  const xAll = tf.tensor2d(tr.inputs, [tr.n, n]);
  const yAll = tf.tensor2d(standardise(tr, mean, std), [tr.n, 1]);
  const rng = new Rng(cfg.seed + 1);
  let trainLoss = NaN;
  for (let e = 0; e < epochs; e++) {
    const order = Array.from({ length: tr.n }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let sum = 0;
    let batches = 0;
    for (let s = 0; s < tr.n; s += batchSize) {
      const idx = tf.tensor1d(order.slice(s, s + batchSize), 'int32');
      const loss = optimizer.minimize(() => {
        const x = tf.gather(xAll, idx) as tf.Tensor2D;
        const y = tf.gather(yAll, idx);
        const R = model.permutations();
        let l = tf.losses.meanSquaredError(y, model.predict(x, R)) as tf.Scalar;
        if (normWeight > 0) l = tf.add(l, tf.mul(normWeight, normRegulariser(model.logits)));
        if (entropyWeight > 0) l = tf.add(l, tf.mul(entropyWeight, entropyRegulariser(R)));
        if (overlapWeight > 0) l = tf.add(l, tf.mul(overlapWeight, overlapRegulariser(R)));
        return l;
      }, true, model.trainable);
      idx.dispose();
      if (e === epochs - 1) sum += loss!.dataSync()[0]!;
      loss?.dispose();
      batches++;
    }
    if (e === epochs - 1) trainLoss = sum / batches;
  }
  xAll.dispose();
  yAll.dispose();
  optimizer.dispose();

  let testLoss: number | null = null;
  if (dataset.test) {
    const te = dataset.test;
    testLoss = tf.tidy(() => {
      const x = tf.tensor2d(te.inputs, [te.n, n]);
      const y = tf.tensor2d(standardise(te, mean, std), [te.n, 1]);
      return tf.losses.meanSquaredError(y, model.predict(x)).dataSync()[0]!;
    });
  }
  const softPermutations = model.permutationsArray();
  const group = discoverPermutationGroup(softPermutations, options.minConfidence);
  return { model, softPermutations, group, trainLoss, testLoss, epochs };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
