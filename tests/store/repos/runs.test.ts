/** The store reads a run's stored summary once, through the summary schema; one it cannot read is that run's error, never the list's. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns, runDetails, runResults } from '../../../src-main/store/run-details';
import { openWorkspace, type Workspace } from '../../../src-main/store/index';
import { recordDamagedRuns, type DamagedRuns } from '../../fixtures/damaged-runs';
import { storedSummary } from '../../fixtures/stored-summary';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-stored-summary-'));
let ws: Workspace;
let runs: DamagedRuns;
beforeAll(() => {
  ws = openWorkspace(path.join(dir, 'workspace.sqlite'));
  runs = recordDamagedRuns(ws);
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a stored summary read by the store', () => {
  it('is the typed summary when it reads, with no error', () => {
    const run = ws.runs.require(runs.good);
    expect(run.summaryError).toBeNull();
    expect(run.summary).toEqual(storedSummary());
    expect(run.summary!.metrics.test.mse).toBeTypeOf('number');
  });

  it('is null with the reason in words when it cannot be read, and the other runs still list', () => {
    const listed = ws.runs.list();
    expect(listed.map((r) => r.id).sort()).toEqual([runs.good, runs.notJson, runs.otherVersion, runs.wrongType].sort());
    const byId = new Map(listed.map((r) => [r.id, r]));
    expect(byId.get(runs.notJson)!.summaryError).toMatch(runs.errors.notJson);
    expect(byId.get(runs.otherVersion)!.summaryError).toBe(runs.errors.otherVersion);
    expect(byId.get(runs.wrongType)!.summaryError).toBe(runs.errors.wrongType);
    for (const id of [runs.notJson, runs.otherVersion, runs.wrongType]) expect(byId.get(id)).toMatchObject({ status: 'done', summary: null });
    expect(byId.get(runs.good)).toMatchObject({ summaryError: null, summary: { schemaVersion: 1 } });
  });

  it('gives headline results for the runs that read and the reason for those that do not', () => {
    const good = runResults(ws.runs.require(runs.good));
    const s = storedSummary();
    expect(good).toEqual({
      testMse: s.metrics.test.mse,
      testMae: s.metrics.test.mae,
      accuracy: null,
      equivarianceError: s.metrics.test.equivarianceError,
      referenceAction: s.reference!.action,
      referenceSubspace: s.reference!.subspace,
      verdict: 'inconclusive',
      seconds: s.timings.seconds,
      summaryError: null,
    });
    expect(runResults(ws.runs.require(runs.otherVersion))).toMatchObject({ testMse: null, verdict: null, summaryError: runs.errors.otherVersion });
    const compared = compareRuns(ws, [runs.good, runs.wrongType]);
    expect(compared.results.map((r) => r.summaryError)).toEqual([null, runs.errors.wrongType]);
    expect(runDetails(ws, runs.notJson).run.summaryError).toMatch(runs.errors.notJson);
  });
});
