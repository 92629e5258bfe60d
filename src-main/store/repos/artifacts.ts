/**
 * Checkpoints, model weights and exports of a run, as BLOBs inside the workspace file: one
 * transaction writes them atomically, so a process killed mid-write leaves the previous checkpoint
 * intact (files beside the database would need their own rename dance and cleanup on delete).
 * The last two checkpoints of a run are kept, so a damaged latest one falls back to the one before.
 * A run of several starts keeps them per start (`start` set), and each finished start's summary.
 */
import type Database from 'better-sqlite3';
import type { Artifact, ArtifactInfo, ArtifactKind } from '../types';
import { faultPoint } from '../fault-point';

interface ArtifactRow {
  id: number;
  run_id: number;
  kind: ArtifactKind;
  epoch: number | null;
  start: number | null;
  name: string;
  media_type: string;
  size: number;
  created_at: string;
  bytes?: Buffer;
}

const INFO = 'id, run_id, kind, epoch, start, name, media_type, length(bytes) AS size, created_at';

function toInfo(r: ArtifactRow): ArtifactInfo {
  return { id: r.id, runId: r.run_id, kind: r.kind, epoch: r.epoch, start: r.start, name: r.name, mediaType: r.media_type, size: r.size, createdAt: r.created_at };
}

function toArtifact(r: ArtifactRow): Artifact {
  return { ...toInfo(r), bytes: new Uint8Array(r.bytes!) };
}

export const CHECKPOINT_MEDIA_TYPE = 'application/x-semola-checkpoint';

export class ArtifactsRepo {
  constructor(private readonly db: Database.Database) {}

  put(runId: number, a: { kind: ArtifactKind; name: string; mediaType: string; bytes: Uint8Array; epoch?: number | null; start?: number | null }): number {
    const info = this.db
      .prepare('INSERT INTO artifacts (run_id, kind, epoch, start, name, media_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, a.kind, a.epoch ?? null, a.start ?? null, a.name, a.mediaType, Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength), new Date().toISOString());
    return Number(info.lastInsertRowid);
  }

  /**
   * Store the checkpoint after `epoch` (of start `start` in a run of several starts), keeping the
   * one before it and dropping older ones (call inside a transaction).
   */
  putCheckpoint(runId: number, epoch: number, bytes: Uint8Array, start: number | null = null): number {
    this.db
      .prepare(
        "DELETE FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' AND start IS ? AND (epoch >= ? OR id NOT IN (SELECT id FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' AND start IS ? AND epoch < ? ORDER BY epoch DESC, id DESC LIMIT 1))",
      )
      .run(runId, start, epoch, runId, start, epoch);
    const name = `${start === null ? '' : `start-${start}-`}checkpoint-epoch-${epoch}`;
    const id = this.put(runId, { kind: 'checkpoint', name, mediaType: CHECKPOINT_MEDIA_TYPE, bytes, epoch, start });
    // Written, not yet committed: where the fault-injection tests kill the writer.
    faultPoint('checkpoint-write', start === null ? String(epoch) : `${start}.${epoch}`);
    return id;
  }

  latestCheckpoint(runId: number, start: number | null = null): Artifact | null {
    return this.checkpoints(runId, start)[0] ?? null;
  }

  /** The run's (or one start's) checkpoints, newest first (at most two). */
  checkpoints(runId: number, start: number | null = null): Artifact[] {
    const rows = this.db.prepare("SELECT *, length(bytes) AS size FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' AND start IS ? ORDER BY epoch DESC, id DESC").all(runId, start) as ArtifactRow[];
    return rows.map(toArtifact);
  }

  /** A start finished: keep its summary (JSON) and drop its checkpoints, which it no longer needs. */
  putStartSummary(runId: number, start: number, json: string): void {
    this.db.prepare("DELETE FROM artifacts WHERE run_id = ? AND start = ? AND kind IN ('checkpoint', 'start-summary')").run(runId, start);
    this.put(runId, { kind: 'start-summary', name: `start-${start}-summary.json`, mediaType: 'application/json', bytes: new TextEncoder().encode(json), start });
  }

  /** The summaries of the finished starts of a run, by start index. */
  startSummaries(runId: number): Map<number, string> {
    const rows = this.db.prepare("SELECT start, bytes FROM artifacts WHERE run_id = ? AND kind = 'start-summary' ORDER BY id").all(runId) as { start: number; bytes: Buffer }[];
    return new Map(rows.map((r) => [r.start, r.bytes.toString('utf8')]));
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
