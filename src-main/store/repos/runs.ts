/** Runs: creation, status transitions, listing, deletion and archiving. */
import type Database from 'better-sqlite3';
import { readSummaryText, type Summary } from '../../summary/schema';
import { faultPoint } from '../fault-point';
import { RESUMABLE_STATUSES, type GridPoint, type NewRun, type RunFilter, type RunRecord, type RunStart, type RunStartState, type RunStatus } from '../types';

interface RunRow {
  id: number;
  experiment_id: number | null;
  dataset_id: number | null;
  name: string | null;
  method: string;
  seed: number;
  status: RunStatus;
  request: string;
  config: string | null;
  backend: string | null;
  backend_detail: string | null;
  versions: string | null;
  app_version: string;
  dataset_hash: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  epochs: number;
  epochs_done: number;
  error: string | null;
  summary: string | null;
  owner_pid: number | null;
  trainer_pid: number | null;
  archived_at: string | null;
  starts: string | null;
  sweep_task: number | null;
  grid_point: string | null;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * The one place a stored summary is parsed: through the summary schema. One that cannot be read
 * (damaged, or of another schema version) is no summary plus the reason, so the run still lists.
 */
function storedSummary(id: number, text: string | null): { summary: Summary | null; summaryError: string | null } {
  if (text === null) return { summary: null, summaryError: null };
  const read = readSummaryText(text);
  return read.ok ? { summary: read.summary, summaryError: null } : { summary: null, summaryError: `summary of run ${id} cannot be read: ${read.reason}` };
}

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    experimentId: r.experiment_id,
    datasetId: r.dataset_id,
    name: r.name,
    method: r.method,
    seed: r.seed,
    status: r.status,
    request: JSON.parse(r.request) as RunRecord['request'],
    config: json(r.config),
    backend: r.backend,
    backendDetail: r.backend_detail,
    versions: json(r.versions),
    appVersion: r.app_version,
    datasetHash: r.dataset_hash,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    epochs: r.epochs,
    epochsDone: r.epochs_done,
    error: r.error,
    ...storedSummary(r.id, r.summary),
    ownerPid: r.owner_pid,
    trainerPid: r.trainer_pid,
    archivedAt: r.archived_at,
    starts: json(r.starts),
    sweepTask: r.sweep_task ?? null,
    gridPoint: json(r.grid_point ?? null),
  };
}

const now = (): string => new Date().toISOString();

