/** Metrics in long format: one row per (run, epoch, step, name). */
import type Database from 'better-sqlite3';
import type { MetricPoint } from '../types';

export class MetricsRepo {
  constructor(private readonly db: Database.Database) {}

  /** One epoch's values (e.g. every loss term); non-finite values are stored as NULL. */
  addEpoch(runId: number, epoch: number, values: Record<string, number | null>, step: number | null = null): void {
    const insert = this.db.prepare('INSERT INTO metrics (run_id, epoch, step, name, value) VALUES (?, ?, ?, ?, ?)');
    for (const [name, value] of Object.entries(values)) insert.run(runId, epoch, step, name, value !== null && Number.isFinite(value) ? value : null);
  }

  /** One metric over the run, by epoch. */
  series(runId: number, name: string): MetricPoint[] {
    return this.db.prepare('SELECT epoch, step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY epoch, step').all(runId, name) as MetricPoint[];
  }

  names(runId: number): string[] {
    return (this.db.prepare('SELECT DISTINCT name FROM metrics WHERE run_id = ? ORDER BY name').all(runId) as { name: string }[]).map((r) => r.name);
  }

  /** The last recorded value of every metric. */
  latest(runId: number): Record<string, number | null> {
    const rows = this.db
      .prepare(
        `SELECT m.name, m.value FROM metrics m
         JOIN (SELECT name, max(epoch) AS epoch FROM metrics WHERE run_id = ? GROUP BY name) last ON last.name = m.name AND last.epoch = m.epoch
         WHERE m.run_id = ? ORDER BY m.name`,
      )
      .all(runId, runId) as { name: string; value: number | null }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  /** The highest epoch with any metric (0 when none). */
  lastEpoch(runId: number): number {
    return (this.db.prepare('SELECT coalesce(max(epoch), 0) AS e FROM metrics WHERE run_id = ?').get(runId) as { e: number }).e;
  }

  /**
   * Forget what came after `epoch` (a run resumed from an earlier checkpoint records it again);
   * with `prefix`, only the metrics named so (one start of a run of several starts: `start.<i>.`).
   */
  deleteAfter(runId: number, epoch: number, prefix?: string): void {
    if (prefix === undefined) this.db.prepare('DELETE FROM metrics WHERE run_id = ? AND epoch > ?').run(runId, epoch);
    else this.db.prepare('DELETE FROM metrics WHERE run_id = ? AND epoch > ? AND substr(name, 1, ?) = ?').run(runId, epoch, prefix.length, prefix);
  }
}
