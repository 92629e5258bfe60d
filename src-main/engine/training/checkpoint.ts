/**
 * What a run needs to resume exactly: model weights, the raw basis, both optimizers' state and the
 * history. Plain arrays, so the host can store them anywhere.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochEvent } from './trainer';
import type { JudgeCheckpoint } from './data-judge';

export interface Checkpoint {
  /** Epochs completed. */
  epoch: number;
  modelWeights: Float32Array[];
  rawBasis: Float32Array | null;
  /** Augerino's raw widths, for that method only. */
  augerinoWidths?: Float32Array;
  modelOptimizer: Float32Array[];
  basisOptimizer: Float32Array[];
  /**
   * Adam's bias-correction products beta1^t, beta2^t as the optimizers accumulated them step by
   * step. tfjs's setWeights recomputes them as pow(beta, t), which differs in the last bits, so a
   * resumed run would drift from an uninterrupted one without these.
   */
  adamAccumulators?: { model: [number, number]; basis: [number, number] };
  /** The data judge's weights and optimizer, once the group moves began (manifold.judge data-model). */
  judge?: JudgeCheckpoint;
  history: EpochEvent[];
}

interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/** [beta1^t, beta2^t] as the optimizer holds them (read asynchronously, as webgpu requires). */
export async function readAdamAccumulators(opt: tf.AdamOptimizer): Promise<[number, number]> {
  const o = opt as unknown as AdamInternals;
  const [b1, b2] = await Promise.all([o.accBeta1.data(), o.accBeta2.data()]);
  return [b1[0]!, b2[0]!];
}

export function restoreAdamAccumulators(opt: tf.AdamOptimizer, saved: [number, number]): void {
  const o = opt as unknown as AdamInternals;
  tf.tidy(() => {
    o.accBeta1.assign(tf.scalar(saved[0]));
    o.accBeta2.assign(tf.scalar(saved[1]));
  });
}

/** Adam's state as plain arrays: [iterations, m_1..m_n, v_1..v_n]. */
export async function readAdam(opt: tf.AdamOptimizer): Promise<Float32Array[]> {
  const weights = await opt.getWeights();
  const arrays = await Promise.all(weights.map(async (w) => Float32Array.from(await w.tensor.data())));
  // getWeights() creates a fresh iteration-count scalar (the first entry); the rest are the optimizer's own.
  weights[0]?.tensor.dispose();
  return arrays;
}

/**
 * Adam's state is [iterations, m_1..m_n, v_1..v_n] in the order the variables were updated; an
 * optimizer that has not stepped yet has only the iteration count.
 */
export async function restoreAdam(opt: tf.AdamOptimizer, saved: Float32Array[], vars: tf.Variable[]): Promise<void> {
  if (saved.length <= 1) return;
  const n = vars.length;
  if (saved.length !== 1 + 2 * n) throw new Error(`optimizer state has ${saved.length} arrays, expected ${1 + 2 * n}`);
  const named: { name: string; tensor: tf.Tensor }[] = [{ name: 'iter', tensor: tf.scalar(saved[0]![0]!, 'int32') }];
  vars.forEach((v, i) => named.push({ name: `${v.name}/m`, tensor: tf.tensor(saved[1 + i]!, v.shape) }));
  vars.forEach((v, i) => named.push({ name: `${v.name}/v`, tensor: tf.tensor(saved[1 + n + i]!, v.shape) }));
  await opt.setWeights(named);
  for (const w of named) w.tensor.dispose();
}
