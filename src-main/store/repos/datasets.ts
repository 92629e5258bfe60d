/** Datasets: the DatasetRecord of every dataset a run trained on, one row per content hash. */
import type Database from 'better-sqlite3';
import type { DatasetRecord } from '../../data/record';
import type { StoredDataset } from '../types';

interface DatasetRow {
  id: number;
  record: string;
  created_at: string;
}

const toStored = (r: DatasetRow): StoredDataset => ({ id: r.id, record: JSON.parse(r.record) as DatasetRecord, createdAt: r.created_at });

export class DatasetsRepo {
  constructor(private readonly db: Database.Database) {}

  /** The id of the dataset with this content hash, inserting the record if it is new. */
  upsert(record: DatasetRecord): number {
    const existing = this.db.prepare('SELECT id FROM datasets WHERE content_hash = ?').get(record.contentHash) as { id: number } | undefined;
    if (existing) return existing.id;
    const info = this.db
      .prepare('INSERT INTO datasets (name, format, content_hash, sample_count, task, record, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(record.name, record.format, record.contentHash, record.sampleCount, record.task, JSON.stringify(record), new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  get(id: number): StoredDataset | null {
    const row = this.db.prepare('SELECT id, record, created_at FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    return row ? toStored(row) : null;
  }

  byHash(contentHash: string): StoredDataset | null {
    const row = this.db.prepare('SELECT id, record, created_at FROM datasets WHERE content_hash = ?').get(contentHash) as DatasetRow | undefined;
    return row ? toStored(row) : null;
  }

  list(): StoredDataset[] {
    return (this.db.prepare('SELECT id, record, created_at FROM datasets ORDER BY id').all() as DatasetRow[]).map(toStored);
  }

  /** How many runs trained (or will train) on this dataset. */
  runCount(id: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM runs WHERE dataset_id = ?').get(id) as { n: number }).n;
  }

  /**
   * Puts an edited record (a new content hash) in the row of `id`, which no run may refer to: a run
   * keeps the record it was trained on. Refuses a hash another row already holds.
   */
  replace(id: number, record: DatasetRecord): void {
    const used = this.runCount(id);
    if (used > 0) throw new Error(`dataset ${id} is used by ${used} run(s); store the edit as a new dataset`);
    const other = this.byHash(record.contentHash);
    if (other !== null && other.id !== id) throw new Error(`dataset ${other.id} already holds this content (hash ${record.contentHash.slice(0, 12)}...)`);
    this.db
      .prepare('UPDATE datasets SET name = ?, format = ?, content_hash = ?, sample_count = ?, task = ?, record = ? WHERE id = ?')
      .run(record.name, record.format, record.contentHash, record.sampleCount, record.task, JSON.stringify(record), id);
  }

  /** Delete a dataset no run refers to. */
  delete(id: number): void {
    const used = this.runCount(id);
    if (used > 0) throw new Error(`dataset ${id} is used by ${used} run(s): delete them first`);
    this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  }
}
