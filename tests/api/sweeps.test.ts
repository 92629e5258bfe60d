/**
 * sweeps.create: a sweep made in the app is expanded by the CLI's code (grid x seeds, every task's
 * settings checked by the option table), recorded as a local sweep with its runs queued on the
 * session's queue, and refused by setting name before anything is recorded; sweeps.list: the
 * report's mean +- std per grid point and what the seeds found; sweeps.cancel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import type { SweepSummary } from '../../src-main/api/schemas';
import { importerSource } from '../../src-main/api/service/data-source';
import { createService } from '../../src-main/api/service/index';
import { algebraSummary } from '../../src-main/api/service/workbench';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { storedSummaryJson } from '../fixtures/stored-summary';

let folder: string;
let workspace: Workspace;
let dispatch: Dispatch;
let nbody: number;
let nbodySmall: number;
const enqueued: number[] = [];
const canceled: number[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'semola-api-sweeps-'));
  workspace = openWorkspace(join(folder, 'workspace.sqlite'));
  const queue = { enqueue: (id: number) => void enqueued.push(id), cancel: (id: number) => void canceled.push(id), close: async () => undefined, state: () => ({ parallel: 1, busy: 0, running: [], waiting: [] }), setParallel: () => undefined };
  dispatch = createDispatch(createService({ workspace, hub: new EventHub(), data: importerSource(), queue, analyzeAlgebra: algebraSummary, uploadsDir: join(folder, 'uploads'), mode: 'browser' }));
  const importOne = async (path: string): Promise<number> => {
    const r = await dispatch('datasets.import', { path, importId: 'sweeps' });
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { id: number }).id;
  };
  nbody = await importOne('builtin:nbody2?trajectories=20');
  nbodySmall = await importOne('builtin:nbody2?trajectories=12');
});
afterAll(() => {
  workspace.close();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  enqueued.length = 0;
  canceled.length = 0;
});

async function create(input: Record<string, unknown>): Promise<SweepSummary> {
  const r = await dispatch('sweeps.create', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as SweepSummary;
}

async function refusal(input: Record<string, unknown>): Promise<string> {
  const sweeps = workspace.sweeps.list().length;
  const runs = workspace.runs.list({ archived: 'all' }).length;
  const r = await dispatch('sweeps.create', input);
  expect(r.ok).toBe(false);
  // Nothing recorded, nothing queued.
  expect(workspace.sweeps.list()).toHaveLength(sweeps);
  expect(workspace.runs.list({ archived: 'all' })).toHaveLength(runs);
  expect(enqueued).toEqual([]);
  return r.ok ? '' : r.error.message;
}

describe('sweeps.create', () => {
  it('records a grid x seeds as a local sweep, one queued run per task with its grid point, and queues them', async () => {
    const s = await create({ name: 'k on 2-body', datasetIds: [nbody], base: { epochs: 2 }, grid: [{ setting: 'k', values: [1, 2] }], seeds: 2, starts: 1, backend: 'cpu' });
    expect(s).toMatchObject({ name: 'k on 2-body', executor: 'local', seeds: [0, 1], tasks: 4, best: null, fixed: { epochs: 2, backend: 'cpu' } });
    expect(s.points.map((p) => [p.label, p.done, p.of, p.seeds.map((x) => [x.seed, x.status])])).toEqual([
      ['k=1', 0, 2, [[0, 'queued'], [1, 'queued']]],
      ['k=2', 0, 2, [[0, 'queued'], [1, 'queued']]],
    ]);
    const runs = workspace.runs.list({ experimentId: s.id, archived: 'all' }).sort((a, b) => a.sweepTask! - b.sweepTask!);
    expect(enqueued).toEqual(runs.map((r) => r.id));
    // What each run trains: the dataset as runs.create records it, the base, the point's value, the task's seed.
    const data = workspace.datasets.get(nbody)!.record.options.spec;
    expect(data).toMatch(/^builtin:nbody2\?trajectories=20/);
    expect(runs.map((r) => [r.sweepTask, r.gridPoint?.label, r.seed, r.datasetId, r.request])).toEqual(
      [0, 1, 2, 3].map((task) => [task, task < 2 ? 'k=1' : 'k=2', task % 2, nbody, { data, backend: 'cpu', config: { epochs: 2, k: task < 2 ? 1 : 2, seed: task % 2 } }]),
    );
    expect(runs.every((r) => r.status === 'queued' && r.epochs === 2)).toBe(true);
    // The sweep is the CLI's: `semola sweep status/report` read the same spec.
    expect(workspace.sweeps.require(s.id).spec.tasks.map((t) => [t.point, t.seed, t.starts])).toEqual([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]);
  });

  it('names the dataset of each point when the sweep has several, and takes a list of settings and given seeds', async () => {
    const s = await create({ datasetIds: [nbody, nbodySmall], list: [{ weights: { aug: 0.1 } }, { 'weights.aug': 1 }], seeds: [3, 7], starts: 1 });
    // Both built-ins are named builtin:nbody2: the label tells them apart by id.
    expect(s.points.map((p) => p.label)).toEqual([
      `weights.aug=0.1 dataset=builtin:nbody2 (#${nbody})`,
      `weights.aug=1 dataset=builtin:nbody2 (#${nbody})`,
      `weights.aug=0.1 dataset=builtin:nbody2 (#${nbodySmall})`,
      `weights.aug=1 dataset=builtin:nbody2 (#${nbodySmall})`,
    ]);
    expect(s.seeds).toEqual([3, 7]);
    const runs = workspace.runs.list({ experimentId: s.id, archived: 'all' });
    expect(new Set(runs.map((r) => r.datasetId))).toEqual(new Set([nbody, nbodySmall]));
    expect(enqueued).toHaveLength(8);
  });

  it('refuses a wrong grid value by setting, naming the grid point, before anything is recorded', async () => {
    const message = await refusal({ datasetIds: [nbody], grid: [{ setting: 'k', values: [1, 0] }], seeds: 2 });
    expect(message).toMatch(/^the sweep was not created: task 2 \(grid point 1: k=0; seed 0\): k must be an integer >= 1, got 0/);
  });

  it('refuses a base setting the option table refuses, and settings no run can train (feasibility)', async () => {
    expect(await refusal({ datasetIds: [nbody], base: { lr: -1 }, grid: [{ setting: 'k', values: [1] }], seeds: 1 })).toContain('lr must be');
    expect(await refusal({ datasetIds: [nbody], base: JSON.parse('{"__proto__": {"k": 2}}') as Record<string, unknown>, seeds: 1 })).toContain('__proto__');
    expect(await refusal({ datasetIds: [nbody], base: { 'mask.name': 'blocks4' }, grid: [{ setting: 'k', values: [1, 40] }], seeds: 1 })).toMatch(/grid point 1: k=40.*k = 40 generators cannot be independent/);
  });

  it('refuses a grid key that is not a setting, the seed in the grid, repeated seeds and unknown datasets', async () => {
    expect(await refusal({ datasetIds: [nbody], grid: [{ setting: 'depth', values: [1, 2] }], seeds: 1 })).toBe('grid: unknown config key "depth"');
    expect(await refusal({ datasetIds: [nbody], grid: [{ setting: 'seed', values: [1, 2] }], seeds: 1 })).toMatch(/grid: seed is not varied by the grid/);
    expect(await refusal({ datasetIds: [nbody], seeds: [1, 1] })).toMatch(/seeds must be distinct/);
    expect(await refusal({ datasetIds: [999], seeds: 1 })).toBe('dataset 999 does not exist');
    expect(await refusal({ datasetIds: [nbody], grid: [{ setting: 'k', values: Array.from({ length: 30 }, (_, i) => i + 1) }], seeds: 20 })).toMatch(/600 runs; at most 512/);
  });

  it('refuses at the boundary what is not a sweep (zod): no datasets, a value of no setting type, a seed count of 0', async () => {
    for (const bad of [{ datasetIds: [], seeds: 1 }, { datasetIds: [nbody], grid: [{ setting: 'k', values: [null] }], seeds: 1 }, { datasetIds: [nbody], seeds: 0 }, { datasetIds: [nbody], seeds: 1, grid: [{ setting: '__proto__', values: [1] }] }]) {
      const r = await dispatch('sweeps.create', bad);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });
});

describe('sweeps.list', () => {
  it('gives per grid point the mean +- std over done seeds and how many seeds found which algebra', async () => {
    const s = await create({ name: 'stats', datasetIds: [nbody], base: { epochs: 2 }, grid: [{ setting: 'k', values: [1, 2] }], seeds: 2, starts: 1 });
    const runs = workspace.runs.list({ experimentId: s.id, archived: 'all' }).sort((a, b) => a.sweepTask! - b.sweepTask!);
    const base = storedSummaryJson() as { metrics: { test: Record<string, unknown> }; verdict: Record<string, unknown> };
    const finish = (i: number, mse: number, found: string | null): void => {
      workspace.runs.markRunning(runs[i]!.id, process.pid, null);
      workspace.runs.finish(runs[i]!.id, { ...base, metrics: { ...base.metrics, test: { ...base.metrics.test, mse } }, verdict: { ...base.verdict, status: found ? 'found' : 'not-found', symmetryFound: found !== null, name: found } });
    };
    finish(0, 1, 'so(2)');
    finish(1, 3, 'so(2)');
    finish(2, 0.5, null);
    const r = await dispatch('sweeps.list', {});
    expect(r.ok).toBe(true);
    const listed = (r as { value: SweepSummary[] }).value.find((x) => x.id === s.id)!;
    expect(listed.metrics[0]).toBe('test.mse');
    const [p0, p1] = listed.points;
    expect(p0).toMatchObject({ label: 'k=1', done: 2, of: 2, found: [{ answer: 'so(2)', seeds: 2, of: 2 }] });
    expect(p0!.metrics['test.mse']!.mean).toBeCloseTo(2);
    expect(p0!.metrics['test.mse']!.std).toBeCloseTo(Math.SQRT2);
    expect(p1).toMatchObject({ label: 'k=2', done: 1, of: 2, found: [{ answer: 'none found', seeds: 1, of: 2 }], metrics: { 'test.mse': { mean: 0.5, std: 0, n: 1 } } });
    expect(p1!.seeds.map((x) => x.status)).toEqual(['done', 'queued']);
    expect(listed.best).toMatchObject({ point: 1, label: 'k=2', metric: 'test.mse', mean: 0.5 });
  });
});

describe('sweeps.cancel', () => {
  it("cancels the sweep's queued and running runs on the queue", async () => {
    const s = await create({ datasetIds: [nbody], base: { epochs: 2 }, seeds: 3, starts: 1 });
    const runs = workspace.runs.list({ experimentId: s.id, archived: 'all' });
    const r = await dispatch('sweeps.cancel', { id: s.id });
    expect(r).toMatchObject({ ok: true });
    expect([...canceled].sort()).toEqual(runs.map((x) => x.id).sort());
    expect(await dispatch('sweeps.cancel', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'sweep 999 does not exist' } });
  });
});
