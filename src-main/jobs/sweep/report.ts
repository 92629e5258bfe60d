/**
 * A sweep's statistics per grid point: the mean +- std over seeds of every metric the runs'
 * summaries hold, how many seeds found which algebra, and the best point by a chosen metric. Pure
 * (store types in, plain data out): `semola sweep report` writes it as Markdown and JSON, the app's
 * Runs view shows it per sweep.
 */
import type { RunRecord, Sweep } from '../../store/types';

/** Mean and sample standard deviation (n - 1) of `n` values. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** Mean and sample standard deviation (n - 1) of the non-null values; null when there are none. */
export function stat(values: (number | null)[]): Stat | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, n: v.length };
}

/** The metrics a sweep table shows first (the reproduce tables' main ones), when the runs have them. */
export const MAIN_SWEEP_METRICS = ['test.mse', 'test.accuracy', 'test.equivarianceError', 'reference.action', 'validation.loss', 'trainSeconds'] as const;

export interface SweepPointRow {
  point: number;
  label: string;
  values: Record<string, unknown>;
  /** Seeds of the point with a done run, of all its seeds. */
  done: number;
  of: number;
  runIds: number[];
  /** Every numeric summary metric (dotted: test.mse, validation.loss, reference.action, trainSeconds, ...). */
  metrics: Record<string, Stat | null>;
  /** What the seeds found: the verdict's algebra ("none found", "inconclusive" included), most first. */
  found: { answer: string; seeds: number; of: number }[];
}

export interface SweepReport {
  sweep: { id: number; name: string; executor: string; spec: string | null };
  date: string;
  seeds: number[];
  /** The metric the best point is chosen by, and whether smaller is better. */
  bestBy: { metric: string; smallerIsBetter: boolean };
  best: { point: number; label: string; mean: number } | null;
  table: SweepPointRow[];
  /** Tasks without a done run (failed, canceled, not yet run), with their reason. */
  missing: { task: number; point: number; seed: number; status: string; reason: string }[];
}

/** Numeric leaves of a summary's metrics, reference and timings, as dotted names. */
export function summaryMetrics(summary: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown, prefix: string): void => {
    if (typeof v === 'number' && Number.isFinite(v)) out[prefix] = v;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
  };
  walk(summary.metrics, '');
  walk(summary.reference ?? null, 'reference');
  const t = summary.timings as { trainSeconds?: unknown } | undefined;
  if (typeof t?.trainSeconds === 'number') out.trainSeconds = t.trainSeconds;
  return out;
}

/** The answer a run gave: its algebra when it found one, else "none found" or "inconclusive". */
export function answerOf(summary: Record<string, unknown>): string {
  const v = summary.verdict as { status?: string; symmetryFound?: boolean; name?: string | null } | null | undefined;
  const algebra = summary.algebra as { description?: string } | null | undefined;
  if (!v) return 'no verdict';
  if (v.symmetryFound) return v.name ?? algebra?.description ?? 'a symmetry';
  return v.status === 'inconclusive' ? 'inconclusive' : 'none found';
}

const LARGER_IS_BETTER = /accuracy|reference\.(action|subspace|cosine)|similarity/i;

export function sweepReport(sweep: Sweep, runs: readonly RunRecord[], bestBy = 'test.mse'): SweepReport {
  const byTask = new Map(runs.filter((r) => r.sweepTask !== null).map((r) => [r.sweepTask!, r]));
  const seeds = [...new Set(sweep.spec.tasks.map((t) => t.seed))];
  const table: SweepPointRow[] = sweep.spec.points.map((p) => {
    const tasks = sweep.spec.tasks.filter((t) => t.point === p.index);
    const done = tasks.map((t) => byTask.get(t.task)).filter((r): r is RunRecord => r?.status === 'done' && r.summary !== null);
    const perRun = done.map((r) => summaryMetrics(r.summary!));
    const names = [...new Set(perRun.flatMap((m) => Object.keys(m)))].sort();
    const metrics = Object.fromEntries(names.map((n) => [n, stat(perRun.map((m) => m[n] ?? null))]));
    const counts = new Map<string, number>();
    for (const r of done) counts.set(answerOf(r.summary!), (counts.get(answerOf(r.summary!)) ?? 0) + 1);
    const found = [...counts.entries()].map(([answer, n]) => ({ answer, seeds: n, of: tasks.length })).sort((a, b) => b.seeds - a.seeds);
    return { point: p.index, label: p.label, values: p.values, done: done.length, of: tasks.length, runIds: done.map((r) => r.id), metrics, found };
  });
  const smallerIsBetter = !LARGER_IS_BETTER.test(bestBy);
  const candidates = table.filter((row) => row.metrics[bestBy]);
  const best = candidates.reduce<SweepPointRow | null>((b, row) => {
    if (!b) return row;
    const x = row.metrics[bestBy]!.mean;
    const y = b.metrics[bestBy]!.mean;
    return (smallerIsBetter ? x < y : x > y) ? row : b;
  }, null);
  const missing = sweep.spec.tasks
    .filter((t) => byTask.get(t.task)?.status !== 'done')
    .map((t) => ({ task: t.task, point: t.point, seed: t.seed, status: byTask.get(t.task)?.status ?? 'not run', reason: byTask.get(t.task)?.error ?? '' }));
  return {
    sweep: { id: sweep.id, name: sweep.name, executor: sweep.executor, spec: sweep.spec.file },
    date: new Date().toISOString(),
    seeds,
    bestBy: { metric: bestBy, smallerIsBetter },
    best: best ? { point: best.point, label: best.label, mean: best.metrics[bestBy]!.mean } : null,
    table,
    missing,
  };
}
