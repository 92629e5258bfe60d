/**
 * The loss terms a training step can add, each under one signature (the step's state in, a scalar
 * out) and registered with the slot it is reported under (epoch-event.ts LOSS_TERMS) and the
 * setting that weighs it. Methods (methods/method.ts) list the terms they use by name.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import type { Inputs } from '../layouts';
import type { AugerinoWidths } from '../methods/augerino';
import type { LossTerm } from '../training/epoch-event';
import {
  cosineAugTerm,
  manifoldTerm,
  mixingTerm,
  motionAugTerm,
  orthogonalityTerm,
  predictionLoss,
  sparsityTerm,
  transformOutputs,
  type TermContext,
} from './objective';

/** What one step has computed before the terms: the batch, the prediction, and the group moves. */
export interface StepState {
  ctx: TermContext;
  config: TrainConfig;
  x: Inputs;
  y: tf.Tensor2D;
  fx: tf.Tensor2D;
  /** Null for methods without generators. */
  group: {
    /** The generators the group moves are built from (the basis, or a copy that passes no gradient to it). */
    generators: tf.Tensor3D;
    /** The learned basis itself: what the basis regularisers (motion, orthogonality, sparsity) act on. */
    basis: tf.Tensor3D;
    /** Group elements [m * nAug, d, d], the repeated batch, the moved batch and f on it. */
    g: tf.Tensor3D;
    xr: Inputs;
    gx: Inputs;
    fgx: tf.Tensor2D;
  } | null;
  /** The per-generator equivariance terms (strengths enabled); they replace the joint one. */
  perGenerator: { equiv: tf.Scalar; residuals: tf.Tensor1D } | null;
  /** Augerino's learned widths. */
  widths: AugerinoWidths | null;
  /** This step's tangent anchors and their normal projectors (on-distribution term). */
  tangents: { anchors: Inputs; normals: tf.Tensor3D } | null;
  /** The data model's loss on moved samples (manifold.judge data-model), or null. */
  judged: tf.Scalar | null;
  /** Features per block (vector layouts) or 3 (points): the unit the cosine term compares. */
  blockWidth: number;
  /** Generators in homogeneous coordinates (images, 4-D points): the last column translates. */
  homogeneous: boolean;
}

export interface LossTermSpec {
  /** Where the term's value is reported. */
  slot: LossTerm | 'mixing';
  /** Its weight in the total, from the run's settings. */
  weight: (c: TrainConfig) => number;
  /** Computed and reported only when its weight is above 0 (runs without it keep their numbers). */
  optional?: true;
  compute: (s: StepState) => tf.Scalar;
}

function needGroup(s: StepState): NonNullable<StepState['group']> {
  if (!s.group) throw new Error('this loss term needs generators; the method has none');
  return s.group;
}

/** d(f(g x), rho(g) a), a the label (REMUL form) or f(x) (consistency). */
function equivarianceTerm(s: StepState): tf.Scalar {
  if (s.perGenerator) return s.perGenerator.equiv;
  const { g, fgx } = needGroup(s);
  const m = s.y.shape[0];
  const nAug = s.config.nAug;
  const anchor = (s.config.equivariance === 'label' ? s.y : s.fx);
  const anchorTarget = tf.tile(tf.expandDims(anchor, 1), [1, nAug, 1]).reshape([m * nAug, -1]) as tf.Tensor2D;
  if (s.ctx.targetKind === 'classification') {
    return s.config.equivariance === 'label'
      ? predictionLoss(s.ctx, fgx, anchorTarget)
      : predictionLoss(s.ctx, fgx, tf.softmax(anchorTarget) as tf.Tensor2D, true);
  }
  return predictionLoss(s.ctx, fgx, transformOutputs(s.ctx, g, anchorTarget));
}

export const TERMS = {
  task: { slot: 'task', weight: (c) => c.weights.task, compute: (s) => predictionLoss(s.ctx, s.fx, s.y) },
  equivariance: { slot: 'equiv', weight: (c) => c.weights.equiv, compute: equivarianceTerm },
  augmentation: {
    slot: 'aug',
    weight: (c) => c.weights.aug,
    compute: (s) => {
      const { basis, gx, xr } = needGroup(s);
      return s.config.augTerm === 'cosine' ? cosineAugTerm(s.ctx, gx, xr, s.blockWidth) : motionAugTerm(s.ctx, basis, s.x, s.config.motionFloor);
    },
  },
  orthogonality: { slot: 'orth', weight: (c) => c.weights.orth, compute: (s) => orthogonalityTerm(needGroup(s).basis) },
  sparsity: { slot: 'sparse', weight: (c) => c.weights.sparse, compute: (s) => sparsityTerm(needGroup(s).basis) },
  mixing: { slot: 'mixing', weight: (c) => c.weights.mixing, optional: true, compute: (s) => mixingTerm(needGroup(s).basis, s.homogeneous) },
  manifold: {
    slot: 'manifold',
    weight: (c) => c.weights.manifold,
    // Measured by the data model, or the tangent spaces; neither when the weight is 0: reported as 0.
    compute: (s) => s.judged ?? (s.tangents ? manifoldTerm(s.ctx, needGroup(s).generators, s.tangents.anchors, s.tangents.normals) : tf.scalar(0)),
  },
  widthBonus: {
    slot: 'aug',
    weight: (c) => c.augerino.widthBonus,
    compute: (s) => {
      if (!s.widths) throw new Error('the width bonus needs learned widths (method augerino)');
      return s.widths.bonusTerm();
    },
  },
} satisfies Record<string, LossTermSpec>;

export type TermName = Exclude<keyof typeof TERMS, 'task'>;
