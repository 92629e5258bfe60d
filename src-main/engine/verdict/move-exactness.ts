/**
 * Exact versus approximate directions of a learned span without the data's gradients, from finite
 * group moves. For a direction u of the span (a generator) and held-out samples (x_i, y_i), the
 * change of the task loss under g = exp(t u), t drawn as training draws it,
 *   change(u) = mean_i mean_t l(f(g x_i), rho(g) y_i) / mean_i l(f(x_i), y_i) - 1,
 * is measured relative to the model's own held-out error. When g keeps the data's distribution and
 * the target, the loss at g x is the model's error at another sample of the same distribution, so
 * change(u) is 0 up to sampling noise however noisy (or non-invariant) the model is: the model's own
 * error level is the scale "exact" is judged on. A broken direction adds the target's change along
 * the orbit, so change(u) > 0. This is robust where a model's input gradients are not (a ReLU
 * network's are piecewise constant: the exact direction's gradient variation came out 0.26-0.31).
 *
 * The span's directions are found as the eigen-directions of the quadratic form change(u), fitted by
 * polarization over an orthonormal basis of the span; each eigen-direction is then measured again
 * with a bootstrap interval over samples (exactness.ts decides: exact when the interval's upper end
 * is at most the limit, approximate when its lower end is above 0, undecided otherwise).
 */
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Dataset, SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';
import { drawCoefficients, LieAugmenter, type CoefficientSpec } from '../augmenter';
import { act, repeatInputs } from '../layouts';
import { transformOutputs, type TermContext } from '../losses/objective';
import type { BaseModel } from '../models/model';
import { predictDirect } from '../evaluation/inference';
import { disposeInputs, toTensors } from '../samples';
import { bootstrapCost, type CostInterval } from './bootstrap';
import { perSampleLosses } from './held-out';

export interface MoveModel {
  model: BaseModel;
  ctx: TermContext;
  dataset: Dataset;
}

export interface MoveOptions {
  /** How t is drawn (the training's coefficient distribution). */
  coefficients: CoefficientSpec;
  /** Draws of t per sample. */
  draws: number;
  seed: number;
}

/** Per-sample task losses at the samples and, averaged over the draws of t, at the moved samples. */
export interface MoveLosses {
  direct: Float64Array;
  moved: Float64Array;
}

function frob(L: number[][]): number {
  return Math.sqrt(L.flat().reduce((s, v) => s + v * v, 0));
}

/** Squarings that make exp(t L) accurate for |t| <= tMax (as LieAugmenter.squaringBound). */
function squaringsFor(L: number[][], tMax: number): number {
  const bound = tMax * Math.sqrt(L.length) * frob(L);
  return bound <= 0.5 ? 0 : Math.min(24, Math.ceil(Math.log2(bound / 0.5)));
}

/**
 * Measures one generator at a time on one set of samples with fixed draws of t (common random
 * numbers: every direction sees the same samples and the same t, so their differences are not noise
 * of the draws). Dispose when done.
 */
export class MoveProbe {
  readonly n: number;
  readonly direct: Float64Array;
  private readonly inputs;
  private readonly targets: tf.Tensor2D;
  private readonly t: tf.Tensor2D;
  private readonly tMax: number;
  private readonly scale: Float32Array;

  constructor(
    private readonly m: MoveModel,
    private readonly set: SampleSet,
    private readonly options: MoveOptions,
  ) {
    const tensors = toTensors(m.dataset, set);
    this.n = set.n;
    this.inputs = tensors.inputs;
    this.targets = tensors.targets;
    this.scale = m.ctx.targetScale.dataSync() as Float32Array;
    this.t = drawCoefficients(options.coefficients, set.n * options.draws, 1, new Rng(options.seed));
    this.tMax = Math.max(...Array.from(this.t.dataSync(), Math.abs), 1e-6);
    const fx = predictDirect(m.model, this.inputs, m.ctx);
    this.direct = perSampleLosses(m.dataset.targetKind, fx.dataSync() as Float32Array, set.targets, set.n, this.scale);
    fx.dispose();
  }

  /** Per-sample loss at exp(t L) x_i against rho(g) y_i, averaged over the draws. */
  moved(L: number[][]): Float64Array {
    const D = this.options.draws;
    const n = this.n;
    const { model, ctx, dataset } = this.m;
    const [pred, rhoY] = tf.tidy(() => {
      const g = LieAugmenter.groupElements(this.t, tf.tensor3d([L]), squaringsFor(L, this.tMax));
      const x = act(g, repeatInputs(this.inputs, D));
      const y = tf.reshape(tf.tile(tf.expandDims(this.targets, 1), [1, D, 1]), [n * D, -1]) as tf.Tensor2D;
      return [predictDirect(model, x, ctx), transformOutputs(ctx, g, y)];
    });
    const rows = perSampleLosses(dataset.targetKind, pred.dataSync() as Float32Array, rhoY.dataSync() as Float32Array, n * D, this.scale);
    pred.dispose();
    rhoY.dispose();
    const out = new Float64Array(n);
    // repeatInputs puts the D copies of sample i next to each other.
    for (let i = 0; i < n; i++) for (let c = 0; c < D; c++) out[i]! += rows[i * D + c]! / D;
    return out;
  }

