/**
 * Damaged checkpoints on resume: a flipped bit or a cut-off latest checkpoint is found by its
 * checksum, reported as "checkpoint of run N epoch E is damaged", and the run resumes from the one
 * before; with both damaged it starts over. Either way it finishes with the numbers of the
 * uninterrupted run, bit for bit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunQueue, type QueueEvent } from '../../src-main/jobs/queue';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { tinyRequest } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-damaged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Summary = { history: { losses: Record<string, number>; valLoss: number }[]; basis: number[][][]; metrics: { test: { mse: number } } };
const numbers = (s: Summary) => ({ losses: s.history.map((h) => [h.losses, h.valLoss]), basis: s.basis, mse: s.metrics.test.mse });

/** Changes a checkpoint's stored bytes in place and sets the run back to `interrupted`, as a kill would leave it. */
function damage(ws: Workspace, runId: number, epoch: number, change: (b: Buffer) => Buffer): void {
  const row = ws.db.prepare("SELECT id, bytes FROM artifacts WHERE run_id = ? AND kind = 'checkpoint' AND epoch = ?").get(runId, epoch) as { id: number; bytes: Buffer };
  ws.db.prepare('UPDATE artifacts SET bytes = ? WHERE id = ?').run(change(Buffer.from(row.bytes)), row.id);
  ws.db.prepare("UPDATE runs SET status = 'interrupted', finished_at = NULL WHERE id = ?").run(runId);
}

describe('damaged checkpoints', () => {
  it('fall back to the checkpoint before, or start over, and finish with the same numbers', async () => {
    const ws = openWorkspace(path.join(dir, 'ws.sqlite'));
    const queue = new RunQueue(ws, { concurrency: 1 });
    const warnings: string[] = [];
    queue.on((e: QueueEvent) => {
      if (e.type === 'warning') warnings.push(e.message);
    });
    const run = queue.submit(tinyRequest({ seed: 7, epochs: 3 }));
    await queue.whenIdle();
    const want = numbers(ws.runs.require(run.id).summary as unknown as Summary);
    expect(ws.artifacts.checkpoints(run.id).map((c) => c.epoch)).toEqual([3, 2]);

    // A flipped bit in the latest (epoch 3): resumes from epoch 2.
    damage(ws, run.id, 3, (b) => {
      b[b.length >> 1]! ^= 0x10;
      return b;
    });
    queue.resume(run.id);
    await queue.whenIdle();
    expect(warnings).toEqual([`checkpoint of run ${run.id} epoch 3 is damaged (checksum mismatch: changed or cut off); resuming from the one before (epoch 2)`]);
    let after = ws.runs.require(run.id);
    expect(after.status).toBe('done');
    expect(numbers(after.summary as unknown as Summary)).toEqual(want);
    expect(ws.metrics.series(run.id, 'loss.total').map((p) => p.epoch)).toEqual([1, 2, 3]);

    // Both cut off: starts over from epoch 0.
    warnings.length = 0;
    for (const epoch of [3, 2]) damage(ws, run.id, epoch, (b) => b.subarray(0, b.length - 100));
    queue.resume(run.id);
    await queue.whenIdle();
    expect(warnings).toEqual([
      `checkpoint of run ${run.id} epoch 3 is damaged (checksum mismatch: changed or cut off); starting over from epoch 0 (same seed: same numbers)`,
      `checkpoint of run ${run.id} epoch 2 is damaged (checksum mismatch: changed or cut off); starting over from epoch 0 (same seed: same numbers)`,
    ]);
    after = ws.runs.require(run.id);
    expect(after.status).toBe('done');
    expect(numbers(after.summary as unknown as Summary)).toEqual(want);
    expect(ws.integrityCheck()).toBe('ok');
    await queue.shutdown();
    ws.close();
  }, 120_000);
});
