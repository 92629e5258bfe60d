/**
 * datasets.suggest and datasets.update over a real service and workspace: an edit updates the row
 * in place, becomes a new row when runs were trained on it, and changes nothing when it fails; and
 * a run requested from a dataset trains on exactly the split the dataset shows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireResult } from '../../src-main/api/contract';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import type { DatasetSuggestions, DatasetSummary } from '../../src-main/api/schemas';
import { importerSource } from '../../src-main/api/service/data-source';
import { createService } from '../../src-main/api/service/index';
import { requestFor } from '../../src-main/api/service/runs';
import type { Dataset } from '../../src-main/data/dataset';
import type { RunOptions } from '../../src-main/run/options';
import { runTrain } from '../../src-main/run/train';
import { basisExportJson } from '../../src-main/export/json';
import { exportInputFromSummary } from '../../src-main/export/summary';
import { openWorkspace, type Workspace } from '../../src-main/store/index';

let folder: string;
let ws: Workspace;
let dispatch: Dispatch;
let csv: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'semola-edit-'));
  ws = openWorkspace(join(folder, 'workspace.sqlite'));
  dispatch = createDispatch(createService({ workspace: ws, hub: new EventHub(), data: importerSource(), queue: null, analyzeAlgebra: null, uploadsDir: join(folder, 'uploads'), mode: 'browser' }));
  const lines = ['x1,y1,x2,y2,energy,label'];
  for (let r = 0; r < 30; r++) lines.push([Math.sin(r), Math.cos(r), Math.sin(2 * r), Math.cos(3 * r), (r * 0.37) % 1, r % 3].map((v) => Number(v.toFixed(4))).join(','));
  csv = join(folder, 'pairs.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
});
afterAll(() => {
  ws.close();
  rmSync(folder, { recursive: true, force: true });
});

const value = <T>(r: WireResult<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

async function importCsv(options: Record<string, unknown>, importId: string): Promise<DatasetSummary> {
  return value<DatasetSummary>(await dispatch('datasets.import', { path: csv, options, importId }));
}

describe('datasets.update', () => {
  it('edits a dataset no run used in place, with the suggestions the importer offers', async () => {
    const before = await importCsv({ targets: 'energy' }, 'in-place');
    const s = value<DatasetSuggestions>(await dispatch('datasets.suggest', { id: before.id }));
    const label = s.suggestions.find((x) => x.field === 'targets' && x.value === 'label');
    expect(label?.reason).toMatch(/3 distinct whole numbers/);
    const after = value<DatasetSummary>(await dispatch('datasets.update', { id: before.id, options: { targets: 'label', inputs: 'x1,y1,x2,y2', targetKind: 'classification', layout: 'vector:2' } }));
    expect(after.id).toBe(before.id);
    expect(after.name).toBe('pairs.csv');
    expect(after.targets.map((t) => t.name)).toEqual(['label']);
    expect(after.targetKind).toBe('classification');
    expect(after.layout).toEqual({ kind: 'vector', d: 2, blocks: 2 });
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(ws.datasets.list().filter((d) => d.record.sourceFiles[0] === csv)).toHaveLength(1);
    const preview = value<{ table: { columns: string[] } }>(await dispatch('datasets.preview', { id: after.id, samples: 2 }));
    expect(preview.table.columns).toEqual(['x1', 'y1', 'x2', 'y2', 'label']);
    ws.datasets.delete(after.id);
  });

  it('stores the edit as a new row when runs were trained on the dataset, and leaves theirs as it was', async () => {
    const before = await importCsv({ targets: 'energy', seed: 3 }, 'with-runs');
    const original = ws.datasets.get(before.id)!.record;
    const run = ws.runs.create({ request: requestFor(original, { epochs: 1 }), method: 'semola', seed: 0, epochs: 1 });
    ws.runs.recordStart(run.id, { config: {}, backend: 'cpu', backendDetail: 'test', versions: { app: '0', node: process.versions.node, tfjs: '0', platform: process.platform }, datasetHash: original.contentHash, datasetId: before.id });
    const edited = value<DatasetSummary>(await dispatch('datasets.update', { id: before.id, options: { targets: 'label' } }));
    expect(edited.id).not.toBe(before.id);
    expect(edited.name).toBe('pairs.csv (edited: targets)');
    expect(edited.targets.map((t) => t.name)).toEqual(['label']);
    expect(ws.datasets.get(before.id)!.record).toEqual(original);
    expect(ws.runs.get(run.id)!.datasetId).toBe(before.id);
    // The same edit again finds the row it made: no duplicate.
    const again = value<DatasetSummary>(await dispatch('datasets.update', { id: before.id, options: { targets: 'label' } }));
    expect(again.id).toBe(edited.id);
    expect(ws.datasets.list()).toHaveLength(2);
    ws.datasets.delete(edited.id);
  });

  it('treats a queued run that has not started yet as using the dataset: the edit becomes a new row', async () => {
    const before = await importCsv({ targets: 'energy', seed: 5 }, 'queued');
    const original = ws.datasets.get(before.id)!.record;
    ws.runs.create({ request: requestFor(original, { epochs: 1 }), method: 'semola', seed: 0, epochs: 1, datasetId: before.id });
    const edited = value<DatasetSummary>(await dispatch('datasets.update', { id: before.id, options: { targets: 'label' } }));
    expect(edited.id).not.toBe(before.id);
    expect(ws.datasets.get(before.id)!.record).toEqual(original);
  });

  it("changes nothing when the importer refuses the edit, and says what is wrong", async () => {
    const rows = ws.datasets.list();
    const id = rows[0]!.id;
    const bad = await dispatch('datasets.update', { id, options: { targets: 'energy', inputs: 'x1,y1,nope' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringMatching(/pairs\.csv: inputs "x1,y1,nope": no column named "nope"\. Available: 0:x1/) } });
    const equivariant = await dispatch('datasets.update', { id, options: { targets: 'energy', task: 'equivariant', targetKind: 'regression' } });
    expect(equivariant).toMatchObject({ ok: false, error: { message: expect.stringMatching(/equivariant task needs targets that g can act on/) } });
    expect(ws.datasets.list()).toEqual(rows);
    const refused = await dispatch('datasets.update', { id, options: { layout: 'points:7' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'options.layout' }] } });
  });
});

describe('units the user sets', () => {
  it('records a unit set in the editor with source user, keeps it through later edits and shows it in the histogram', async () => {
    const before = await importCsv({ targets: 'energy', seed: 11 }, 'units');
    expect(before.targets).toEqual([{ name: 'energy', unit: null }]);
    const set = value<DatasetSummary>(await dispatch('datasets.update', { id: before.id, options: { units: { energy: ' kcal/mol ' } } }));
    expect(set.id).toBe(before.id);
    expect(set.targets).toEqual([{ name: 'energy', unit: 'kcal/mol' }]);
    expect(set.units).toEqual({ source: 'user', positions: null });
    expect(set.notes.join('\n')).toContain('Units set by the user: energy kcal/mol (not stated before).');
    const preview = value<{ histograms: { name: string; unit?: string | null }[] }>(await dispatch('datasets.preview', { id: set.id, samples: 1 }));
    expect(preview.histograms[0]).toMatchObject({ name: 'energy', unit: 'kcal/mol' });
    // Read back from the workspace, and kept when another setting is edited.
    expect(value<DatasetSummary[]>(await dispatch('datasets.list', {})).find((d) => d.id === set.id)?.targets).toEqual([{ name: 'energy', unit: 'kcal/mol' }]);
    const inputs = value<DatasetSummary>(await dispatch('datasets.update', { id: set.id, options: { inputs: 'x1,y1,x2,y2' } }));
    expect(inputs.targets).toEqual([{ name: 'energy', unit: 'kcal/mol' }]);
    // null returns the target to the file's unit (none stated).
    const cleared = value<DatasetSummary>(await dispatch('datasets.update', { id: set.id, options: { units: { energy: null } } }));
    expect(cleared.targets).toEqual([{ name: 'energy', unit: null }]);
    expect(cleared.units).toBeUndefined();
    ws.datasets.delete(set.id);
  });

  it('refuses a unit that is empty, too long or names nothing in the dataset, naming the field, and stores nothing', async () => {
    const summary = await importCsv({ targets: 'energy', seed: 12 }, 'bad-units');
    const rows = ws.datasets.list();
    const empty = await dispatch('datasets.update', { id: summary.id, options: { units: { energy: '  ' } } });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'options.units.energy', message: expect.stringMatching(/short text such as eV/) }] } });
    const long = await dispatch('datasets.update', { id: summary.id, options: { units: { energy: 'x'.repeat(33) } } });
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'options.units.energy' }] } });
    const newline = await dispatch('datasets.update', { id: summary.id, options: { units: { energy: 'eV\nrm' } } });
    expect(newline).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'options.units.energy' }] } });
    const nothing = await dispatch('datasets.update', { id: summary.id, options: { units: { gap: 'eV' } } });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('options.units.gap: no target named "gap"; units can be set for energy'), issues: [{ path: 'options.units.gap' }] } });
    const positions = await dispatch('datasets.update', { id: summary.id, options: { units: { positions: 'Angstrom' } } });
    expect(positions).toMatchObject({ ok: false, error: { issues: [{ path: 'options.units.positions', message: expect.stringMatching(/has no positions/) }] } });
    expect(ws.datasets.list()).toEqual(rows);
    ws.datasets.delete(summary.id);
  });

  it("a run trained afterwards carries the user's unit in its summary and JSON export", async () => {
    const imported = await importCsv({ targets: 'energy', seed: 13 }, 'units-run');
    const edited = value<DatasetSummary>(await dispatch('datasets.update', { id: imported.id, options: { units: { energy: 'kcal/mol' } } }));
    const record = ws.datasets.get(edited.id)!.record;
    const request = requestFor(record, { epochs: 1, batchSize: 8 }, 'cpu');
    expect(request.units).toEqual({ energy: 'kcal/mol' });
    const result = await runTrain({ ...(request as unknown as RunOptions) });
    // The trainer read the same dataset (same hash: the unit is part of it) and reports the user's unit.
    expect(result.dataset.contentHash).toBe(record.contentHash);
    expect(result.dataset.units).toEqual({ source: 'user', positions: null, targets: { energy: 'kcal/mol' } });
    const doc = JSON.parse(basisExportJson(exportInputFromSummary(result, {}))) as { units?: unknown };
    expect(doc.units).toEqual({ source: 'user', positions: null, targets: { energy: 'kcal/mol' } });
  });
});

describe('the split reaches the trainer', () => {
  it('a table imported with test fraction 0.3 and split seed 7 trains on the same test samples', async () => {
    const summary = await importCsv({ targets: 'energy', seed: 7, testFraction: 0.3 }, 'split');
    const record = ws.datasets.get(summary.id)!.record;
    const request = requestFor(record, { epochs: 1, batchSize: 8 }, 'cpu');
    expect(request).toMatchObject({ splitSeed: 7, testFraction: 0.3 });
    const imported = value<{ samples: unknown[] }>(await dispatch('datasets.preview', { id: summary.id, samples: 1 }));
    expect(imported.samples.length).toBe(1);
    let trained: Dataset | undefined;
    const result = await runTrain({ ...(request as unknown as RunOptions), onStart: ({ dataset }) => void (trained = dataset) });
    expect(trained?.record?.contentHash).toBe(record.contentHash);
    expect(trained?.test?.n).toBe(9);
    expect(result.dataset.testSamples).toBe(9);
    // The very rows: the test targets are the energies the seeded split (seed 7) holds out.
    const reference = await importerSource().reload(record);
    expect(Array.from(trained!.test!.targets)).toEqual(Array.from(reference.test!.targets));
  });

  it('a group column given at import reaches the trainer: validation and test hold out whole groups', async () => {
    const lines = ['traj,x,y,energy'];
    for (let r = 0; r < 200; r++) lines.push([Math.floor(r / 5), Math.sin(r), Math.cos(r), Number(((r * 0.37) % 1).toFixed(4))].join(','));
    const path = join(folder, 'grouped.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const summary = value<DatasetSummary>(await dispatch('datasets.import', { path, options: { groupBy: 'traj', testFraction: 0.2 }, importId: 'grouped' }));
    const record = ws.datasets.get(summary.id)!.record;
    expect(record.inputNames).toEqual(['x', 'y']);
    const request = requestFor(record, { epochs: 1, batchSize: 8 }, 'cpu');
    expect(request).toMatchObject({ groupBy: 'traj', testFraction: 0.2 });
    let trained: Dataset | undefined;
    const result = await runTrain({ ...(request as unknown as RunOptions), onStart: ({ dataset }) => void (trained = dataset) });
    expect(trained?.record?.contentHash).toBe(record.contentHash);
    expect(result.dataset.testSamples).toBe(40);
    expect(result.dataset.validationSplit).toMatch(/^validation: by "traj" group \(\d+ of 32 groups held out whole/);
    // A refused group column is an error naming the file, not a dataset.
    const bad = await dispatch('datasets.import', { path, options: { groupBy: 'nope' }, importId: 'grouped-bad' });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringMatching(/grouped\.csv: group column "nope": no column named "nope"/) } });
  });
});
