/**
 * `semola train --starts 2` on a tiny built-in: two trainer processes with seeds s and s + 1000 on
 * the same validation split, the best by validation loss kept, every start in the summary and in
 * the workspace under the one run (each finished start's summary kept); a finished run is not
 * resumed (tests/jobs/starts-resume.test.ts resumes an interrupted one).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { semola } from '../host/semola-cli';
import { openWorkspace } from '../../src-main/store/index';
import { runDetails } from '../../src-main/store/run-details';
import type { Summary } from '../../src-main/summary/schema';

// Read as written (the schema's reference.assignment check refuses nbody2's array on this branch).
const read = (file: string): Summary => JSON.parse(readFileSync(file, 'utf8')) as Summary;

const dir = mkdtempSync(path.join(tmpdir(), 'semola-starts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = { model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 20, evalGroupSamples: 2 };

describe('semola train --starts 2', () => {
  it('trains two starts, keeps the best, reports both and records them under one run', async () => {
    const config = path.join(dir, 'tiny.json');
    writeFileSync(config, JSON.stringify(TINY));
    const out = path.join(dir, 'summary.json');
    const r = await semola('train', '--data', 'builtin:nbody2?trajectories=8', '--epochs', '2', '--seed', '5', '--k', '1', '--starts', '2', '--parallel', '2', '--config', config, '--out', out, '--backend', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    // Progress names every start.
    expect(r.stderr).toMatch(/s0 \d\/2 val .* s1 \d\/2 val/);
    expect(r.stdout).toMatch(/^starts: 2 \(best: start [01], /m);
    const s = read(out);
    expect(s.starts).toHaveLength(2);
    expect(s.starts!.map((st) => st.seed)).toEqual([5, 1005]);
    const losses = s.starts!.map((st) => st.validationLoss!);
    const best = losses[0]! <= losses[1]! ? 0 : 1;
    expect(s.starts!.map((st) => st.best)).toEqual([best === 0, best === 1]);
    expect(s.agreement!.best).toBe(best);
    // The run's summary is the best start's: its seed, validation loss and basis.
    expect(s.config.seed).toBe(s.starts![best]!.seed);
    expect(s.metrics.validation.loss).toBe(losses[best]);
    expect(s.basis).toEqual(s.starts![best]!.basis);
    // Same validation split: the same number of held-out samples, and the split seed is the run's.
    expect(s.config.valSplitSeed).toBe(5);
    expect(losses[0]).not.toBe(losses[1]);
    expect(s.agreement!.found).toHaveLength(2);
    expect(s.agreement!.pairs.length).toBe(s.agreement!.compared === 2 ? 1 : 0);
    if (s.agreement!.minSimilarity !== null) expect(s.agreement!.minSimilarity).toBeGreaterThanOrEqual(0);
    // Each start records the held-out data's metric; the pairs are compared by action with the best start's.
    expect(s.actionMetric!.factor).toHaveLength(s.basis[0]!.length);
    for (const p of s.agreement!.pairs) expect(p.action).toEqual(expect.any(Number));
    if (s.agreement!.pairs.length > 0) expect(s.agreement!.minAgreement).toBeGreaterThanOrEqual(s.agreement!.minSimilarity!);
    expect(s.run).toBeDefined();

    const ws = openWorkspace(process.env.SEMOLA_WORKSPACE!);
    try {
      const run = ws.runs.require(s.run!.id);
      expect(run.status).toBe('done');
      expect(run.request.starts).toBe(2);
      expect(run.starts!.map((st) => [st.seed, st.status, st.best])).toEqual([
        [5, 'done', best === 0],
        [1005, 'done', best === 1],
      ]);
      expect(run.epochsDone).toBe(2);
      // The run view reads the run through runDetails: the starts come with it.
      expect(runDetails(ws, run.id).run.starts).toHaveLength(2);
      const stored = run.summary as { starts: unknown[] };
      expect(stored.starts).toHaveLength(2);
      const names = new Set(ws.metrics.names(run.id));
      for (const name of ['start.0.loss.total', 'start.1.loss.total', 'start.0.val.loss', 'start.1.val.loss']) expect(names.has(name), name).toBe(true);
      // Each finished start keeps its summary (what a resumed run takes instead of training it again), not its checkpoints.
      const kept = ws.artifacts.startSummaries(run.id);
      expect([...kept.keys()].sort()).toEqual([0, 1]);
      expect((JSON.parse(kept.get(best)!) as Summary).metrics.validation.loss).toBe(losses[best]);
      expect(ws.artifacts.checkpoints(run.id, 0)).toEqual([]);
      const startVal = ws.metrics.series(run.id, `start.${best}.val.loss`).filter((m) => m.epoch === 2).map((m) => m.value);
      expect(startVal).toEqual([losses[best]]);
    } finally {
      ws.close();
    }

    const resume = await semola('resume', String(s.run!.id));
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(new RegExp(`run ${s.run!.id} is done; it cannot become queued`));
  });

  it('--starts 1 trains in this process as before (no starts in the summary)', async () => {
    const out = path.join(dir, 'one.json');
    const r = await semola('train', '--data', 'builtin:nbody2?trajectories=8', '--epochs', '1', '--k', '1', '--starts', '1', '--config', path.join(dir, 'tiny.json'), '--out', out, '--backend', 'cpu', '--quiet', '--no-record');
    expect(r.code, r.stderr).toBe(0);
    const s = read(out);
    expect(s.starts).toBeNull();
    expect(s.agreement).toBeNull();
    expect(s.config.valSplitSeed).toBeNull();
  });

  it('refuses --starts 0', async () => {
    const r = await semola('train', '--data', 'builtin:nbody2?trajectories=8', '--epochs', '1', '--starts', '0', '--backend', 'cpu', '--quiet', '--no-record');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--starts must be an integer >= 1, got "0"/);
  });
});
