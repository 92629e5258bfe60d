/** Columns of the runs table computed from a run's record: when it started, how long it took, its k. */
import type { RunSummary } from '../../../src-main/api/schemas';

/** Seconds from start to finish; a running run counts up to `now`; null before it starts. */
export function runDurationSeconds(run: RunSummary, now = Date.now()): number | null {
  if (!run.startedAt) return null;
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : run.status === 'running' ? now : Number.NaN;
  const seconds = (end - start) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** "2026-12-05 21:40" in the viewer's time zone. */
export function runDate(run: RunSummary): string {
  const t = new Date(run.createdAt);
  if (Number.isNaN(t.getTime())) return '–';
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}`;
}

export function runK(run: RunSummary): number | null {
  const k = run.settings.k;
  return typeof k === 'number' ? k : null;
}

/** Sort values of the columns that are not plain fields of the record (missing: undefined, sorted last). */
export const COLUMN_VALUES: Record<string, (run: RunSummary) => number | string | undefined> = {
  duration: (r) => runDurationSeconds(r) ?? undefined,
  k: (r) => runK(r) ?? undefined,
  epochs: (r) => r.epochsDone,
  symmetry: (r) => r.symmetry ?? undefined,
  tags: (r) => (r.tags.length > 0 ? r.tags.join(', ').toLowerCase() : undefined),
  note: (r) => (r.note !== '' ? r.note.toLowerCase() : undefined),
};
