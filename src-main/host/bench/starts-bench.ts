/**
 * What several starts cost: the wall time of a run of N starts (each its own trainer process, at
 * most the default budget, cores - 1, at once, and two at once) against a run of one start in a
 * trainer process, on a small configuration. The wasm backend is single-threaded, so on a machine
 * of two idle cores two starts side by side should cost about one start's time.
 */
import { availableParallelism } from 'node:os';
import type { BackendName } from '../../engine/backend';
import { runStarts } from '../../jobs/starts';
import { defaultParallel } from '../../run/starts/seed-rule';

export interface StartsBenchRow {
  starts: number;
  parallel: number;
  wallSeconds: number;
  /** Wall time over the one-start run's. */
  relative: number;
}

export interface StartsBenchResult {
  dataset: string;
  backend: BackendName;
  epochs: number;
  hidden: number[];
  rows: StartsBenchRow[];
  /** Set when the measurement failed (backend missing, a start failed). */
  error?: string;
}

const SIZES = {
  full: { dataset: 'builtin:nbody2?trajectories=40', epochs: 3, hidden: [64, 64], starts: [1, 2, 3], defaultBudget: true },
  quick: { dataset: 'builtin:nbody2?trajectories=6', epochs: 1, hidden: [16], starts: [1, 2], defaultBudget: false },
};

export async function benchStarts(quick: boolean, backend: BackendName, log: (line: string) => void): Promise<StartsBenchResult> {
  const size = quick ? SIZES.quick : SIZES.full;
  const cores = availableParallelism();
  // The default budget (cores - 1: one at a time on 2 cores) and two at once (where there are 2 cores).
  const budgets = [...new Set([...(size.defaultBudget ? [defaultParallel(cores)] : []), Math.min(2, cores)])];
  const result: StartsBenchResult = { dataset: size.dataset, backend, epochs: size.epochs, hidden: size.hidden, rows: [] };
  const config = { epochs: size.epochs, k: 1, model: { hidden: size.hidden }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 20, evalGroupSamples: 2 };
  try {
    const runs = size.starts.flatMap((starts) => (starts === 1 ? [{ starts, parallel: 1 }] : budgets.map((parallel) => ({ starts, parallel }))));
    for (const { starts, parallel } of runs) {
      const t0 = performance.now();
      // One start also goes through a trainer process, so every row pays the same process start-up.
      await runStarts({ data: size.dataset, backend, config }, { starts, parallel });
      const wallSeconds = Number(((performance.now() - t0) / 1000).toFixed(2));
      const base = result.rows[0]?.wallSeconds ?? wallSeconds;
      result.rows.push({ starts, parallel: Math.min(parallel, starts), wallSeconds, relative: Number((wallSeconds / base).toFixed(2)) });
      log(`starts ${starts} (${Math.min(parallel, starts)} at once, ${backend}): ${wallSeconds} s`);
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    log(`starts: not measured: ${result.error}`);
  }
  return result;
}
