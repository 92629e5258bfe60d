/**
 * Bundles (`semola train --bundle DIR --no-record`) and their ingestion: a done bundle becomes a
 * run with the rows a recorded run has, once however often it is collected; a failed one keeps
 * its reason. Tiny in-process trainings (cpu backend, 2 epochs).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle, runBundledTrain } from '../../../src-main/jobs/sweep/bundle';
import { ingestBundle, recordTaskEnd } from '../../../src-main/jobs/sweep/ingest';
import { runRecordedTrain } from '../../../src-main/jobs/recorded-train';
import type { RunOptions } from '../../../src-main/run/options';
import { openWorkspace } from '../../../src-main/store/workspace';
import type { SweepTask } from '../../../src-main/store/types';
import { tinyRequest } from '../helpers';

describe('sweep bundles', () => {
  it('a bundle ingested gives the run a recorded training gives (same seed); collecting twice adds nothing; a failed bundle keeps its reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semola-bundle-'));
    const request = tinyRequest({ epochs: 2, k: 1, seed: 5 });
    const opts = request as unknown as RunOptions;
    await runBundledTrain(opts, path.join(dir, 'b'));
    const bundle = readBundle(path.join(dir, 'b'));
    expect(bundle.state).toBe('done');
    if (bundle.state !== 'done') return;
    expect(bundle.request).toEqual(request);

    const ws = openWorkspace(path.join(dir, 'ws.sqlite'));
    try {
      const task: SweepTask = { task: 0, point: 0, seed: 5, starts: 1, settings: {}, request };
      const sweep = ws.sweeps.create('s', '', { given: {}, file: null, points: [{ index: 0, label: 'k=1', values: { k: 1 } }], tasks: [task] }, 'slurm');
      const id = ingestBundle(ws, sweep, task, bundle);
      expect(() => ingestBundle(ws, ws.sweeps.require(sweep.id), task, bundle)).not.toThrow();
      expect(ws.runs.list({ experimentId: sweep.id })).toHaveLength(1);
      const run = ws.runs.require(ws.runs.sweepTask(sweep.id, 0)!.id);
      expect(run.id).toBe(id);
      expect([run.status, run.sweepTask, run.gridPoint?.label, run.seed, run.epochsDone]).toEqual(['done', 0, 'k=1', 5, 2]);
      expect((run.summary as { run: { id: number } }).run.id).toBe(id);

      // The same training recorded directly: identical numbers and rows.
      const direct = await runRecordedTrain(opts, ws.file);
      const twin = ws.runs.require(direct.run!.id);
      const s = run.summary as { metrics: { test: { mse: number } }; basis: number[][][] };
      expect(s.metrics.test.mse).toBe((twin.summary as typeof s).metrics.test.mse);
      expect(s.basis).toEqual((twin.summary as typeof s).basis);
      expect(ws.metrics.series(id, 'loss.total')).toEqual(ws.metrics.series(twin.id, 'loss.total'));
      expect(ws.snapshots.list(id).map((x) => Array.from(x.basis))).toEqual(ws.snapshots.list(twin.id).map((x) => Array.from(x.basis)));
      expect(ws.artifacts.latestCheckpoint(id)?.epoch).toBe(2);
      expect(run.datasetHash).toBe(twin.datasetHash);

      // A failed training leaves error.json; recorded as a failed run with that reason, once.
      await expect(runBundledTrain({ ...opts, config: { ...opts.config, k: 999 } }, path.join(dir, 'bad'))).rejects.toThrow();
      const bad = readBundle(path.join(dir, 'bad'));
      expect(bad.state).toBe('failed');
      if (bad.state !== 'failed') return;
      const task1: SweepTask = { ...task, task: 1 };
      const sweep2 = ws.sweeps.create('s', '', { given: {}, file: null, points: [{ index: 0, label: 'k=999', values: {} }], tasks: [task, task1] }, 'slurm');
      const failedId = recordTaskEnd(ws, sweep2, task1, bad.request, 'failed', bad.reason);
      expect(recordTaskEnd(ws, sweep2, task1, bad.request, 'failed', bad.reason)).toBe(failedId);
      expect(ws.runs.require(failedId)).toMatchObject({ status: 'failed', error: bad.reason, sweepTask: 1 });
      expect(bad.reason.length).toBeGreaterThan(0);
      expect(ws.sweeps.require(sweep2.id).name).toBe('s (2)');
      // A resubmitted task's done bundle takes the failed run back.
      expect(ingestBundle(ws, sweep2, task1, bundle)).toBe(failedId);
      expect(ws.runs.require(failedId).status).toBe('done');
      expect(readBundle(path.join(dir, 'none')).state).toBe('missing');
    } finally {
      ws.close();
    }
  });
});
