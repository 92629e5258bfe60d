/**
 * A damaged workspace: `checkWorkspaceFile` reports what SQLite's integrity_check finds, and
 * `recoverWorkspace` copies every row that can still be read into a new workspace file (the
 * damaged one is left as it is), table by table, row by row where a table cannot be read whole.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from './migrations';
import { openWorkspace } from './workspace';

export interface CheckReport {
  file: string;
  ok: boolean;
  problems: string[];
}

export function checkWorkspaceFile(file: string): CheckReport {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new Error(`${abs}: no such workspace file`);
  const db = new Database(abs, { readonly: true, fileMustExist: true });
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check(100)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      problems = [e instanceof Error ? e.message : String(e)];
    }
    const ok = problems.length === 1 && problems[0] === 'ok';
    return { file: abs, ok, problems: ok ? [] : problems };
  } finally {
    db.close();
  }
}

export interface RecoverReport {
  from: string;
  to: string;
  /** Per table: rows copied, rows that could not be read. */
  tables: { name: string; copied: number; lost: number }[];
  /** Rows whose parent row was lost (e.g. metrics of a lost run), removed so the new file is consistent. */
  orphansRemoved: number;
}

/** Tables in the order their foreign keys need (parents first), as the current schema has them. */
function tablesOf(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string }[]).map((r) => r.name);
}

export function recoverWorkspace(from: string, to: string): RecoverReport {
  const src = path.resolve(from);
  const dst = path.resolve(to);
  if (!existsSync(src)) throw new Error(`${src}: no such workspace file`);
  if (existsSync(dst)) throw new Error(`--out ${dst}: already exists; recovery writes a new file`);
  const old = new Database(src, { readonly: true, fileMustExist: true });
  let version: number;
  try {
    version = old.pragma('user_version', { simple: true }) as number;
  } finally {
    old.close();
  }
  if (version !== SCHEMA_VERSION) throw new Error(`${src}: schema version ${version}; recovery copies from version ${SCHEMA_VERSION} (open it with this version's semola first, if it opens)`);

  const fresh = openWorkspace(dst);
  const db = fresh.db;
  const report: RecoverReport = { from: src, to: dst, tables: [], orphansRemoved: 0 };
  try {
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS damaged').run(src);
    for (const table of tablesOf(db)) {
      const columns = (db.prepare(`PRAGMA main.table_info("${table}")`).all() as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
      const copyAll = `INSERT OR IGNORE INTO main."${table}" (${columns}) SELECT ${columns} FROM damaged."${table}"`;
      let copied = 0;
      let lost = 0;
      try {
        copied = db.transaction(() => db.prepare(copyAll).run().changes)();
      } catch {
        // Row by row over the rowids the table could hold; unreadable rows are counted as lost.
        let max = 0;
        try {
          max = (db.prepare(`SELECT max(rowid) AS m FROM damaged."${table}"`).get() as { m: number | null }).m ?? 0;
        } catch {
          max = 0;
        }
        const one = db.prepare(`${copyAll} WHERE rowid = ?`);
        const exists = db.prepare(`SELECT 1 FROM damaged."${table}" WHERE rowid = ?`);
        for (let rowid = 1; rowid <= max; rowid++) {
          try {
            if (exists.get(rowid) === undefined) continue;
            copied += one.run(rowid).changes;
          } catch {
            lost++;
          }
        }
      }
      report.tables.push({ name: table, copied, lost });
    }
    db.prepare('DETACH DATABASE damaged').run();
    // Rows pointing at a lost parent go, so the new file passes foreign_key_check.
    for (;;) {
      const orphans = db.pragma('foreign_key_check') as { table: string; rowid: number }[];
      if (orphans.length === 0) break;
      for (const o of orphans) db.prepare(`DELETE FROM "${o.table}" WHERE rowid = ?`).run(o.rowid);
      report.orphansRemoved += orphans.length;
    }
    db.pragma('foreign_keys = ON');
    return report;
  } finally {
    fresh.close();
  }
}
