import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src-main/api/schemas';
import { CONFIG_FIELDS, nestOverrides, parseField } from '../../src-renderer/src/lib/config-fields';
import { latexMatrices } from '../../src-renderer/src/lib/latex-preview';
import { filterRuns, sortRuns } from '../../src-renderer/src/lib/run-filter';
import { DEFAULT_CONFIG } from '../../src-main/engine/config';
import { OPTION_BY_NAME } from '../../src-main/engine/options/table';
import { valueAt } from '../../src-renderer/src/lib/config-fields';

function run(id: number, over: Partial<RunSummary>): RunSummary {
  return {
    id, name: `run ${id}`, datasetId: 1, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed: 0, backend: 'wasm',
    createdAt: '', startedAt: null, finishedAt: null, epochsDone: 3, epochs: 3, archived: false, tags: [], note: '', error: null, best: {}, last: {}, settings: {}, symmetryFound: null, symmetry: null, summaryError: null, ...over,
  };
}

describe('New run form fields', () => {
  it('name only keys the engine knows, so a form value can never be rejected as unknown', () => {
    // Every field is a setting of the table with its scope: the config's find their default in the
    // engine's defaults (fixedBasis has none); the run's (starts) travel beside the config.
    for (const f of CONFIG_FIELDS) expect(OPTION_BY_NAME.get(f.key)?.scope, f.key).toBe(f.scope);
    expect(CONFIG_FIELDS.filter((f) => f.scope === 'run').map((f) => f.key)).toEqual(['starts']);
    for (const f of CONFIG_FIELDS.filter((f) => f.key !== 'fixedBasis' && f.scope === 'config')) expect(valueAt(DEFAULT_CONFIG as unknown as Record<string, unknown>, f.key), f.key).toBeDefined();
    for (const f of CONFIG_FIELDS) expect(f.help.length, f.key).toBeGreaterThan(20);
  });

  it('reads text strictly and nests dotted keys', () => {
    const byKey = Object.fromEntries(CONFIG_FIELDS.map((f) => [f.key, f]));
    expect(parseField(byKey['epochs']!, '12')).toEqual({ value: 12 });
    expect(parseField(byKey['epochs']!, '1.5').error).toBe('Epochs: epochs must be an integer >= 1, got 1.5');
    expect(parseField(byKey['lr']!, '3e-4')).toEqual({ value: 3e-4 });
    expect(parseField(byKey['lr']!, '0x10').error).toBe('Learning rate: lr must be a finite number in (0, 10), got "0x10"');
    expect(parseField(byKey['model.hidden']!, '32, 16')).toEqual({ value: [32, 16] });
    expect(parseField(byKey['epochs']!, '  ')).toEqual({});
    expect(nestOverrides({ 'weights.aug': 0.2, 'weights.task': 1, k: 2 })).toEqual({ weights: { aug: 0.2, task: 1 }, k: 2 });
  });

  it('offers the weight-sharing model with its group size and entropy weight', () => {
    const byKey = Object.fromEntries(CONFIG_FIELDS.map((f) => [f.key, f]));
    expect(byKey['model.kind']!.choices).toEqual(['mlp', 'pointcloud', 'weight-sharing', 'cnn']);
    expect(byKey['model.kind']!.help).toMatch(/invariant tasks only/);
    expect(parseField(byKey['weightSharing.groupSize']!, '6')).toEqual({ value: 6 });
    expect(parseField(byKey['weightSharing.groupSize']!, '6.5').error).toBe('Group elements G: weightSharing.groupSize must be an integer >= 1, got 6.5');
    const flat = { 'model.kind': 'weight-sharing', 'weightSharing.groupSize': 6, 'weightSharing.entropyWeight': 0.1 };
    expect(nestOverrides(flat)).toEqual({ model: { kind: 'weight-sharing' }, weightSharing: { groupSize: 6, entropyWeight: 0.1 } });
  });
});

describe('runs table', () => {
  const runs = [
    run(1, { best: { 'val.loss': 0.5 }, tags: ['baseline'], method: 'plain', settings: { k: 2, 'mask.name': 'blocks2', lr: 0.01 } }),
    run(2, { best: { 'val.loss': 0.05 }, status: 'failed' }),
    run(3, { best: {}, note: 'so(2) found' }),
  ];
  it('filters by metric bounds, fields, tags and text', () => {
    expect(filterRuns(runs, 'val.loss<0.1').map((r) => r.id)).toEqual([2]);
    expect(filterRuns(runs, 'status=done').map((r) => r.id)).toEqual([1, 3]);
    expect(filterRuns(runs, 'tag=baseline method=plain').map((r) => r.id)).toEqual([1]);
    expect(filterRuns(runs, 'so(2)').map((r) => r.id)).toEqual([3]);
    expect(filterRuns(runs, 'k=2 mask.name=blocks2 lr<0.05').map((r) => r.id)).toEqual([1]);
    expect(filterRuns(runs, 'k>2').map((r) => r.id)).toEqual([]);
  });
  it('sorts by best values with missing ones last', () => {
    expect(sortRuns(runs, 'best:val.loss', false).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRuns(runs, 'best:val.loss', true).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});

describe('LaTeX preview', () => {
  it('finds every pmatrix with its label and plain-text entries', () => {
    const tex = 'L_{1} = \\begin{pmatrix} 0 & -1 \\\\ 1 & \\tfrac{1}{2} \\end{pmatrix}\n\\[ g = \\begin{pmatrix} \\sqrt{2} & 0 \\\\ 0 & 1 \\end{pmatrix} \\]';
    expect(latexMatrices(tex)).toEqual([
      { label: 'L1', rows: [['0', '-1'], ['1', '1/2']] },
      { label: 'g', rows: [['√2', '0'], ['0', '1']] },
    ]);
  });
});
