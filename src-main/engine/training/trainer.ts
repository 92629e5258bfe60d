/**
 * Joint training of the base model and the Lie algebra basis (SPEC section 2), with validation,
 * per-epoch events, cancellation, and checkpoints from which a run resumes bit-for-bit on the same
 * backend (every epoch draws from its own seeded generator, so no RNG state needs saving).
 */
import * as tf from '@tensorflow/tfjs';
import { inputDim, type Dataset } from '../../data/dataset';
import { Rng } from '../../data/random';
import { LieAugmenter, type AugmenterConfig } from '../augmenter';
import type { TrainConfig } from '../config';
import { act, concatInputs, repeatInputs, type Inputs } from '../layouts';
import type { BaseModel } from '../models/model';
import { readAdam, readAdamAccumulators, restoreAdam, restoreAdamAccumulators, type Checkpoint } from './checkpoint';
import { assignValues, stopGradient } from '../ops';
import { fastPathsOn } from '../fast-paths';
import { createBaseModel } from '../models/factory';
import { predictionLoss, type TermContext } from '../losses/objective';
import { TERMS, type StepState } from '../losses/terms';
import { epochStrengths, initialStrengths, perGeneratorTerms, strengthsAfter, withStrengthsResolved } from '../losses/strengths';
import { tangentAnchors, type TangentAnchors } from '../losses/tangent-anchors';
import { AugerinoWidths } from '../methods/augerino';
import { METHODS, type MethodSpec } from '../methods/method';
import type { TrainedModel } from './trained-model';
import { createAdam } from './adam';
import { DataJudge } from './data-judge';
import { computeScales, disposeInputs, gatherInputs, subset, toTensors, type SampleTensors, type Scales } from '../samples';
import { validationSplit } from '../../data/split';
import { planForces, type ForcesPlan } from '../gradient/forces';
import { forceTerm, gradientConditionTerm } from '../gradient/force-term';

import { CanceledError, epochRng, LOSS_TERMS, type EpochEvent, type LossTerm } from './epoch-event';

export type { Checkpoint } from './checkpoint';
export { CanceledError, LOSS_TERMS, type EpochEvent, type LossTerm } from './epoch-event';

/** One batch's loss terms as scalars, the model's regularisers and the per-generator residuals when present. */
type BatchTerms = Record<LossTerm, tf.Scalar> & { modelReg?: tf.Scalar; mixing?: tf.Scalar; forces?: tf.Scalar; residuals?: tf.Tensor1D };

/**
 * Coefficient range factor at a point of the run, in epochs (fractional within an epoch): a
 * linear warm-up from 10% over `rangeWarmup` epochs, step by step, beginning when the basis
 * warm-up ends (the group moves begin then). Why images need it: at full turns a generator that is
 * not yet a rotation pushes most samples out of the frame or to a dot, the loss saturates there
 * and its gradient says nothing about which way the rotation lies (docs/discovery.md, "Images").
 */
export function rangeFactorAt(progress: number, rangeWarmup: number, basisWarmup: number): number {
  const since = Math.max(0, progress - basisWarmup);
  return rangeWarmup > 0 && since < rangeWarmup ? 0.1 + (0.9 * since) / rangeWarmup : 1;
}

