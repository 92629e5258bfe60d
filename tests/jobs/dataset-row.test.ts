/**
 * One source, one dataset row: a CSV imported through the service and then trained by a real
 * trainer process is recorded under the importer's content hash, so the run points at the row the
 * import created instead of adding a second one for the same file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import { importerSource } from '../../src-main/api/service/data-source';
import { createService } from '../../src-main/api/service/index';
import { RunQueue } from '../../src-main/jobs/queue';
import { openWorkspace } from '../../src-main/store/index';
import { tinyRequest } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-dataset-row-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** y = x1^2 + x2^2 on a fixed grid of points: rotation-invariant, 200 rows. */
function writeCsv(file: string): void {
  const rows = ['x1,x2,y'];
  for (let i = 0; i < 200; i++) {
    const x1 = Math.cos(i * 0.7) * (1 + (i % 7) / 7);
    const x2 = Math.sin(i * 1.3) * (1 + (i % 5) / 5);
    rows.push(`${x1},${x2},${x1 * x1 + x2 * x2}`);
  }
  writeFileSync(file, `${rows.join('\n')}\n`);
}

describe('dataset rows', () => {
  it('a CSV imported in the app and trained keeps one dataset row, and the run points at it', async () => {
    const csv = path.join(dir, 'radial.csv');
    writeCsv(csv);
    const workspace = openWorkspace(path.join(dir, 'workspace.sqlite'));
    const queue = new RunQueue(workspace);
    const handlers = createService({ workspace, hub: new EventHub(), data: importerSource(), queue: { enqueue: (id) => queue.enqueue(id), cancel: (id) => void queue.cancel(id), close: () => queue.shutdown(), state: () => queue.state(), setParallel: (n) => queue.setConcurrency(n) }, analyzeAlgebra: null, uploadsDir: path.join(dir, 'uploads'), mode: 'browser' });
    const dispatch = createDispatch(handlers);

    const imported = await dispatch('datasets.import', { path: csv, importId: 'radial', options: { inputs: 'x1,x2', targets: 'y' } });
    if (!imported.ok) throw new Error(imported.error.message);
    const datasetId = (imported.value as { id: number }).id;
    const importHash = workspace.datasets.get(datasetId)!.record.contentHash;

    const created = await dispatch('runs.create', { datasetId, config: { ...tinyRequest().config, epochs: 1 }, backend: 'cpu' });
    if (!created.ok) throw new Error(created.error.message);
    const runId = (created.value as { id: number }).id;
    const run = await queue.whenFinished(runId);

    expect(run.status).toBe('done');
    expect(workspace.datasets.list().map((d) => d.id)).toEqual([datasetId]);
    expect(run.datasetId).toBe(datasetId);
    expect(run.datasetHash).toBe(importHash);
    expect((run.summary as { dataset: { contentHash?: string } }).dataset.contentHash).toBe(importHash);
    await queue.shutdown();
    workspace.close();
  });
});
