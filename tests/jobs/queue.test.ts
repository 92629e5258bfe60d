/**
 * The run queue with real trainer processes: a run is recorded completely (status, config,
 * metrics, snapshots, checkpoint, summary); diverging losses, a crashing trainer and one out of
 * memory fail with a readable reason while the queue goes on; cancel kills and marks `canceled`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forkLauncher } from '../../src-main/jobs/launcher';
import { EventHub } from '../../src-main/api/events';
import { relayQueueEvents } from '../../src-main/api/service/queue-relay';
import { RunQueue, type QueueEvent } from '../../src-main/jobs/queue';
import { openWorkspace } from '../../src-main/store/index';
import { tinyRequest } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CRASH_ENTRY = path.join(__dirname, 'fixtures', 'crash-entry.ts');

describe('RunQueue', () => {
  it('records a run and fails a diverging one with its reason, two at a time', async () => {
    const ws = openWorkspace(path.join(dir, 'queue.sqlite'));
    const queue = new RunQueue(ws, { concurrency: 2 });
    const events: QueueEvent[] = [];
    queue.on((e) => events.push(e));
    const good = queue.submit(tinyRequest({ seed: 2 }), { name: 'good' });
    // Weights this large overflow float32: the total loss becomes Infinity in the first epoch.
    const bad = queue.submit(tinyRequest({ weights: { task: 1e38 } }));
    expect(queue.running.sort()).toEqual([good.id, bad.id].sort());
    await queue.whenIdle();

    const run = ws.runs.require(good.id);
    expect(run).toMatchObject({ status: 'done', epochsDone: 3, backend: 'cpu', error: null, trainerPid: null, name: 'good' });
    expect(run.config).toMatchObject({ epochs: 3, seed: 2, model: { kind: 'mlp', hidden: [16] } });
    expect(run.versions!.tfjs).toBe('4.22.0');
    expect(run.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(ws.datasets.get(run.datasetId!)!.record.name).toBe('builtin:nbody2');
    const summary = run.summary as { run: { id: number }; history: { losses: { total: number } }[]; basis: number[][][] };
    expect(summary.run).toEqual({ id: good.id, workspace: expect.any(String) });
    // The recorded metrics are the summary's history, epoch by epoch.
    expect(ws.metrics.series(good.id, 'loss.total').map((p) => p.value)).toEqual(summary.history.map((h) => h.losses.total));
    const snaps = ws.snapshots.list(good.id);
    expect(snaps.map((s) => [s.epoch, s.k, s.d])).toEqual([[1, 1, 8], [2, 1, 8], [3, 1, 8]]);
    expect(Array.from(snaps[2]!.basis)).toEqual(summary.basis.flat(2).map(Math.fround));
    expect(ws.artifacts.latestCheckpoint(good.id)!.epoch).toBe(3);

    expect(ws.runs.require(bad.id)).toMatchObject({ status: 'failed', error: 'training diverged at epoch 1: the total loss became Infinity' });
    expect(events.filter((e) => e.type === 'status' && e.runId === bad.id).map((e) => (e as { status: string }).status)).toEqual(['queued', 'running', 'failed']);
    expect(events.filter((e) => e.type === 'progress' && e.runId === good.id)).toHaveLength(3);
    expect(ws.integrityCheck()).toBe('ok');
    ws.close();
  });

  it('fails a crashing and an out-of-memory trainer with their reasons and runs the next run', async () => {
    const ws = openWorkspace(path.join(dir, 'crash.sqlite'));
    const crash = openAndRun(ws, forkLauncher({ entry: CRASH_ENTRY }));
    const oom = openAndRun(ws, forkLauncher({ entry: CRASH_ENTRY, maxOldSpaceMb: 32, env: { ...process.env, SEMOLA_TEST_CRASH: 'oom' } }));
    const [crashed, outOfMemory] = await Promise.all([crash, oom]);
    expect(crashed.status).toBe('failed');
    expect(crashed.error).toMatch(/^the trainer process killed by SIGABRT before finishing: .*giving up on purpose/);
    expect(outOfMemory.status).toBe('failed');
    expect(outOfMemory.error).toMatch(/^the trainer ran out of memory/);
    expect(outOfMemory.error).toMatch(/heap/i);

    // The same workspace and a real trainer carry on.
    const queue = new RunQueue(ws);
    const next = queue.submit(tinyRequest({ epochs: 1 }));
    expect((await queue.whenFinished(next.id)).status).toBe('done');
    ws.close();
  });

  it('cancels a queued run at once and a running one by killing its trainer', async () => {
    const ws = openWorkspace(path.join(dir, 'cancel.sqlite'));
    const queue = new RunQueue(ws, { concurrency: 1 });
    const long = queue.submit(tinyRequest({ epochs: 500 }));
    const waiting = queue.submit(tinyRequest());
    expect(queue.queued).toEqual([waiting.id]);
    expect(queue.cancel(waiting.id)).toBe(true);
    expect(ws.runs.require(waiting.id).status).toBe('canceled');
    // Cancel once training is under way.
    await new Promise<void>((resolve) => queue.on((e) => e.type === 'progress' && e.runId === long.id && resolve()));
    const pid = ws.runs.require(long.id).trainerPid!;
    expect(queue.cancel(long.id)).toBe(true);
    const run = await queue.whenFinished(long.id);
    expect(run).toMatchObject({ status: 'canceled', error: null });
    expect(run.epochsDone).toBeLessThan(500);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(queue.cancel(long.id)).toBe(false);
    ws.close();
  });

  it('relays each snapshot with its per-generator strengths, as the workspace stores them', async () => {
    const ws = openWorkspace(path.join(dir, 'strengths.sqlite'));
    const queue = new RunQueue(ws);
    const hub = new EventHub();
    const relayed: { epoch: number; strengths: number[] | null }[] = [];
    hub.subscribe((event, payload) => {
      if (event === 'run.snapshot') relayed.push((payload as { snapshot: { epoch: number; strengths: number[] | null } }).snapshot);
    });
    relayQueueEvents((listener) => queue.on(listener), hub);
    const run = queue.submit(tinyRequest({ epochs: 2, k: 2, strengths: { enabled: true, adjustEpoch: 1, window: 1, power: 2 } }));
    expect((await queue.whenFinished(run.id)).status).toBe('done');
    const stored = ws.snapshots.list(run.id);
    expect(stored.map((s) => s.strengths?.length)).toEqual([2, 2]);
    expect(relayed).toEqual(stored.map((s) => ({ epoch: s.epoch, basis: expect.any(Array), strengths: Array.from(s.strengths!) })));
    ws.close();
  });
});

async function openAndRun(ws: ReturnType<typeof openWorkspace>, launcher: ReturnType<typeof forkLauncher>) {
  const queue = new RunQueue(ws, { launcher });
  const run = queue.submit(tinyRequest());
  return queue.whenFinished(run.id);
}