export class Trainer implements TrainedModel {
  readonly dataset: Dataset;
  readonly config: TrainConfig;
  /** What the configured method learns and which loss terms it adds. */
  readonly method: MethodSpec;
  readonly model: BaseModel;
  readonly augmenter: LieAugmenter | null;
  /** Learned coefficient widths (method augerino). */
  readonly augerino: AugerinoWidths | null;
  /** Current per-generator strengths lambda_j (all 1 until PER's rule fires). */
  strengths: number[] = [];
  readonly scales: Scales;
  readonly ctx: TermContext;
  readonly history: EpochEvent[] = [];
  readonly trainIndex: number[];
  readonly valIndex: number[];
  /** How the validation split was drawn, in words (by group or by row, and why). */
  readonly validationRule: string;
  readonly d: number;
  /** Whether the force term is trained, and the activation the model got. */
  readonly forces: ForcesPlan;
  /**
   * The basis learns from the gradient condition on the data (a learned basis trained on forces),
   * not from terms that judge the model off the data's distribution (equivariance, on-distribution).
   */
  readonly conditionTeachesBasis: boolean;
  private readonly trainSet: SampleTensors;
  private readonly val: SampleTensors | null;
  private readonly modelOpt: tf.AdamOptimizer;
  private readonly basisOpt: tf.AdamOptimizer;
  private readonly tangents: TangentAnchors | null;
  /** The data model that measures the on-distribution term (manifold.judge data-model); null otherwise. */
  private readonly judge: DataJudge | null;
  private epochsDone = 0;

  constructor(dataset: Dataset, settings: TrainConfig) {
    this.dataset = dataset;
    const method = (this.method = METHODS[settings.method]);
    // Strengths `auto` becomes true or false here, so everything downstream (and the record) reads one answer.
    const config = (this.config = withStrengthsResolved(settings, dataset.targetKind));
    const layout = dataset.layout;
    this.d = layout.d;
    // Whole correlation groups (trajectories, molecules) when the data name them; else seeded rows.
    // The split has its own seed when given, so starts with different seeds validate on the same samples.
    const split = validationSplit(dataset.train.n, config.valFraction, config.valSplitSeed ?? config.seed, dataset.train.groups, dataset.groupUnit);
    this.validationRule = split.rule;
    if (split.train.length < 2) throw new Error(`dataset ${dataset.name} has too few training samples (${dataset.train.n})`);
    this.trainIndex = split.train;
    this.valIndex = split.val;
    const trainSet = subset(dataset, dataset.train, split.train);
    this.scales = computeScales(dataset, trainSet);
    this.trainSet = toTensors(dataset, trainSet);
    this.val = split.val.length > 0 ? toTensors(dataset, subset(dataset, dataset.train, split.val)) : null;

    const std = config.standardizedLosses;
    const tDim = dataset.targetNames.length;
    const width = inputDim(layout);
    this.ctx = {
      task: dataset.task,
      targetKind: dataset.targetKind,
      numClasses: dataset.numClasses ?? 0,
      targetScale: tf.tensor1d(std ? this.scales.lossTargetScale : new Float32Array(tDim).fill(1)),
      featureScale: tf.tensor1d(std ? this.scales.featureScale : new Float32Array(width).fill(1)),
    };
    if (dataset.task === 'equivariant' && (layout.kind !== 'vector' || tDim % layout.d !== 0)) {
      throw new Error(`an equivariant task needs targets in the input's vector layout (a multiple of d = ${layout.d} columns), got ${tDim}`);
    }

    const outDim = dataset.targetKind === 'classification' ? (dataset.numClasses ?? 0) : tDim;
    this.forces = planForces(dataset, config);
    this.conditionTeachesBasis = this.forces.used && method.basis === 'learned' && this.trainSet.gradient !== undefined;
    this.model = createBaseModel(dataset, config, this.scales, outDim, new Rng(config.seed + 17), this.forces.activation);

    // A fixed basis (fixed-basis, augerino) comes from the settings; checked in validateConfig.
    const fixedBasis = method.basis === 'fixed' ? (config.fixedBasis ?? []) : null;
    if (method.basis === 'none') {
      this.augmenter = null;
    } else {
      const augCfg: AugmenterConfig = {
        k: fixedBasis ? fixedBasis.length : config.k,
        d: layout.d,
        mask: method.masksBasis ? config.mask : { name: 'full' },
        homogeneous: (layout.kind === 'points' && layout.d === 4) || layout.kind === 'image',
        normalization: config.normalization,
        scale: config.scale ?? Math.sqrt(layout.d),
        init: config.init,
        initValue: config.initValue,
        coefficients: config.coefficients,
      };
      this.augmenter = new LieAugmenter(augCfg, new Rng(config.seed + 29), method.basis === 'learned');
      if (fixedBasis) assignValues(this.augmenter.raw, fixedBasis);
    }
    this.augerino = method.learnsWidths ? new AugerinoWidths(fixedBasis?.length ?? config.k, config.augerino.initialWidth) : null;
    if (config.strengths.enabled) {
      if (!this.augmenter) throw new Error(`strengths need generators; method ${config.method} has none`);
      this.strengths = initialStrengths(dataset.targetKind, this.augmenter.config.k);
    }
    this.modelOpt = createAdam(config.lr, config.adamEpsilon);
    this.basisOpt = createAdam(config.basisLr, config.adamEpsilon);

    // The on-distribution term only steers the basis, which the gradient condition teaches instead
    // when trained on forces: no anchors then (the term is reported as 0).
    const manifold = method.terms.includes('manifold') && TERMS.manifold.weight(config) > 0 && !this.conditionTeachesBasis;
    const judged = manifold && config.manifold.judge === 'data-model' && method.basis === 'learned';
    this.tangents = manifold && !judged ? tangentAnchors(dataset, trainSet, this.trainSet.inputs, this.scales, config) : null;
    // Same kind and shape as the base model; its weights are copied from it when the moves begin.
    this.judge = judged
      ? new DataJudge(createBaseModel(dataset, config, this.scales, outDim, new Rng(config.seed + 17), this.forces.activation), config.lr, config.adamEpsilon)
      : null;
  }

