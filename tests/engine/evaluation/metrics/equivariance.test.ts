import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import type { TaskKind, TargetKind } from '../../../../src-main/data/dataset';
import { Rng } from '../../../../src-main/data/random';
import { selectBackend } from '../../../../src-main/engine/backend';
import type { Inputs } from '../../../../src-main/engine/layouts';
import { equivarianceErrors, type Predictor } from '../../../../src-main/engine/evaluation/metrics/equivariance';
import type { TermContext } from '../../../../src-main/engine/losses/objective';
import { describeBackends, SYNC_READS, J, mv, rot2, type Mat } from '../../helpers';

function context(task: TaskKind, targetKind: TargetKind = 'regression', outDim = 4, width = 4, numClasses = 0): TermContext {
  return {
    task,
    targetKind,
    numClasses,
    targetScale: tf.ones([outDim]) as tf.Tensor1D,
    featureScale: tf.ones([width]) as tf.Tensor1D,
  };
}

function disposeCtx(ctx: TermContext): void {
  tf.dispose([ctx.targetScale, ctx.featureScale]);
}

/** A sampler of one rotation angle per group element, U(-pi, pi), that records what it drew. */
function recordingSampler(): { sample: (count: number, rng: Rng) => tf.Tensor2D; drawn: number[] } {
  const drawn: number[] = [];
  return {
    drawn,
    sample: (count, rng) => {
      const t = Array.from({ length: count }, () => rng.uniform(-Math.PI, Math.PI));
      // What the engine sees is float32.
      drawn.push(...Float32Array.from(t));
      return tf.tensor2d(t, [count, 1]);
    },
  };
}

const vecOf = (x: Inputs): tf.Tensor2D => (x as { x: tf.Tensor2D }).x;

/** Per 2-block map W applied to every 2-vector of the row. */
function blockwise(W: Mat): Predictor {
  const w = tf.tensor2d(W);
  const fn = (x: Inputs): tf.Tensor2D => {
    const v = vecOf(x);
    const [m, width] = v.shape;
    return tf.reshape(tf.matMul(tf.reshape(v, [m * (width / 2), 2]), w, false, true), [m, width]) as tf.Tensor2D;
  };
  (fn as Predictor & { dispose?: () => void }).dispose = () => w.dispose();
  return fn;
}

function applyBlocks(A: Mat, row: number[]): number[] {
  const out: number[] = [];
  for (let b = 0; b < row.length; b += 2) out.push(...mv(A, row.slice(b, b + 2)));
  return out;
}

