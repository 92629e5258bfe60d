/**
 * What the "symmetry found?" verdict is decided on, measured on held-out samples the model never
 * trained on, in standardized target units (the units of the task loss):
 *   directError      mean ((f(x) - y) / s)^2
 *   averagedError    the same for the symmetrized predictor (1/n) sum_j rho(g_j)^{-1} f(g_j x),
 *                    i.e. the task loss when the learned symmetry is enforced at inference
 *   residual         mean ((f(g x) - rho(g) f(x)) / s)^2, g from the learned generators
 *   orbitContrast    mean ((y' - rho(g) y) / s)^2 / mean ((y'' - y) / s)^2, where y' is the label
 *                    of the held-out sample nearest to g x and y'' that of the sample nearest to x
 *                    (both searched in the training set): how much the DATA change along the
 *                    learned orbits, relative to how much they change between neighbours. About 1
 *                    for a symmetry of the data; well above 1 when g moves samples to places
 *                    whose labels differ. It needs no model, so an augmentation-trained model
 *                    cannot hide a broken symmetry by being invariant to it. orbitSupport: the
 *                    fraction of orbit points that land where training data are.
 *   orbitVariation   what the verdict decides on (orbit.ts): on the orbit points within the
 *                    data's support only, label change along the orbits relative to arbitrary moves
 *                    of the same size (0 = constant, 1 = like any move), orbitVariationPoints of them.
 *                    orbitContrast counts every orbit point, so orbits that leave the data (out-of-
 *                    distribution training sets) raise it even for a true symmetry: it is kept for
 *                    comparison and no longer decides.
 */
