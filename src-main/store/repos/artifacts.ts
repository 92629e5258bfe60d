/**
 * Checkpoints, model weights and exports of a run, as BLOBs inside the workspace file: one
 * transaction writes them atomically, so a process killed mid-write leaves the previous checkpoint
 * intact (files beside the database would need their own rename dance and cleanup on delete).
 * The last two checkpoints of a run are kept, so a damaged latest one falls back to the one before.
 */
import type Database from 'better-sqlite3';
import type { Artifact, ArtifactInfo, ArtifactKind } from '../types';

interface ArtifactRow {
  id: number;
  run_id: number;
  kind: ArtifactKind;
  epoch: number | null;
  name: string;
  media_type: string;
  size: number;
  created_at: string;
  bytes?: Buffer;
}

const INFO = 'id, run_id, kind, epoch, name, media_type, length(bytes) AS size, created_at';

function toInfo(r: ArtifactRow): ArtifactInfo {
  return { id: r.id, runId: r.run_id, kind: r.kind, epoch: r.epoch, name: r.name, mediaType: r.media_type, size: r.size, createdAt: r.created_at };
}

function toArtifact(r: ArtifactRow): Artifact {
  return { ...toInfo(r), bytes: new Uint8Array(r.bytes!) };
}

export const CHECKPOINT_MEDIA_TYPE = 'application/x-semola-checkpoint';

export class ArtifactsRepo {
  constructor(private readonly db: Database.Database) {}

  put(runId: number, a: { kind: ArtifactKind; name: string; mediaType: string; bytes: Uint8Array; epoch?: number | null }): number {
    const info = this.db
      .prepare('INSERT INTO artifacts (run_id, kind, epoch, name, media_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(runId, a.kind, a.epoch ?? null, a.name, a.mediaType, Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength), new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  /** Store the checkpoint after `epoch`, keeping the one before it and dropping older ones (call inside a transaction). */
  putCheckpoint(runId: number, epoch: number, bytes: Uint8Array): number {
    this.db
      .prepare(
        "DELETE FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' AND (epoch >= ? OR id NOT IN (SELECT id FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' AND epoch < ? ORDER BY epoch DESC, id DESC LIMIT 1))",
      )
      .run(runId, epoch, runId, epoch);
    return this.put(runId, { kind: 'checkpoint', name: `checkpoint-epoch-${epoch}`, mediaType: CHECKPOINT_MEDIA_TYPE, bytes, epoch });
  }

  latestCheckpoint(runId: number): Artifact | null {
    return this.checkpoints(runId)[0] ?? null;
  }

  /** The run's checkpoints, newest first (at most two). */
  checkpoints(runId: number): Artifact[] {
    const rows = this.db.prepare("SELECT *, length(bytes) AS size FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' ORDER BY epoch DESC, id DESC").all(runId) as ArtifactRow[];
    return rows.map(toArtifact);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM artifacts WHERE id = ?').run(id);
  }

  list(runId: number): ArtifactInfo[] {
    return (this.db.prepare(`SELECT ${INFO} FROM artifacts WHERE run_id = ? ORDER BY id`).all(runId) as ArtifactRow[]).map(toInfo);
  }

  get(id: number): Artifact | null {
    const row = this.db.prepare('SELECT *, length(bytes) AS size FROM artifacts WHERE id = ?').get(id) as ArtifactRow | undefined;
    return row ? toArtifact(row) : null;
  }
}
