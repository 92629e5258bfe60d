import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReproduce } from '../../src-main/host/reproduce/run';
import { aggregate, stat } from '../../src-main/host/reproduce/table';
import { openWorkspace } from '../../src-main/store/workspace';

describe('semola reproduce', () => {
  it('mean and sample std over seeds', () => {
    expect(stat([1, 2, 3])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(stat([null, 4])).toEqual({ mean: 4, std: 0, n: 1 });
    expect(stat([null])).toBeNull();
    const t = aggregate([
      { method: 'plain', seed: 0, split: 'test', mse: 1, equivarianceError: null, similarity: null, symmetryFound: false, trainSeconds: 1, testSeconds: 1 },
      { method: 'plain', seed: 1, split: 'test', mse: 3, equivarianceError: null, similarity: null, symmetryFound: true, trainSeconds: 3, testSeconds: 1 },
    ]);
    expect(t).toHaveLength(1);
    expect(t[0]!.mse).toEqual({ mean: 2, std: Math.SQRT2, n: 2 });
    expect(t[0]!.symmetryFound).toEqual({ found: 1, of: 2 });
  });

  it('writes markdown and JSON tables for every method, seed and test split (tiny run)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'semola-reproduce-'));
    const report = await runReproduce({
      experiment: 'no-symmetry',
      seeds: 2,
      epochs: 1,
      quick: true,
      outDir: dir,
      backend: 'wasm',
      workspace: path.join(dir, 'workspace.sqlite'),
      config: { model: { kind: 'mlp', hidden: [8] }, evalPoints: 50, inferenceSamples: 2, evalGroupSamples: 2 },
    });
    expect(report.rows).toHaveLength(4); // semola and plain x 2 seeds x 1 split
    // Every run is in the workspace, done, grouped under one experiment, with its summary and verdict.
    const ws = openWorkspace(path.join(dir, 'workspace.sqlite'));
    try {
      const runs = ws.runs.list({ archived: 'all' });
      expect(runs.map((r) => `${r.method} ${r.seed} ${r.status}`).sort()).toEqual(['plain 0 done', 'plain 1 done', 'semola 0 done', 'semola 1 done']);
      expect(new Set(runs.map((r) => r.experimentId)).size).toBe(1);
      expect(ws.experiments.get(runs[0]!.experimentId!)!.name).toMatch(/^reproduce no-symmetry /);
      expect(report.recorded!.runIds.sort()).toEqual(runs.map((r) => r.id).sort());
      for (const run of runs) expect((run.summary as { verdict: { symmetryFound: boolean } }).verdict.symmetryFound).toBe(report.rows.find((r) => r.method === run.method && r.seed === run.seed)!.symmetryFound);
      expect(runs.every((r) => r.request.data === 'builtin:no-symmetry?samples=400')).toBe(true);
    } finally {
      ws.close();
    }
    expect(report.rows.every((r) => typeof r.verdictReason === 'string' && r.verdictReason.length > 0)).toBe(true);
    const json = JSON.parse(await readFile(path.join(dir, 'no-symmetry.json'), 'utf8')) as typeof report;
    expect(json.table.map((r) => r.method)).toEqual(['semola', 'plain']);
    expect(json.table[0]!.mse!.n).toBe(2);
    const md = await readFile(path.join(dir, 'no-symmetry.md'), 'utf8');
    expect(md).toContain('| method | test split | MSE | E | similarity | found | train s | test s |');
    expect(md).toMatch(/\| semola \| test \| [\d.e-]+ \+- [\d.e-]+ \|/);
    await expect(runReproduce({ experiment: 'nbody3', outDir: dir })).rejects.toThrow(/unknown experiment "nbody3"; valid: nbody2/);
    await expect(runReproduce({ experiment: 'no-symmetry', methods: ['fixed-basis'], quick: true, outDir: dir })).rejects.toThrow(/no known basis/);
  });
});
