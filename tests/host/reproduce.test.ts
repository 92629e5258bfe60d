import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src-main/engine/config';
import { findExperiment } from '../../src-main/host/reproduce/experiments';
import { reproduceRunConfig, runReproduce } from '../../src-main/host/reproduce/run';
import { aggregate, groupColumn, markdownReport, stat, type RunRow } from '../../src-main/host/reproduce/table';
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
    expect(md).toContain('| method | test split | MSE | E | similarity | found | group | train s | test s |');
    expect(md).toMatch(/\| semola \| test \| [\d.e-]+ \+- [\d.e-]+ \|/);
    await expect(runReproduce({ experiment: 'nbody3', outDir: dir })).rejects.toThrow(/unknown experiment "nbody3"; valid: nbody2/);
    await expect(runReproduce({ experiment: 'no-symmetry', methods: ['fixed-basis'], quick: true, outDir: dir })).rejects.toThrow(/no known basis/);
  });

  it('--first-seed counts the seeds from there, for the methods and the baselines alike (tiny run)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'semola-reproduce-'));
    const report = await runReproduce({
      experiment: 'no-symmetry',
      seeds: 2,
      baselineSeeds: 1,
      firstSeed: 3,
      epochs: 1,
      quick: true,
      outDir: dir,
      backend: 'wasm',
      workspace: null,
      config: { model: { kind: 'mlp', hidden: [8] }, evalPoints: 50, inferenceSamples: 2, evalGroupSamples: 2 },
    });
    expect(report.rows.map((r) => `${r.method} ${r.seed}`)).toEqual(['semola 3', 'semola 4', 'plain 3']);
    expect(await readFile(path.join(dir, 'no-symmetry.md'), 'utf8')).toContain('seeds 3, 4 (semola), 3 (the other methods)');
  }, 120_000);

  it('rotated digits: accuracy in place of MSE, |cos| with the rotation, fewer seeds for the baselines, an in-distribution split beside the out-of-distribution one (tiny run)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'semola-reproduce-'));
    const report = await runReproduce({
      experiment: 'rotated-digits-ood',
      seeds: 2,
      baselineSeeds: 1,
      epochs: 1,
      methods: ['semola', 'fixed-basis'],
      quick: true,
      outDir: dir,
      backend: 'wasm',
      workspace: null,
      config: { model: { kind: 'cnn', channels: [4] } as never, evalPoints: 20, inferenceSamples: 2, evalGroupSamples: 2 },
    });
    // semola x 2 seeds + fixed-basis x 1 seed, each on 2 splits.
    expect(report.rows.map((r) => `${r.method} ${r.seed} ${r.split}`)).toEqual([
      'semola 0 out-of-distribution',
      'semola 0 in-distribution',
      'semola 1 out-of-distribution',
      'semola 1 in-distribution',
      'fixed-basis 0 out-of-distribution',
      'fixed-basis 0 in-distribution',
    ]);
    for (const r of report.rows) {
      expect(r.mse).toBeNull();
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    const cosines = report.rows.filter((r) => r.method === 'semola').map((r) => r.similarity!);
    expect(cosines.every((c) => c >= 0 && c <= 1)).toBe(true);
    expect(report.rows.find((r) => r.method === 'fixed-basis')!.similarity).toBeNull();
    expect(report.baselineSeeds).toEqual([0]);
    const md = await readFile(path.join(dir, 'rotated-digits-ood.md'), 'utf8');
    expect(md).toContain('| method | test split | accuracy | E | similarity | found | group | train s | test s |');
    expect(md).toContain('seeds 0, 1 (semola), 0 (the other methods)');
    expect(md).toMatch(/\| fixed-basis \| in-distribution \| [\d.]+ \+- 0\.0 \|/);
  }, 120_000);

  it('group column: the permutation group found per seed, most found first; "-" without permutations', () => {
    const row = (method: RunRow['method'], seed: number, permutationGroup: RunRow['permutationGroup']): RunRow => ({
      method, seed, split: 'test', mse: 1, equivarianceError: null, similarity: null, symmetryFound: false, trainSeconds: 1, testSeconds: 1, epochs: method === 'weight-sharing' ? 100 : 10, permutationGroup,
    });
    const s3 = { name: 'S_3 on {x1, x2, x3}', order: 6 };
    const t = aggregate([
      row('plain', 0, null),
      row('plain', 1, null),
      row('weight-sharing', 0, { name: 'trivial', order: 1 }),
      row('weight-sharing', 1, s3),
      row('weight-sharing', 2, s3),
      row('weight-sharing', 3, { name: null, order: 4 }),
    ]);
    expect(t.map((r) => r.method)).toEqual(['plain', 'weight-sharing']);
    expect(groupColumn(t[0]!)).toBe('-');
    expect(t[0]!.permutationGroups).toBeNull();
    expect(groupColumn(t[1]!)).toBe('S_3 on {x1, x2, x3} 2/4, trivial 1/4, unnamed group of order 4 1/4');
    expect(t[1]!.permutationGroups![0]).toEqual({ name: 'S_3 on {x1, x2, x3}', order: 6, seeds: 2, of: 4 });
    expect(t.map((r) => r.epochs)).toEqual([10, 100]);
    // Rows of older reports (no permutationGroup, no epochs) still aggregate.
    const old = aggregate([{ method: 'semola', seed: 0, split: 'test', mse: 1, equivarianceError: null, similarity: null, symmetryFound: true, trainSeconds: 1, testSeconds: 1 }]);
    expect(groupColumn(old[0]!)).toBe('-');
    expect(old[0]!.epochs).toBeNull();
    const md = markdownReport({
      experiment: 'partial-permutation', description: 'd', data: 'builtin:partial-permutation', command: 'semola reproduce partial-permutation', backend: 'cpu',
      epochs: 10, epochsByMethod: { plain: 10, 'weight-sharing': 100 }, seeds: [0, 1, 2, 3], methods: ['plain', 'weight-sharing'], date: 'now', wallSeconds: 1, table: t, rows: [],
    });
    expect(md).toContain('epochs 10 (weight-sharing 100);');
    expect(md).toMatch(/\| weight-sharing \| test \| [^|]+ \| - \| - \| 0\/4 \| S_3 on \{x1, x2, x3\} 2\/4, trivial 1\/4, unnamed group of order 4 1\/4 \| /);
  });

  it('partial-permutation runs the weight-sharing model by default, at its own epochs unless --epochs is given', () => {
    // Every method of the records (engine/methods/method.ts) by default, and weight sharing where the group is discrete.
    expect(findExperiment('partial-permutation').defaultMethods).toEqual(['semola', 'plain', 'fixed-basis', 'augerino', 'weight-sharing']);
    for (const name of ['nbody2', 'discrete-rotation', 'mixed-axes']) expect(findExperiment(name).defaultMethods).toEqual(['semola', 'plain', 'fixed-basis', 'augerino']);
    expect(findExperiment('no-symmetry').defaultMethods).toEqual(['semola', 'plain']);
    const ws = reproduceRunConfig('weight-sharing', 2, { experimentEpochs: 10, knownBasis: null, config: { model: { kind: 'mlp', hidden: [8] } } });
    expect(ws).not.toHaveProperty('epochs');
    const resolved = resolveConfig(ws);
    expect([resolved.method, resolved.model.kind, resolved.epochs, resolved.lr, resolved.batchSize, resolved.seed]).toEqual(['plain', 'weight-sharing', 100, 1e-2, 128, 2]);
    expect(resolveConfig(reproduceRunConfig('weight-sharing', 0, { epochs: 3, experimentEpochs: 10, knownBasis: null })).epochs).toBe(3);
    expect(resolveConfig(reproduceRunConfig('plain', 0, { experimentEpochs: 10, knownBasis: null })).epochs).toBe(10);
  });

  it('partial-permutation with the weight-sharing model: its rows carry the group found, plain rows "-" (tiny run)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'semola-reproduce-'));
    const report = await runReproduce({
      experiment: 'partial-permutation',
      seeds: 2,
      epochs: 2,
      methods: ['plain', 'weight-sharing'],
      quick: true,
      outDir: dir,
      backend: 'wasm',
      workspace: null,
      config: { model: { kind: 'mlp', hidden: [8] }, weightSharing: { ...resolveConfig().weightSharing, channels: 4 }, evalPoints: 50, inferenceSamples: 2, evalGroupSamples: 2 },
    });
    expect(report.methods).toEqual(['plain', 'weight-sharing']);
    expect(report.rows.map((r) => `${r.method} ${r.seed} ${r.epochs}`)).toEqual(['plain 0 2', 'plain 1 2', 'weight-sharing 0 2', 'weight-sharing 1 2']);
    expect(report.epochsByMethod).toEqual({ plain: 2, 'weight-sharing': 2 });
    for (const r of report.rows.filter((x) => x.method === 'plain')) expect(r.permutationGroup).toBeNull();
    for (const r of report.rows.filter((x) => x.method === 'weight-sharing')) {
      expect(r.permutationGroup).toEqual({ name: expect.any(String), order: expect.any(Number) });
      expect(r.permutationGroup!.order).toBeGreaterThanOrEqual(1);
    }
    const json = JSON.parse(await readFile(path.join(dir, 'partial-permutation.json'), 'utf8')) as typeof report;
    const wsRow = json.table.find((t) => t.method === 'weight-sharing')!;
    expect(wsRow.permutationGroups!.reduce((n, g) => n + g.seeds, 0)).toBe(2);
    expect(json.table.find((t) => t.method === 'plain')!.permutationGroups).toBeNull();
    const md = await readFile(path.join(dir, 'partial-permutation.md'), 'utf8');
    expect(md).toContain('| method | test split | MSE | E | similarity | found | group | train s | test s |');
    expect(md).toMatch(/\| plain \| test \| [^|]+ \| [^|]+ \| - \| \d\/2 \| - \| /);
    expect(md).toContain(`| ${groupColumn(wsRow)} |`);
    expect(md).toMatch(/\| weight-sharing \| test \| [^|]+ \| [^|]+ \| - \| \d\/2 \| [^-|][^|]* \d\/2[^|]* \| /);
  });
});
