/**
 * The local executor: a sweep's runs go through the run queue within the trainer-process budget;
 * `semola sweep cancel` (another connection setting the sweep's cancel flag) stops them; `resume`
 * trains what was canceled. Tiny runs (cpu backend, 2 epochs).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTrainSettings } from '../../../src-main/host/cli';
import { LocalExecutor, recordLocalRuns } from '../../../src-main/jobs/sweep/local';
import { expandSweep } from '../../../src-main/jobs/sweep/spec';
import { openWorkspace } from '../../../src-main/store/workspace';
import { tinyRequest } from '../helpers';

describe('local sweep executor', () => {
  it('keeps to the budget, cancels from another connection, resumes what was canceled', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semola-local-sweep-'));
    const { data, backend, config } = tinyRequest({ epochs: 2 });
    const expanded = await expandSweep({ datasets: [data], base: { ...config, backend }, grid: { k: [1] }, seeds: [0, 1, 2], starts: 1 }, null, (s) => resolveTrainSettings({} as Parameters<typeof resolveTrainSettings>[0], s));
    const ws = openWorkspace(path.join(dir, 'ws.sqlite'));
    try {
      const sweep = ws.sweeps.create(expanded.name, '', expanded.spec, 'local');
      recordLocalRuns(ws, sweep);
      let running = 0;
      let most = 0;
      let canceled = false;
      const executor = new LocalExecutor(ws, sweep, {
        parallel: 1,
        pollMs: 50,
        onEvent: (e) => {
          if (e.type !== 'status') return;
          if (e.status === 'running') most = Math.max(most, ++running);
          else if (running > 0 && e.status !== 'queued') running--;
          if (e.status === 'running' && !canceled) {
            canceled = true;
            const other = openWorkspace(ws.file);
            void new LocalExecutor(other, other.sweeps.require(sweep.id), { parallel: 1 }).cancel().finally(() => other.close());
          }
        },
      });
      await executor.submit(sweep.spec.tasks);
      const after = await executor.status();
      expect(after.map((t) => t.status)).toEqual(['canceled', 'canceled', 'canceled']);
      expect(most).toBe(1);

      await executor.submit(sweep.spec.tasks);
      const done = ws.runs.list({ experimentId: sweep.id }).sort((a, b) => a.sweepTask! - b.sweepTask!);
      expect(done.map((r) => [r.status, r.sweepTask, r.seed, r.gridPoint!.label])).toEqual([
        ['done', 0, 0, 'k=1'],
        ['done', 1, 1, 'k=1'],
        ['done', 2, 2, 'k=1'],
      ]);
      expect(most).toBe(1);
      // Different seeds train differently.
      expect(new Set(done.map((r) => (r.summary as { metrics: { test: { mse: number } } }).metrics.test.mse)).size).toBe(3);
    } finally {
      ws.close();
    }
  }, 300_000);
});
