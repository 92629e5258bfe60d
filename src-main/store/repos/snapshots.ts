/** Basis snapshots per epoch: [k, d, d] float32 and per-generator strengths, stored as BLOBs. */
import type Database from 'better-sqlite3';
import type { Snapshot } from '../types';

interface SnapshotRow {
  epoch: number;
  k: number;
  d: number;
  basis: Buffer;
  strengths: Buffer | null;
}

/** Float32 view of a BLOB (copied: the Buffer may be unaligned or pooled). */
export function floatsFromBlob(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export const blobFromFloats = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export class SnapshotsRepo {
  constructor(private readonly db: Database.Database) {}

  put(runId: number, s: Snapshot): void {
    if (s.basis.length !== s.k * s.d * s.d) throw new Error(`snapshot of run ${runId}, epoch ${s.epoch}: basis has ${s.basis.length} values, expected k*d*d = ${s.k * s.d * s.d}`);
    if (s.strengths && s.strengths.length !== s.k) throw new Error(`snapshot of run ${runId}, epoch ${s.epoch}: ${s.strengths.length} strengths for k = ${s.k} generators`);
    this.db
      .prepare('INSERT OR REPLACE INTO snapshots (run_id, epoch, k, d, basis, strengths) VALUES (?, ?, ?, ?, ?, ?)')
      .run(runId, s.epoch, s.k, s.d, blobFromFloats(s.basis), s.strengths ? blobFromFloats(s.strengths) : null);
  }

  /** Every snapshot of a run, by epoch (what the app replays). */
  list(runId: number): Snapshot[] {
    return (this.db.prepare('SELECT epoch, k, d, basis, strengths FROM snapshots WHERE run_id = ? ORDER BY epoch').all(runId) as SnapshotRow[]).map(toSnapshot);
  }

  get(runId: number, epoch: number): Snapshot | null {
    const row = this.db.prepare('SELECT epoch, k, d, basis, strengths FROM snapshots WHERE run_id = ? AND epoch = ?').get(runId, epoch) as SnapshotRow | undefined;
    return row ? toSnapshot(row) : null;
  }

  latest(runId: number): Snapshot | null {
    const row = this.db.prepare('SELECT epoch, k, d, basis, strengths FROM snapshots WHERE run_id = ? ORDER BY epoch DESC LIMIT 1').get(runId) as SnapshotRow | undefined;
    return row ? toSnapshot(row) : null;
  }

  deleteAfter(runId: number, epoch: number): void {
    this.db.prepare('DELETE FROM snapshots WHERE run_id = ? AND epoch > ?').run(runId, epoch);
  }
}

function toSnapshot(r: SnapshotRow): Snapshot {
  return { epoch: r.epoch, k: r.k, d: r.d, basis: floatsFromBlob(r.basis), strengths: r.strengths ? floatsFromBlob(r.strengths) : null };
}
