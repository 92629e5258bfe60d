import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src-main/api/schemas';
import { runAnswer, seedGroupKey, seedRows } from '../../src-renderer/src/lib/seed-groups';
import { foundText, formatStat } from '../../src-renderer/src/lib/sweep-groups';

function run(id: number, seed: number, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id, name: `run ${id}`, datasetId: 1, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed, backend: 'wasm',
    createdAt: '2026-12-05T20:00:00Z', startedAt: '2026-12-05T20:00:00Z', finishedAt: '2026-12-05T20:00:10Z', epochsDone: 2, epochs: 2,
    archived: false, tags: [], note: '', error: null, best: {}, last: {}, settings: { k: 1, seed, epochs: 2 }, groupSettings: { k: '1', seed: String(seed), 'model.hidden': '[32,32]' },
    symmetryFound: true, symmetry: 'found: so(2)', summaryError: null, ...over,
  };
}

const METRICS = ['val.loss', 'loss.total'];

describe('seed groups', () => {
  it('keys runs by dataset, method and every setting but the seed', () => {
    expect(seedGroupKey(run(1, 0))).toBe(seedGroupKey(run(2, 7)));
    expect(seedGroupKey(run(1, 0))).not.toBe(seedGroupKey(run(2, 0, { groupSettings: { k: '2', seed: '0', 'model.hidden': '[32,32]' } })));
    expect(seedGroupKey(run(1, 0))).not.toBe(seedGroupKey(run(2, 0, { datasetId: 2 })));
    expect(seedGroupKey(run(1, 0))).not.toBe(seedGroupKey(run(2, 0, { method: 'augerino' })));
    // A list setting (hidden sizes) tells runs apart too.
    expect(seedGroupKey(run(1, 0))).not.toBe(seedGroupKey(run(2, 0, { groupSettings: { k: '1', seed: '0', 'model.hidden': '[64]' } })));
    // Without them (an older server), the scalar settings.
    expect(seedGroupKey(run(1, 0, { groupSettings: undefined }))).not.toBe(seedGroupKey(run(2, 0, { groupSettings: undefined, settings: { k: 2, seed: 0 } })));
  });

  it('gathers a group of 3 seeds into one row with mean ± std of each column and what each found', () => {
    const runs = [
      run(5, 0, { best: { 'val.loss': 0.1, 'loss.total': 1 } }),
      run(6, 9, { groupSettings: { k: '2', seed: '9' }, best: { 'val.loss': 5 } }),
      run(7, 1, { best: { 'val.loss': 0.2, 'loss.total': 2 }, finishedAt: '2026-12-05T20:00:20Z' }),
      run(8, 2, { best: { 'val.loss': 0.3, 'loss.total': 3 }, symmetryFound: false, symmetry: 'inconclusive', finishedAt: '2026-12-05T20:00:30Z' }),
    ];
    const rows = seedRows(runs, METRICS);
    expect(seedRows([...runs].reverse(), METRICS)[0]).toMatchObject({ kind: 'group', group: { seeds: [0, 1, 2] } });
    expect(rows.map((r) => r.kind)).toEqual(['group', 'run']);
    const first = rows[0]!;
    const group = first.kind === 'group' ? first.group : null;
    expect(group!.runs.map((r) => r.id)).toEqual([5, 7, 8]);
    expect(group!.seeds).toEqual([0, 1, 2]);
    expect(group!.stats['best:val.loss']!.mean).toBeCloseTo(0.2, 12);
    expect(group!.stats['best:val.loss']!.std).toBeCloseTo(0.1, 12);
    expect(group!.stats['best:loss.total']).toEqual({ mean: 2, std: 1, n: 3 });
    expect(group!.stats.duration).toEqual({ mean: 20, std: 10, n: 3 });
    expect(formatStat(group!.stats['best:val.loss']!)).toBe('0.2 ± 0.1');
    expect(foundText(group!)).toBe('found so(2) 2/3, inconclusive 1/3');
  });

  it('counts only runs with a verdict, of all the group', () => {
    const rows = seedRows([run(1, 0), run(2, 1, { status: 'running', symmetryFound: null, symmetry: null })], METRICS);
    const first = rows[0]!;
    expect(first.kind === 'group' && foundText(first.group)).toBe('found so(2) 1/2');
    expect(runAnswer(run(3, 0, { symmetry: 'none found; group S2', symmetryFound: false }))).toBe('none found');
  });
});
