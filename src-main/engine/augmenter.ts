/**
 * LieAugmenter (SPEC section 1): a learnable Lie algebra basis [k, d, d], normalised every step,
 * and group elements g = expm(sum_i t_i L_i) for sampled coefficients t.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../data/random';
import { expmOfCombination } from './lie/expm';
import { buildMask, type MaskSpec } from './lie/masks';
import { variableFrom } from './ops';

export interface CoefficientSpec {
  /** `uniform`: t ~ U(low, high); `normal`: t ~ N(0, high^2). */
  distribution: 'uniform' | 'normal';
  low: number;
  high: number;
}

/** Coefficients t [m, k] from a distribution, drawn with the engine's seeded RNG. */
export function drawCoefficients(c: CoefficientSpec, m: number, k: number, rng: Rng, rangeFactor = 1): tf.Tensor2D {
  const t = new Float32Array(m * k);
  for (let i = 0; i < t.length; i++) {
    t[i] = rangeFactor * (c.distribution === 'normal' ? c.high * rng.normal() : rng.uniform(c.low, c.high));
  }
  return tf.tensor2d(t, [m, k]);
}

/** The half-width of the coefficient range (the std of the normal one): what a range factor scales. */
export function coefficientHalfWidth(c: CoefficientSpec): number {
  return c.distribution === 'normal' ? c.high : Math.max(Math.abs(c.low), Math.abs(c.high));
}

/**
 * Squarings that suffice for exp(sum t_i L_i) with t drawn from `c`, given the sum of the
 * generators' Frobenius norms: ||sum t_i L_i||_1 <= max|t| * sqrt(d) * sum_i ||L_i||_F.
 */
export function squaringsFor(c: CoefficientSpec, d: number, frobeniusSum: number, rangeFactor = 1): number {
  const tMax = rangeFactor * (c.distribution === 'normal' ? 5 * c.high : Math.max(Math.abs(c.low), Math.abs(c.high)));
  const bound = tMax * Math.sqrt(d) * frobeniusSum;
  return bound <= 0.5 ? 0 : Math.min(24, Math.ceil(Math.log2(bound / 0.5)));
}

export interface AugmenterConfig {
  k: number;
  d: number;
  mask: MaskSpec;
  /** points:4: last row of every generator masked to 0 (affine action). */
  homogeneous: boolean;
  /** Frobenius normalisation per generator (SPEC default) or jointly over all k. */
  normalization: 'per-generator' | 'joint';
  /** Target Frobenius norm per generator; default sqrt(d). */
  scale: number;
  /** `constant`: every entry initValue (SPEC); `random`: N(0, initValue^2) entries, seeded. */
  init: 'constant' | 'random';
  initValue: number;
  coefficients: CoefficientSpec;
}

const EPS = 1e-6;
/** tf variable names must be unique per process. */
let augmenterCounter = 0;

/** vec(kron(I_{d/2}, A)) = E vec(A): the constant expansion E [d*d, 4] for the `tied2` tying. */
function tiedExpansion(d: number): tf.Tensor2D {
  const e = new Float32Array(d * d * 4);
  for (let b = 0; b < d / 2; b++) {
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) e[((2 * b + r) * d + (2 * b + c)) * 4 + r * 2 + c] = 1;
    }
  }
  return tf.tensor2d(e, [d * d, 4]);
}

export class LieAugmenter {
  readonly config: AugmenterConfig;
  /** Raw parameters: [k, d, d], or [k, 2, 2] for `tied2`. */
  readonly raw: tf.Variable;
  private readonly maskTensor: tf.Tensor2D;
  private readonly expansion: tf.Tensor2D | null;

  constructor(config: AugmenterConfig, rng: Rng, trainable = true) {
    this.config = config;
    const { k, d } = config;
    const tied = config.mask.name === 'tied2';
    const side = tied ? 2 : d;
    const values = new Float32Array(k * side * side);
    for (let i = 0; i < values.length; i++) values[i] = config.init === 'constant' ? config.initValue : config.initValue * rng.normal();
    this.raw = variableFrom(values, [k, side, side], trainable, `augmenter/basis#${++augmenterCounter}`);
    this.maskTensor = tf.tensor2d(buildMask(config.mask, d, config.homogeneous));
    this.expansion = tied ? tiedExpansion(d) : null;
  }

