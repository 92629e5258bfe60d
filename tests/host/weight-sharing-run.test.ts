/**
 * `semola train --model weight-sharing` end to end in this process: the summary's permutations and
 * permutationGroup, the run recorded in the test workspace ($SEMOLA_WORKSPACE), and
 * `semola runs export` writing the permutations (JSON read back, .npy and .npz parsed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPermutationsExport } from '../../src-main/export/index';
import { semola } from './semola-cli';
import type { Summary } from '../../src-main/summary/schema';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-ws-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let summary: Summary;
let stdout = '';

beforeAll(async () => {
  const out = path.join(dir, 'summary.json');
  const r = await semola('train', '--data', 'builtin:partial-permutation?samples=300', '--model', 'weight-sharing', '--method', 'plain', '--epochs', '3', '--seed', '1', '--backend', 'cpu', '--out', out);
  expect(r.code, r.stderr).toBe(0);
  stdout = r.stdout;
  summary = JSON.parse(readFileSync(out, 'utf8')) as Summary;
}, 60_000);

describe('semola train --model weight-sharing', () => {
  it('writes the soft permutations, their check on held-out samples and the group into the summary', () => {
    expect(summary.config.model.kind).toBe('weight-sharing');
    // The model's run defaults apply where the command sets nothing: lr 1e-2, batch 128.
    expect(summary.config.lr).toBe(0.01);
    expect(summary.config.batchSize).toBe(128);
    const p = summary.permutations!;
    expect(p.soft).toHaveLength(6);
    for (const m of p.soft) {
      expect(m).toHaveLength(5);
      // Doubly stochastic within Sinkhorn's 20 rounds.
      for (const row of m) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 2);
    }
    expect(p.rounded.images).toHaveLength(6);
    expect(p.check!.candidates.map((c) => c.g)).toEqual([1, 2, 3, 4, 5]);
    expect(p.check!.limit).toBeCloseTo(p.check!.baselineLoss * 1.25 + 0.005, 10);
    // Every P_g in the reported group passed the check; the group is what they generate.
    for (const c of p.check!.candidates) if (c.accepted) expect(p.used).toContain(c.g);
    const g = summary.permutationGroup!;
    expect(g.points).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    expect(g.elements).toHaveLength(g.order);
    expect(summary.basis).toEqual([]);
    expect(stdout).toMatch(/permutation group: .* learned P_g in it; held-out loss /);
  });

  it('is recorded, and `semola runs export` writes its permutations as JSON, .npy and .npz', async () => {
    const runId = String(summary.run!.id);
    const json = path.join(dir, 'p.json');
    const r = await semola('runs', 'export', runId, '--format', 'json', '--out', json);
    expect(r.code, r.stderr).toBe(0);
    const doc = readPermutationsExport(readFileSync(json, 'utf8'));
    expect(doc.permutations.soft).toEqual(summary.permutations!.soft);
    expect(doc.permutationGroup.order).toBe(summary.permutationGroup!.order);
    expect(doc.provenance.runId).toBe(runId);

    const npy = path.join(dir, 'p.npy');
    expect((await semola('runs', 'export', runId, '--format', 'npy', '--out', npy)).code).toBe(0);
    const soft = parseNpy(new Uint8Array(readFileSync(npy)).buffer);
    expect(soft.shape).toEqual([6, 5, 5]);
    expect(Array.from(soft.data as Float64Array).slice(0, 5)).toEqual(summary.permutations!.soft[0]![0]);

    const npz = path.join(dir, 'p.npz');
    expect((await semola('runs', 'export', runId, '--format', 'npz', '--out', npz)).code).toBe(0);
    const members = unzipSync(readFileSync(npz));
    expect(Object.keys(members).sort()).toEqual(['confidence.npy', 'export.json', 'group_elements.npy', 'points.npy', 'rounded.npy', 'soft.npy']);
    expect(parseNpy(members['group_elements.npy']!.slice().buffer).shape).toEqual([summary.permutationGroup!.order, 5]);

    const latex = await semola('runs', 'export', runId, '--format', 'latex', '--out', path.join(dir, 'p.tex'));
    expect(latex.code).not.toBe(0);
    expect(latex.stderr).toMatch(/permutations export as latex: expected json, npy, npz/);
  });

  it('refuses an equivariant task with the reason', async () => {
    const r = await semola('train', '--data', 'builtin:nbody2?trajectories=4', '--model', 'weight-sharing', '--epochs', '1', '--backend', 'cpu');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/invariant tasks only/);
  });
});
