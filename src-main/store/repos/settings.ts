/** Workspace settings: one JSON value by name (the trainer-process budget `parallel`, ...). */
import type Database from 'better-sqlite3';

export class SettingsRepo {
  constructor(private readonly db: Database.Database) {}

  /** The saved value, or undefined when the setting was never saved (or was cleared). */
  get(name: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE name = ?').get(name) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  set(name: string, value: unknown): void {
    if (value === undefined) throw new Error(`setting ${name}: no value to save (clear it instead)`);
    this.db
      .prepare('INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(name, JSON.stringify(value), new Date().toISOString());
  }

  /** Back to the default: the setting is no longer saved. */
  clear(name: string): void {
    this.db.prepare('DELETE FROM settings WHERE name = ?').run(name);
  }
}
