/** Tags and markdown notes on runs. */
import type Database from 'better-sqlite3';

export class TagsRepo {
  constructor(private readonly db: Database.Database) {}

  add(runId: number, tag: string): void {
    const t = tag.trim();
    if (!t) throw new Error('a tag must not be empty');
    this.db.prepare('INSERT OR IGNORE INTO tags (run_id, tag) VALUES (?, ?)').run(runId, t);
  }

  remove(runId: number, tag: string): void {
    this.db.prepare('DELETE FROM tags WHERE run_id = ? AND tag = ?').run(runId, tag.trim());
  }

  list(runId: number): string[] {
    return (this.db.prepare('SELECT tag FROM tags WHERE run_id = ? ORDER BY tag').all(runId) as { tag: string }[]).map((r) => r.tag);
  }

  /** Every tag in the workspace with its number of runs. */
  all(): { tag: string; runs: number }[] {
    return this.db.prepare('SELECT tag, count(*) AS runs FROM tags GROUP BY tag ORDER BY tag').all() as { tag: string; runs: number }[];
  }
}

export class NotesRepo {
  constructor(private readonly db: Database.Database) {}

  /** Replace the run's note; an empty text removes it. */
  set(runId: number, markdown: string): void {
    if (markdown.trim() === '') {
      this.db.prepare('DELETE FROM notes WHERE run_id = ?').run(runId);
      return;
    }
    this.db.prepare('INSERT INTO notes (run_id, markdown, updated_at) VALUES (?, ?, ?) ON CONFLICT(run_id) DO UPDATE SET markdown = excluded.markdown, updated_at = excluded.updated_at').run(runId, markdown, new Date().toISOString());
  }

  get(runId: number): { markdown: string; updatedAt: string } | null {
    const row = this.db.prepare('SELECT markdown, updated_at FROM notes WHERE run_id = ?').get(runId) as { markdown: string; updated_at: string } | undefined;
    return row ? { markdown: row.markdown, updatedAt: row.updated_at } : null;
  }
}
