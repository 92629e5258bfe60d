/**
 * `semola runs list|show|compare|export|delete` and `semola resume` over the test workspace
 * ($SEMOLA_WORKSPACE, tests/store/setup-workspace.ts): two tiny runs recorded by `semola train`
 * in this process, then read, compared, exported, deleted and (refused to be) resumed.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBasisExport } from '../../src-main/export/index';
import { semola } from './semola-cli';
import { openWorkspace } from '../../src-main/store/index';
import type { RunRecord } from '../../src-main/store/types';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-runs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recordedRuns(): RunRecord[] {
  const ws = openWorkspace(process.env.SEMOLA_WORKSPACE!);
  try {
    return ws.runs.list({ archived: 'all' });
  } finally {
    ws.close();
  }
}

let ids: [number, number] = [0, 0];

beforeAll(async () => {
  const config = path.join(dir, 'tiny.json');
  writeFileSync(config, JSON.stringify({ model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 20, evalGroupSamples: 2 }));
  for (const [seed, lr] of [['1', '0.001'], ['2', '0.003']] as const) {
    const r = await semola('train', '--data', 'builtin:nbody2?trajectories=10', '--epochs', '1', '--seed', seed, '--lr', lr, '--starts', '1', '--config', config, '--out', path.join(dir, `s${seed}.json`), '--backend', 'cpu', '--quiet');
    expect(r.code, r.stderr).toBe(0);
  }
  const runs = recordedRuns().sort((a, b) => a.id - b.id);
  expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
  ids = [runs[0]!.id, runs[1]!.id];
});

describe('semola runs', () => {
  it('list shows both runs', async () => {
    const r = await semola('runs', 'list');
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^id\s+status\s+method\s+data\s+seed/);
    for (const [id, seed] of [[ids[0], 1], [ids[1], 2]]) {
      expect(rows.some((row) => new RegExp(`^${id}\\s+done\\s+semola\\s+builtin:nbody2\\?trajectories=10\\s+${seed}\\s+1/1\\b`).test(row))).toBe(true);
    }
    const json = JSON.parse((await semola('runs', 'list', '--json')).stdout) as { id: number }[];
    expect(json.map((run) => run.id).sort()).toEqual([...ids].sort());
  });

  it('show prints the run, its results and last-epoch metrics; --json its config', async () => {
    const r = await semola('runs', 'show', String(ids[1]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^run ${ids[1]}: done`));
    expect(r.stdout).toMatch(/data: builtin:nbody2\?trajectories=10 {2}\[builtin, \d+ samples, hash [0-9a-f]{12}\]/);
    expect(r.stdout).toMatch(/method semola {2}seed 2 {2}epochs 1\/1 {2}backend cpu/);
    expect(r.stdout).toMatch(/test: MSE \d/);
    expect(r.stdout).toMatch(/last epoch: .*loss\.total \d/);
    const d = JSON.parse((await semola('runs', 'show', String(ids[1]), '--json')).stdout) as { run: { config: { seed: number; lr: number; epochs: number } } };
    expect(d.run.config).toMatchObject({ seed: 2, lr: 0.003, epochs: 1 });
  });

  it('compare lists only the settings that differ', async () => {
    const r = await semola('runs', 'compare', String(ids[0]), String(ids[1]));
    expect(r.code, r.stderr).toBe(0);
    const keys = r.stdout
      .split('\n')
      .slice(2)
      .map((row) => row.split(/\s{2,}/)[0]!)
      .filter((k) => k !== '' && !['test mse', 'equivariance error', 'reference action', 'verdict'].includes(k) && !k.startsWith('loss.') && k !== 'val.loss');
    // --lr sets the basis learning rate too (cli.ts); epochs, k, mask and the rest are equal and left out.
    expect(keys.sort()).toEqual(['basisLr', 'lr', 'seed']);
    expect(r.stdout).toMatch(/^seed\s+1\s+2$/m);
    expect(r.stdout).toMatch(/^lr\s+0\.001\s+0\.003$/m);
  });

  it('export --format json writes the run basis, read back by readBasisExport', async () => {
    const file = path.join(dir, 'basis.json');
    const r = await semola('runs', 'export', String(ids[0]), '--format', 'json', '--out', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`run ${ids[0]}: json written to ${file}`);
    const summary = JSON.parse(readFileSync(path.join(dir, 's1.json'), 'utf8')) as { basis: number[][][] };
    const read = readBasisExport(readFileSync(file, 'utf8'), file);
    expect(summary.basis.length).toBeGreaterThan(0);
    expect(read.basis).toEqual(summary.basis);
  });

  it('resume refuses a done run and a missing id with a clear error', async () => {
    const done = await semola('resume', String(ids[0]));
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(new RegExp(`^semola: run ${ids[0]} is done; it cannot become queued \\(only a .*interrupted.* run can\\)`, 'm'));
    const missing = await semola('resume', '9999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^semola: run 9999 not found in workspace /m);
    expect(recordedRuns().find((run) => run.id === ids[0])!.status).toBe('done');
  });

  it('delete removes a run and leaves the other', async () => {
    const r = await semola('runs', 'delete', String(ids[1]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`deleted run ${ids[1]}`);
    expect(recordedRuns().map((run) => run.id)).toEqual([ids[0]]);
    const again = await semola('runs', 'show', String(ids[1]));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^semola: run ${ids[1]} not found`, 'm'));
  });
});
