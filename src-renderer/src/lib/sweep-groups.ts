/**
 * The Runs view's grouping: the runs of a sweep under the sweep, per grid point with their seeds
 * and the point's statistics over seeds (sweeps.list: the sweep report's mean +- std and what the
 * seeds found); every other run in the plain table.
 */
import type { RunSummary, SweepPoint, SweepStat, SweepSummary } from '../../../src-main/api/schemas';
import { formatNumber } from './format';

export interface SeedRun {
  seed: number;
  task: number;
  runId: number | null;
  /** The run as the table lists it; null when it is not listed (archived, filtered out, not run). */
  run: RunSummary | null;
  status: string;
}

export interface PointGroup {
  point: SweepPoint;
  seeds: SeedRun[];
  best: boolean;
}

export interface SweepGroup {
  sweep: SweepSummary;
  points: PointGroup[];
  done: number;
  /** The datasets its listed runs trained on, by name. */
  datasets: string[];
}

/**
 * Runs of sweeps grouped by sweep (newest first) and grid point; `runs` is what the table shows
 * (after the filter): a sweep none of whose runs is shown is left out, and so, when `filtering`, is
 * a point none of whose seeds is.
 */
export function groupRuns(runs: RunSummary[], sweeps: SweepSummary[], filtering = false): { sweeps: SweepGroup[]; others: RunSummary[] } {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const inSweep = new Set(sweeps.flatMap((s) => s.points.flatMap((p) => p.seeds.map((x) => x.runId))));
  const groups = [...sweeps]
    .sort((a, b) => b.id - a.id)
    .map((sweep): SweepGroup => {
      const points = sweep.points.map((point): PointGroup => ({
        point,
        seeds: point.seeds.map((x) => {
          const run = x.runId !== null ? (byId.get(x.runId) ?? null) : null;
          return { seed: x.seed, task: x.task, runId: x.runId, run, status: run?.status ?? x.status };
        }),
        best: sweep.best?.point === point.point && sweep.points.length > 1,
      }));
      return {
        sweep,
        points: filtering ? points.filter((p) => p.seeds.some((x) => x.run)) : points,
        done: sweep.points.reduce((n, p) => n + p.done, 0),
        datasets: [...new Set(points.flatMap((p) => p.seeds.flatMap((x) => (x.run ? [x.run.datasetName] : []))))],
      };
    })
    .filter((g) => g.points.some((p) => p.seeds.some((x) => x.run)));
  return { sweeps: groups, others: runs.filter((r) => !inSweep.has(r.id)) };
}

/** `0.0123 ± 0.0045` (sample std over n seeds); a dash when no seed is done. Seed groups of the Runs view use it too. */
export function formatStat(s: SweepStat | undefined): string {
  if (!s) return '–';
  return s.n > 1 ? `${formatNumber(s.mean, 3)} ± ${formatNumber(s.std, 2)}` : `${formatNumber(s.mean, 3)} (1 seed)`;
}

/** What the seeds found: `so(2) 2/3, inconclusive 1/3`; a dash before any is done. */
export function foundText(point: Pick<SweepPoint, 'found'>): string {
  return point.found.map((f) => `${f.answer} ${f.seeds}/${f.of}`).join(', ') || '–';
}

/** The sweep's line: its size and how far it is. */
export function sweepHeadline(g: SweepGroup): string {
  const s = g.sweep;
  const datasets = new Set(s.points.map((p) => String(p.values.data ?? ''))).size;
  const size = `${s.points.length} grid point${s.points.length === 1 ? '' : 's'}${datasets > 1 ? ` (${datasets} datasets)` : ''} × ${s.seeds.length} seed${s.seeds.length === 1 ? '' : 's'}`;
  return `${g.datasets.length === 1 ? `on ${g.datasets[0]} · ` : ''}${size} = ${s.tasks} runs · ${g.done}/${s.tasks} done`;
}

/** What every run of the sweep was given: `epochs=2 model.hidden=32,32 backend=cpu`. */
export function fixedText(s: SweepSummary): string {
  return Object.entries(s.fixed).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') || 'defaults only';
}

/** A metric's column title: its dotted name and that the cell is over seeds. */
export const metricTitle = (m: string): string => `${m} (mean ± std over seeds)`;