  /** Whether the run weighs the mixing penalty (a learned basis, weights.mixing > 0). */
  private get mixingReported(): boolean {
    return this.method.terms.includes('mixing') && TERMS.mixing.weight(this.config) > 0;
  }

  private rangeFactor(progress: number): number {
    return rangeFactorAt(progress, this.config.rangeWarmupEpochs, this.basisWarmup);
  }

  /** Epochs of basis warm-up, at most epochs - 1: the basis always learns in the last epoch. */
  private get basisWarmup(): number {
    return Math.min(this.config.basisWarmupEpochs, Math.max(0, this.config.epochs - 1));
  }

  /** All loss terms for one batch, as scalars; `total` is the weighted sum of the method's terms. */
  private lossTerms(x: Inputs, y: tf.Tensor2D, rng: Rng, progress: number, anchorIdx: tf.Tensor1D | null, gradient: tf.Tensor | null): BatchTerms {
    const { nAug } = this.config;
    const ctx = this.ctx;
    const zero = tf.scalar(0);
    // During the basis warm-up the model learns the task alone: no group moves, no group terms.
    const warmingUp = progress < this.basisWarmup;
    const moves = this.augmenter !== null && this.method.terms.length > 0 && !warmingUp;
    // With group moves and no per-generator terms, f(x) and f(g x) come from one pass over the
    // joined batch (below): fewer, larger kernels, the same rows.
    const joined = moves && !this.config.strengths.enabled && fastPathsOn();
    let fx = joined ? null : this.model.predict(x);
    // The plain step computes the task term first, as it always has (its figures are the golden ones).
    const earlyTask = fx ? predictionLoss(ctx, fx, y) : null;
    const modelReg = this.model.regularization?.() ?? null;
    // Trained on forces: the model's input gradient answers to the data's target gradient.
    const forces = gradient ? forceTerm((v) => this.model.predict(v), x, gradient, this.forces.targetIndex, ctx) : null;
    const terms: BatchTerms = { total: zero, task: zero, equiv: zero, aug: zero, orth: zero, sparse: zero, manifold: zero, ...(modelReg ? { modelReg } : {}) };
    let group: StepState['group'] = null;
    let perGenerator: StepState['perGenerator'] = null;
    let tangents: StepState['tangents'] = null;
    let judged: tf.Scalar | null = null;
    if (this.augmenter && moves) {
      // The order of the random draws below is part of a run's reproducibility: keep it.
      const basis = this.augmenter.generators();
      // Trained on forces, the group moves train the model (and the equivariance is measured) but
      // do not steer the basis: a trajectory that never turns has no rotated sample, so the model's
      // error on rotated inputs is its extrapolation, not evidence about the symmetry. The basis
      // learns from the gradient condition on the data (below) and its own regularisers. Judged by a
      // data model, the basis learns which moves keep samples in the data from it alone.
      const gens = this.conditionTeachesBasis || this.judge ? stopGradient(basis) : basis;
      const m = y.shape[0];
      const factor = this.rangeFactor(progress);
      if (fx && this.config.strengths.enabled) {
        perGenerator = perGeneratorTerms(this.model, ctx, this.config, gens, x, y, fx, this.strengths, rng, factor, this.augmenter.squaringBound(factor));
        terms.residuals = perGenerator.residuals;
      }
      const t = this.augerino ? this.augerino.sample(m * nAug, rng) : this.augmenter.sampleCoefficients(m * nAug, rng, factor);
      const g = LieAugmenter.groupElements(t, gens, this.squaringBound(factor), this.augerino === null);
      const xr = repeatInputs(x, nAug);
      const gx = act(g, xr);
      let fgx: tf.Tensor2D;
      if (fx) {
        fgx = this.model.predict(gx);
      } else {
        const both = this.model.predict(concatInputs(x, gx));
        fx = tf.slice(both, [0, 0], [m, -1]);
        fgx = tf.slice(both, [m, 0], [-1, -1]);
      }
      group = { generators: gens, basis, g, xr, gx, fgx };
      if (this.tangents && anchorIdx) tangents = { anchors: gatherInputs(this.tangents.anchors, anchorIdx), normals: tf.gather(this.tangents.normals, anchorIdx) };
      if (this.judge) judged = this.judge.scoreMoves(ctx, this.augmenter, basis, x, y, rng, factor, this.config.manifold.range);
    }
    if (!fx) throw new Error('no prediction on the batch');
    const state: StepState = { ctx, config: this.config, x, y, fx, group, perGenerator, widths: this.augerino, tangents, judged, blockWidth: x.kind === 'points' ? 3 : this.d, homogeneous: this.augmenter?.config.homogeneous ?? false };
    const task = earlyTask ?? TERMS.task.compute(state);
    terms.task = task;
    const weighted: tf.Tensor[] = [tf.mul(TERMS.task.weight(this.config), task)];
    if (moves) {
      for (const name of this.method.terms) {
        const spec = TERMS[name];
        if ('optional' in spec && !(spec.weight(this.config) > 0)) continue;
        const value = spec.compute(state);
        terms[spec.slot] = value;
        weighted.push(tf.mul(spec.weight(this.config), value));
      }
    }
    if (forces) {
      // Learned generators answer to the gradient condition too (reported within the force term): it
      // needs no rotated sample, so it works on a trajectory that never leaves one orientation.
      const condition = gradient && this.conditionTeachesBasis && state.group ? gradientConditionTerm(state.group.basis, x, gradient, ctx) : null;
      terms.forces = condition ? (tf.add(forces, condition) as tf.Scalar) : forces;
      weighted.push(tf.mul(this.forces.weight, terms.forces));
    }
    if (modelReg) weighted.push(modelReg);
    terms.total = (weighted.length === 1 ? weighted[0] : tf.addN(weighted)) as tf.Scalar;
    return terms;
  }

