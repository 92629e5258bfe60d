/** Sweep specs expand into tasks resolved as `semola train --config` resolves them; bad ones are refused by name before anything is recorded. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTrainSettings } from '../../../src-main/host/cli';
import { expandSweep, type ResolveSettings } from '../../../src-main/jobs/sweep/spec';
import { openWorkspace } from '../../../src-main/store/workspace';
import { semola } from '../../host/semola-cli';

const resolve: ResolveSettings = (settings) => resolveTrainSettings({} as Parameters<typeof resolveTrainSettings>[0], settings);
const DATA = 'builtin:nbody2?trajectories=10';

describe('expandSweep', () => {
  it('datasets x list x grid points, each with every seed; labels name what varies; dotted keys nest', async () => {
    const e = await expandSweep(
      { datasets: [DATA, { data: 'builtin:mixed-axes?samples=100' }], base: { epochs: 2, 'weights.aug': 0.5 }, list: [{ lr: 0.01 }, { lr: 0.003 }], grid: { k: [1, 2, 3], 'mask.name': ['full'] }, seeds: [4, 7], starts: 1 },
      null,
      resolve,
    );
    expect(e.spec.points).toHaveLength(2 * 2 * 3);
    expect(e.spec.tasks).toHaveLength(2 * 2 * 3 * 2);
    expect(e.spec.points[0]!.label).toBe(`k=1 mask.name=full lr=0.01 data=${DATA}`);
    const t = e.spec.tasks[13]!; // point 6 (second dataset, lr 0.01, k 1), seed 7
    expect([t.point, t.seed]).toEqual([6, 7]);
    expect(t.settings).toMatchObject({ data: 'builtin:mixed-axes?samples=100', epochs: 2, weights: { aug: 0.5 }, lr: 0.01, k: 1, mask: { name: 'full' }, seed: 7 });
    expect(t.request).toMatchObject({ data: 'builtin:mixed-axes?samples=100', config: { k: 1, seed: 7, lr: 0.01, weights: { aug: 0.5 } } });
    expect(t.request.starts).toBeUndefined();
  });

  it('starts default as semola train\'s (3 for semola, 1 for plain) and are recorded in the request', async () => {
    const e = await expandSweep({ datasets: [DATA], grid: { method: ['semola', 'plain'] } }, null, resolve);
    expect(e.spec.tasks.map((t) => t.starts)).toEqual([3, 1]);
    expect(e.spec.tasks[0]!.request.starts).toBe(3);
  });

  it('relative data paths are read from the spec file\'s folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semola-spec-'));
    writeFileSync(path.join(dir, 'table.csv'), 'a,b\n1,2\n');
    const e = await expandSweep({ datasets: ['table.csv'] }, path.join(dir, 'spec.json'), resolve);
    expect(e.spec.tasks[0]!.settings.data).toBe(path.join(dir, 'table.csv'));
  });

  it.each([
    [{ datasets: [DATA], grid: { kk: [1] } }, /task 0 \(grid point 0: kk=1; seed 0\): unknown config key "kk"/],
    [{ datasets: [DATA], grid: { k: [1, 2], lr: [0.01, -1] } }, /task 1 \(grid point 1: k=1 lr=-1; seed 0\): lr must be a finite number in \(0, 10\), got -1/],
    [{ datasets: [DATA], list: [{ 'weights.aug': -2 }] }, /weights\.aug must be a finite number >= 0, got -2/],
    [{ datasets: ['builtin:nope'] }, /unknown built-in dataset "nope"/],
    [{ datasets: ['/no/such/file.csv'] }, /data: \/no\/such\/file\.csv does not exist/],
    [{ datasets: [DATA], grid: { seed: [1, 2] } }, /grid sets "seed", which the sweep decides/],
    [{ datasets: [DATA], seeds: 0 }, /"seeds" must be a count N/],
    [{ datasets: [DATA], gird: {} }, /unknown key "gird"/],
    [{ datasets: [] }, /"datasets" must be a non-empty list/],
    [{ datasets: [DATA], grid: { k: [] } }, /grid "k" must be a non-empty list/],
  ])('refuses %j by name', async (spec, message) => {
    await expect(expandSweep(spec, 'spec.json', resolve)).rejects.toThrow(message);
  });

  it('semola sweep with a wrong value records and queues nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'semola-spec-'));
    const spec = path.join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ datasets: [DATA], grid: { k: [1, 2], epochs: [2, 0] } }));
    const ws = path.join(dir, 'ws.sqlite');
    const r = await semola('sweep', spec, '--workspace', ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${spec}: task 1 (grid point 1: k=1 epochs=0; seed 0): epochs must be an integer >= 1, got 0`);
    const w = openWorkspace(ws);
    try {
      expect(w.sweeps.list()).toEqual([]);
      expect(w.runs.list({ archived: 'all' })).toEqual([]);
    } finally {
      w.close();
    }
  });

  it('refuses Slurm flags without --executor slurm', async () => {
    const r = await semola('sweep', 'x.json', '--partition', 'gpu');
    expect(r.stderr).toContain('--partition is a Slurm option: add --executor slurm');
  });
});
