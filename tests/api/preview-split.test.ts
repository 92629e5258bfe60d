/** datasets.preview draws its samples from the held-out split when asked (the orbit plot's real held-out sample), the training split otherwise. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetPreview } from '../../src-main/api/schemas';
import { openFixture, type Fixture } from './fixture';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(() => f.close());

async function preview(input: object): Promise<DatasetPreview> {
  const r = await f.dispatch('datasets.preview', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as DatasetPreview;
}

describe('datasets.preview split', () => {
  it('gives held-out samples for split test, training ones by default, and refuses another split', async () => {
    const train = await preview({ id: f.datasetId, samples: 2 });
    const test = await preview({ id: f.datasetId, samples: 2, split: 'test' });
    expect(train.samplesFrom).toBe('train');
    expect(test.samplesFrom).toBe('test');
    const values = (p: DatasetPreview) => p.samples.map((s) => (s.kind === 'vector' ? s.values : []));
    expect(values(test)[0]).toHaveLength(8);
    expect(values(test)).not.toEqual(values(train));
    // The table and histograms stay the training split's.
    expect(test.table).toEqual(train.table);
    const bad = await f.dispatch('datasets.preview', { id: f.datasetId, split: 'validation' });
    expect(bad.ok).toBe(false);
  });
});