  /** One optimisation step; returns the vector of loss terms [LOSS_TERMS.length]. */
  private step(batchIdx: number[], rng: Rng, epoch: number, progress: number): tf.Tensor1D {
    // The basis variable when this step updates it (a learned basis, past its warm-up).
    const learned = this.method.basis === 'learned' && epoch >= this.basisWarmup ? this.augmenter : null;
    const tangents = this.tangents;
    const anchorIdx = tangents
      ? tf.tensor1d(Array.from({ length: Math.min(this.config.manifold.batch, tangents.count) }, () => rng.int(tangents.count)), 'int32')
      : null;
    // The data judge starts from the base model when the moves begin (see DataJudge).
    if (this.judge && progress >= this.basisWarmup) this.judge.startFrom(this.model);
    const out = tf.tidy(() => {
      const idx = tf.tensor1d(batchIdx, 'int32');
      const x = gatherInputs(this.trainSet.inputs, idx);
      const y = tf.gather(this.trainSet.targets, idx);
      const gradient = this.forces.used && this.trainSet.gradient ? tf.gather(this.trainSet.gradient, idx) : null;
      let termVector: tf.Tensor1D | null = null;
      const vars = [...this.model.variables, ...(learned ? [learned.raw] : []), ...(this.augerino ? [this.augerino.raw] : [])];
      const { grads } = tf.variableGrads(() => {
        const step = () => this.lossTerms(x, y, rng, progress, anchorIdx, gradient);
        const terms = this.model.duringStep ? this.model.duringStep(step) : step();
        // variableGrads disposes everything but its result: keep the per-term values.
        const values = tf.stack(LOSS_TERMS.map((name) => terms[name])) as tf.Tensor1D;
        const extras = [
          ...(terms.modelReg ? [tf.reshape(terms.modelReg, [1])] : []),
          // Present in every step of a run that weighs it (0 before the moves begin).
          ...(this.mixingReported ? [tf.reshape(terms.mixing ?? tf.scalar(0), [1])] : []),
          ...(terms.forces ? [tf.reshape(terms.forces, [1])] : []),
          ...(terms.residuals ? [terms.residuals] : []),
        ];
        termVector = tf.keep(extras.length > 0 ? (tf.concat([values, ...extras]) as tf.Tensor1D) : values);
        return terms.total;
      }, vars);
      const modelGrads: Record<string, tf.Tensor> = {};
      for (const v of this.model.variables) modelGrads[v.name] = grads[v.name]!;
      this.modelOpt.applyGradients(modelGrads as tf.NamedTensorMap as never);
      if (learned) {
        let gb = grads[learned.raw.name]!;
        const clip = this.config.basisGradClip;
        if (clip > 0) {
          const norm = tf.norm(gb);
          gb = tf.mul(gb, tf.minimum(1, tf.div(clip, tf.add(norm, 1e-12))));
        }
        this.basisOpt.applyGradients({ [learned.raw.name]: gb } as never);
      }
      if (this.augerino) this.basisOpt.applyGradients({ [this.augerino.raw.name]: grads[this.augerino.raw.name]! } as never);
      if (this.judge?.isStarted) this.judge.learn(this.ctx, x, y);
      return termVector as unknown as tf.Tensor1D;
    });
    anchorIdx?.dispose();
    return out;
  }


