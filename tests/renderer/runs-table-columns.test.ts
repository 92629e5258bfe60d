import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src-main/api/schemas';
import { runDurationSeconds, runK } from '../../src-renderer/src/lib/run-columns';
import { filterProblems, sortRuns } from '../../src-renderer/src/lib/run-filter';

function run(id: number, over: Partial<RunSummary>): RunSummary {
  return {
    id, name: `run ${id}`, datasetId: 1, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed: 0, backend: 'wasm',
    createdAt: '2026-12-05T20:00:00Z', startedAt: null, finishedAt: null, epochsDone: 3, epochs: 3, archived: false, tags: [], note: '', error: null,
    best: { 'val.loss': 0.1 }, last: {}, settings: { k: 1, 'mask.name': 'none' }, symmetryFound: null, symmetry: null, summaryError: null, ...over,
  };
}

const runs = [
  run(1, { startedAt: '2026-12-05T20:00:00Z', finishedAt: '2026-12-05T20:01:30Z', settings: { k: 3 }, tags: ['b'], epochsDone: 5, symmetry: 'so(2)' }),
  run(2, { startedAt: '2026-12-05T20:00:00Z', finishedAt: '2026-12-05T20:00:10Z', tags: ['a'], epochsDone: 9 }),
  run(3, {}),
];

describe('filterProblems', () => {
  it('says what is wrong with a malformed term instead of matching nothing', () => {
    expect(filterProblems(runs, 'val.loss<<1')).toEqual(['val.loss<<1: "<1" is not a number']);
    expect(filterProblems(runs, 'foo=bar')[0]).toMatch(/^foo=bar: no field, setting or metric is named "foo"; fields: status, method/);
    expect(filterProblems(runs, 'status<3')).toEqual(['status<3: "status" is compared with = only (it is not a number)']);
    expect(filterProblems(runs, 'val.loss<')).toEqual(['val.loss<: nothing after "<"']);
    expect(filterProblems(runs, '<0.1')).toEqual(['<0.1: a comparison needs a name before "<", e.g. val.loss<0.1']);
  });

  it('accepts well-formed terms and plain text', () => {
    expect(filterProblems(runs, 'val.loss<0.1 k=2 status=done tag=x mask.name=none so(2) nbody')).toEqual([]);
  });
});

describe('runs table columns', () => {
  it('computes duration and k, and sorts every column, missing values last', () => {
    expect(runDurationSeconds(runs[0]!)).toBe(90);
    expect(runDurationSeconds(runs[2]!)).toBeNull();
    expect(runDurationSeconds(run(4, { status: 'running', startedAt: '2026-12-05T20:00:00Z' }), Date.parse('2026-12-05T20:00:05Z'))).toBe(5);
    expect(runK(runs[0]!)).toBe(3);
    expect(sortRuns(runs, 'duration', false).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRuns(runs, 'k', true).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(sortRuns(runs, 'epochs', true).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRuns(runs, 'tags', false).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRuns(runs, 'symmetry', false).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
