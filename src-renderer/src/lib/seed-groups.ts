/**
 * Seed groups of the Runs view: runs whose settings differ only in the seed (same dataset, method
 * and every other setting; a run's starts take their seeds from its seed), shown as one row with
 * mean ± std of the table's numeric columns and how many runs found what. A view, not a table
 * (ARCHITECTURE.md, "Decisions shared by the issues").
 */
import type { RunSummary, SweepPoint, SweepStat } from '../../../src-main/api/schemas';
import { runDurationSeconds } from './run-columns';

/** Settings left out of the key: the seed itself. */
const SEED_SETTINGS = new Set(['seed']);

/** What runs of one seed group share: dataset, method and every setting but the seed, as text. */
export function seedGroupKey(run: RunSummary): string {
  // The resolved request when the server gives it (queued runs included), else the run's scalar settings.
  const settings: Record<string, unknown> = run.groupSettings ?? run.settings;
  const entries = Object.entries(settings).filter(([k]) => !SEED_SETTINGS.has(k)).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([run.datasetId ?? run.datasetName, run.method, entries]);
}

/**
 * Mean and sample standard deviation (n - 1) of the finite values; null when there are none. The
 * same statistic as the sweep report's (src-main/jobs/sweep/report.ts), which the renderer may not
 * import (tests/app/boundaries.test.ts).
 */
export function stat(values: readonly (number | null | undefined)[]): SweepStat | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, n: v.length };
}

/** A run's answer in a group's count: "found so(2)", "none found", "inconclusive"; null before its verdict. */
export function runAnswer(run: RunSummary): string | null {
  if (run.symmetryFound === null || run.symmetry === null) return null;
  // The table's text may add a permutation group after "; ": the answer is the verdict's part.
  const verdict = run.symmetry.split('; ')[0]!;
  return verdict.startsWith('found: ') ? `found ${verdict.slice('found: '.length)}` : verdict;
}

export interface SeedGroup {
  key: string;
  /** In the order the table lists them. */
  runs: RunSummary[];
  /** Ascending, whatever the table's order. */
  seeds: number[];
  /** Mean ± std over the runs that have each column: `best:<metric>` and `duration` (seconds). */
  stats: Record<string, SweepStat | null>;
  /** What the runs' verdicts said, most first, each of all the group's runs (foundText writes it). */
  found: SweepPoint['found'];
}

export type SeedRow = { kind: 'run'; run: RunSummary } | { kind: 'group'; group: SeedGroup };

/**
 * The table's rows with runs of one seed group gathered into a group row, placed where its first
 * run was listed; a run alone in its group stays a plain row. `metrics`: the best-value columns.
 */
export function seedRows(runs: readonly RunSummary[], metrics: readonly string[]): SeedRow[] {
  const byKey = new Map<string, RunSummary[]>();
  for (const r of runs) {
    const key = seedGroupKey(r);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const rows: SeedRow[] = [];
  const placed = new Set<string>();
  for (const r of runs) {
    const key = seedGroupKey(r);
    const members = byKey.get(key)!;
    if (members.length === 1) rows.push({ kind: 'run', run: r });
    else if (!placed.has(key)) {
      placed.add(key);
      rows.push({ kind: 'group', group: seedGroup(key, members, metrics) });
    }
  }
  return rows;
}

function seedGroup(key: string, runs: RunSummary[], metrics: readonly string[]): SeedGroup {
  const stats: Record<string, SweepStat | null> = { duration: stat(runs.map((r) => runDurationSeconds(r))) };
  for (const m of metrics) stats[`best:${m}`] = stat(runs.map((r) => r.best[m]));
  const counts = new Map<string, number>();
  for (const r of runs) {
    const answer = runAnswer(r);
    if (answer !== null) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  }
  const found = [...counts.entries()].map(([answer, n]) => ({ answer, seeds: n, of: runs.length })).sort((a, b) => b.seeds - a.seeds || a.answer.localeCompare(b.answer));
  return { key, runs, seeds: runs.map((r) => r.seed).sort((a, b) => a - b), stats, found };
}
