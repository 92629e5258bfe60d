/**
 * A run of several starts killed midway resumes: `semola train --starts 3 --parallel 1` is killed
 * (kill -9) while it records start 1's checkpoint of epoch 2, so start 0 has finished, start 1
 * has the checkpoint of epoch 1 and start 2 has not begun. `semola resume` keeps start 0 as it
 * was (not trained again), continues start 1 from its own checkpoint and trains start 2; the
 * run's summary (every start, their agreement, the chosen start) equals an uninterrupted run's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/index';
import { semola } from '../host/semola-cli';
import { expectSameNumbers, pausedAt, spawnSemola } from './fault-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-starts-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = { model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 20, evalGroupSamples: 2 };

describe('resuming a run of several starts', () => {
  it('keeps finished starts, continues each other start from its own checkpoint, and ends as an uninterrupted run', async () => {
    const config = path.join(dir, 'tiny.json');
    writeFileSync(config, JSON.stringify(TINY));
    const args = (ws: string, parallel: number): string[] =>
      ['train', '--data', 'builtin:nbody2?trajectories=8', '--epochs', '3', '--seed', '7', '--k', '1', '--starts', '3', '--parallel', String(parallel), '--config', config, '--backend', 'cpu', '--quiet', '--workspace', ws];

    const twinFile = path.join(dir, 'twin.sqlite');
    const twinRun = spawnSemola(args(twinFile, 2));
    const file = path.join(dir, 'killed.sqlite');
    const marker = path.join(dir, 'paused');
    const killed = spawnSemola(args(file, 1), `checkpoint-write:1.2:${marker}`);
    const pid = await pausedAt(marker, killed);
    process.kill(pid, 'SIGKILL');
    await killed.exited;
    const twinExit = await twinRun.exited;
    expect(twinExit.code, twinExit.stderr).toBe(0);

    let ws = openWorkspace(file);
    try {
      expect(ws.integrityCheck()).toBe('ok');
      const run = ws.runs.require(1);
      expect(run.status).toBe('interrupted');
      expect(run.starts!.map((st) => [st.status, st.epoch])).toEqual([['done', 3], ['running', 2], ['queued', 0]]);
      expect([...ws.artifacts.startSummaries(1).keys()]).toEqual([0]);
      // The kill landed inside the write of epoch 2's checkpoint: it was never committed.
      expect(ws.artifacts.checkpoints(1, 1).map((c) => c.epoch)).toEqual([1]);
      expect(ws.artifacts.checkpoints(1, 2)).toEqual([]);
    } finally {
      ws.close();
    }

    const resumed = await semola('resume', '1', '--workspace', file, '--concurrency', '2');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('run 1: resuming 3 starts: start 0 finished (kept), start 1 after epoch 1, start 2 from the start (no checkpoint)');
    // Start 0 is not trained again; start 1 continues after its checkpoint.
    expect(resumed.stderr).not.toMatch(/run 1 start 0: epoch/);
    expect(resumed.stderr).not.toMatch(/run 1 start 1: epoch 1\//);
    expect(resumed.stderr).toMatch(/run 1 start 1: epoch 2\/3/);
    expect(resumed.stderr).toMatch(/run 1 start 2: epoch 1\/3/);

    ws = openWorkspace(file);
    const twinWs = openWorkspace(twinFile);
    try {
      const run = ws.runs.require(1);
      const twin = twinWs.runs.require(1);
      expect(run.status).toBe('done');
      expect(run.starts!.map((st) => [st.status, st.epoch, st.best])).toEqual(twin.starts!.map((st) => [st.status, st.epoch, st.best]));
      for (const start of [0, 1, 2]) expect(ws.metrics.series(1, `start.${start}.loss.total`).map((p) => p.epoch), `start ${start}`).toEqual([1, 2, 3]);
      const s = run.summary as { starts: unknown[]; agreement: { best: number } };
      expect(s.starts).toHaveLength(3);
      // Every start, their agreement and the chosen start: the same numbers, bit for bit.
      expectSameNumbers(run.summary, twin.summary);
      expect(run.config).toEqual(twin.config);
      expect(ws.integrityCheck()).toBe('ok');
    } finally {
      ws.close();
      twinWs.close();
    }
  }, 240_000);
});
