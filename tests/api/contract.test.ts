import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, METHODS } from '../../src-main/api/contract';
import { EVENT_NAMES, METHOD_NAMES } from '../../src-main/api/names';
import type { WireResult } from '../../src-main/api/contract';
import { groupSettings, runSymmetry } from '../../src-main/api/service/runs-view';
import { storedSummary } from '../fixtures/stored-summary';
import { contractCases, openFixture, type Fixture } from './fixture';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(() => f.close());

describe('the contract table', () => {
  it('maps exactly the listed method and event names', () => {
    expect(Object.keys(METHODS).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(EVENTS).sort()).toEqual([...EVENT_NAMES].sort());
  });
});

describe('dispatch validates every method where the call arrives', () => {
  it.each([...METHOD_NAMES])('%s: a valid input reaches the service, an invalid one is refused with its path', async (method) => {
    const c = contractCases(f)[method];
    const bad = await f.dispatch(method, c.invalid);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid-input');
      expect(bad.error.issues?.length).toBeGreaterThan(0);
      expect(bad.error.message).toContain(method);
    }
    const good = await f.dispatch(method, c.valid);
    if (c.outcome === 'ok') expect(good).toMatchObject({ ok: true });
    else expect(good).toMatchObject({ ok: false, error: { code: c.outcome } });
    if (!good.ok) expect(good.error.issues).toBeUndefined();
  });

  it('refuses unknown methods', async () => {
    expect(await f.dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await f.dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });
});