  /** Mask (and tying) applied to the raw parameters: [k, d, d], before normalisation. */
  masked(): tf.Tensor3D {
    return tf.tidy(() => {
      const { k, d } = this.config;
      if (this.expansion) {
        const vecA = tf.reshape(this.raw, [k, 4]) as tf.Tensor2D;
        const full = tf.reshape(tf.matMul(vecA, this.expansion, false, true), [k, d, d]);
        return tf.mul(full, this.maskTensor) as tf.Tensor3D;
      }
      return tf.mul(this.raw, this.maskTensor) as tf.Tensor3D;
    });
  }

  /** Normalised generators L [k, d, d]: s * (M o B_i) / (||M o B_i||_F + eps). */
  generators(): tf.Tensor3D {
    return tf.tidy(() => {
      const m = this.masked();
      const { k, scale, normalization } = this.config;
      if (normalization === 'joint') {
        const norm = tf.sqrt(tf.sum(tf.square(m)));
        return tf.mul(m, tf.div(scale * Math.sqrt(k), tf.add(norm, EPS))) as tf.Tensor3D;
      }
      const norms = tf.sqrt(tf.sum(tf.square(m), [1, 2], true));
      return tf.mul(m, tf.div(scale, tf.add(norms, EPS))) as tf.Tensor3D;
    });
  }

  /**
   * Coefficients [m, k] drawn from the configured distribution; `rangeFactor` shrinks the range
   * during warm-up.
   */
  sampleCoefficients(m: number, rng: Rng, rangeFactor = 1): tf.Tensor2D {
    return drawCoefficients(this.config.coefficients, m, this.config.k, rng, rangeFactor);
  }

  /** sum_i t_i L_i for t [m, k] and L [k, d, d] -> [m, d, d]. */
  static algebraElements(t: tf.Tensor2D, generators: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [k, d] = [generators.shape[0], generators.shape[1]];
      const flat = tf.reshape(generators, [k, d * d]) as tf.Tensor2D;
      return tf.reshape(tf.matMul(t, flat), [t.shape[0], d, d]) as tf.Tensor3D;
    });
  }

  /**
   * g = expm(sum_i t_i L_i): [m, d, d]. Use -t for g^{-1}. `constantT`: t was drawn, not computed
   * from trained parameters (all but Augerino's widths), so no gradient flows to it.
   */
  static groupElements(t: tf.Tensor2D, generators: tf.Tensor3D, squarings?: number, constantT = false): tf.Tensor3D {
    return expmOfCombination(t, generators, squarings, constantT);
  }

  /**
   * Squarings that suffice for every group element this augmenter can draw, known without reading
   * the basis back from the device: ||sum t_i L_i||_1 <= max|t| * sqrt(d) * sum_i ||L_i||_F.
   */
  squaringBound(rangeFactor = 1): number {
    const { k, d, coefficients: c, normalization } = this.config;
    const scale = this.config.scale;
    return squaringsFor(c, d, normalization === 'joint' ? k * scale * Math.sqrt(k) : k * scale, rangeFactor);
  }

  /** The current normalised basis as plain arrays [k][d][d]. */
  basisArray(): number[][][] {
    const g = this.generators();
    const out = g.arraySync() as number[][][];
    g.dispose();
    return out;
  }

  /** basisArray, read asynchronously (the only way the webgpu backend can read in Node). */
  async readBasis(): Promise<number[][][]> {
    const g = this.generators();
    const out = (await g.array()) as number[][][];
    g.dispose();
    return out;
  }

  dispose(): void {
    this.raw.dispose();
    this.maskTensor.dispose();
    this.expansion?.dispose();
  }
}
