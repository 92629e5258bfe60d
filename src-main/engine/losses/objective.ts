/**
 * SEMoLA's loss terms (SPEC section 2), each a small function of one context. All return scalars.
 * "Standardized units": differences divided by each feature's spread, so that small-valued
 * features (momenta beside positions) weigh as much as large ones.
 */
import * as tf from '@tensorflow/tfjs';
import type { TargetKind, TaskKind } from '../../data/dataset';
import { act, flatFeatures, generatorAction, type Inputs } from '../layouts';
import { matMul } from '../ops';

export interface TermContext {
  task: TaskKind;
  targetKind: TargetKind;
  numClasses: number;
  /** Divide target differences by this per column ([targetDim]); ones when not standardizing. */
  targetScale: tf.Tensor1D;
  /** Divide flattened input features by this ([F]); ones when not standardizing. */
  featureScale: tf.Tensor1D;
}

/** Mean squared error in standardized units, or cross-entropy against class indices. */
export function predictionLoss(ctx: TermContext, pred: tf.Tensor2D, target: tf.Tensor2D, targetIsDistribution = false): tf.Scalar {
  if (ctx.targetKind === 'classification') {
    const labels = targetIsDistribution ? target : tf.oneHot(tf.cast(tf.reshape(target, [-1]), 'int32'), ctx.numClasses);
    return tf.losses.softmaxCrossEntropy(labels, pred) as tf.Scalar;
  }
  return tf.mean(tf.square(tf.div(tf.sub(pred, target), ctx.targetScale))) as tf.Scalar;
}

/** rho_out(g) applied to targets or predictions: g for equivariant tasks, the identity otherwise. */
export function transformOutputs(ctx: TermContext, g: tf.Tensor3D, y: tf.Tensor2D): tf.Tensor2D {
  if (ctx.task !== 'equivariant') return y;
  const moved = act(g, { kind: 'vector', x: y });
  return (moved as { x: tf.Tensor2D }).x;
}

/**
 * |mean cos(g x, x)| along the feature axis, per block / point (LieGAN's `cosine` regulariser).
 * Padded points are left out of the mean (their cosine is 0 and they are not counted). No
 * comparison ops here: tfjs has no gradient for them.
 */
export function cosineAugTerm(ctx: TermContext, gx: Inputs, x: Inputs, blockWidth: number): tf.Scalar {
  return tf.tidy(() => {
    const a = tf.div(flatFeatures(gx), ctx.featureScale);
    const b = tf.div(flatFeatures(x), ctx.featureScale);
    const m = a.shape[0];
    const a3 = tf.reshape(a, [m, -1, blockWidth]);
    const b3 = tf.reshape(b, [m, -1, blockWidth]);
    const dot = tf.sum(tf.mul(a3, b3), 2);
    // sqrt of the product of squared norms, kept away from 0: tf.norm's gradient at a zero
    // (padded) point is infinite and would turn the whole gradient into NaN.
    const norms = tf.sqrt(tf.add(tf.mul(tf.sum(tf.square(a3), 2), tf.sum(tf.square(b3), 2)), 1e-24));
    const cos = tf.div(dot, tf.add(norms, 1e-12));
    const count = x.kind === 'points' ? tf.sum(x.mask) : tf.scalar(dot.size);
    return tf.abs(tf.div(tf.sum(cos), tf.maximum(count, 1))) as tf.Scalar;
  });
}

/**
 * Relative motion r_i^2 = sum ||L_i x|| ^2 / sum ||x||^2 (standardized) per generator: [k].
 * The `motion` term (below) keeps generators from collapsing onto directions that barely move the data.
 */
export function relativeMotion(ctx: TermContext, generators: tf.Tensor3D, x: Inputs): tf.Tensor1D {
  return tf.tidy(() => {
    const v = tf.div(generatorAction(generators, x), ctx.featureScale);
    const base = tf.sum(tf.square(tf.div(flatFeatures(x), ctx.featureScale)));
    return tf.div(tf.sum(tf.square(v), [1, 2]), tf.maximum(base, 1e-12)) as tf.Tensor1D;
  });
}

/**
 * mean_i max(0, log(floor / r_i)): a generator that moves the data less than `floor` times a unit
 * rotation would is pushed to move more; above the floor the term is silent, so it does not bias
 * generators that already move the data (a rotation of standardized data has r = 1).
 */
