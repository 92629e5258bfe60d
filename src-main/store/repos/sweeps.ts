/** Sweeps: experiments of kind `sweep`, holding their expanded spec and their executor's record. */
import type Database from 'better-sqlite3';
import type { Sweep, SweepExecutorName, SweepSpecStored } from '../types';

interface SweepRow {
  id: number;
  name: string;
  description: string;
  created_at: string;
  kind: string;
  spec: string | null;
  executor: string | null;
  executor_state: string | null;
}

const toSweep = (r: SweepRow): Sweep => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: r.created_at,
  spec: JSON.parse(r.spec ?? '{}') as SweepSpecStored,
  executor: (r.executor ?? 'local') as SweepExecutorName,
  executorState: JSON.parse(r.executor_state ?? '{}') as Record<string, unknown>,
});

export class SweepsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {}

  /** A new sweep; its name gets " (2)", " (3)", ... when another experiment has it already. */
  create(name: string, description: string, spec: SweepSpecStored, executor: SweepExecutorName, executorState: Record<string, unknown> = {}): Sweep {
    const base = name.trim() || 'sweep';
    let unique = base;
    for (let i = 2; this.db.prepare('SELECT 1 FROM experiments WHERE name = ?').get(unique); i++) unique = `${base} (${i})`;
    const info = this.db
      .prepare("INSERT INTO experiments (name, description, created_at, kind, spec, executor, executor_state) VALUES (?, ?, ?, 'sweep', ?, ?, ?)")
      .run(unique, description, new Date().toISOString(), JSON.stringify(spec), executor, JSON.stringify(executorState));
    return this.require(Number(info.lastInsertRowid));
  }

  get(id: number): Sweep | null {
    const row = this.db.prepare("SELECT * FROM experiments WHERE id = ? AND kind = 'sweep'").get(id) as SweepRow | undefined;
    return row ? toSweep(row) : null;
  }

  /** The sweep, or an error naming the id and the workspace file. */
  require(id: number): Sweep {
    const sweep = this.get(id);
    if (!sweep) throw new Error(`sweep ${id} not found in workspace ${this.file} (\`semola sweep list\` lists them)`);
    return sweep;
  }

  list(): Sweep[] {
    return (this.db.prepare("SELECT * FROM experiments WHERE kind = 'sweep' ORDER BY id").all() as SweepRow[]).map(toSweep);
  }

  setExecutorState(id: number, state: Record<string, unknown>): void {
    this.db.prepare("UPDATE experiments SET executor_state = ? WHERE id = ? AND kind = 'sweep'").run(JSON.stringify(state), id);
  }
}