import * as tf from '@tensorflow/tfjs';
import type { SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';
import { coefficientHalfWidth, drawCoefficients, LieAugmenter } from '../augmenter';
import { predictAveraging, predictDirect } from '../evaluation/inference';
import { act, repeatInputs } from '../layouts';
import { transformOutputs } from '../losses/objective';
import { disposeInputs, subset, toTensors } from '../samples';
import { orbitVariation as measureOrbitVariation } from './orbit';
import type { TrainedModel } from '../training/trained-model';
import { bootstrapCost, type CostInterval } from './bootstrap';
import { gradientTest, type GradientTest } from './gradient-test';
import { accuracyOf, heldOutR2, majorityRate, perSampleLosses, type ModelFit } from './held-out';
import { relativeMotion } from './motion';

export interface VerdictEvidence {
  samples: number;
  directError: number;
  averagedError: number | null;
  residual: number | null;
  orbitContrast: number | null;
  /** Fraction of orbit points that land within the support of the training data (only those count). */
  orbitSupport: number | null;
  /**
   * Label change along the orbits relative to arbitrary moves of the same size, on orbit points
   * within the data's support (orbit.ts): 0 = constant along orbits, 1 = like any move.
   * Null for point clouds, and when too few orbit points land in support to decide.
   */
  orbitVariation: number | null;
  /** Orbit points the variation was measured on (null for point clouds). */
  orbitVariationPoints: number | null;
  /** How well the model fits the held-out samples (R^2, or accuracy beside chance and training). */
  fit?: ModelFit;
  /** Bootstrap interval of averagedError / directError - 1 over the held-out samples. */
  costInterval?: CostInterval | null;
  /**
   * Images: the same cost with coefficients within manifold.range (a turn of that many radians),
   * when that is narrower than the searched range. Images seen within a range of angles (digits
   * within +-45 degrees) need not be invariant to full turns (a 6 turned half a turn is a 9): a
   * failed full-range cost then says nothing against a symmetry over a narrower range.
   */
  narrowCost?: { range: number; interval: CostInterval } | null;
  /** Per generator, how far it moves the held-out data (0 = not at all; verdict/motion.ts). */
  motion?: number[] | null;
  /** Data test from the target's gradients (forces), when the data carry them. */
  gradientTest?: GradientTest | null;
  /** Which held-out samples the evidence was measured on, in words (e.g. the validation split). */
  heldOut?: string;
  /** Images: no data test applies, and the cost alone does not say "not found" (decide.ts). */
  images?: boolean;
}


/** Index of the nearest row of `ref` [nRef, F] to `q` (standardized by `scale`), and its squared distance. */
function nearest(ref: Float32Array, nRef: number, q: ArrayLike<number>, scale: Float32Array): { index: number; dist2: number } {
  const F = scale.length;
  let best = 0;
  let bestD = Infinity;
  for (let r = 0; r < nRef; r++) {
    let dist = 0;
    for (let j = 0; j < F && dist < bestD; j++) {
      const v = (ref[r * F + j]! - q[j]!) / scale[j]!;
      dist += v * v;
    }
    if (dist < bestD) {
      bestD = dist;
      best = r;
    }
  }
  return { index: best, dist2: bestD };
}

/** Group elements drawn per held-out sample. */
export const VERDICT_DRAWS = 4;

/** Reads a tensor's values and disposes of it. */
function take(t: tf.Tensor): Float32Array {
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

/** Held-out fit of the trained model; classification compares with chance and a training subsample. */
function modelFit(trained: TrainedModel, pool: SampleSet, set: SampleSet, direct: Float32Array, losses: Float64Array, scale: Float32Array): ModelFit {
  const { dataset: ds, model, ctx } = trained;
  if (ds.targetKind !== 'classification') return { kind: 'r2', value: heldOutR2(losses, set.targets, set.n, scale) };
  const some = subset(ds, pool, Array.from({ length: Math.min(pool.n, 1000) }, (_, i) => i));
  const tensors = toTensors(ds, some);
  const train = accuracyOf(take(predictDirect(model, tensors.inputs, ctx)), some.targets, some.n);
  disposeInputs(tensors.inputs);
  tensors.targets.dispose();
  return { kind: 'accuracy', value: accuracyOf(direct, set.targets, set.n), chance: majorityRate(pool.targets), train };
}

/**
 * Evidence on `held` (held-out samples of the training distribution), at most `points` of them
 * (seeded subsample); g drawn with the configured coefficient range, `draws` per sample.
 */
export function verdictEvidence(trained: TrainedModel, held: SampleSet, points = 400, draws = VERDICT_DRAWS): VerdictEvidence {
  const { dataset: ds, config, model, ctx } = trained;
  const rng = new Rng(config.seed + 211);
  const idx = held.n > points ? rng.shuffle(Array.from({ length: held.n }, (_, i) => i)).slice(0, points) : Array.from({ length: held.n }, (_, i) => i);
  const set = subset(ds, held, idx);
  const tensors = toTensors(ds, set);
  const m = set.n;
  const sq = (a: tf.Tensor2D, b: tf.Tensor2D): number => {
    const v = tf.tidy(() => tf.mean(tf.square(tf.div(tf.sub(a, b), ctx.targetScale))));
    const out = v.dataSync()[0]!;
    v.dispose();
    return out;
  };
  const fx = predictDirect(model, tensors.inputs, ctx);
  const scale = ctx.targetScale.dataSync() as Float32Array;
  const directRows = fx.dataSync() as Float32Array;
  const directLosses = perSampleLosses(ds.targetKind, directRows, set.targets, m, scale);
  const mean = (v: Float64Array): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const directError = mean(directLosses);
  // Neighbours and chance levels come from the samples the model trained on (never the held-out ones).
  const pool = subset(ds, ds.train, trained.trainIndex);
  const fit = modelFit(trained, pool, set, directRows, directLosses, scale);
  let costInterval: CostInterval | null = null;
  let narrowCost: VerdictEvidence['narrowCost'] = null;
  let motion: number[] | null = null;
  let gradients: GradientTest | null = null;
  let averagedError: number | null = null;
  let residual: number | null = null;
  let orbitContrast: number | null = null;
  let orbitSupport: number | null = null;
  let orbitVariation: number | null = null;
  let orbitVariationPoints: number | null = null;
  const gens = trained.generators();
  if (gens) {
    const avg = predictAveraging(model, { generators: gens, sample: (c, r) => trained.sampleCoefficients(c, r), squarings: trained.squaringBound() }, tensors.inputs, config.inferenceSamples ?? config.nAug, ctx, rng);
    const averagedLosses = perSampleLosses(ds.targetKind, take(avg), set.targets, m, scale);
    averagedError = mean(averagedLosses);
    costInterval = bootstrapCost(averagedLosses, directLosses, config.seed + 223);
    const narrowFactor = config.manifold.range / coefficientHalfWidth(config.coefficients);
    // Augerino draws within its learned widths, not the configured range.
    if (ds.layout.kind === 'image' && config.method !== 'augerino' && narrowFactor < 1) {
      const k = gens.shape[0];
      const sample = (c: number, r: Rng) => drawCoefficients(config.coefficients, c, k, r, narrowFactor);
      const narrow = predictAveraging(model, { generators: gens, sample, squarings: trained.squaringBound() }, tensors.inputs, config.inferenceSamples ?? config.nAug, ctx, rng);
      const narrowLosses = perSampleLosses(ds.targetKind, take(narrow), set.targets, m, scale);
      narrowCost = { range: config.manifold.range, interval: bootstrapCost(narrowLosses, directLosses, config.seed + 229) };
    }
    const basis = gens.arraySync() as number[][][];
    motion = relativeMotion(basis, ds.layout, set);
    gradients = gradientTest(basis, ds.layout, set, config.seed + 227);
    // As training draws them at full range (augerino: within the learned widths).
    const t = trained.sampleCoefficients(m * draws, rng);
    const g = LieAugmenter.groupElements(t, gens, trained.squaringBound());
    const rep = (v: tf.Tensor2D): tf.Tensor2D => tf.reshape(tf.tile(tf.expandDims(v, 1), [1, draws, 1]), [m * draws, -1]) as tf.Tensor2D;
    const moved = act(g, repeatInputs(tensors.inputs, draws));
    const fgx = model.predict(moved);
    const rhoFx = tf.tidy(() => transformOutputs(ctx, g, rep(fx)));
    residual = sq(fgx, rhoFx);
    if (ds.layout.kind === 'vector' && moved.kind === 'vector') {
      const train = pool.inputs;
      const scale = trained.scales.featureScale;
      const F = scale.length;
      const gxRows = moved.x.dataSync();
      const rhoY = tf.tidy(() => transformOutputs(ctx, g, rep(tensors.targets)));
      const rhoYRows = rhoY.dataSync();
      const T = ds.targetNames.length;
      const ts = ctx.targetScale.dataSync();
      let neighbour = 0;
      const selfDist: number[] = [];
      for (let i = 0; i < m; i++) {
        const self = nearest(train, pool.n, set.inputs.subarray(i * F, (i + 1) * F), scale);
        selfDist.push(self.dist2);
        for (let c = 0; c < T; c++) neighbour += ((pool.targets[self.index * T + c]! - set.targets[i * T + c]!) / ts[c]!) ** 2;
      }
      // Every orbit point counts. Leaving out those that land away from the data was tried: it
      // also leaves out the points where a broken symmetry shows most, and the no-symmetry control
      // then passed. So orbits that leave the data's support (out-of-distribution training sets)
      // raise the contrast: the verdict errs towards "no symmetry" there. orbitSupport says how
      // many orbit points land within 2x the typical neighbour distance of the data.
      const support = 4 * [...selfDist].sort((a, b) => a - b)[Math.floor(m / 2)]!;
      let orbit = 0;
      let inside = 0;
      for (let row = 0; row < m * draws; row++) {
        const nb = nearest(train, pool.n, gxRows.subarray(row * F, (row + 1) * F), scale);
        if (nb.dist2 <= support) inside++;
        for (let c = 0; c < T; c++) orbit += ((pool.targets[nb.index * T + c]! - rhoYRows[row * T + c]!) / ts[c]!) ** 2;
      }
      orbitSupport = inside / (m * draws);
      orbitContrast = orbit / (m * draws) / Math.max(neighbour / m, 1e-30);
      const variation = measureOrbitVariation({
        trainInputs: { values: train, n: pool.n },
        trainTargets: { values: pool.targets, n: pool.n },
        inputs: { values: set.inputs, n: m },
        targets: { values: set.targets, n: m },
        moved: { values: gxRows as Float32Array, n: m * draws },
        movedTargets: { values: rhoYRows as Float32Array, n: m * draws },
        featureScale: scale,
        targetScale: ts,
      });
      orbitVariation = variation.variation;
      orbitVariationPoints = variation.points;
      rhoY.dispose();
    }
    [gens, t, g, fgx, rhoFx].forEach((x) => x.dispose());
    disposeInputs(moved);
  }
  fx.dispose();
  disposeInputs(tensors.inputs);
  tensors.targets.dispose();
  return { samples: m, directError, averagedError, residual, orbitContrast, orbitSupport, orbitVariation, orbitVariationPoints, fit, costInterval, narrowCost, motion, gradientTest: gradients, ...(ds.layout.kind === 'image' ? { images: true } : {}) };
}
