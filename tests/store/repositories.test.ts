/**
 * The repositories: a run's life (queued -> running -> done / failed / canceled, requeue), recovery
 * of orphaned runs at open, metrics, snapshots and checkpoints round-tripping, tags, notes,
 * archive and delete with everything recorded for the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src-main/engine/training/checkpoint';
import type { DatasetRecord } from '../../src-main/data/record';
import { decodeCheckpoint, defaultWorkspacePath, encodeCheckpoint, openWorkspace, type NewRun } from '../../src-main/store/index';
import { storedSummary, storedSummaryJson } from '../fixtures/stored-summary';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-repos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const newRun = (over: Partial<NewRun> = {}): NewRun => ({ request: { data: 'builtin:nbody2', config: { epochs: 3 } }, method: 'semola', seed: 1, epochs: 3, ...over });

const record: DatasetRecord = {
  name: 'builtin:nbody2',
  format: 'builtin',
  sourceFiles: [],
  sampleCount: 100,
  contentHash: 'a'.repeat(64),
  layout: { kind: 'vector', d: 8, blocks: 1 },
  inputNames: ['q1x'],
  targets: [{ name: 'y', unit: null }],
  task: 'equivariant',
  targetKind: 'regression',
  split: { kind: 'given', description: 'built-in' },
  options: {},
  notes: [],
};

describe('runs repository', () => {
  it('walks a run through queued, running and done, and refuses transitions that make no sense', () => {
    const ws = openWorkspace(path.join(dir, 'life.sqlite'));
    const run = ws.runs.create(newRun({ name: 'first' }));
    expect(run).toMatchObject({ status: 'queued', seed: 1, epochs: 3, epochsDone: 0, name: 'first', ownerPid: process.pid, config: null });
    ws.runs.markRunning(run.id, process.pid, 4242);
    const datasetId = ws.datasets.upsert(record);
    expect(ws.datasets.upsert(record)).toBe(datasetId);
    ws.runs.recordStart(run.id, {
      config: { epochs: 3, seed: 1 },
      backend: 'cpu',
      backendDetail: 'pure JS',
      versions: { app: '0.1.0', node: process.version, tfjs: '4.22.0', platform: 'linux-x64' },
      datasetHash: record.contentHash,
      datasetId,
    });
    ws.runs.setEpochsDone(run.id, 3);
    ws.runs.finish(run.id, storedSummaryJson());
    const done = ws.runs.require(run.id);
    expect(done).toMatchObject({ status: 'done', backend: 'cpu', datasetId, datasetHash: 'a'.repeat(64), epochsDone: 3, trainerPid: null, summary: { schemaVersion: 1 }, summaryError: null });
    expect(done.summary).toEqual(storedSummary());
    expect(done.finishedAt).not.toBeNull();
    expect(ws.datasets.get(datasetId)!.record).toEqual(record);
    expect(() => ws.runs.fail(run.id, 'late')).toThrow(`run ${run.id} is done; it cannot become failed`);
    expect(() => ws.runs.requeue(run.id)).toThrow(/is done; it cannot become queued/);
    expect(() => ws.runs.require(999)).toThrow(/run 999 not found in workspace .*life\.sqlite/);

    const failed = ws.runs.create(newRun());
    ws.runs.markRunning(failed.id, process.pid, null);
    ws.runs.fail(failed.id, 'training diverged at epoch 2');
    expect(ws.runs.require(failed.id)).toMatchObject({ status: 'failed', error: 'training diverged at epoch 2' });
    ws.runs.requeue(failed.id);
    expect(ws.runs.require(failed.id)).toMatchObject({ status: 'queued', error: null });
    ws.runs.cancel(failed.id);
    expect(ws.runs.list({ status: 'canceled' }).map((r) => r.id)).toEqual([failed.id]);
    ws.close();
  });

  it('marks runs of dead owners interrupted at open and leaves those of live owners alone', () => {
    const file = path.join(dir, 'recover.sqlite');
    const ws = openWorkspace(file);
    const a = ws.runs.create(newRun({ ownerPid: 111 }));
    ws.runs.markRunning(a.id, 111, 112);
    const b = ws.runs.create(newRun({ ownerPid: 222 }));
    ws.runs.markRunning(b.id, 222, 223);
    const c = ws.runs.create(newRun({ ownerPid: 111 }));
    const d = ws.runs.create(newRun({ ownerPid: 111 }));
    ws.runs.markRunning(d.id, 111, null);
    ws.runs.finish(d.id, {});
    ws.close();

    const again = openWorkspace(file, { isAlive: (pid) => pid === 222 });
    expect(again.recovered.sort()).toEqual([a.id, c.id].sort());
    expect(again.runs.require(a.id)).toMatchObject({ status: 'interrupted', trainerPid: null });
    expect(again.runs.require(b.id).status).toBe('running');
    expect(again.runs.require(c.id).status).toBe('interrupted');
    expect(again.runs.require(d.id).status).toBe('done');
    again.close();
  });

  it('lists newest first, by status, tag and archive state, and deletes a run with everything recorded for it', () => {
    const ws = openWorkspace(path.join(dir, 'list.sqlite'));
    const exp = ws.experiments.ensure('rotations');
    expect(ws.experiments.ensure('rotations').id).toBe(exp.id);
    const ids = [1, 2, 3].map((seed) => ws.runs.create(newRun({ seed, experimentId: exp.id })).id);
    ws.tags.add(ids[0]!, 'baseline');
    ws.tags.add(ids[0]!, 'baseline');
    ws.tags.add(ids[2]!, 'so2');
    expect(ws.tags.list(ids[0]!)).toEqual(['baseline']);
    expect(ws.tags.all()).toEqual([{ tag: 'baseline', runs: 1 }, { tag: 'so2', runs: 1 }]);
    expect(ws.runs.list().map((r) => r.id)).toEqual([...ids].reverse());
    expect(ws.runs.list({ tag: 'so2' }).map((r) => r.id)).toEqual([ids[2]]);
    expect(ws.runs.list({ experimentId: exp.id, limit: 2 })).toHaveLength(2);
    ws.runs.archive(ids[1]!);
    expect(ws.runs.list().map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect(ws.runs.list({ archived: true }).map((r) => r.id)).toEqual([ids[1]]);
    expect(ws.runs.list({ archived: 'all' })).toHaveLength(3);

    const victim = ids[0]!;
    expect(() => ws.runs.delete(victim)).toThrow(/is queued: cancel it before deleting it/);
    ws.runs.cancel(victim);
    ws.transaction(() => {
      ws.metrics.addEpoch(victim, 1, { 'loss.total': 1.5 });
      ws.snapshots.put(victim, { epoch: 1, k: 1, d: 2, basis: new Float32Array([0, -1, 1, 0]), strengths: null });
      ws.artifacts.putCheckpoint(victim, 1, new Uint8Array([1, 2, 3]));
      ws.notes.set(victim, 'note');
    });
    ws.runs.delete(victim);
    for (const table of ['metrics', 'snapshots', 'artifacts', 'tags', 'notes']) {
      expect((ws.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE run_id = ?`).get(victim) as { n: number }).n, table).toBe(0);
    }
    expect(ws.runs.get(victim)).toBeNull();
    ws.close();
  });
});

describe('metrics, snapshots and checkpoints', () => {
  it('keep values per epoch, float32 bases bit for bit, and the last two checkpoints', () => {
    const ws = openWorkspace(path.join(dir, 'values.sqlite'));
    const id = ws.runs.create(newRun()).id;
    ws.transaction(() => {
      ws.metrics.addEpoch(id, 1, { 'loss.total': 2, 'loss.task': 1.5, 'val.loss': null });
      ws.metrics.addEpoch(id, 2, { 'loss.total': 1, 'loss.task': Number.NaN });
    });
    expect(ws.metrics.series(id, 'loss.total')).toEqual([{ epoch: 1, step: null, value: 2 }, { epoch: 2, step: null, value: 1 }]);
    expect(ws.metrics.latest(id)).toEqual({ 'loss.task': null, 'loss.total': 1, 'val.loss': null });
    expect(ws.metrics.names(id)).toEqual(['loss.task', 'loss.total', 'val.loss']);
    expect(ws.metrics.lastEpoch(id)).toBe(2);
    ws.metrics.deleteAfter(id, 1);
    expect(ws.metrics.lastEpoch(id)).toBe(1);

    const basis = Float32Array.from({ length: 2 * 3 * 3 }, (_, i) => Math.fround(Math.sin(i) * 1e-3 + i));
    ws.snapshots.put(id, { epoch: 1, k: 2, d: 3, basis, strengths: new Float32Array([0.5, 0.25]) });
    ws.snapshots.put(id, { epoch: 2, k: 2, d: 3, basis: basis.map((v) => -v), strengths: null });
    const snaps = ws.snapshots.list(id);
    expect(snaps.map((s) => s.epoch)).toEqual([1, 2]);
    expect(Array.from(snaps[0]!.basis)).toEqual(Array.from(basis));
    expect(Array.from(snaps[0]!.strengths!)).toEqual([0.5, 0.25]);
    expect(ws.snapshots.latest(id)!.strengths).toBeNull();
    expect(() => ws.snapshots.put(id, { epoch: 3, k: 2, d: 2, basis, strengths: null })).toThrow(/basis has 18 values, expected k\*d\*d = 8/);

    ws.artifacts.putCheckpoint(id, 1, new Uint8Array([1]));
    ws.artifacts.putCheckpoint(id, 2, new Uint8Array([2, 2]));
    const latest = ws.artifacts.latestCheckpoint(id)!;
    expect(latest).toMatchObject({ epoch: 2, kind: 'checkpoint', size: 2 });
    expect(Array.from(latest.bytes)).toEqual([2, 2]);
    // The one before is kept (a damaged latest falls back to it); older ones go.
    ws.artifacts.putCheckpoint(id, 3, new Uint8Array([3, 3, 3]));
    expect(ws.artifacts.checkpoints(id).map((c) => c.epoch)).toEqual([3, 2]);
    // A run resumed from epoch 2 writes epoch 3 again: the old epoch-3 one is replaced.
    ws.artifacts.putCheckpoint(id, 3, new Uint8Array([4]));
    expect(ws.artifacts.checkpoints(id).map((c) => [c.epoch, c.size])).toEqual([[3, 1], [2, 2]]);
    ws.close();
  });

  it('keeps the checkpoints, metrics and summaries of each start of a run of several starts apart', () => {
    const ws = openWorkspace(path.join(dir, 'starts.sqlite'));
    const id = ws.runs.create(newRun({ request: { data: 'builtin:nbody2', config: { epochs: 3 }, starts: 2 } })).id;
    ws.transaction(() => {
      for (const epoch of [1, 2, 3]) {
        ws.artifacts.putCheckpoint(id, epoch, new Uint8Array([epoch]), 0);
        ws.artifacts.putCheckpoint(id, epoch, new Uint8Array([10 + epoch]), 1);
        ws.metrics.addEpoch(id, epoch, { 'start.0.loss.total': epoch, 'start.1.loss.total': 10 + epoch, 'start.10.loss.total': 20 + epoch });
      }
    });
    // Each start keeps its own last two; the run's own (start null) are a third set, empty here.
    expect(ws.artifacts.checkpoints(id, 0).map((c) => [c.epoch, c.start, Array.from(c.bytes)])).toEqual([[3, 0, [3]], [2, 0, [2]]]);
    expect(ws.artifacts.checkpoints(id, 1).map((c) => [c.epoch, c.start, Array.from(c.bytes)])).toEqual([[3, 1, [13]], [2, 1, [12]]]);
    expect(ws.artifacts.checkpoints(id)).toEqual([]);
    expect(ws.artifacts.latestCheckpoint(id, 1)!.name).toBe('start-1-checkpoint-epoch-3');
    // Start 1 resumed from epoch 1: only its metrics after epoch 1 go (not start 10's, whose name shares the digits).
    ws.metrics.deleteAfter(id, 1, 'start.1.');
    expect(ws.metrics.series(id, 'start.1.loss.total').map((p) => p.epoch)).toEqual([1]);
    expect(ws.metrics.series(id, 'start.0.loss.total').map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(ws.metrics.series(id, 'start.10.loss.total').map((p) => p.epoch)).toEqual([1, 2, 3]);
    // A finished start keeps its summary instead of its checkpoints.
    ws.artifacts.putStartSummary(id, 0, '{"start":0}');
    expect(ws.artifacts.checkpoints(id, 0)).toEqual([]);
    expect(ws.artifacts.checkpoints(id, 1)).toHaveLength(2);
    expect([...ws.artifacts.startSummaries(id)]).toEqual([[0, '{"start":0}']]);
    ws.artifacts.putStartSummary(id, 0, '{"start":0,"again":true}');
    expect([...ws.artifacts.startSummaries(id)]).toEqual([[0, '{"start":0,"again":true}']]);
    ws.close();
  });

  it('encode/decode a checkpoint exactly, and reject truncated bytes', () => {
    const cp: Checkpoint = {
      epoch: 2,
      modelWeights: [Float32Array.from([1.5, -2, 3e-8]), new Float32Array([7])],
      rawBasis: Float32Array.from([0.1, 0.2, 0.3, 0.4]),
      modelOptimizer: [new Float32Array([4]), Float32Array.from([1, 2, 3]), new Float32Array([5])],
      basisOptimizer: [new Float32Array([4])],
      history: [{ epoch: 1, epochs: 3, losses: { total: 1, task: 1, equiv: 0, aug: 0, orth: 0, sparse: 0, manifold: 0 }, valLoss: 0.5, basis: [[[0, 1], [-1, 0]]], seconds: 0.1, steps: 4 }],
    };
    const bytes = encodeCheckpoint(cp);
    // An unaligned copy decodes the same.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    for (const b of [bytes, shifted.subarray(1)]) expect(decodeCheckpoint(b)).toEqual(cp);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4), 'run 3 checkpoint')).toThrow('run 3 checkpoint is damaged (checksum mismatch: changed or cut off)');
    expect(() => decodeCheckpoint(new Uint8Array(20), 'x')).toThrow('x is damaged (not a SEMoLA checkpoint)');
    // Every single flipped bit is found, wherever it lands (header, data or checksum).
    for (let bit = 0; bit < bytes.length * 8; bit += 37) {
      const flipped = bytes.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => decodeCheckpoint(flipped, 'c'), `bit ${bit}`).toThrow(/^c is damaged/);
    }
  });
});

describe('workspace location', () => {
  it('is $SEMOLA_WORKSPACE when set, else the platform data folder', () => {
    expect(defaultWorkspacePath({ SEMOLA_WORKSPACE: '/tmp/w.sqlite' }, 'linux', '/home/u')).toBe('/tmp/w.sqlite');
    expect(defaultWorkspacePath({}, 'linux', '/home/u')).toBe('/home/u/.local/share/semola-workbench/workspace.sqlite');
    expect(defaultWorkspacePath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe('/data/semola-workbench/workspace.sqlite');
    expect(defaultWorkspacePath({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/semola-workbench/workspace.sqlite');
    expect(defaultWorkspacePath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('semola-workbench');
  });
});
