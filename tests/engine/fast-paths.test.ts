/**
 * The fused training paths (engine/fast-paths.ts) compute what the plain ones compute, on every
 * backend: the matrix exponential by Paterson-Stockmeyer with its hand-written squaring gradient,
 * the one-generator exponential from the powers of L, and the step that predicts f(x) and f(g x)
 * in one pass. Values and gradients against the plain path and against finite differences of a
 * Float64 exponential; one training step's losses with the fused paths forced on and off.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { Rng } from '../../src-main/data/random';
import { resolveConfig, type TrainConfig } from '../../src-main/engine/config';
import { forceFastPaths } from '../../src-main/engine/fast-paths';
import { combinationPlan, expmFused, expmOfCombination, expmPlain } from '../../src-main/engine/lie/expm';
import { matrixExp } from '../../src-main/engine/lie/linalg';
import { LOSS_TERMS, Trainer, type EpochEvent } from '../../src-main/engine/training/trainer';
import { describeBackends, randomMatrix, relErr, takeAsync, useBackend, type Mat } from './helpers';

afterAll(() => forceFastPaths(null));

/** ||A||_1 / 2^j <= 0.5, computed here in Float64. */
function squaringsOf(mats: Mat[]): number {
  const n = Math.max(...mats.map((a) => Math.max(...a[0]!.map((_, j) => a.reduce((s, row) => s + Math.abs(row[j]!), 0)))));
  return n <= 0.5 ? 0 : Math.ceil(Math.log2(n / 0.5));
}

/** d/dL sum(W o exp(t_b L)) by central differences of the Float64 exponential. */
function fdGradient(l: Mat, ts: number[], weights: Mat[]): Mat {
  const f = (m: Mat): number =>
    ts.reduce((s, t, b) => s + matrixExp(m.map((r) => r.map((v) => t * v))).flat().reduce((acc, v, i) => acc + v * weights[b]!.flat()[i]!, 0), 0);
  const h = 1e-5;
  return l.map((row, i) =>
    row.map((_, j) => {
      const p = l.map((r) => r.slice());
      const q = l.map((r) => r.slice());
      p[i]![j]! += h;
      q[i]![j]! -= h;
      return (f(p) - f(q)) / (2 * h);
    }),
  );
}

