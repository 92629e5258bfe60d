/**
 * `semola runs list/show/compare/export` on a workspace where some done runs' stored summaries
 * cannot be read (tests/fixtures/damaged-runs.ts; no training): each such run is listed with the
 * reason in words, the others as usual, and the commands still succeed where they can.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/index';
import { recordDamagedRuns, type DamagedRuns } from '../fixtures/damaged-runs';
import { semola } from './semola-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-runs-summary-'));
const file = path.join(dir, 'workspace.sqlite');
let runs: DamagedRuns;
beforeAll(() => {
  const ws = openWorkspace(file);
  try {
    runs = recordDamagedRuns(ws);
  } finally {
    ws.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowOf = (stdout: string, id: number): string => stdout.split('\n').find((l) => new RegExp(`^${id}\\s`).test(l)) ?? '';

describe('semola runs on summaries that cannot be read', () => {
  it('list shows every run, the unreadable ones with the reason under the table', async () => {
    const r = await semola('runs', 'list', '--workspace', file);
    expect(r.code, r.stderr).toBe(0);
    expect(rowOf(r.stdout, runs.good)).toMatch(/\bdone\s+semola\s+\S+\s+1\s+0\/1\s+7\.471\s+inconclusive\b/);
    for (const id of [runs.notJson, runs.otherVersion, runs.wrongType]) expect(rowOf(r.stdout, id)).toMatch(/\bdone\b.*\s-\s+summary unreadable\b/);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(runs.errors.otherVersion);
    expect(lines).toContain(runs.errors.wrongType);
    expect(lines.some((l) => runs.errors.notJson.test(l))).toBe(true);
    const json = JSON.parse((await semola('runs', 'list', '--workspace', file, '--json')).stdout) as { id: number; summary: unknown; summaryError: string | null }[];
    expect(json.find((run) => run.id === runs.otherVersion)).toMatchObject({ summary: null, summaryError: runs.errors.otherVersion });
    expect(json.find((run) => run.id === runs.good)).toMatchObject({ summaryError: null, summary: { schemaVersion: 1 } });
  });

  it('show prints the run with the reason instead of results; --json carries it', async () => {
    const r = await semola('runs', 'show', String(runs.wrongType), '--workspace', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^run ${runs.wrongType} \\(seed 4\\): done`));
    expect(r.stdout.split('\n')).toContain(`  ${runs.errors.wrongType}`);
    expect(r.stdout).not.toContain('test: MSE');
    const json = JSON.parse((await semola('runs', 'show', String(runs.notJson), '--workspace', file, '--json')).stdout) as { run: { summary: unknown; summaryError: string } };
    expect(json.run.summary).toBeNull();
    expect(json.run.summaryError).toMatch(runs.errors.notJson);
    const good = await semola('runs', 'show', String(runs.good), '--workspace', file);
    expect(good.stdout).toMatch(/test: MSE \d/);
    expect(good.stdout).not.toContain('cannot be read');
  });

  it('compare marks the unreadable run, and export refuses it with the reason', async () => {
    const c = await semola('runs', 'compare', String(runs.good), String(runs.otherVersion), '--workspace', file);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^verdict\s+inconclusive\s+summary unreadable$/m);
    expect(c.stdout.split('\n')).toContain(runs.errors.otherVersion);
    const e = await semola('runs', 'export', String(runs.otherVersion), '--format', 'json', '--out', path.join(dir, 'x.json'), '--workspace', file);
    expect(e.code).toBe(1);
    expect(e.stderr).toBe(`semola: ${runs.errors.otherVersion}\n`);
  });
});
