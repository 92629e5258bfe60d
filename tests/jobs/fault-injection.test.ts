/**
 * Kill -9 at random moments (seeded): sometimes the parent (the single writer), sometimes one of its
 * trainers. Afterwards the file is intact, no completed run is lost, runs of a dead parent are
 * `interrupted`, a killed trainer's run is `failed` with its reason, and resuming an interrupted
 * run gives the numbers of an uninterrupted run with the same seed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';
import { RunQueue } from '../../src-main/jobs/queue';
import { openWorkspace, type RunRecord } from '../../src-main/store/index';
import { tinyRequest } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PARENT = path.join(__dirname, 'fixtures', 'queue-parent.ts');
const TSX = createRequire(__filename).resolve('tsx/cjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONFIG = { epochs: 4 };

function startParent(file: string, runs: number) {
  const child = spawn(process.execPath, ['--require', TSX, PARENT, file, String(runs), JSON.stringify(CONFIG)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited };
}

describe('fault injection', () => {
  it('survives kill -9 of the parent or a trainer at random points, then resumes to the same numbers', async () => {
    const rng = new Rng(20240611);
    const file = path.join(dir, 'faults.sqlite');
    const completed = new Map<number, string>();
    const rounds = 3;
    for (let round = 0; round < rounds; round++) {
      const { child, exited } = startParent(file, 2);
      // A random point: after a random number of recorded epochs (0-3), plus a random delay, so
      // kills land before, during and between epochs whatever the machine's load.
      await untilEpochs(file, child.pid!, rng.int(4));
      await sleep(rng.uniform(0, 400));
      let killedParent = true;
      const ws = openWorkspace(file, { skipRecovery: true });
      const trainer = ws.runs.list({ status: 'running' }).find((r) => r.trainerPid !== null && r.ownerPid === child.pid);
      ws.close();
      if (round % 2 === 1 && trainer?.trainerPid) {
        killedParent = false;
        process.kill(trainer.trainerPid, 'SIGKILL');
        // The parent records the failure and finishes the other run.
        await exited;
      } else {
        child.kill('SIGKILL');
        await exited;
        await sleep(300); // trainers notice the closed pipe and exit
      }
      const after = openWorkspace(file);
      expect(after.integrityCheck()).toBe('ok');
      // Every run completed before stays completed with its summary.
      for (const [id, finishedAt] of completed) expect(after.runs.require(id)).toMatchObject({ status: 'done', finishedAt });
      for (const r of after.runs.list({ archived: 'all' })) {
        expect(['done', 'failed', 'interrupted'], `run ${r.id}`).toContain(r.status);
        if (r.status === 'done') {
          completed.set(r.id, r.finishedAt!);
          expect(r.summary).not.toBeNull();
          expect(after.metrics.lastEpoch(r.id)).toBe(4);
        }
        if (r.status === 'failed') expect(r.error).toMatch(/killed by SIGKILL/);
        // Metrics never run ahead of what the run says it finished, by more than the epoch in flight.
        expect(after.metrics.lastEpoch(r.id)).toBeLessThanOrEqual(r.epochs);
      }
      if (killedParent) expect(after.recovered.length + after.runs.list({ status: 'interrupted' }).length).toBeGreaterThan(0);
      after.close();
    }

    // Resume every interrupted run; each must finish with the numbers of an uninterrupted twin.
    const ws = openWorkspace(file);
    const interrupted = ws.runs.list({ status: 'interrupted' });
    expect(interrupted.length).toBeGreaterThan(0);
    const queue = new RunQueue(ws, { concurrency: 2 });
    interrupted.forEach((r) => queue.resume(r.id));
    const twins = new Map<number, number>();
    for (const r of interrupted) twins.set(r.id, queue.submit(tinyRequest({ ...CONFIG, seed: r.seed })).id);
    await queue.whenIdle();
    let resumedFromCheckpoint = 0;
    for (const r of interrupted) {
      const resumed = ws.runs.require(r.id);
      const twin = ws.runs.require(twins.get(r.id)!);
      expect(resumed.status).toBe('done');
      expect(twin.status).toBe('done');
      if (r.epochsDone > 0) resumedFromCheckpoint++;
      expectSameNumbers(resumed, twin);
      expect(ws.metrics.series(resumed.id, 'loss.total').map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    }
    expect(resumedFromCheckpoint).toBeGreaterThan(0);
    expect(ws.integrityCheck()).toBe('ok');
    ws.close();
  });
});

/** Wait until a run of this parent has recorded `epochs` epochs (or 60 s passed). */
async function untilEpochs(file: string, ownerPid: number, epochs: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ws = openWorkspace(file, { skipRecovery: true });
    const reached = ws.runs.list({ status: 'running' }).some((r) => r.ownerPid === ownerPid && r.epochsDone >= epochs);
    ws.close();
    if (reached) return;
    await sleep(50);
  }
}

function expectSameNumbers(a: RunRecord, b: RunRecord): void {
  type S = { basis: number[][][]; metrics: { test: { mse: number } }; history: { losses: { total: number } }[] };
  const sa = a.summary as unknown as S;
  const sb = b.summary as unknown as S;
  expect(sa.history.map((h) => h.losses.total)).toHaveLength(4);
  sa.history.forEach((h, i) => expect(Math.abs(h.losses.total - sb.history[i]!.losses.total)).toBeLessThan(1e-6 * Math.max(1, Math.abs(h.losses.total))));
  sa.basis.flat(2).forEach((v, i) => expect(Math.abs(v - sb.basis.flat(2)[i]!)).toBeLessThan(1e-6));
  expect(Math.abs(sa.metrics.test.mse - sb.metrics.test.mse)).toBeLessThan(1e-6 * Math.max(1, sb.metrics.test.mse));
}