  /** Learning rates at a fraction of the run (0..1) under the configured schedule. */
  private setLearningRates(progress: number): void {
    const factor = this.config.lrSchedule === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1;
    // tfjs reads `learningRate` on every step but declares it protected; the schedule sets it.
    (this.modelOpt as unknown as { learningRate: number }).learningRate = this.config.lr * factor;
    (this.basisOpt as unknown as { learningRate: number }).learningRate = this.config.basisLr * factor;
  }

  /**
   * Validation task loss with direct inference (batched, no gradients). Read asynchronously: the
   * webgpu backend cannot read a tensor synchronously in Node.
   */
  async validationLoss(): Promise<number | null> {
    if (!this.val) return null;
    const batch = 2048;
    let sum = 0;
    for (let s = 0; s < this.val.n; s += batch) {
      const e = Math.min(this.val.n, s + batch);
      const v = tf.tidy(() => {
        const idx = tf.range(s, e, 1, 'int32') as tf.Tensor1D;
        const x = gatherInputs(this.val!.inputs, idx);
        return tf.mul(predictionLoss(this.ctx, this.model.predict(x), tf.gather(this.val!.targets, idx)), e - s);
      });
      sum += (await v.data())[0]!;
      v.dispose();
    }
    return sum / this.val.n;
  }

