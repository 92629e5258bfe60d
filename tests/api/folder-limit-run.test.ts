/**
 * A folder imported with `limit` trains on the same files: the app's run request carries the limit,
 * so the trainer reads what the dataset shows and not the whole folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importerSource } from '../../src-main/api/service/data-source';
import { requestFor } from '../../src-main/api/service/runs';
import type { Dataset } from '../../src-main/data/dataset';
import type { RunOptions } from '../../src-main/run/options';
import { runTrain } from '../../src-main/run/train';
import { AMMONIA, HCN, METHANE, qm9Name } from '../data/qm9/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'semola-limit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a folder imported with a limit', () => {
  it('is trained on the same files, not the whole folder', async () => {
    // Ten files; the import takes the first six.
    const molecules = [METHANE, AMMONIA, HCN];
    for (let i = 1; i <= 10; i++) writeFileSync(join(dir, qm9Name(i)), molecules[i % 3]!);
    // As the app imports it (the importer behind datasets.import records the path it was given).
    const { record } = await importerSource().importDataset(dir, { format: 'qm9', targets: 'U0', limit: 6, testFraction: 0.34 }, () => {});
    expect(record.sampleCount).toBe(6);
    const request = requestFor(record, { epochs: 1, batchSize: 2, model: { kind: 'pointcloud', hidden: [4] }, k: 1, evalPoints: 4, evalGroupSamples: 1, manifold: { anchors: 4, neighbours: 2, varianceThreshold: 0.05, batch: 2 } }, 'cpu');
    expect(request.limit).toBe(6);
    let trained: Dataset | undefined;
    await runTrain({ ...(request as unknown as RunOptions), onStart: ({ dataset }) => void (trained = dataset) });
    expect(trained!.train.n + (trained!.test?.n ?? 0)).toBe(6);
    expect(trained!.record?.contentHash).toBe(record.contentHash);
  }, 60_000);

  it('semola train refuses --limit for a built-in dataset', async () => {
    await expect(runTrain({ data: 'builtin:nbody2?trajectories=4', limit: 3, config: { epochs: 1 } })).rejects.toThrow(/--limit apply to files, not to built-in datasets/);
  });
});