export class RunsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly appVersion: string,
  ) {}

  create(run: NewRun): RunRecord {
    const info = this.db
      .prepare(
        `INSERT INTO runs (experiment_id, dataset_id, name, method, seed, status, request, app_version, created_at, epochs, owner_pid)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
      )
      .run(run.experimentId ?? null, run.datasetId ?? null, run.name ?? null, run.method, run.seed, JSON.stringify(run.request), this.appVersion, now(), run.epochs, run.ownerPid ?? process.pid);
    return this.require(Number(info.lastInsertRowid));
  }

  get(id: number): RunRecord | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The run, or an error naming the id and the workspace file. */
  require(id: number): RunRecord {
    const run = this.get(id);
    if (!run) throw new Error(`run ${id} not found in workspace ${this.file}`);
    return run;
  }

  /** Newest first. */
  list(filter: RunFilter = {}): RunRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.experimentId !== undefined) {
      where.push('experiment_id = ?');
      args.push(filter.experimentId);
    }
    if (filter.tag) {
      where.push('id IN (SELECT run_id FROM tags WHERE tag = ?)');
      args.push(filter.tag);
    }
    const archived = filter.archived ?? false;
    if (archived !== 'all') where.push(archived ? 'archived_at IS NOT NULL' : 'archived_at IS NULL');
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC ${filter.limit ? `LIMIT ${Math.max(1, Math.floor(filter.limit))}` : ''}`;
    return (this.db.prepare(sql).all(...args) as RunRow[]).map(toRecord);
  }

  /** A trainer took the run: it is `running`, written by `ownerPid`, trained in `trainerPid`. */
  markRunning(id: number, ownerPid: number, trainerPid: number | null): void {
    this.transition(id, ['queued'], 'running', 'started_at = ?, owner_pid = ?, trainer_pid = ?, error = NULL', [now(), ownerPid, trainerPid]);
  }

  /** What the trainer reported once it loaded the data and picked a backend. */
  recordStart(id: number, s: RunStart): void {
    this.db
      .prepare('UPDATE runs SET config = ?, backend = ?, backend_detail = ?, versions = ?, dataset_hash = ?, dataset_id = ? WHERE id = ?')
      .run(JSON.stringify(s.config), s.backend, s.backendDetail, JSON.stringify(s.versions), s.datasetHash, s.datasetId, id);
  }

  setEpochsDone(id: number, epochs: number): void {
    this.db.prepare('UPDATE runs SET epochs_done = ? WHERE id = ?').run(epochs, id);
  }

  /** A run of several starts: where each start stands (replaced as a whole). */
  setStarts(id: number, starts: readonly RunStartState[]): void {
    this.db.prepare('UPDATE runs SET starts = ? WHERE id = ?').run(JSON.stringify(starts), id);
  }

  finish(id: number, summary: unknown): void {
    // Where the fault-injection tests fill the disk just before a finished run is recorded.
    faultPoint('run-finish', String(id));
    this.transition(id, ['running'], 'done', 'finished_at = ?, summary = ?, error = NULL, trainer_pid = NULL', [now(), JSON.stringify(summary)]);
  }

  fail(id: number, reason: string): void {
    this.transition(id, ['queued', 'running'], 'failed', 'finished_at = ?, error = ?, trainer_pid = NULL', [now(), reason]);
  }

  cancel(id: number): void {
    this.transition(id, ['queued', 'running'], 'canceled', 'finished_at = ?, error = NULL, trainer_pid = NULL', [now()]);
  }

  /** The writer stopped the run on purpose to continue it later (e.g. the app quitting mid-run). */
  interrupt(id: number): void {
    this.transition(id, ['queued', 'running'], 'interrupted', 'trainer_pid = NULL', []);
  }

  /** Back to `queued` to continue from its last checkpoint, written by `ownerPid`. */
  requeue(id: number, ownerPid: number = process.pid): void {
    this.transition(id, RESUMABLE_STATUSES, 'queued', 'finished_at = NULL, error = NULL, owner_pid = ?, trainer_pid = NULL', [ownerPid]);
  }

  /**
   * Runs left `running` or `queued` by a process that no longer exists become `interrupted` (a
   * process killed mid-run cannot say so itself). Runs owned by a live process are left alone, so
   * two processes may share a workspace. Returns the ids marked.
   */
  markInterrupted(isAlive: (pid: number) => boolean): number[] {
    const open = this.db.prepare("SELECT id, owner_pid FROM runs WHERE status IN ('running', 'queued')").all() as { id: number; owner_pid: number | null }[];
    const dead = open.filter((r) => r.owner_pid === null || !isAlive(r.owner_pid)).map((r) => r.id);
    const mark = this.db.prepare("UPDATE runs SET status = 'interrupted', trainer_pid = NULL WHERE id = ? AND status IN ('running', 'queued')");
    this.db.transaction(() => dead.forEach((id) => mark.run(id)))();
    return dead;
  }

  /** Delete a run and everything recorded for it (metrics, snapshots, checkpoints, tags, notes). */
  delete(id: number): void {
    const run = this.require(id);
    if (run.status === 'running' || run.status === 'queued') throw new Error(`run ${id} is ${run.status}: cancel it before deleting it`);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
  }

  archive(id: number, archived = true): void {
    this.require(id);
    this.db.prepare('UPDATE runs SET archived_at = ? WHERE id = ?').run(archived ? now() : null, id);
  }

  /** A sweep's run: which task of the sweep it is and the grid point it trains. */
  setSweepTask(id: number, task: number, point: GridPoint): void {
    this.db.prepare('UPDATE runs SET sweep_task = ?, grid_point = ? WHERE id = ?').run(task, JSON.stringify(point), id);
  }

  /** The run of task `task` of sweep `sweepId`, if there is one. */
  sweepTask(sweepId: number, task: number): RunRecord | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE experiment_id = ? AND sweep_task = ?').get(sweepId, task) as RunRow | undefined;
    return row ? toRecord(row) : null;
  }

  setExperiment(id: number, experimentId: number | null): void {
    this.db.prepare('UPDATE runs SET experiment_id = ? WHERE id = ?').run(experimentId, id);
  }

  private transition(id: number, from: readonly RunStatus[], to: RunStatus, set: string, args: unknown[]): void {
    const info = this.db
      .prepare(`UPDATE runs SET status = ?, ${set} WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`)
      .run(to, ...args, id, ...from);
    if (info.changes === 0) {
      const run = this.require(id);
      throw new Error(`run ${id} is ${run.status}; it cannot become ${to} (only a ${from.join(' or ')} run can)`);
    }
  }
}
