import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src-main/api/schemas';
import { bandCurve, colourOf, compareEntries } from '../../src-renderer/src/lib/compare-curves';
import { PALETTE } from '../../src-renderer/src/lib/charts';

function run(id: number, seed: number, k = 1): RunSummary {
  return {
    id, name: `run ${id}`, datasetId: 1, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed, backend: 'wasm',
    createdAt: '2026-12-05T20:00:00Z', startedAt: null, finishedAt: null, epochsDone: 2, epochs: 2, archived: false, tags: [], note: '',
    error: null, best: {}, last: {}, settings: { k, seed }, symmetryFound: null, symmetry: null, summaryError: null,
  };
}

describe('compare entries', () => {
  it('gives a seed group one entry and one colour, and each other run its own', () => {
    const entries = compareEntries([run(6, 2), run(9, 0, 2), run(5, 1), run(4, 0)]);
    expect(entries.map((e) => e.label)).toEqual(['runs 4, 5, 6 (seeds 0, 1, 2)', 'run 9']);
    expect(entries[0]!.runIds).toEqual([4, 5, 6]);
    expect(entries.map((e) => e.colour)).toEqual([PALETTE[0], PALETTE[1]]);
    expect([4, 5, 6].map((id) => colourOf(entries, id))).toEqual([PALETTE[0], PALETTE[0], PALETTE[0]]);
    expect(colourOf(entries, 9)).toBe(PALETTE[1]);
  });

  it('draws a group as the mean over its runs with their min and max at each epoch', () => {
    const band = bandCurve([
      { epochs: [1, 2, 3], values: [3, 2, 1] },
      { epochs: [1, 2], values: [5, 4] },
      { epochs: [1, 2, 3], values: [1, Number.NaN, 3] },
    ]);
    expect(band).toEqual({ epochs: [1, 2, 3], mean: [3, 3, 2], min: [1, 2, 1], max: [5, 4, 3], n: [3, 2, 2] });
  });
});