  /** Train from the current epoch to config.epochs. */
  async train(opts: { signal?: AbortSignal; onEpoch?: (e: EpochEvent) => void | Promise<void> } = {}): Promise<EpochEvent[]> {
    const { epochs, batchSize, seed } = this.config;
    const n = this.trainSet.n;
    for (let epoch = this.epochsDone; epoch < epochs; epoch++) {
      const start = performance.now();
      const rng = epochRng(seed, epoch, 1);
      const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
      const extra = this.config.strengths.enabled ? this.strengths.length : 0;
      // The vector per step: LOSS_TERMS, then modelReg (models with regularisers), the mixing penalty
      // (runs that weigh it), the force term (runs trained on forces), then the residuals.
      const regSlots = this.model.regularization ? 1 : 0;
      const mixSlots = this.mixingReported ? 1 : 0;
      const forceSlots = this.forces.used && this.trainSet.gradient ? 1 : 0;
      const [regAt, mixAt, forceAt] = [LOSS_TERMS.length, LOSS_TERMS.length + regSlots, LOSS_TERMS.length + regSlots + mixSlots];
      const strengthsAt = forceAt + forceSlots;
      let acc = tf.zeros([strengthsAt + extra]) as tf.Tensor1D;
      let steps = 0;
      for (let s = 0; s + 1 < n || s === 0; s += batchSize) {
        if (opts.signal?.aborted) {
          acc.dispose();
          throw new CanceledError();
        }
        const batch = order.slice(s, Math.min(n, s + batchSize));
        if (batch.length < 2) break;
        this.setLearningRates((epoch + s / n) / epochs);
        const terms = this.step(batch, rng, epoch, epoch + s / n);
        const next = tf.add(acc, terms) as tf.Tensor1D;
        acc.dispose();
        terms.dispose();
        acc = next;
        steps++;
        // Let cancellation and events through on long epochs.
        if (steps % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      const sums = await acc.data();
      acc.dispose();
      const losses: EpochEvent['losses'] = Object.fromEntries(LOSS_TERMS.map((name, i) => [name, sums[i]! / Math.max(1, steps)])) as Record<LossTerm, number>;
      if (regSlots > 0) losses.modelReg = sums[regAt]! / Math.max(1, steps);
      if (mixSlots > 0) losses.mixing = sums[mixAt]! / Math.max(1, steps);
      if (forceSlots > 0) losses.forces = sums[forceAt]! / Math.max(1, steps);
      const bad = LOSS_TERMS.find((name) => !Number.isFinite(losses[name]));
      if (bad) throw new Error(`training diverged at epoch ${epoch + 1}: the ${bad} loss became ${losses[bad]}`);
      const event: EpochEvent = {
        epoch: epoch + 1,
        epochs,
        losses,
        valLoss: await this.validationLoss(),
        basis: this.augmenter ? await this.augmenter.readBasis() : [],
        seconds: (performance.now() - start) / 1000,
        steps,
      };
      if (extra > 0) {
        Object.assign(event, epochStrengths(sums.slice(strengthsAt), steps, this.history, this.config.strengths, epochs));
        this.strengths = [...event.strengths!];
      }
      if (this.augerino) event.widths = await this.augerino.readWidths();
      this.history.push(event);
      this.epochsDone = epoch + 1;
      await opts.onEpoch?.(event);
      await new Promise((r) => setImmediate(r));
    }
    return this.history;
  }

  /** Coefficients [m, k] as training draws them at full range (augerino: the learned widths). */
  sampleCoefficients(m: number, rng: Rng): tf.Tensor2D {
    if (this.augerino) return this.augerino.sample(m, rng);
    return this.needAugmenter().sampleCoefficients(m, rng);
  }

  /** Squarings that suffice for every group element `sampleCoefficients` can draw. */
  squaringBound(rangeFactor = 1): number {
    const augmenter = this.needAugmenter();
    if (this.augerino) return this.augerino.squaringBound(this.d, augmenter.config.scale);
    return augmenter.squaringBound(rangeFactor);
  }

  /** The normalised generators [k, d, d] (the caller disposes them); null for a method without a basis. */
  generators(): tf.Tensor3D | null {
    return this.augmenter ? this.augmenter.generators() : null;
  }

  private needAugmenter(): LieAugmenter {
    if (!this.augmenter) throw new Error(`method ${this.config.method} has no generators to draw from`);
    return this.augmenter;
  }

  get epochsCompleted(): number {
    return this.epochsDone;
  }

  async checkpoint(): Promise<Checkpoint> {
    const read = async (ts: tf.Tensor[]): Promise<Float32Array[]> => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));
    return {
      epoch: this.epochsDone,
      modelWeights: await read(this.model.variables),
      rawBasis: this.augmenter ? Float32Array.from(await this.augmenter.raw.data()) : null,
      ...(this.augerino ? { augerinoWidths: Float32Array.from(await this.augerino.raw.data()) } : {}),
      modelOptimizer: await readAdam(this.modelOpt),
      basisOptimizer: await readAdam(this.basisOpt),
      adamAccumulators: { model: await readAdamAccumulators(this.modelOpt), basis: await readAdamAccumulators(this.basisOpt) },
      ...(this.judge?.isStarted ? { judge: (await this.judge.checkpoint())! } : {}),
      history: this.history.map((h) => ({ ...h })),
    };
  }