const value = <T>(r: WireResult<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

describe('service behaviour', () => {
  it('rejects invalid combinations before a run starts, with every reason', async () => {
    const check = value<{ ok: boolean; errors?: string[] }>(
      await f.dispatch('runs.validate', { datasetId: f.datasetId, config: { mask: { name: 'blocks4' }, k: 40, model: { kind: 'pointcloud' } } }),
    );
    expect(check.ok).toBe(false);
    expect(check.errors?.join('\n')).toMatch(/k = 40 generators .* 32 free entries in the blocks4 mask \(d = 8\)/);
    expect(check.errors?.join('\n')).toMatch(/point-cloud model needs a points dataset/);
    const typo = value<{ ok: boolean; errors?: string[] }>(await f.dispatch('runs.validate', { datasetId: f.datasetId, config: { epochz: 3 } }));
    expect(typo).toEqual({ ok: false, errors: ['unknown config key "epochz"'] });
    const created = await f.dispatch('runs.create', { datasetId: f.datasetId, config: { lr: 50 } });
    expect(created).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/the run was not started: lr must be a finite number in \(0, 10\), got 50/) } });
  });

  it('allows the weight-sharing model on invariant feature vectors and point sets, and refuses it for an equivariant task', async () => {
    type Check = { ok: boolean; resolved?: Record<string, unknown>; errors?: string[] };
    const points = value<{ id: number; layout: { kind: string }; task: string }>(await f.dispatch('datasets.import', { path: 'builtin:molecules?samples=20', importId: 'ws-points' }));
    expect(points).toMatchObject({ layout: { kind: 'points' }, task: 'invariant' });
    const weightSharing = { model: { kind: 'weight-sharing' }, weightSharing: { groupSize: 4, entropyWeight: 0.1 } };
    for (const datasetId of [f.permutationDatasetId, points.id]) {
      const check = value<Check>(await f.dispatch('runs.validate', { datasetId, config: weightSharing }));
      expect(check).toMatchObject({ ok: true, resolved: { model: { kind: 'weight-sharing' }, weightSharing: { groupSize: 4, entropyWeight: 0.1 } } });
    }
    // The fixture's 2-body data predicts the next state: an equivariant task.
    const equivariant = value<Check>(await f.dispatch('runs.validate', { datasetId: f.datasetId, config: weightSharing }));
    expect(equivariant.ok).toBe(false);
    expect(equivariant.errors).toContainEqual(expect.stringMatching(/weight-sharing model .* takes invariant tasks only, and this dataset's task is equivariant: choose the MLP/));

    // Where it is an alternative, the model-vs-layout messages offer it; where it is not, they do not.
    const table = value<Check>(await f.dispatch('runs.validate', { datasetId: f.permutationDatasetId, config: { model: { kind: 'pointcloud' } } }));
    expect(table.errors).toContainEqual(expect.stringMatching(/this one is a feature table: choose the MLP or the weight-sharing model$/));
    const cloud = value<Check>(await f.dispatch('runs.validate', { datasetId: points.id, config: { model: { kind: 'mlp' } } }));
    expect(cloud.errors).toContainEqual(expect.stringMatching(/these frames differ in atoms, order or count: choose the point-cloud model or the weight-sharing model$/));
    const nbody = value<Check>(await f.dispatch('runs.validate', { datasetId: f.datasetId, config: { model: { kind: 'pointcloud' } } }));
    expect(nbody.errors).toContainEqual(expect.stringMatching(/this one is a feature table: choose the MLP$/));
  });

  it('resolves a valid config with every default written out', async () => {
    const check = value<{ ok: true; resolved: Record<string, unknown> }>(await f.dispatch('runs.validate', { datasetId: f.datasetId, config: { preset: 'paper', epochs: 2 } }));
    expect(check.resolved).toMatchObject({ preset: 'paper', epochs: 2, augTerm: 'cosine', weights: { manifold: 0 } });
  });

  it('compares runs on the settings that differ only', async () => {
    const result = value<{ differingConfig: { key: string; values: unknown[] }[] }>(await f.dispatch('runs.compare', { ids: f.runIds }));
    expect(result.differingConfig).toEqual([
      { key: 'lr', values: [1e-3, 3e-3] },
      { key: 'seed', values: [0, 1] },
    ]);
  });

  it('lists what each finished run found: the verdict and a weight-sharing run\'s group', async () => {
    const runs = value<{ id: number; symmetryFound: boolean | null; symmetry: string | null }[]>(await f.dispatch('runs.list', {}));
    const ws = runs.find((r) => r.id === f.permutationRunId)!;
    expect(ws).toMatchObject({ symmetryFound: false, symmetry: 'none found; group S_3 on {x1, x2, x3}' });
    // List settings travel as text, so runs differing only in hidden sizes are not one seed group.
    // Seed groups compare the requests resolved with every default, lists included, the seed as asked.
    const listed = value<{ id: number; seed: number; groupSettings: Record<string, string> }[]>(await f.dispatch('runs.list', {})).find((r) => r.seed === 1)!;
    const grouping = listed.groupSettings;
    expect(grouping).toMatchObject({ seed: '1', epochs: '3', 'model.hidden': '[256,256,256]' });
    // A long value (a given basis) travels as its digest.
    const withBasis = { ...f.workspace.runs.get(listed.id)!, datasetId: null, config: null, request: { data: 'x', config: { fixedBasis: Array(50).fill([[0, 1], [-1, 0]]) } } };
    expect(groupSettings(f.workspace, withBasis).fixedBasis).toMatch(/^sha256:[0-9a-f]{16} \(\d+ chars\)$/);
    // The other fixture runs finished without a summary verdict: nothing to show.
    expect(runs.filter((r) => r.id !== f.permutationRunId).every((r) => r.symmetry === null && r.symmetryFound === null)).toBe(true);
    const verdict = (v: object) => storedSummary({ verdict: { similarity: 0.99, reason: 'symmetry found: x', ...v } });
    expect(runSymmetry(verdict({ symmetryFound: true, name: 'so(2)' }))).toEqual({ symmetryFound: true, symmetry: 'found: so(2)' });
    expect(runSymmetry(verdict({ symmetryFound: true, name: null }))).toEqual({ symmetryFound: true, symmetry: 'found: unnamed' });
    expect(runSymmetry(verdict({ status: 'inconclusive', symmetryFound: false, name: null }))).toEqual({ symmetryFound: false, symmetry: 'inconclusive' });
    expect(runSymmetry(storedSummary({ verdict: null }))).toEqual({ symmetryFound: null, symmetry: null });
    expect(runSymmetry(null)).toEqual({ symmetryFound: null, symmetry: null });
  });

  it('reports best and last metric values, tags and notes with the run', async () => {
    const [a] = f.runIds;
    await f.dispatch('runs.tag', { id: a, tags: ['one', 'two'] });
    await f.dispatch('runs.tag', { id: a, tags: ['two', 'three'] });
    await f.dispatch('runs.note', { id: a, note: 'looks like so(2)' });
    const run = value<{ tags: string[]; note: string; best: Record<string, number>; last: Record<string, number> }>(await f.dispatch('runs.get', { id: a }));
    expect(run.tags).toEqual(['three', 'two']);
    expect(run.note).toBe('looks like so(2)');
    expect(run.best['loss.total']).toBeCloseTo(4 / 3, 6);
    expect(run.last['val.loss']).toBeCloseTo(1, 6);
  });

  it('returns snapshots as nested arrays, spread over the run and ending at the last epoch', async () => {
    const snaps = value<{ epoch: number; basis: number[][][] }[]>(await f.dispatch('runs.snapshots', { id: f.runIds[0], maxSnapshots: 2 }));
    expect(snaps.map((s) => s.epoch)).toEqual([1, 3]);
    expect(snaps[1]!.basis[0]![1]![0]).toBeCloseTo(1, 6);
    expect(snaps[1]!.basis[0]![0]![1]).toBeCloseTo(-1, 6);
  });

  it('recognises the so(2) rotations of the fixture basis and exports them as LaTeX', async () => {
    const algebra = value<{ bestMatch: { name: string } | null; structureConstants: number[][][] }>(await f.dispatch('runs.algebra', { id: f.runIds[0] }));
    expect(algebra.structureConstants).toEqual([[[0]]]);
    const file = value<{ fileName: string; text: string; mediaType: string }>(await f.dispatch('export.basis', { runId: f.runIds[0], format: 'latex' }));
    expect(file.fileName).toMatch(/-basis-epoch\d+\.tex$/);
    expect(file.text).toContain('\\begin{pmatrix}');
    // The group element for the t the Run view's sliders set, not t = (1, ..., 1).
    const slid = value<{ text: string }>(await f.dispatch('export.basis', { runId: f.runIds[0], format: 'latex', groupElement: [0.5] }));
    expect(slid.text).toMatch(/for \$t = \(0\.5\d*\)\$/);
    expect(file.text).toMatch(/for \$t = \(1(\.0*)?\)\$/);
    const wrong = await f.dispatch('export.basis', { runId: f.runIds[0], format: 'latex', groupElement: [0.5, 1] });
    expect(JSON.stringify(wrong)).toMatch(/groupElement: 2 coefficients t for the 1 generators/);
    const npy = value<{ base64: string; text: string | null }>(await f.dispatch('export.basis', { runId: f.runIds[0], format: 'npy' }));
    expect(Buffer.from(npy.base64, 'base64').subarray(1, 6).toString('latin1')).toBe('NUMPY');
    expect(npy.text).toBeNull();
  });

  it("shows the importer's error for a malformed upload, naming the file and line", async () => {
    const bad = Buffer.from('x,y\n1,2\n3,oops\n').toString('base64');
    const r = await f.dispatch('datasets.upload', { fileName: 'broken.csv', base64: bad, importId: 'bad-1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('broken.csv:3: column 2 ("y"): expected a number, got "oops"');
  });

  it('emits import progress for the caller to follow', async () => {
    const seen: unknown[] = [];
    const off = f.hub.subscribe((event, payload) => {
      if (event === 'dataset.importProgress') seen.push(payload);
    });
    await f.dispatch('datasets.import', { path: 'builtin:nbody2?trajectories=20', importId: 'watch-me' });
    off();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[seen.length - 1]).toMatchObject({ importId: 'watch-me', fraction: 1 });
  });
});
