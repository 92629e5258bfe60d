/**
 * The queue in the service: the trainer-process budget `parallel` is saved in the workspace (it
 * survives closing and opening the workbench), validated at the contract, and applied to the run
 * queue: with parallel=2 two runs train at once, with parallel=1 one does while the other waits and
 * says why; raising the budget starts the waiting run at once. runs.create passes `starts` to the run.
 * Trainer processes are stand-ins that train nothing and end when killed: the queue's accounting is
 * what is under test (tests/jobs/queue.test.ts trains real ones).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueStatus } from '../../src-main/api/schemas';
import { openWorkbench, type Workbench } from '../../src-main/api/service/workbench';
import type { TrainerExit, TrainerLauncher } from '../../src-main/jobs/launcher';
import { untilAsync } from '../until';

let folder: string;
let file: string;
/** Stand-in trainer processes alive now. */
let alive = 0;
const launcher: TrainerLauncher = () => {
  alive++;
  const exits: ((e: TrainerExit) => void)[] = [];
  let done = false;
  return {
    pid: null,
    send: () => undefined,
    onMessage: () => undefined,
    onExit: (l) => void exits.push(l),
    kill: () => {
      if (done) return;
      done = true;
      alive--;
      setImmediate(() => exits.forEach((l) => l({ code: null, signal: 'SIGKILL', stderr: '' })));
    },
  };
};

async function call<T>(wb: Workbench, method: string, input: unknown): Promise<T> {
  const r = await wb.dispatch(method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'semola-api-queue-'));
  file = join(folder, 'workspace.sqlite');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the queue and its trainer-process budget', () => {
  it('saves parallel in the workspace, refuses a bad one, and trains two runs at once with 2, one with 1', async () => {
    let wb = openWorkbench({ workspaceFile: file, mode: 'browser', launcher });
    const first = await call<QueueStatus>(wb, 'queue.status', {});
    expect(first).toMatchObject({ saved: false, busy: 0, running: [], waiting: [] });
    expect(first.parallel).toBe(first.defaultParallel);
    expect(first.defaultParallel).toBeGreaterThanOrEqual(1);

    // The contract refuses what is not a budget, naming the field; nothing is saved.
    for (const parallel of [0, 1.5, 65, '2']) {
      const r = await wb.dispatch('queue.setParallel', { parallel });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid-input', issues: [expect.objectContaining({ path: 'parallel' })] });
    }
    expect(wb.workspace.settings.get('parallel')).toBeUndefined();

    await call(wb, 'queue.setParallel', { parallel: 2 });
    await wb.close();
    // A new session of the same workspace starts with the saved budget.
    wb = openWorkbench({ workspaceFile: file, mode: 'browser', launcher });
    expect(await call<QueueStatus>(wb, 'queue.status', {})).toMatchObject({ parallel: 2, saved: true });

    const data = await call<{ id: number }>(wb, 'datasets.import', { path: 'builtin:nbody2?trajectories=10', importId: 'queue' });
    const create = (name: string, starts?: number) => call<{ id: number }>(wb, 'runs.create', { datasetId: data.id, config: { epochs: 2 }, name, ...(starts ? { starts } : {}) });
    const a = await create('a');
    const b = await create('b');
    let s = await call<QueueStatus>(wb, 'queue.status', {});
    expect(s.running.map((r) => r.runId).sort()).toEqual([a.id, b.id].sort());
    expect(s).toMatchObject({ busy: 2, waiting: [] });
    expect(alive).toBe(2);

    // One at a time: the running runs finish (none is stopped); the next waits and says why.
    await call(wb, 'queue.setParallel', { parallel: 1 });
    await call(wb, 'runs.cancel', { id: a.id });
    await new Promise((r) => setImmediate(r));
    const c = await create('c');
    s = await call<QueueStatus>(wb, 'queue.status', {});
    expect(s.running).toEqual([{ runId: b.id, name: 'b', processes: 1 }]);
    expect(s.waiting).toEqual([{ runId: c.id, name: 'c', processes: 1, reason: 'waiting for a free trainer process: 1 of 1 busy' }]);
    expect(alive).toBe(1);
    const d = await create('d');
    expect((await call<QueueStatus>(wb, 'queue.status', {})).waiting.map((w) => [w.runId, w.reason])).toEqual([
      [c.id, 'waiting for a free trainer process: 1 of 1 busy'],
      [d.id, 'waiting for a free trainer process: 1 of 1 busy; 1 run ahead in the queue'],
    ]);
    expect(wb.workspace.runs.require(c.id).status).toBe('queued');

    // More processes: the waiting runs start at once.
    s = await call<QueueStatus>(wb, 'queue.setParallel', { parallel: 3 });
    expect(s.running.map((r) => r.runId).sort()).toEqual([b.id, c.id, d.id].sort());
    expect(alive).toBe(3);

    // Back to the default: nothing saved.
    s = await call<QueueStatus>(wb, 'queue.setParallel', { parallel: null });
    expect(s).toMatchObject({ saved: false, parallel: s.defaultParallel });
    expect(wb.workspace.settings.get('parallel')).toBeUndefined();
    await wb.close();
    expect(alive).toBe(0);
  });

  it('runs.create passes starts to the run; a run of 3 starts takes min(3, parallel) processes', async () => {
    const wb = openWorkbench({ workspaceFile: join(folder, 'starts.sqlite'), mode: 'browser', launcher, concurrency: 2 });
    const data = await call<{ id: number }>(wb, 'datasets.import', { path: 'builtin:nbody2?trajectories=10', importId: 'starts' });
    for (const starts of [0, 17, 2.5]) {
      const r = await wb.dispatch('runs.create', { datasetId: data.id, config: { epochs: 2 }, starts });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.issues?.[0]?.path).toBe('starts');
    }
    const one = await call<{ id: number }>(wb, 'runs.create', { datasetId: data.id, config: { epochs: 2 }, name: 'one' });
    const three = await call<{ id: number }>(wb, 'runs.create', { datasetId: data.id, config: { epochs: 2 }, name: 'three', starts: 3 });
    expect(wb.workspace.runs.require(one.id).request.starts).toBeUndefined();
    expect(wb.workspace.runs.require(three.id).request.starts).toBe(3);
    // The budget is 2: the run of 3 starts waits for both processes while the first run holds one.
    let s = await call<QueueStatus>(wb, 'queue.status', {});
    expect(s.waiting).toEqual([{ runId: three.id, name: 'three', processes: 2, reason: 'waiting for 2 free trainer processes for its 3 starts: 1 of 2 busy' }]);
    await call(wb, 'runs.cancel', { id: one.id });
    await untilAsync(async () => (await call<QueueStatus>(wb, 'queue.status', {})).waiting.length === 0);
    s = await call<QueueStatus>(wb, 'queue.status', {});
    expect(s).toMatchObject({ busy: 2, running: [{ runId: three.id, processes: 2 }], waiting: [] });
    await wb.close();
  });
});
