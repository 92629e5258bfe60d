/**
 * A real service over a temporary workspace: a small built-in dataset imported through the
 * service, and two runs recorded through the store as a trainer would record them (started, three
 * epochs of metrics, basis snapshots), so every read method has something to read; and a finished
 * weight-sharing run on the partial-permutation data whose summary holds learned permutations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodName } from '../../src-main/api/names';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import { createService } from '../../src-main/api/service/index';
import { importerSource } from '../../src-main/api/service/data-source';
import { algebraSummary } from '../../src-main/api/service/workbench';
import { DEFAULT_WEIGHT_SHARING_SETTINGS } from '../../src-main/engine/models/weight-sharing-settings';
import { summarizePermutations } from '../../src-main/engine/discrete/permutation-summary';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { storedSummaryJson } from '../fixtures/stored-summary';

export interface Fixture {
  dispatch: Dispatch;
  hub: EventHub;
  workspace: Workspace;
  datasetId: number;
  runIds: [number, number];
  /** The invariant vector dataset (x1..x5, symmetric in x1..x3) the weight-sharing run trained on. */
  permutationDatasetId: number;
  /** A done weight-sharing run whose summary reports S_3 on {x1, x2, x3}. */
  permutationRunId: number;
  close(): void;
}

/** so(2) acting on (q1, q2) and (p1, p2) of the 2-body state: a basis [1][8][8]. */
export function rotationBasis(angle = 1): number[][][] {
  const L = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  for (const [a, b] of [[0, 1], [2, 3], [4, 5], [6, 7]] as const) {
    L[a]![b] = -angle;
    L[b]![a] = angle;
  }
  return [L];
}

/** The permutation matrix of the image array p (P[i][p[i]] = 1), softened to `weight` on its entries. */
function softPermutation(p: number[], weight: number): number[][] {
  const rest = (1 - weight) / (p.length - 1);
  return p.map((image) => p.map((_, j) => (j === image ? weight : rest)));
}

/** Soft P_g of G = 4 over five slots: the identity, (x1 x2 x3) and (x1 x2) held confidently, one still near uniform. */
export function fixturePermutations(): number[][][] {
  return [softPermutation([0, 1, 2, 3, 4], 1), softPermutation([1, 2, 0, 3, 4], 0.9), softPermutation([1, 0, 2, 3, 4], 0.8), softPermutation([4, 1, 2, 3, 0], 0.3)];
}

/** A done run of the weight-sharing model, recorded as its trainer would record it. */
function recordWeightSharingRun(workspace: Workspace, datasetId: number): number {
  const record = workspace.datasets.get(datasetId)!.record;
  const weightSharing = { ...DEFAULT_WEIGHT_SHARING_SETTINGS, groupSize: 4 };
  const config = { method: 'plain', seed: 5, epochs: 2, model: { kind: 'weight-sharing' }, weightSharing };
  const run = workspace.runs.create({ request: { data: 'builtin:partial-permutation?samples=40', config: { epochs: 2, seed: 5, model: { kind: 'weight-sharing' } } }, method: 'plain', seed: 5, epochs: 2, name: 'fixture weight sharing' });
  workspace.runs.markRunning(run.id, process.pid, null);
  workspace.runs.recordStart(run.id, {
    config,
    backend: 'cpu',
    backendDetail: 'test',
    versions: { app: '0', node: process.versions.node, tfjs: '0', platform: process.platform },
    datasetHash: record.contentHash,
    datasetId,
  });
  workspace.metrics.addEpoch(run.id, 1, { 'loss.total': 1, 'val.loss': 1 });
  const discrete = summarizePermutations(fixturePermutations(), record.inputNames, weightSharing.minConfidence);
  // A complete summary (the stored test summary's keys), with this run's data, config and permutations.
  const base = storedSummaryJson() as { dataset: object; config: object };
  workspace.runs.finish(run.id, {
    ...base,
    app: { name: 'semola', version: '0' },
    dataset: { ...base.dataset, name: record.name, task: record.task, inputs: record.inputNames, layout: record.layout },
    config: { ...base.config, ...config },
    basis: [],
    basisVisible: [],
    algebra: null,
    reference: null,
    ...discrete,
    verdict: { symmetryFound: false, name: null, similarity: null, reason: 'method plain has no generators, so it makes no claim about symmetry' },
  });
  return run.id;
}

