/**
 * `semola sweep report ID`: per grid point, the mean +- std over seeds of every metric the runs'
 * summaries hold, how many seeds found which algebra, and the best point by a chosen metric;
 * written as Markdown and JSON in the reproduce tables' format (host/reproduce/table).
 */
import type { RunRecord, Sweep } from '../../store/types';
import { stat, type Stat } from '../reproduce/table';

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

function pm(s: Stat | null | undefined, digits = 3): string {
  if (!s) return '-';
  return `${s.mean.toPrecision(digits)} +- ${s.std.toPrecision(2)}`;
}

/** The columns of the Markdown table: the reproduce tables' main metrics when present, the rest in the JSON. */
const MAIN = ['test.mse', 'test.accuracy', 'test.equivarianceError', 'reference.action', 'validation.loss', 'trainSeconds'];

export function sweepMarkdown(r: SweepReport): string {
  const present = MAIN.filter((m) => r.table.some((row) => row.metrics[m]));
  if (!present.includes(r.bestBy.metric) && r.table.some((row) => row.metrics[r.bestBy.metric])) present.unshift(r.bestBy.metric);
  const lines = [
    `# semola sweep ${r.sweep.id}: ${r.sweep.name}`,
    '',
    `- spec: ${r.sweep.spec ? `\`${r.sweep.spec}\`` : '-'}; executor ${r.sweep.executor}; seeds ${r.seeds.join(', ')}; ${r.date}`,
    `- best grid point by ${r.bestBy.metric} (${r.bestBy.smallerIsBetter ? 'smaller' : 'larger'} is better): ${r.best ? `${r.best.point} (${r.best.label}), mean ${r.best.mean.toPrecision(4)}` : 'none (no done run has it)'}`,
    '',
    'Mean +- std over the seeds whose run is done (sample std, n - 1). Found: what each seed\'s verdict said, with how many seeds said it. Every other metric of the summaries is in the JSON.',
    '',
    `| point | settings | done | ${present.join(' | ')} | found |`,
    `|---|---|---|${present.map(() => '---|').join('')}---|`,
  ];
  for (const row of r.table) {
    lines.push(`| ${row.point} | ${row.label} | ${row.done}/${row.of} | ${present.map((m) => pm(row.metrics[m])).join(' | ')} | ${row.found.map((f) => `${f.answer} ${f.seeds}/${f.of}`).join(', ') || '-'} |`);
  }
  if (r.missing.length > 0) {
    lines.push('', '## Tasks without a result', '', '| task | point | seed | status | reason |', '|---|---|---|---|---|');
    for (const m of r.missing) lines.push(`| ${m.task} | ${m.point} | ${m.seed} | ${m.status} | ${m.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
