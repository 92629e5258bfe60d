/**
 * Golden figures: the quick-start command and one small run per method (semola, plain,
 * fixed-basis, augerino, the weight-sharing model) through `semola train`, fixed seeds, the cpu
 * backend, compared with the figures in golden-figures.json (relative 1e-6). A change that alters
 * what a run computes fails here; a change of a default made on purpose re-records the file
 * (`SEMOLA_RECORD_GOLDEN=1 npx vitest run tests/run/golden.test.ts`) and says so in its commit.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { semola } from '../host/semola-cli';

const FIXTURE = path.join(import.meta.dirname, 'golden-figures.json');
const RECORD = process.env.SEMOLA_RECORD_GOLDEN === '1';
const REL_TOL = 1e-6;
/** Entries that are exactly zero in one run may come out as round-off in another. */
const ABS_TOL = 1e-9;

const dir = mkdtempSync(path.join(tmpdir(), 'semola-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = {
  model: { hidden: [16] },
  manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 },
  evalPoints: 50,
  evalGroupSamples: 4,
};

/** Rotation of the plane on each of q1, q2, p1, p2 (nbody2's 8 features). */
const ROTATION8 = Array.from({ length: 8 }, (_, r) => Array.from({ length: 8 }, (_, c) => (r % 2 === 0 && c === r + 1 ? -1 : r % 2 === 1 && c === r - 1 ? 1 : 0)));

interface Case {
  name: string;
  args: string[];
  config?: Record<string, unknown>;
  basis?: number[][][];
}

const NBODY = 'builtin:nbody2?trajectories=10';
const CASES: Case[] = [
  // README quick start (`semola train --data builtin:nbody2`), default settings on less data and fewer epochs.
  { name: 'quick-start', args: ['--data', NBODY, '--epochs', '2'] },
  { name: 'semola', args: ['--data', NBODY, '--method', 'semola', '--epochs', '2', '--seed', '3', '--k', '2'], config: TINY },
  { name: 'plain', args: ['--data', NBODY, '--method', 'plain', '--epochs', '2', '--seed', '1'], config: TINY },
  { name: 'fixed-basis', args: ['--data', NBODY, '--method', 'fixed-basis', '--epochs', '2', '--seed', '2'], config: TINY, basis: [ROTATION8] },
  { name: 'augerino', args: ['--data', 'builtin:mixed-axes?samples=200&points=2', '--method', 'augerino', '--epochs', '2', '--seed', '4'], config: TINY },
  { name: 'weight-sharing', args: ['--data', 'builtin:partial-permutation?samples=300', '--model', 'weight-sharing', '--method', 'plain', '--epochs', '3', '--seed', '1'] },
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The figures a scientist reads off a run: errors, similarity, verdict, what was learned. No clock readings, no paths. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the summary is read as the JSON a script sees
function figures(s: Record<string, any>): Json {
  const { source: _source, ...reference } = s.reference ?? {};
  return {
    metrics: s.metrics,
    reference: s.reference ? reference : null,
    verdict: s.verdict,
    verdictEvidence: s.verdictEvidence,
    basis: s.basis,
    basisVisible: s.basisVisible,
    algebra: s.algebra,
    strengths: s.strengths,
    widths: s.widths,
    permutations: s.permutations,
    permutationGroup: s.permutationGroup,
    history: s.history.map((h: Record<string, unknown>) => ({ ...h, seconds: undefined })),
    dataset: { trainSamples: s.dataset.trainSamples, validationSamples: s.dataset.validationSamples, testSamples: s.dataset.testSamples },
    config: { method: s.config.method, model: s.config.model, epochs: s.config.epochs, lr: s.config.lr, batchSize: s.config.batchSize, k: s.config.k },
  } as Json;
}

/** Differences between what was recorded and what ran; keys the run adds beyond the record are allowed. */
function differences(expected: Json, actual: Json, at: string, out: string[]): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(expected - actual) > REL_TOL * Math.max(Math.abs(expected), Math.abs(actual)) + ABS_TOL) out.push(`${at}: ${expected} -> ${actual}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${at}: ${JSON.stringify(expected).slice(0, 80)} -> ${JSON.stringify(actual).slice(0, 80)}`);
      return;
    }
    expected.forEach((e, i) => differences(e, actual[i]!, `${at}[${i}]`, out));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push(`${at}: object -> ${JSON.stringify(actual)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) differences(value, actual[key] ?? null, `${at}.${key}`, out);
    return;
  }
  if (expected !== actual) out.push(`${at}: ${JSON.stringify(expected)} -> ${JSON.stringify(actual)}`);
}

async function runCase(c: Case): Promise<Json> {
  const out = path.join(dir, `${c.name}.json`);
  // The figures are of one start (recorded before --starts existed; several starts keep the best of them).
  const args = ['train', ...c.args, '--starts', '1', '--backend', 'cpu', '--quiet', '--no-record', '--out', out];
  if (c.config) {
    const file = path.join(dir, `${c.name}.config.json`);
    writeFileSync(file, JSON.stringify(c.config));
    args.push('--config', file);
  }
  if (c.basis) {
    const file = path.join(dir, `${c.name}.basis.json`);
    writeFileSync(file, JSON.stringify({ basis: c.basis }));
    args.push('--basis', file);
  }
  const r = await semola(...args);
  expect(r.code, r.stderr).toBe(0);
  // Through JSON, as a reader of the file sees it (undefined keys dropped).
  return JSON.parse(JSON.stringify(figures(JSON.parse(readFileSync(out, 'utf8'))))) as Json;
}

const recorded: Record<string, Json> = !RECORD && existsSync(FIXTURE) ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Json>) : {};
const fresh: Record<string, Json> = {};

describe('golden figures of semola train', () => {
  afterAll(() => {
    if (RECORD) writeFileSync(FIXTURE, `${JSON.stringify(fresh, null, 1)}\n`);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s gives the recorded figures', async (_name, c) => {
    const got = await runCase(c);
    fresh[c.name] = got;
    if (RECORD) return;
    const want = recorded[c.name];
    expect(want, `no recorded figures for ${c.name} in ${FIXTURE}`).toBeDefined();
    const diffs: string[] = [];
    differences(want!, got, c.name, diffs);
    expect(diffs.slice(0, 20)).toEqual([]);
    // The quick start trains on every sample of its set: minutes on a busy 2-core machine.
  }, 600_000);

  it('the comparison catches a change in the last digits that matter', () => {
    const diffs: string[] = [];
    differences({ a: [1, 0, { b: 'x' }] }, { a: [1 + 1e-5, 1e-8, { b: 'y' }], extra: 1 }, 'r', diffs);
    expect(diffs).toEqual(['r.a[0]: 1 -> 1.00001', 'r.a[1]: 0 -> 1e-8', 'r.a[2].b: "x" -> "y"']);
    const none: string[] = [];
    differences({ a: 1, b: [0] }, { a: 1 + 1e-8, b: [1e-12], c: 'added' }, 'r', none);
    expect(none).toEqual([]);
  });
});