export async function openFixture(): Promise<Fixture> {
  const folder = mkdtempSync(join(tmpdir(), 'semola-api-'));
  const workspace = openWorkspace(join(folder, 'workspace.sqlite'));
  const hub = new EventHub();
  const handlers = createService({ workspace, hub, data: importerSource(), queue: null, analyzeAlgebra: algebraSummary, uploadsDir: join(folder, 'uploads'), mode: 'browser' });
  const dispatch = createDispatch(handlers);
  const imported = await dispatch('datasets.import', { path: 'builtin:nbody2?trajectories=20', importId: 'fixture' });
  if (!imported.ok) throw new Error(imported.error.message);
  const datasetId = (imported.value as { id: number }).id;
  const record = workspace.datasets.get(datasetId)!.record;
  const runIds = [0, 1].map((r) => {
    const run = workspace.runs.create({ request: { data: 'builtin:nbody2?trajectories=20', config: { epochs: 3, seed: r } }, method: 'semola', seed: r, epochs: 3, name: `fixture ${r}` });
    workspace.runs.markRunning(run.id, process.pid, null);
    workspace.runs.recordStart(run.id, {
      config: { method: 'semola', seed: r, epochs: 3, k: 1, mask: { name: 'full' }, normalization: 'per-generator', scale: null, lr: r === 0 ? 1e-3 : 3e-3 },
      backend: 'cpu',
      backendDetail: 'test',
      versions: { app: '0', node: process.versions.node, tfjs: '0', platform: process.platform },
      datasetHash: record.contentHash,
      datasetId,
    });
    for (let epoch = 1; epoch <= 3; epoch++) {
      workspace.metrics.addEpoch(run.id, epoch, { 'loss.total': 4 / epoch, 'loss.task': 2 / epoch, 'val.loss': 3 / epoch + r });
      const basis = rotationBasis(epoch / 3);
      workspace.snapshots.put(run.id, { epoch, k: 1, d: 8, basis: Float32Array.from(basis.flat(2)), strengths: null });
    }
    // A complete summary recorded before verdicts existed (verdict null): nothing to show as found.
    workspace.runs.finish(run.id, { ...storedSummaryJson(), verdict: null });
    return run.id;
  }) as [number, number];
  const permutationData = await dispatch('datasets.import', { path: 'builtin:partial-permutation?samples=40', importId: 'fixture-permutations' });
  if (!permutationData.ok) throw new Error(permutationData.error.message);
  const permutationDatasetId = (permutationData.value as { id: number }).id;
  const permutationRunId = recordWeightSharingRun(workspace, permutationDatasetId);
  return {
    dispatch,
    hub,
    workspace,
    datasetId,
    runIds,
    permutationDatasetId,
    permutationRunId,
    close: () => {
      workspace.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A valid and an invalid input for every method of the contract (the compiler insists on all). */
export interface ContractCase {
  valid: unknown;
  /** What the valid call gives in the fixture: a value, or the service's (not the schema's) error code. */
  outcome: 'ok' | 'not-found' | 'unsupported' | 'failed';
  invalid: unknown;
}

export function contractCases(f: Pick<Fixture, 'datasetId' | 'runIds' | 'permutationRunId'>): Record<MethodName, ContractCase> {
  const [a, b] = f.runIds;
  return {
    'app.info': { outcome: 'ok', valid: {}, invalid: { extra: true } },
    'app.pickDatasetFile': { outcome: 'unsupported', valid: {}, invalid: 'now' },
    'datasets.builtins': { outcome: 'ok', valid: {}, invalid: [] },
    'datasets.list': { outcome: 'ok', valid: {}, invalid: { id: 1 } },
    'datasets.import': { outcome: 'ok', valid: { path: 'builtin:nbody2?trajectories=20', importId: 'again' }, invalid: { path: '', importId: 'x' } },
    'datasets.upload': {
      outcome: 'ok',
      valid: { fileName: 'table.csv', base64: Buffer.from('x,y\n1,2\n3,4\n5,6\n7,8\n').toString('base64'), importId: 'up-1' },
      invalid: { fileName: '../../etc/passwd', base64: 'AAAA', importId: 'up-2' },
    },
    'uploads.begin': { outcome: 'ok', valid: { fileName: 'table.csv', size: 12 }, invalid: { fileName: '..', size: 12 } },
    'uploads.chunk': { outcome: 'not-found', valid: { uploadId: 'ab'.repeat(12), offset: 0, base64: 'AAAA' }, invalid: { uploadId: 'ab'.repeat(12), offset: -1, base64: 'AAAA' } },
    'uploads.finish': { outcome: 'not-found', valid: { uploadId: 'ab'.repeat(12), importId: 'up-3' }, invalid: { uploadId: '../x', importId: 'up-3' } },
    'uploads.abort': { outcome: 'ok', valid: { uploadId: 'ab'.repeat(12) }, invalid: { uploadId: 12 } },
    'datasets.preview': { outcome: 'ok', valid: { id: f.datasetId, samples: 2 }, invalid: { id: f.datasetId, samples: 1000 } },
    // The fixture's dataset holds feature vectors: a valid page is refused as unsupported; a page over 64 images at the boundary.
    'datasets.images': { outcome: 'unsupported', valid: { id: f.datasetId, split: 'test', count: 4 }, invalid: { id: f.datasetId, count: 65 } },
    'datasets.delete': { outcome: 'not-found', valid: { id: 999 }, invalid: { id: -1 } },
    'datasets.suggest': { outcome: 'ok', valid: { id: f.datasetId }, invalid: { id: f.datasetId, draft: { stride: 0 } } },
    'datasets.update': { outcome: 'unsupported', valid: { id: f.datasetId, options: { targets: 'y' } }, invalid: { id: f.datasetId, options: { layout: 'points:7' } } },
    'runs.validate': { outcome: 'ok', valid: { datasetId: f.datasetId, config: { epochs: 2 } }, invalid: { datasetId: f.datasetId, config: 'epochs=2' } },
    'runs.create': { outcome: 'unsupported', valid: { datasetId: f.datasetId, config: { epochs: 2 } }, invalid: { datasetId: f.datasetId, config: {}, backend: 'cuda' } },
    'runs.list': { outcome: 'ok', valid: { includeArchived: true }, invalid: { includeArchived: 'yes' } },
    'runs.get': { outcome: 'ok', valid: { id: a }, invalid: { id: 1.5 } },
    'runs.metrics': { outcome: 'ok', valid: { id: a }, invalid: { id: '1' } },
    'runs.snapshots': { outcome: 'ok', valid: { id: a, maxSnapshots: 2 }, invalid: { id: a, maxSnapshots: 0 } },
    'runs.algebra': { outcome: 'ok', valid: { id: a, epoch: 2 }, invalid: { id: a, epoch: -1 } },
    'runs.cancel': { outcome: 'failed', valid: { id: a }, invalid: {} },
    'runs.delete': { outcome: 'not-found', valid: { id: 999 }, invalid: { id: null } },
    'runs.archive': { outcome: 'ok', valid: { id: a, archived: false }, invalid: { id: a, archived: 1 } },
    'runs.tag': { outcome: 'ok', valid: { id: a, tags: ['baseline', 'so2'] }, invalid: { id: a, tags: [''] } },
    'runs.note': { outcome: 'ok', valid: { id: a, note: 'first try' }, invalid: { id: a, note: 'x'.repeat(20_001) } },
    'runs.compare': { outcome: 'ok', valid: { ids: [a, b] }, invalid: { ids: [a] } },
    'queue.status': { outcome: 'ok', valid: {}, invalid: { runId: a } },
    // The fixture has no run queue: a valid budget is refused as unsupported; a budget of 0 at the boundary.
    'queue.setParallel': { outcome: 'unsupported', valid: { parallel: 2 }, invalid: { parallel: 0 } },
    // The fixture has no run queue: a valid sweep is refused as unsupported; a grid value of the wrong type at the boundary.
    'sweeps.create': { outcome: 'unsupported', valid: { datasetIds: [f.datasetId], grid: [{ setting: 'k', values: [1, 2] }], seeds: 2, base: { epochs: 2 } }, invalid: { datasetIds: [f.datasetId], grid: [{ setting: 'k', values: [{ n: 1 }] }], seeds: 2 } },
    'sweeps.list': { outcome: 'ok', valid: {}, invalid: { all: true } },
    'sweeps.cancel': { outcome: 'not-found', valid: { id: 999 }, invalid: { id: 0 } },
    'export.basis': { outcome: 'ok', valid: { runId: a, format: 'latex' }, invalid: { runId: a, format: 'pdf' } },
    // LaTeX is a basis format only: a permutation export refuses it at the boundary.
    'export.permutations': { outcome: 'ok', valid: { runId: f.permutationRunId, format: 'npz' }, invalid: { runId: f.permutationRunId, format: 'latex' } },
  };
}