const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describeBackends('equivarianceErrors', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  const rows = (() => {
    const rng = new Rng(1);
    return Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.normal()));
  })();

  it('is ~0 for an exactly equivariant predictor (identity on an equivariant task)', () => {
    const ctx = context('equivariant');
    const x: Inputs = { kind: 'vector', x: tf.tensor2d(rows) };
    const gens = tf.tensor3d([J]);
    const { sample } = recordingSampler();
    const before = tf.memory().numTensors;
    const e = equivarianceErrors((xi) => vecOf(xi), x, gens, sample, 8, ctx, new Rng(2));
    expect(tf.memory().numTensors).toBe(before);
    expect(e.E).toBeLessThan(1e-5);
    expect(e.Eprime).toBeLessThan(1e-5);
    // Rotation-equivariant linear maps (a J + b I) as well.
    const p = blockwise([[0.5, -2], [2, 0.5]]);
    const e2 = equivarianceErrors(p, x, gens, sample, 8, ctx, new Rng(3));
    expect(e2.E).toBeLessThan(1e-5);
    expect(e2.Eprime).toBeLessThan(1e-5);
    (p as { dispose?: () => void }).dispose?.();
    tf.dispose([x.x as tf.Tensor, gens]);
    disposeCtx(ctx);
  });

  it('is ~0 for a rotation-invariant predictor on an invariant task (norms of the 2-vectors)', () => {
    const ctx = context('invariant', 'regression', 2);
    const x: Inputs = { kind: 'vector', x: tf.tensor2d(rows) };
    const gens = tf.tensor3d([J]);
    const predict: Predictor = (xi) => {
      const v = vecOf(xi);
      return tf.norm(tf.reshape(v, [v.shape[0], 2, 2]), 'euclidean', 2) as tf.Tensor2D;
    };
    const e = equivarianceErrors(predict, x, gens, recordingSampler().sample, 10, ctx, new Rng(4));
    expect(e.E).toBeLessThan(1e-5);
    expect(e.Eprime).toBeLessThan(1e-5);
    tf.dispose([x.x as tf.Tensor, gens]);
    disposeCtx(ctx);
  });

  it('equals the hand value for a linear map that does not commute with rotations', () => {
    const W: Mat = [
      [2, 0],
      [0, 1],
    ];
    const M = 6;
    const ctx = context('equivariant');
    const x: Inputs = { kind: 'vector', x: tf.tensor2d(rows) };
    const gens = tf.tensor3d([J]);
    const rec = recordingSampler();
    const p = blockwise(W);
    const e = equivarianceErrors(p, x, gens, rec.sample, M, ctx, new Rng(5));
    expect(rec.drawn).toHaveLength(rows.length * M);
    // E' = mean_x 1/M sum_m || W g x - g W x ||, E = mean_x || 1/M sum_m (g W x - W g x) ||.
    let wantE = 0;
    let wantE2 = 0;
    rows.forEach((row, i) => {
      const xr = Array.from(Float32Array.from(row));
      const wx = applyBlocks(W, xr);
      const meanDiff = new Array<number>(4).fill(0);
      for (let m = 0; m < M; m++) {
        const g = rot2(rec.drawn[i * M + m]!);
        const rhoPx = applyBlocks(g, wx);
        const pgx = applyBlocks(W, applyBlocks(g, xr));
        const diff = rhoPx.map((v, j) => v - pgx[j]!);
        wantE2 += norm(diff) / M;
        diff.forEach((v, j) => (meanDiff[j]! += v / M));
      }
      wantE += norm(meanDiff);
    });
    wantE /= rows.length;
    wantE2 /= rows.length;
    expect(e.Eprime).toBeGreaterThan(0.1);
    expect(e.Eprime).toBeCloseTo(wantE2, 4);
    expect(e.E).toBeCloseTo(wantE, 4);
    // Triangle inequality: E <= E'.
    expect(e.E).toBeLessThanOrEqual(e.Eprime + 1e-6);

    // Chunking does not change the result when the sampler draws in sequence.
    const chunked = equivarianceErrors(p, x, gens, recordingSampler().sample, M, ctx, new Rng(5), 2);
    expect(chunked.E).toBeCloseTo(e.E, 5);
    expect(chunked.Eprime).toBeCloseTo(e.Eprime, 5);
    (p as { dispose?: () => void }).dispose?.();
    tf.dispose([x.x as tf.Tensor, gens]);
    disposeCtx(ctx);
  });

  it('with M = 1, E = E\'', () => {
    const ctx = context('equivariant');
    const x: Inputs = { kind: 'vector', x: tf.tensor2d(rows) };
    const gens = tf.tensor3d([J]);
    const p = blockwise([[1, 0.5], [0, 1]]);
    const e = equivarianceErrors(p, x, gens, recordingSampler().sample, 1, ctx, new Rng(6));
    expect(e.E).toBeGreaterThan(0.01);
    expect(e.E).toBeCloseTo(e.Eprime, 5);
    (p as { dispose?: () => void }).dispose?.();
    tf.dispose([x.x as tf.Tensor, gens]);
    disposeCtx(ctx);
  });

  it('compares classifiers on probabilities', () => {
    // Logits w . x on 2-vectors (one block): not invariant under rotation.
    const w = [1.5, -0.5];
    const ctx = context('invariant', 'classification', 2, 2, 2);
    const xs = rows.map((r) => r.slice(0, 2));
    const x: Inputs = { kind: 'vector', x: tf.tensor2d(xs) };
    const gens = tf.tensor3d([J]);
    const wt = tf.tensor2d([w, [0, 0]]);
    const predict: Predictor = (xi) => tf.matMul(vecOf(xi), wt, false, true) as tf.Tensor2D;
    const rec = recordingSampler();
    const M = 4;
    const e = equivarianceErrors(predict, x, gens, rec.sample, M, ctx, new Rng(7));
    const probs = (v: number[]): number[] => {
      const z = w[0]! * v[0]! + w[1]! * v[1]!;
      const p1 = 1 / (1 + Math.exp(-z));
      return [p1, 1 - p1];
    };
    let want = 0;
    xs.forEach((row, i) => {
      const xr = Array.from(Float32Array.from(row));
      for (let m = 0; m < M; m++) {
        const pg = probs(mv(rot2(rec.drawn[i * M + m]!), xr));
        const p = probs(xr);
        want += norm([pg[0]! - p[0]!, pg[1]! - p[1]!]) / M;
      }
    });
    expect(e.Eprime).toBeCloseTo(want / xs.length, 4);
    // Probabilities: each per-sample difference is at most sqrt 2.
    expect(e.Eprime).toBeLessThanOrEqual(Math.SQRT2);
    // An invariant classifier (logits from |x|^2) scores 0.
    const inv: Predictor = (xi) => {
      const r2 = tf.sum(tf.square(vecOf(xi)), 1, true);
      return tf.concat([r2, tf.neg(r2)], 1) as tf.Tensor2D;
    };
    const e0 = equivarianceErrors(inv, x, gens, recordingSampler().sample, M, ctx, new Rng(8));
    expect(e0.E).toBeLessThan(1e-5);
    expect(e0.Eprime).toBeLessThan(1e-5);
    tf.dispose([x.x as tf.Tensor, gens, wt]);
    disposeCtx(ctx);
  });
}, { webgpuSkip: SYNC_READS });
