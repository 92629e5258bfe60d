/**
 * The service on runs whose stored summary cannot be read: the list, the run's details and its
 * exports say why in words (per run), the runs that read are served as before, and nothing throws.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import type { RunDetail, RunSummary } from '../../src-main/api/schemas';
import { createService } from '../../src-main/api/service/index';
import { importerSource } from '../../src-main/api/service/data-source';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { recordDamagedRuns, type DamagedRuns } from '../fixtures/damaged-runs';
import { storedSummary } from '../fixtures/stored-summary';

const folder = mkdtempSync(join(tmpdir(), 'semola-api-summary-'));
let ws: Workspace;
let dispatch: Dispatch;
let runs: DamagedRuns;
beforeAll(() => {
  ws = openWorkspace(join(folder, 'workspace.sqlite'));
  runs = recordDamagedRuns(ws);
  dispatch = createDispatch(createService({ workspace: ws, hub: new EventHub(), data: importerSource(), queue: null, analyzeAlgebra: null, uploadsDir: join(folder, 'uploads'), mode: 'browser' }));
});
afterAll(() => {
  ws.close();
  rmSync(folder, { recursive: true, force: true });
});

async function value<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('runs whose summary cannot be read', () => {
  it('list with the reason beside the runs that read', async () => {
    const list = await value<RunSummary[]>('runs.list', {});
    const byId = new Map(list.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual([runs.good, runs.notJson, runs.otherVersion, runs.wrongType].sort());
    expect(byId.get(runs.good)).toMatchObject({ summaryError: null, symmetryFound: false, symmetry: 'inconclusive' });
    expect(byId.get(runs.notJson)!.summaryError).toMatch(runs.errors.notJson);
    expect(byId.get(runs.otherVersion)).toMatchObject({ status: 'done', summaryError: runs.errors.otherVersion, symmetryFound: null, symmetry: null });
    expect(byId.get(runs.wrongType)!.summaryError).toBe(runs.errors.wrongType);
  });

  it('show their details with the reason and no summary; a run that reads comes with its typed summary', async () => {
    const bad = await value<RunDetail>('runs.get', { id: runs.wrongType });
    expect(bad).toMatchObject({ id: runs.wrongType, status: 'done', summary: null, summaryError: runs.errors.wrongType });
    const good = await value<RunDetail>('runs.get', { id: runs.good });
    expect(good.summaryError).toBeNull();
    expect(good.summary).toEqual(JSON.parse(JSON.stringify(storedSummary())));
  });

  it('refuse an export with the reason, and compare with the others', async () => {
    const exported = await dispatch('export.permutations', { runId: runs.otherVersion, format: 'json' });
    expect(exported).toEqual({ ok: false, error: { code: 'failed', message: runs.errors.otherVersion } });
    const compared = await value<{ runs: RunSummary[] }>('runs.compare', { ids: [runs.good, runs.notJson] });
    expect(compared.runs.map((r) => r.summaryError === null)).toEqual([true, false]);
  });
});