  /** Restore a checkpoint taken from a trainer with the same dataset and config. */
  async restore(cp: Checkpoint): Promise<void> {
    if (cp.modelWeights.length !== this.model.variables.length) throw new Error('checkpoint does not match this model (layer count differs)');
    this.model.variables.forEach((v, i) => assignValues(v, cp.modelWeights[i]!));
    if (this.augmenter && cp.rawBasis) assignValues(this.augmenter.raw, cp.rawBasis);
    await restoreAdam(this.modelOpt, cp.modelOptimizer, this.model.variables);
    if (this.augerino && cp.augerinoWidths) assignValues(this.augerino.raw, cp.augerinoWidths);
    // The basis optimizer steps Augerino's widths for that method (its basis is fixed), else the basis.
    if (this.augerino) await restoreAdam(this.basisOpt, cp.basisOptimizer, [this.augerino.raw]);
    else if (this.augmenter) await restoreAdam(this.basisOpt, cp.basisOptimizer, [this.augmenter.raw]);
    if (cp.adamAccumulators) {
      restoreAdamAccumulators(this.modelOpt, cp.adamAccumulators.model);
      restoreAdamAccumulators(this.basisOpt, cp.adamAccumulators.basis);
    }
    await this.judge?.restore(cp.judge);
    this.history.splice(0, this.history.length, ...cp.history);
    this.epochsDone = cp.epoch;
    if (this.config.strengths.enabled) {
      this.strengths = strengthsAfter(cp.history.map((h) => h.residuals!), this.strengths.length, this.config.strengths, this.config.epochs);
    }
  }

  /** Tensors the trainer owns, for evaluation. */
  get tensors(): { train: SampleTensors; val: SampleTensors | null } {
    return { train: this.trainSet, val: this.val };
  }

  dispose(): void {
    this.model.dispose();
    this.augmenter?.dispose();
    this.augerino?.dispose();
    this.judge?.dispose();
    disposeInputs(this.trainSet.inputs);
    this.trainSet.targets.dispose();
    this.trainSet.gradient?.dispose();
    this.val?.gradient?.dispose();
    if (this.val) {
      disposeInputs(this.val.inputs);
      this.val.targets.dispose();
    }
    if (this.tangents) {
      disposeInputs(this.tangents.anchors);
      this.tangents.normals.dispose();
    }
    this.ctx.targetScale.dispose();
    this.ctx.featureScale.dispose();
    this.modelOpt.dispose();
    this.basisOpt.dispose();
  }
}