describeBackends('fused matrix exponential', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('gives the plain Horner exponential and its gradient, for norms needing 0 to 6 squarings', async () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed);
      for (const s of [0.02, 0.3, 1, 4]) {
        const mats = [0, 1, 2, 3].map(() => randomMatrix(rng, 6, 6, s));
        const weights = mats.map(() => randomMatrix(rng, 6, 6, 1));
        const j = squaringsOf(mats);
        const a = tf.tensor3d(mats);
        const w = tf.tensor3d(weights);
        const fused = await takeAsync<Mat[]>(expmFused(a, j));
        const plain = await takeAsync<Mat[]>(expmPlain(a, j));
        fused.forEach((g, i) => {
          expect(relErr(g, plain[i]!), `seed ${seed} scale ${s} value ${i}`).toBeLessThanOrEqual(1e-5);
          expect(relErr(g, matrixExp(mats[i]!)), `seed ${seed} scale ${s} against Float64`).toBeLessThanOrEqual(1e-5);
        });
        const gradOf = (f: typeof expmPlain) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, f(x as tf.Tensor3D, j))))(a);
        const gf = await takeAsync<Mat[]>(gradOf(expmFused));
        const gp = await takeAsync<Mat[]>(gradOf(expmPlain));
        gf.forEach((g, i) => expect(relErr(g, gp[i]!), `seed ${seed} scale ${s} gradient ${i}`).toBeLessThanOrEqual(1e-5));
        tf.dispose([a, w]);
      }
    }
  });

  it('takes exp(t L) for one generator from the powers of L: values and gradients in L and t', async () => {
    for (const seed of [4, 5, 6]) {
      const rng = new Rng(seed);
      const l = randomMatrix(rng, 8, 8, 0.4);
      const ts = [0, 0.3, -1, 0.9, -0.05, 1];
      const weights = ts.map(() => randomMatrix(rng, 8, 8, 1));
      const j = squaringsOf([l]);
      const lt = tf.tensor3d([l]);
      const tt = tf.tensor2d(ts, [ts.length, 1]);
      const w = tf.tensor3d(weights);
      const viaPlain = (tv: tf.Tensor2D, lv: tf.Tensor3D): tf.Tensor3D => expmPlain(tf.reshape(tf.matMul(tv, tf.reshape(lv, [1, 64])), [ts.length, 8, 8]) as tf.Tensor3D, j);
      forceFastPaths(true);
      const got = await takeAsync<Mat[]>(expmOfCombination(tt, lt, j));
      const want = await takeAsync<Mat[]>(viaPlain(tt, lt));
      got.forEach((g, b) => {
        expect(relErr(g, want[b]!), `seed ${seed} t = ${ts[b]}`).toBeLessThanOrEqual(2e-6);
        expect(relErr(g, matrixExp(l.map((r) => r.map((v) => ts[b]! * v)))), `seed ${seed} t = ${ts[b]} against Float64`).toBeLessThanOrEqual(1e-5);
      });
      const loss = (f: (tv: tf.Tensor2D, lv: tf.Tensor3D) => tf.Tensor3D) => (tv: tf.Tensor, lv: tf.Tensor) => tf.sum(tf.mul(w, f(tv as tf.Tensor2D, lv as tf.Tensor3D)));
      const [gtF, glF] = tf.grads(loss((tv, lv) => expmOfCombination(tv, lv, j)))([tt, lt]);
      const [gtP, glP] = tf.grads(loss(viaPlain))([tt, lt]);
      forceFastPaths(null);
      const glFused = (await takeAsync<Mat[]>(glF!))[0]!;
      expect(relErr(glFused, (await takeAsync<Mat[]>(glP!))[0]!), `seed ${seed} dL`).toBeLessThanOrEqual(1e-5);
      expect(relErr(glFused, fdGradient(l, ts, weights)), `seed ${seed} dL against finite differences`).toBeLessThanOrEqual(1e-3);
      // t carries Augerino's widths: its gradient too.
      expect(relErr(await takeAsync<Mat>(gtF!), await takeAsync<Mat>(gtP!)), `seed ${seed} dt`).toBeLessThanOrEqual(1e-5);
      tf.dispose([lt, tt, w]);
    }
  });

  it('sizes one generator\'s exponential from the batch: the drawn t as data, norms from 0.1 to 6', async () => {
    // ||t L||_1 from about 0.1 (order 8, no squaring) through 1 and 2 (orders 12 and 16) to 6
    // (order 16 and two squarings): values against Float64, dL against the plain path.
    for (const [seed, scale] of [[11, 0.01], [12, 0.12], [13, 0.25], [14, 0.7]] as const) {
      const rng = new Rng(seed);
      const l = randomMatrix(rng, 8, 8, scale);
      const ts = [0.2, -1, 0.7, 1, -0.4];
      const weights = ts.map(() => randomMatrix(rng, 8, 8, 1));
      const j = squaringsOf([l]);
      const lt = tf.tensor3d([l]);
      const tt = tf.tensor2d(ts, [ts.length, 1]);
      const w = tf.tensor3d(weights);
      const viaPlain = (lv: tf.Tensor3D): tf.Tensor3D => expmPlain(tf.reshape(tf.matMul(tt, tf.reshape(lv, [1, 64])), [ts.length, 8, 8]) as tf.Tensor3D, j);
      forceFastPaths(true);
      const got = await takeAsync<Mat[]>(expmOfCombination(tt, lt, j, true));
      got.forEach((g, b) => expect(relErr(g, matrixExp(l.map((r) => r.map((v) => ts[b]! * v)))), `seed ${seed} t = ${ts[b]} against Float64`).toBeLessThanOrEqual(1e-5));
      const loss = (f: (lv: tf.Tensor3D) => tf.Tensor3D) => (lv: tf.Tensor) => tf.sum(tf.mul(w, f(lv as tf.Tensor3D)));
      const glF = tf.grad(loss((lv) => expmOfCombination(tt, lv, j, true)))(lt);
      forceFastPaths(false);
      const glP = tf.grad(loss(viaPlain))(lt);
      forceFastPaths(null);
      expect(relErr((await takeAsync<Mat[]>(glF))[0]!, (await takeAsync<Mat[]>(glP))[0]!), `seed ${seed} dL`).toBeLessThanOrEqual(1e-5);
      tf.dispose([lt, tt, w, glF, glP]);
    }
  });

  it('plans the fewest squarings, then the lowest order that reaches the scaled norm', () => {
    expect(combinationPlan(0)).toEqual({ order: 8, squarings: 0 });
    expect(combinationPlan(0.5)).toEqual({ order: 8, squarings: 0 });
    expect(combinationPlan(1)).toEqual({ order: 12, squarings: 0 });
    expect(combinationPlan(2)).toEqual({ order: 16, squarings: 0 });
    // sqrt(8): the constant initial basis of an 8-dimensional layout at |t| = 1.
    expect(combinationPlan(Math.sqrt(8))).toEqual({ order: 16, squarings: 1 });
    expect(combinationPlan(4)).toEqual({ order: 16, squarings: 1 });
    // Two squarings either way: order 12 reaches 5 / 4.
    expect(combinationPlan(5)).toEqual({ order: 12, squarings: 2 });
    expect(() => combinationPlan(Number.NaN)).toThrow(/non-finite/);
  });

  it('combines several generators as the plain path does (k = 2)', async () => {
    const rng = new Rng(9);
    const gens = [randomMatrix(rng, 4, 4, 0.7), randomMatrix(rng, 4, 4, 0.7)];
    const ts = [[0.5, -0.2], [-1, 1], [0, 0.3]];
    const g = tf.tensor3d(gens);
    const t = tf.tensor2d(ts);
    const j = squaringsOf(ts.map((c) => gens[0]!.map((r, a) => r.map((v, b) => c[0]! * v + c[1]! * gens[1]![a]![b]!))));
    forceFastPaths(true);
    const fused = await takeAsync<Mat[]>(expmOfCombination(t, g, j));
    forceFastPaths(false);
    const plain = await takeAsync<Mat[]>(expmOfCombination(t, g, j));
    forceFastPaths(null);
    fused.forEach((m, i) => expect(relErr(m, plain[i]!), `matrix ${i}`).toBeLessThanOrEqual(2e-6));
    tf.dispose([g, t]);
  });
});

