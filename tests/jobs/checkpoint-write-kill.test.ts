/**
 * kill -9 inside a checkpoint write: the writer stops at the pause point after the checkpoint's
 * bytes went into the open transaction and before it commits (src-main/store/fault-point.ts), and
 * is killed there. Both writers are tried: `semola train` (the run trains and records in one
 * process) and a queue's parent process (its trainer posts the checkpoint, the parent writes it).
 * After each kill the workspace is intact, the run is `interrupted`, the half-written checkpoint
 * is not there, and `semola resume` ends with the numbers of an uninterrupted run, bit for bit.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/index';
import { semola } from '../host/semola-cli';
import { expectSameNumbers, pausedAt, spawnSemola, type Spawned } from './fault-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-cpkill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = { model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 20, evalGroupSamples: 2 };
const EPOCHS = 4;

/** After the kill: intact, interrupted, no checkpoint of the epoch being written. */
function expectKilledInsideWrite(file: string, epoch: number): void {
  const ws = openWorkspace(file);
  try {
    expect(ws.integrityCheck()).toBe('ok');
    const run = ws.runs.require(1);
    expect(run.status).toBe('interrupted');
    const epochs = ws.artifacts.checkpoints(1).map((c) => c.epoch);
    expect(epochs).not.toContain(epoch);
    expect(epochs[0] ?? 0).toBe(epoch - 1);
  } finally {
    ws.close();
  }
}

async function resumeAndCompare(file: string, twinSummary: unknown): Promise<void> {
  const r = await semola('resume', '1', '--workspace', file, '--quiet');
  expect(r.code, r.stderr).toBe(0);
  const ws = openWorkspace(file);
  try {
    const run = ws.runs.require(1);
    expect(run.status).toBe('done');
    expect(ws.metrics.series(1, 'loss.total').map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expectSameNumbers(run.summary, twinSummary);
    expect(ws.integrityCheck()).toBe('ok');
  } finally {
    ws.close();
  }
}

function summaryOf(file: string): unknown {
  const ws = openWorkspace(file);
  try {
    const run = ws.runs.require(1);
    expect(run.status).toBe('done');
    return run.summary;
  } finally {
    ws.close();
  }
}

describe('kill -9 inside a checkpoint write', () => {
  it('semola train: killed while writing the checkpoint of epoch 1 or 3, resumed to the same numbers', async () => {
    const config = path.join(dir, 'tiny.json');
    writeFileSync(config, JSON.stringify(TINY));
    const args = (ws: string): string[] => ['train', '--data', 'builtin:nbody2?trajectories=8', '--epochs', String(EPOCHS), '--seed', '11', '--k', '1', '--starts', '1', '--config', config, '--backend', 'cpu', '--quiet', '--workspace', ws];
    const twinFile = path.join(dir, 'twin.sqlite');
    const twin = await spawnSemola(args(twinFile)).exited;
    expect(twin.code, twin.stderr).toBe(0);
    const twinSummary = summaryOf(twinFile);
    // Epoch 1: no checkpoint before it (resume starts over); epoch 3: the one of epoch 2 is used.
    for (const epoch of [1, 3]) {
      const file = path.join(dir, `train-${epoch}.sqlite`);
      const marker = path.join(dir, `train-${epoch}.paused`);
      const running = spawnSemola(args(file), `checkpoint-write:${epoch}:${marker}`);
      process.kill(await pausedAt(marker, running), 'SIGKILL');
      expect((await running.exited).signal).toBe('SIGKILL');
      expectKilledInsideWrite(file, epoch);
      await resumeAndCompare(file, twinSummary);
    }
  }, 240_000);

  it("a queue's parent process: killed while writing its trainer's checkpoint of epoch 2, resumed to the same numbers", async () => {
    const PARENT = path.join(__dirname, 'fixtures', 'queue-parent.ts');
    const TSX = createRequire(__filename).resolve('tsx/cjs');
    const startParent = (file: string, pause?: string): Spawned => {
      const env = { ...process.env, ...(pause ? { SEMOLA_FAULT_PAUSE: pause } : {}) };
      const child = spawn(process.execPath, ['--require', TSX, PARENT, file, '1', JSON.stringify({ epochs: EPOCHS })], { env, stdio: 'ignore' });
      return { pid: child.pid!, exited: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr: '' }))) };
    };
    const twinFile = path.join(dir, 'queue-twin.sqlite');
    const twin = await startParent(twinFile).exited;
    expect(twin.code).toBe(0);
    const twinSummary = summaryOf(twinFile);

    const file = path.join(dir, 'queue.sqlite');
    const marker = path.join(dir, 'queue.paused');
    const parent = startParent(file, `checkpoint-write:2:${marker}`);
    const pid = await pausedAt(marker, parent);
    // The writer is the parent, not its trainer.
    expect(pid).toBe(parent.pid);
    process.kill(pid, 'SIGKILL');
    await parent.exited;
    expectKilledInsideWrite(file, 2);
    await resumeAndCompare(file, twinSummary);
  }, 240_000);
});
