/** Experiments: named groups of runs. */
import type Database from 'better-sqlite3';
import type { Experiment } from '../types';

interface ExperimentRow {
  id: number;
  name: string;
  description: string;
  created_at: string;
}

const toExperiment = (r: ExperimentRow): Experiment => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at });

export class ExperimentsRepo {
  constructor(private readonly db: Database.Database) {}

  /** The experiment with this name, created if it does not exist. */
  ensure(name: string, description = ''): Experiment {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('an experiment needs a non-empty name');
    this.db.prepare('INSERT OR IGNORE INTO experiments (name, description, created_at) VALUES (?, ?, ?)').run(trimmed, description, new Date().toISOString());
    return toExperiment(this.db.prepare('SELECT * FROM experiments WHERE name = ?').get(trimmed) as ExperimentRow);
  }

  get(id: number): Experiment | null {
    const row = this.db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
    return row ? toExperiment(row) : null;
  }

  byName(name: string): Experiment | null {
    const row = this.db.prepare('SELECT * FROM experiments WHERE name = ?').get(name.trim()) as ExperimentRow | undefined;
    return row ? toExperiment(row) : null;
  }

  list(): Experiment[] {
    return (this.db.prepare('SELECT * FROM experiments ORDER BY id').all() as ExperimentRow[]).map(toExperiment);
  }

  /** Delete the group; its runs stay, without an experiment. */
  delete(id: number): void {
    this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id);
  }
}