// 36 training samples in one batch: each epoch is exactly one step.
const dataset = loadBuiltin('builtin:nbody2?trajectories=2');

function cfg(preset: 'default' | 'paper', seed: number): TrainConfig {
  return resolveConfig({ preset, epochs: 2, batchSize: 64, nAug: 3, model: { kind: 'mlp', hidden: [32, 32] }, manifold: { anchors: 32 }, seed } as Partial<TrainConfig>);
}

async function twoSteps(preset: 'default' | 'paper', seed: number, fused: boolean): Promise<EpochEvent[]> {
  forceFastPaths(fused);
  const trainer = new Trainer(dataset, cfg(preset, seed));
  try {
    return await trainer.train();
  } finally {
    trainer.dispose();
    forceFastPaths(null);
  }
}

function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);
}

describeBackends('the fused training step against the plain one', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  for (const preset of ['paper', 'default'] as const) {
    it(`gives the plain step's loss terms and basis, before and after one update (${preset} recipe)`, async () => {
      // Two seeds; one on webgpu, where a software adapter takes a minute per pair of runs.
      for (const seed of backend === 'webgpu' ? [0] : [0, 7]) {
        const plain = await twoSteps(preset, seed, false);
        const fused = await twoSteps(preset, seed, true);
        for (const epoch of [0, 1]) {
          for (const name of LOSS_TERMS) {
            const [f, p] = [fused[epoch]!.losses[name], plain[epoch]!.losses[name]];
            expect(relDiff(f, p), `seed ${seed} step ${epoch + 1} ${name}: ${f} vs ${p}`).toBeLessThanOrEqual(epoch === 0 ? 1e-5 : 1e-4);
          }
          expect(relDiff(fused[epoch]!.valLoss!, plain[epoch]!.valLoss!), `seed ${seed} step ${epoch + 1} validation`).toBeLessThanOrEqual(1e-4);
        }
        const flat = (h: EpochEvent[]): number[] => h[1]!.basis.flat(2);
        const diff = Math.max(...flat(fused).map((v, i) => Math.abs(v - flat(plain)[i]!)));
        expect(diff, `seed ${seed} basis after two steps`).toBeLessThanOrEqual(1e-5);
      }
    }, 600_000);
  }
});
