/**
 * Inference (SPEC section 3). Averaging: y = (1/n) sum_j rho(g_j)^{-1} f(g_j x) with fresh g_j;
 * direct: y = f(x). Classifiers average log-probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import { LieAugmenter } from '../augmenter';
import { act, inputCount, repeatInputs, type Inputs } from '../layouts';
import type { BaseModel } from '../models/model';
import { transformOutputs, type TermContext } from '../losses/objective';

export interface Augmentation {
  generators: tf.Tensor3D;
  /** Draw coefficients [m, k]. */
  sample(m: number, rng: Rng): tf.Tensor2D;
  /** Squarings that suffice for every element `sample` can draw (no device read per call). */
  squarings: number;
}

export function predictDirect(model: BaseModel, x: Inputs, ctx: TermContext): tf.Tensor2D {
  return tf.tidy(() => {
    const out = model.predict(x);
    return ctx.targetKind === 'classification' ? tf.logSoftmax(out) : out;
  });
}

/** Averaging inference over n group elements per sample. x: m samples -> [m, outDim]. */
export function predictAveraging(model: BaseModel, aug: Augmentation, x: Inputs, n: number, ctx: TermContext, rng: Rng): tf.Tensor2D {
  const m = inputCount(x);
  const t = aug.sample(m * n, rng);
  return tf.tidy(() => {
    const g = LieAugmenter.groupElements(t, aug.generators, aug.squarings);
    let out = model.predict(act(g, repeatInputs(x, n)));
    if (ctx.targetKind === 'classification') out = tf.logSoftmax(out);
    else if (ctx.task === 'equivariant') {
      const gInv = LieAugmenter.groupElements(tf.neg(t), aug.generators, aug.squarings);
      out = transformOutputs(ctx, gInv, out);
    }
    const width = out.shape[1];
    const avg = tf.mean(tf.reshape(out, [m, n, width]), 1) as tf.Tensor2D;
    t.dispose();
    return avg;
  });
}
