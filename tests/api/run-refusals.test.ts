/**
 * The API's run check (runs.validate, and runs.create, which the WebSocket and IPC dispatch) refuses
 * each wrong setting of the shared cases with the option table's message. The config arrives as the
 * JSON the socket parses, so keys such as __proto__ are own keys, as they are in a --config file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import { importerSource } from '../../src-main/api/service/data-source';
import { createService } from '../../src-main/api/service/index';
import { algebraSummary } from '../../src-main/api/service/workbench';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { DATA, REFUSALS } from '../engine/options/refusal-cases';

let folder: string;
let workspace: Workspace;
let dispatch: Dispatch;
let datasetId: number;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'semola-api-refusals-'));
  workspace = openWorkspace(join(folder, 'workspace.sqlite'));
  dispatch = createDispatch(createService({ workspace, hub: new EventHub(), data: importerSource(), queue: null, analyzeAlgebra: algebraSummary, uploadsDir: join(folder, 'uploads'), mode: 'browser' }));
  const imported = await dispatch('datasets.import', { path: DATA, importId: 'refusals' });
  if (!imported.ok) throw new Error(imported.error.message);
  datasetId = (imported.value as { id: number }).id;
});
afterAll(() => {
  workspace.close();
  rmSync(folder, { recursive: true, force: true });
});

const wire = (json: string): unknown => JSON.parse(`{"datasetId": ${datasetId}, "config": ${json}}`);

describe('the API refuses wrong settings with the table message', () => {
  it.each(REFUSALS)('$name: runs.validate', async ({ json, message }) => {
    const r = await dispatch('runs.validate', wire(json));
    expect(r.ok).toBe(true);
    const check = (r as { value: { ok: boolean; errors?: string[] } }).value;
    expect(check.ok).toBe(false);
    expect(check.errors).toContain(message);
  });

  it.each(REFUSALS)('$name: runs.create starts nothing', async ({ json, message }) => {
    const r = await dispatch('runs.create', wire(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(message);
    expect(workspace.runs.list({ archived: 'all' })).toHaveLength(0);
  });

  it('resolves the valid neighbour and records what the run trains', async () => {
    const r = await dispatch('runs.validate', wire('{"coefficients": {"distribution": "normal", "high": 0.5}, "standardizedLosses": false, "k": 64}'));
    const check = (r as { value: { ok: boolean; resolved: Record<string, unknown> } }).value;
    expect(check.ok).toBe(true);
    expect(check.resolved).toMatchObject({ k: 64, standardizedLosses: false, coefficients: { distribution: 'normal', low: -1, high: 0.5 }, epochs: 20 });
  });
});
