/**
 * The workspace schema as an ordered list of migrations. `PRAGMA user_version` holds the number of
 * migrations applied; opening a file applies the missing ones in order, each in its own
 * transaction, so an older workspace is upgraded in place and a crash mid-upgrade leaves the file at
 * the last complete version. Never edit a published migration: add a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'datasets, experiments, runs, metrics, snapshots, artifacts',
    sql: `
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        format TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        sample_count INTEGER NOT NULL,
        task TEXT NOT NULL,
        record TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE RESTRICT,
        name TEXT,
        method TEXT NOT NULL,
        seed INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'canceled', 'interrupted')),
        request TEXT NOT NULL,
        config TEXT,
        backend TEXT,
        backend_detail TEXT,
        versions TEXT,
        app_version TEXT NOT NULL,
        dataset_hash TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        epochs INTEGER NOT NULL,
        epochs_done INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        summary TEXT,
        owner_pid INTEGER,
        trainer_pid INTEGER
      );
      CREATE INDEX runs_status ON runs(status);
      CREATE INDEX runs_experiment ON runs(experiment_id);
      CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        step INTEGER,
        name TEXT NOT NULL,
        value REAL
      );
      CREATE INDEX metrics_run_name_epoch ON metrics(run_id, name, epoch);
      CREATE TABLE snapshots (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        k INTEGER NOT NULL,
        d INTEGER NOT NULL,
        basis BLOB NOT NULL,
        strengths BLOB,
        PRIMARY KEY (run_id, epoch)
      );
      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        epoch INTEGER,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        bytes BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX artifacts_run_kind ON artifacts(run_id, kind, epoch);
    `,
  },
  {
    version: 2,
    description: 'tags, markdown notes and archiving of runs',
    sql: `
      CREATE TABLE tags (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
      );
      CREATE INDEX tags_tag ON tags(tag);
      CREATE TABLE notes (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        markdown TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      ALTER TABLE runs ADD COLUMN archived_at TEXT;
    `,
  },
  {
    version: 3,
    description: 'the starts of a run of several starts (JSON: per start its seed, progress and result)',
    sql: `
      ALTER TABLE runs ADD COLUMN starts TEXT;
    `,
  },
  {
    version: 4,
    description: 'artifacts of one start of a run of several starts (its checkpoints and, once finished, its summary)',
    sql: `
      ALTER TABLE artifacts ADD COLUMN start INTEGER;
    `,
  },
  {
    version: 5,
    description: 'sweeps: an experiment of kind sweep holds its spec and executor; its runs carry their task and grid point',
    sql: `
      ALTER TABLE experiments ADD COLUMN kind TEXT NOT NULL DEFAULT 'group';
      ALTER TABLE experiments ADD COLUMN spec TEXT;
      ALTER TABLE experiments ADD COLUMN executor TEXT;
      ALTER TABLE experiments ADD COLUMN executor_state TEXT;
      ALTER TABLE runs ADD COLUMN sweep_task INTEGER;
      ALTER TABLE runs ADD COLUMN grid_point TEXT;
      CREATE UNIQUE INDEX runs_sweep_task ON runs(experiment_id, sweep_task) WHERE sweep_task IS NOT NULL;
    `,
  },
  {
    version: 6,
    description: 'workspace settings (JSON by name), e.g. the trainer-process budget `parallel`',
    sql: `
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Bring `db` to `target` (default: the latest version). Returns the versions applied.
 * Refuses a file written by a newer version and an SQLite file that is not a workspace.
 */
export function migrate(db: Database.Database, file: string, target = SCHEMA_VERSION): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`${file}: workspace schema version ${current} is newer than this version of SEMoLA Workbench understands (${SCHEMA_VERSION}); open it with a newer release`);
  }
  if (current === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new Error(`${file}: an SQLite file that is not a SEMoLA workspace (it has tables but no workspace schema version)`);
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
