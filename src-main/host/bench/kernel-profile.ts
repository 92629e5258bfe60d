/**
 * Where a training step's time goes, per tfjs kernel (tf.profile). On wasm and cpu tfjs times each
 * kernel by waiting for its outputs, so the sum is close to the step's wall time and the table
 * shows which kernels bound it. Runs in the benchmark child after the timed epochs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../data/dataset';
import type { TrainConfig } from '../../engine/config';
import { Trainer } from '../../engine/training/trainer';

export interface KernelRow {
  kernel: string;
  callsPerStep: number;
  msPerStep: number;
  /** Share of the summed kernel time. */
  share: number;
}

export interface KernelProfile {
  dataset: string;
  steps: number;
  /** Wall time per step while profiling (profiling adds a wait after every kernel). */
  wallMsPerStep: number;
  /** Summed kernel time per step. */
  kernelMsPerStep: number;
  /** The kernels taking the most time, largest first. */
  rows: KernelRow[];
  /** Kernels left out of `rows`, and their share together. */
  otherKernels: number;
  otherShare: number;
}

const TOP = 15;

function sig(v: number): number {
  return Number(v.toPrecision(3));
}

/** One epoch of `ds` (a few steps), after an unprofiled warm-up epoch on its own trainer. */
export async function profileEpoch(ds: Dataset, config: TrainConfig): Promise<KernelProfile> {
  const oneEpoch = { ...config, epochs: 1 };
  const warm = new Trainer(ds, oneEpoch);
  await warm.train();
  warm.dispose();
  const trainer = new Trainer(ds, oneEpoch);
  let steps = 0;
  const start = performance.now();
  const info = await tf.profile(async () => {
    const events = await trainer.train();
    steps = events[0]?.steps ?? 0;
  });
  const wall = performance.now() - start;
  trainer.dispose();
  if (steps === 0) throw new Error('the profiled epoch ran no step');
  const byKernel = new Map<string, { calls: number; ms: number }>();
  const backend = tf.getBackend();
  for (const k of info.kernels) {
    // Custom gradients and scopes are profiled too ('backward', 'unnamed scope'); their time
    // contains the kernels they run, so only registered kernels are counted.
    if (!tf.getKernel(k.name, backend)) continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const row = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
    row.calls++;
    row.ms += ms;
    byKernel.set(k.name, row);
  }
  const total = [...byKernel.values()].reduce((s, r) => s + r.ms, 0);
  const sorted = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const share = (ms: number): number => (total > 0 ? sig(ms / total) : 0);
  const rest = sorted.slice(TOP);
  return {
    dataset: ds.source,
    steps,
    wallMsPerStep: sig(wall / steps),
    kernelMsPerStep: sig(total / steps),
    rows: sorted.slice(0, TOP).map(([kernel, r]) => ({ kernel, callsPerStep: sig(r.calls / steps), msPerStep: sig(r.ms / steps), share: share(r.ms) })),
    otherKernels: rest.length,
    otherShare: share(rest.reduce((s, [, r]) => s + r.ms, 0)),
  };
}