export function motionAugTerm(ctx: TermContext, generators: tf.Tensor3D, x: Inputs, floor: number): tf.Scalar {
  return tf.tidy(() => {
    const logR = tf.mul(0.5, tf.log(tf.add(relativeMotion(ctx, generators, x), 1e-8)));
    return tf.mean(tf.relu(tf.sub(Math.log(floor), logR))) as tf.Scalar;
  });
}

/** sum_{i<j} |<L_i, L_j>_F| on the normalised basis. */
export function orthogonalityTerm(generators: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const k = generators.shape[0];
    if (k < 2) return tf.scalar(0);
    const flat = tf.reshape(generators, [k, -1]) as tf.Tensor2D;
    const gram = tf.abs(tf.matMul(flat, flat, false, true));
    // Upper triangle without the diagonal: (sum - trace) / 2.
    return tf.div(tf.sub(tf.sum(gram), tf.sum(tf.mul(gram, tf.eye(k)))), 2) as tf.Scalar;
  });
}

/** mean_i ||L_i||_1. */
export function sparsityTerm(generators: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.abs(generators), [1, 2])) as tf.Scalar);
}

/**
 * Mixing penalty (ours): a generator split into the parts that rotations of the space keep apart:
 * of its linear block (all of it, or the top-left (d-1) x (d-1) in homogeneous coordinates) the
 * antisymmetric part (rotations), the trace part (uniform scaling) and the traceless symmetric part
 * (stretches and squeezes), and in homogeneous coordinates its translation column; the sum of their
 * Frobenius norms over the generator's norm, averaged over generators. 1 for a generator within one
 * part, up to 2 for an even mix of four: with the data silent between a rotation and a rotation
 * with a slight stretch, it picks the rotation, and it prefers no direction of the space (unlike
 * the L1 of entries, which is lower for a shear than for a rotation).
 */
export function mixingTerm(generators: tf.Tensor3D, homogeneous: boolean): tf.Scalar {
  return tf.tidy(() => {
    const [k, d] = [generators.shape[0], generators.shape[1]];
    const n = homogeneous ? d - 1 : d;
    // sqrt(x + eps): a part at 0 (the usual case) keeps a finite gradient.
    const norm = (t: tf.Tensor, axes: number[]) => tf.sqrt(tf.add(tf.sum(tf.square(t), axes), 1e-12));
    const a = homogeneous ? tf.slice(generators, [0, 0, 0], [k, n, n]) : generators;
    const at = tf.transpose(a, [0, 2, 1]);
    const anti = tf.mul(0.5, tf.sub(a, at));
    const sym = tf.mul(0.5, tf.add(a, at));
    const trace = tf.div(tf.sum(tf.mul(a, tf.eye(n)), [1, 2], true), n);
    const scaling = tf.mul(trace, tf.eye(n));
    const parts = [norm(anti, [1, 2]), norm(scaling, [1, 2]), norm(tf.sub(sym, scaling), [1, 2])];
    if (homogeneous) parts.push(norm(tf.slice(generators, [0, 0, n], [k, n, 1]), [1, 2]));
    return tf.mean(tf.div(tf.addN(parts), norm(generators, [1, 2]))) as tf.Scalar;
  });
}

/**
 * On-distribution term (ours): the fraction of each generator's standardized infinitesimal action
 * on anchor samples that leaves the local tangent space of the data, averaged over generators.
 * anchors: the anchor samples; normals [b, F, F] projectors onto each anchor's normal space.
 */
export function manifoldTerm(ctx: TermContext, generators: tf.Tensor3D, anchors: Inputs, normals: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const [b, width] = [normals.shape[0], normals.shape[1]];
    const k = generators.shape[0];
    const v = tf.div(generatorAction(generators, anchors), ctx.featureScale) as tf.Tensor3D; // [k, b, F]
    // [k*b, F, F]; one generator needs no copy.
    const nTiled = k === 1 ? normals : (tf.tile(normals, [k, 1, 1]) as tf.Tensor3D);
    const off = matMul(nTiled, tf.reshape(v, [k * b, width, 1]) as tf.Tensor3D);
    const offNorm = tf.sum(tf.reshape(tf.square(off), [k, b * width]), 1);
    const total = tf.sum(tf.reshape(tf.square(v), [k, b * width]), 1);
    return tf.mean(tf.div(offNorm, tf.add(total, 1e-12))) as tf.Scalar;
  });
}
