/**
 * Opening a workspace: a new file gets the whole schema, a version-1 file (written here with the
 * version-1 DDL as it shipped) is upgraded in place with its data kept, and files the store cannot
 * own are refused with their path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openWorkspace, SCHEMA_VERSION } from '../../src-main/store/index';
import { storedSummaryJson } from '../fixtures/stored-summary';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The version-1 schema, frozen: a copy of what version-1 workspaces on disk contain. */
const V1_DDL = `
CREATE TABLE datasets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, format TEXT NOT NULL, content_hash TEXT NOT NULL UNIQUE,
  sample_count INTEGER NOT NULL, task TEXT NOT NULL, record TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE experiments (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE RESTRICT, name TEXT, method TEXT NOT NULL, seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'canceled', 'interrupted')),
  request TEXT NOT NULL, config TEXT, backend TEXT, backend_detail TEXT, versions TEXT, app_version TEXT NOT NULL,
  dataset_hash TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, epochs INTEGER NOT NULL,
  epochs_done INTEGER NOT NULL DEFAULT 0, error TEXT, summary TEXT, owner_pid INTEGER, trainer_pid INTEGER);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_experiment ON runs(experiment_id);
CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL, step INTEGER,
  name TEXT NOT NULL, value REAL);
CREATE INDEX metrics_run_name_epoch ON metrics(run_id, name, epoch);
CREATE TABLE snapshots (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL, k INTEGER NOT NULL,
  d INTEGER NOT NULL, basis BLOB NOT NULL, strengths BLOB, PRIMARY KEY (run_id, epoch));
CREATE TABLE artifacts (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, kind TEXT NOT NULL,
  epoch INTEGER, name TEXT NOT NULL, media_type TEXT NOT NULL, bytes BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX artifacts_run_kind ON artifacts(run_id, kind, epoch);
PRAGMA user_version = 1;
`;

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('workspace migrations', () => {
  it('numbers the migrations 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates the whole schema in an empty file, with WAL and foreign keys on', () => {
    const file = path.join(dir, 'nested', 'folder', 'new.sqlite');
    const ws = openWorkspace(file);
    expect(ws.migrated).toEqual(MIGRATIONS.map((m) => m.version));
    expect(ws.schemaVersion).toBe(SCHEMA_VERSION);
    expect(tables(ws.db)).toEqual(['artifacts', 'datasets', 'experiments', 'metrics', 'notes', 'runs', 'settings', 'snapshots', 'tags']);
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.integrityCheck()).toBe('ok');
    ws.close();
    // Opening again applies nothing.
    const again = openWorkspace(file);
    expect(again.migrated).toEqual([]);
    again.close();
  });

  it('upgrades a version-1 file in place and keeps its runs and metrics', () => {
    const file = path.join(dir, 'v1.sqlite');
    const old = new Database(file);
    old.exec(V1_DDL);
    old.prepare(`INSERT INTO runs (id, method, seed, status, request, app_version, created_at, epochs, epochs_done, summary)
      VALUES (7, 'semola', 3, 'done', '{"data":"builtin:nbody2","config":{}}', '0.0.9', '2024-01-01T00:00:00.000Z', 2, 2, ?)`).run(JSON.stringify(storedSummaryJson()));
    old.prepare("INSERT INTO metrics (run_id, epoch, name, value) VALUES (7, 1, 'loss.total', 0.5), (7, 2, 'loss.total', 0.25)").run();
    old.prepare("INSERT INTO artifacts (run_id, kind, epoch, name, media_type, bytes, created_at) VALUES (7, 'checkpoint', 2, 'checkpoint-epoch-2', 'application/x-semola-checkpoint', x'0102', '2024-01-01T00:00:00.000Z')").run();
    old.close();

    const ws = openWorkspace(file);
    expect(ws.migrated).toEqual([2, 3, 4, 5, 6]);
    // Version 4: a checkpoint written before it is the run's own (no start).
    expect(ws.artifacts.checkpoints(7).map((c) => [c.epoch, c.start, Array.from(c.bytes)])).toEqual([[2, null, [1, 2]]]);
    expect(ws.schemaVersion).toBe(SCHEMA_VERSION);
    const run = ws.runs.require(7);
    expect(run).toMatchObject({ status: 'done', seed: 3, appVersion: '0.0.9', archivedAt: null, summary: { schemaVersion: 1 }, summaryError: null, sweepTask: null, gridPoint: null });
    // Version 5: experiments are groups unless made as sweeps; an old file has no sweeps.
    expect(ws.sweeps.list()).toEqual([]);
    expect(run.request).toEqual({ data: 'builtin:nbody2', config: {} });
    expect(ws.metrics.series(7, 'loss.total').map((p) => p.value)).toEqual([0.5, 0.25]);
    // What version 2 added works on the upgraded file.
    ws.tags.add(7, 'baseline');
    ws.notes.set(7, '# first run\nkept after the upgrade');
    ws.runs.archive(7);
    expect(ws.runs.list({ tag: 'baseline', archived: true }).map((r) => r.id)).toEqual([7]);
    expect(ws.notes.get(7)!.markdown).toContain('kept after the upgrade');
    // Version 6: an old file has no saved settings; one saved now is read back.
    expect(ws.settings.get('parallel')).toBeUndefined();
    ws.settings.set('parallel', 3);
    expect(ws.settings.get('parallel')).toBe(3);
    expect(ws.integrityCheck()).toBe('ok');
    ws.close();
  });

  it('refuses a file from a newer version, an SQLite file of another program and a non-database, naming the file', () => {
    const newer = path.join(dir, 'newer.sqlite');
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openWorkspace(newer)).toThrow(new RegExp(`${newer}: workspace schema version ${SCHEMA_VERSION + 1} is newer`));

    const foreign = path.join(dir, 'foreign.sqlite');
    const fdb = new Database(foreign);
    fdb.exec('CREATE TABLE songs (title TEXT)');
    fdb.close();
    expect(() => openWorkspace(foreign)).toThrow(/foreign\.sqlite: an SQLite file that is not a SEMoLA workspace/);

    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'this is not a database, just some text that is long enough to have a header '.repeat(20));
    expect(() => openWorkspace(text)).toThrow(/notes\.txt: cannot open as a workspace/);
  });
});
