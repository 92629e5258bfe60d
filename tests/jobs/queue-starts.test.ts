/**
 * The run queue trains a run of several starts (the request's `starts`) as `semola train --starts`
 * does: its starts in their own trainer processes, recorded under the one run. Canceled midway it
 * is `canceled`; resumed, it keeps what its starts had done and finishes; shut down midway (the app
 * quitting) it is `interrupted`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunQueue, type QueueEvent } from '../../src-main/jobs/queue';
import { openWorkspace } from '../../src-main/store/index';
import { runSummary } from '../../src-main/api/service/runs-view';
import { tinyRequest } from './helpers';
import { until } from '../until';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-queue-starts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = { ...tinyRequest({ epochs: 3, seed: 4 }), starts: 2 };

describe('a run of several starts in the run queue', () => {
  it('is canceled midway, then resumed to the end with every start', async () => {
    const ws = openWorkspace(path.join(dir, 'cancel.sqlite'));
    const queue = new RunQueue(ws, { concurrency: 1 });
    const events: QueueEvent[] = [];
    queue.on((e) => events.push(e));
    const run = queue.submit(request);
    // Cancel once start 0 has trained epoch 2 (its checkpoint is written right after).
    await new Promise<void>((resolve) => queue.on((e) => e.type === 'start-progress' && e.start === 0 && e.epoch === 2 && resolve()));
    await new Promise((r) => setTimeout(r, 300));
    expect(queue.cancel(run.id)).toBe(true);
    await queue.whenIdle();
    expect(ws.runs.require(run.id).status).toBe('canceled');
    const checkpoints = ws.artifacts.checkpoints(run.id, 0).map((c) => c.epoch);
    expect(checkpoints.length).toBeGreaterThan(0);

    events.length = 0;
    queue.resume(run.id);
    await queue.whenIdle();
    const done = ws.runs.require(run.id);
    expect(done.status, done.error ?? '').toBe('done');
    expect((done.summary as { starts: unknown[] }).starts).toHaveLength(2);
    // Start 0 continued after its checkpoint (2 or 3, as the cancel landed): nothing before it was trained again.
    const start0 = events.filter((e) => e.type === 'start-progress' && e.start === 0).map((e) => (e as { epoch: number }).epoch);
    expect(start0).toEqual([1, 2, 3].filter((epoch) => epoch > checkpoints[0]!));
    expect(done.starts!.map((st) => st.status)).toEqual(['done', 'done']);
    for (const start of [0, 1]) expect(ws.metrics.series(run.id, `start.${start}.loss.total`).map((p) => p.epoch)).toEqual([1, 2, 3]);
    // The best start's final basis is the run's one snapshot (what the run's page draws).
    const basis = (done.summary as { basis: number[][][] }).basis;
    const snaps = ws.snapshots.list(run.id);
    expect(snaps.map((x) => [x.epoch, x.k, x.d])).toEqual([[3, basis.length, basis[0]!.length]]);
    expect(Array.from(snaps[0]!.basis)).toEqual(basis.flat(2).map(Math.fround));
    // The runs table's columns show the kept start's values (not "-": the metrics are per start).
    const kept = (done.summary as { starts: { index: number; best: boolean }[] }).starts.find((st) => st.best)!.index;
    const row = runSummary(ws, done);
    const series = (name: string) => ws.metrics.series(run.id, `start.${kept}.${name}`).map((p) => p.value!);
    expect(row.best['val.loss']).toBe(Math.min(...series('val.loss')));
    expect(row.last['loss.total']).toBe(series('loss.total').at(-1));
    expect(row.best[`start.${1 - kept}.loss.total`]).toBe(Math.min(...ws.metrics.series(run.id, `start.${1 - kept}.loss.total`).map((p) => p.value!)));
    ws.close();
  });

  it('is interrupted when the queue shuts down midway', async () => {
    const ws = openWorkspace(path.join(dir, 'shutdown.sqlite'));
    const queue = new RunQueue(ws, { concurrency: 2 });
    const run = queue.submit(request);
    await new Promise<void>((resolve) => queue.on((e) => e.type === 'start-progress' && resolve()));
    await queue.shutdown();
    await until(() => ws.runs.require(run.id).status === 'interrupted');
    expect(ws.runs.require(run.id).status).toBe('interrupted');
    expect(ws.integrityCheck()).toBe('ok');
    ws.close();
  });
});
