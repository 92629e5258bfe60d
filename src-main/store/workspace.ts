/**
 * A workspace: one SQLite file (WAL, foreign keys on) holding datasets, experiments, runs, their
 * metrics, basis snapshots, checkpoints, tags and notes. Open it with `openWorkspace`; the
 * repositories on the returned object are the only code that writes SQL.
 *
 * Crash safety: every write goes through a transaction; WAL with synchronous=NORMAL keeps every
 * committed transaction when a process is killed (only a power loss may drop the last ones).
 * At open, runs left `running`/`queued` by a process that no longer exists become `interrupted`.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, SCHEMA_VERSION } from './migrations';
import { NotesRepo, TagsRepo } from './repos/annotations';
import { ArtifactsRepo } from './repos/artifacts';
import { DatasetsRepo } from './repos/datasets';
import { ExperimentsRepo } from './repos/experiments';
import { MetricsRepo } from './repos/metrics';
import { RunsRepo } from './repos/runs';
import { SettingsRepo } from './repos/settings';
import { SnapshotsRepo } from './repos/snapshots';
import { SweepsRepo } from './repos/sweeps';

export interface OpenOptions {
  /** Is the process with this pid still running? (Default: `process.kill(pid, 0)`.) */
  isAlive?: (pid: number) => boolean;
  /** Skip marking orphaned runs `interrupted` (read-only inspection). */
  skipRecovery?: boolean;
  /** The application version recorded with each run this workspace creates (the store does not know the app; default "unknown"). */
  appVersion?: string;
}

/** SQLite's quick_check of an open database: 'ok' or what is wrong (first lines). */
export function quickCheck(db: Database.Database): string {
  return (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check).join('; ');
}

export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Workspace {
  readonly file: string;
  readonly db: Database.Database;
  readonly datasets: DatasetsRepo;
  readonly experiments: ExperimentsRepo;
  readonly sweeps: SweepsRepo;
  readonly runs: RunsRepo;
  readonly metrics: MetricsRepo;
  readonly snapshots: SnapshotsRepo;
  readonly artifacts: ArtifactsRepo;
  readonly tags: TagsRepo;
  readonly notes: NotesRepo;
  readonly settings: SettingsRepo;
  /** Runs this open found orphaned and marked `interrupted`. */
  readonly recovered: number[];
  /** Migrations this open applied (empty when the file was current). */
  readonly migrated: number[];

  constructor(file: string, db: Database.Database, opts: OpenOptions) {
    this.file = file;
    this.db = db;
    this.migrated = migrate(db, file);
    this.datasets = new DatasetsRepo(db);
    this.experiments = new ExperimentsRepo(db);
    this.sweeps = new SweepsRepo(db, file);
    this.runs = new RunsRepo(db, file, opts.appVersion ?? 'unknown');
    this.metrics = new MetricsRepo(db);
    this.snapshots = new SnapshotsRepo(db);
    this.artifacts = new ArtifactsRepo(db);
    this.tags = new TagsRepo(db);
    this.notes = new NotesRepo(db);
    this.settings = new SettingsRepo(db);
    this.recovered = opts.skipRecovery ? [] : this.runs.markInterrupted(opts.isAlive ?? processIsAlive);
  }

  /** Run `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Open (creating it and its folder if needed) and migrate the workspace at `file`. */
export function openWorkspace(file: string, opts: OpenOptions = {}): Workspace {
  const abs = path.resolve(file);
  mkdirSync(path.dirname(abs), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(abs);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
  } catch (e) {
    throw new Error(`${abs}: cannot open as a workspace (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    // A damaged file is refused before anything reads or writes it: answers from it could be wrong
    // and writes could spread the damage. `semola workspace check` / `recover` handle it.
    let check: string;
    try {
      check = quickCheck(db);
    } catch (e) {
      check = e instanceof Error ? e.message : String(e);
    }
    if (check !== 'ok') {
      throw new Error(
        `${abs}: the workspace is damaged (quick_check: ${check.slice(0, 300)}); nothing was read or written. ` +
          `See \`semola workspace check --workspace ${abs}\`; \`semola workspace recover --workspace ${abs} --out NEW.sqlite\` copies what is readable into a new file`,
      );
    }
    return new Workspace(abs, db, opts);
  } catch (e) {
    db.close();
    throw e;
  }
}

export { SCHEMA_VERSION };
