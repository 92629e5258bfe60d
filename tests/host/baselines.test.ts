/** Every method of `semola train` trains on the same data, is recorded in the workspace like any run, and produces a summary with a verdict. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecordedTrain } from '../../src-main/jobs/recorded-train';
import { runTrain } from '../../src-main/run/train';
import { openWorkspace } from '../../src-main/store/index';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-baselines-'));
const workspace = path.join(dir, 'workspace.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = { epochs: 2, model: { kind: 'mlp', hidden: [16, 16] }, seed: 0 };

describe('baselines in semola train', () => {
  it.each(['semola', 'plain', 'fixed-basis', 'augerino'] as const)('%s trains, is recorded and produces a summary', async (method) => {
    const s = await runRecordedTrain(
      {
        data: 'builtin:mixed-axes?samples=200&points=2',
        backend: 'wasm',
        config: { ...small, method, ...(method === 'fixed-basis' ? { fixedBasis: [[[0, -1, 0], [1, 0, 0], [0, 0, 0]]] } : {}) },
      },
      workspace,
    );
    expect(s.config.method).toBe(method);
    // In the runs table like any other run: done, with its method and the same summary.
    const ws = openWorkspace(workspace);
    try {
      const run = ws.runs.require(s.run!.id);
      expect([run.status, run.method]).toEqual(['done', method]);
      expect((run.summary as { verdict: unknown }).verdict).toEqual(s.verdict);
    } finally {
      ws.close();
    }
    expect(s.history).toHaveLength(2);
    expect(Number.isFinite(s.metrics.test.mse!)).toBe(true);
    expect(typeof s.verdict.symmetryFound).toBe('boolean');
    expect(s.verdict.reason.length).toBeGreaterThan(20);
    if (method === 'plain') {
      expect(s.basis).toEqual([]);
      expect(s.verdict.symmetryFound).toBe(false);
      expect(s.verdictEvidence).toBeNull();
    } else {
      expect(s.basis).toHaveLength(1);
      expect(s.verdictEvidence!.averagedError).not.toBeNull();
    }
    if (method === 'augerino') {
      // Widths over the dataset's ground truth (no --basis), learned and recorded per epoch.
      expect(s.widths).toHaveLength(1);
      expect(s.widths![0]).toBeGreaterThan(0);
      expect(s.history[1]!.widths).toEqual(s.widths);
      expect(s.widths![0]).not.toBeCloseTo(Math.log(2), 6);
    } else {
      expect(s.widths).toBeNull();
    }
    expect(s.strengths).toBeNull();
  });

  it('--strengths puts one strength and one residual per generator in the summary', async () => {
    const s = await runTrain({
      data: 'builtin:mixed-axes?samples=200&points=2',
      backend: 'wasm',
      config: { ...small, k: 2, strengths: { enabled: true } },
    });
    expect(s.strengths).toHaveLength(2);
    expect(s.residuals).toHaveLength(2);
    expect(s.history[0]!.strengths).toHaveLength(2);
  });
});