  /** change(L) = mean moved / mean direct - 1. */
  change(L: number[][]): number {
    const moved = this.moved(L);
    let a = 0;
    let d = 0;
    for (let i = 0; i < this.n; i++) {
      a += moved[i]!;
      d += this.direct[i]!;
    }
    return a / Math.max(d, 1e-12) - 1;
  }

  /** change(L) with its percentile bootstrap interval over samples. */
  interval(L: number[][], seed: number, level = 0.9): CostInterval {
    return bootstrapCost(this.moved(L), this.direct, seed, level);
  }

  dispose(): void {
    disposeInputs(this.inputs);
    this.targets.dispose();
    this.t.dispose();
  }
}

/**
 * An orthonormal basis of span(basis) in the Frobenius metric: [r][k] coefficient rows (direction c
 * is sum_m W[c][m] basis[m]); directions of negligible size are left out (rank-deficient bases).
 */
export function orthonormalSpan(basis: number[][][]): number[][] {
  const flat = basis.map((L) => L.flat());
  const k = basis.length;
  const G = new Matrix(flat.map((a) => flat.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0))));
  const eg = new EigenvalueDecomposition(G, { assumeSymmetric: true });
  const top = Math.max(...eg.realEigenvalues);
  const out: number[][] = [];
  eg.realEigenvalues.forEach((v, i) => {
    if (!(v > 1e-9 * top)) return;
    out.push(Array.from({ length: k }, (_, m) => eg.eigenvectorMatrix.get(m, i) / Math.sqrt(v)));
  });
  return out;
}

/** sum_m c[m] basis[m], rescaled to Frobenius norm `norm`. */
export function combine(basis: number[][][], c: number[], norm: number): number[][] {
  const L = basis[0]!.map((row, i) => row.map((_, j) => basis.reduce((s, B, m) => s + c[m]! * B[i]![j]!, 0)));
  const n = frob(L);
  return L.map((row) => row.map((v) => (n > 0 ? (v * norm) / n : 0)));
}

export interface MoveDirection {
  /** Coefficients of the direction in the given basis (unit Frobenius norm of the combination before rescaling). */
  coefficients: number[];
  generator: number[][];
  /** change(u) with its bootstrap interval: held-out loss change under the moves, relative to the model's error. */
  interval: CostInterval;
}

/**
 * Eigen-directions of the fitted quadratic form change(u) over span(basis), each measured again with
 * an interval, least change first. Every direction has the basis' mean Frobenius norm, so its moves
 * are as large as training's.
 */
export function moveDirections(probe: MoveProbe, basis: number[][][], seed: number): MoveDirection[] {
  const norm = basis.reduce((s, L) => s + frob(L), 0) / basis.length;
  const W = orthonormalSpan(basis);
  const r = W.length;
  const along = (a: number[]): number[] => basis.map((_, m) => W.reduce((s, w, c) => s + a[c]! * w[m]!, 0));
  const change = (a: number[]): number => probe.change(combine(basis, along(a), norm));
  const unit = (c: number): number[] => Array.from({ length: r }, (_, j) => (j === c ? 1 : 0));
  // Polarization: with u+- = (e_j +- e_k) / sqrt(2), Q_jk = (change(u+) - change(u-)) / 2.
  const Q = new Matrix(r, r);
  for (let j = 0; j < r; j++) Q.set(j, j, change(unit(j)));
  for (let j = 0; j < r; j++) {
    for (let k = j + 1; k < r; k++) {
      const plus = unit(j).map((v, i) => (v + unit(k)[i]!) / Math.SQRT2);
      const minus = unit(j).map((v, i) => (v - unit(k)[i]!) / Math.SQRT2);
      const q = (change(plus) - change(minus)) / 2;
      Q.set(j, k, q);
      Q.set(k, j, q);
    }
  }
  const eq = new EigenvalueDecomposition(Q, { assumeSymmetric: true });
  const out = Array.from({ length: r }, (_, c) => {
    const coefficients = along(eq.eigenvectorMatrix.getColumn(c));
    const generator = combine(basis, coefficients, norm);
    return { coefficients, generator, interval: probe.interval(generator, seed + c) };
  });
  return out.sort((a, b) => a.interval.estimate - b.interval.estimate);
}
