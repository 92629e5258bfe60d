// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import SavedViews from '../../src-renderer/src/components/SavedViews.vue';
import CompareView from '../../src-renderer/src/views/CompareView.vue';
import { client as api } from './client-stub';
import { chartOptions } from './echarts-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));
vi.mock('vue-echarts', () => import('./echarts-stub'));

describe('CompareView', () => {
  it('shows only the differing settings, overlays both runs’ curves and draws their generators on one scale', async () => {
    const summary = (id: number) => ({
      id, name: `run ${id}`, datasetId: id, datasetName: id === 1 ? 'builtin:nbody2' : 'pairs.csv', method: 'semola', status: 'done', epochsDone: 2, epochs: 2,
      startedAt: '2026-12-05T20:00:00Z', finishedAt: `2026-12-05T20:00:${id === 1 ? '09' : '30'}Z`, settings: { k: id }, last: { 'loss.total': 0.5 / id, 'val.loss': 0.25 },
      symmetryFound: id === 1, symmetry: id === 1 ? 'so(2)' : 'inconclusive', summaryError: null,
    });
    api.handlers['runs.compare'] = () => ({ runs: [summary(1), summary(2)], differingConfig: [{ key: 'seed', values: [0, 7] }] });
    // Run 1's dataset names its two features; run 2's has four inputs, not the generator's d: x1, x2.
    api.handlers['datasets.list'] = () => [
      { id: 1, name: 'builtin:nbody2', inputNames: ['q1', 'q2'], layout: { kind: 'vector', d: 2, blocks: 0 } },
      { id: 2, name: 'pairs.csv', inputNames: ['a', 'b', 'c'], layout: { kind: 'vector', d: 3, blocks: 0 } },
    ];
    api.handlers['datasets.builtins'] = () => [];
    api.handlers['runs.metrics'] = (input) => {
      const { id } = input as { id: number };
      return [{ name: 'loss.task', epochs: [1, 2], values: [id, id / 2] }, { name: 'val.loss', epochs: [1, 2], values: [id, id / 3] }];
    };
    // Run 2's generator is four times larger than run 1's: both are drawn on its scale.
    const bases: Record<number, number[][][]> = { 1: [[[0, -0.5], [0.5, 0]]], 2: [[[0, -2], [2, 0]]] };
    api.handlers['runs.snapshots'] = (input) => [{ epoch: 2, basis: bases[(input as { id: number }).id], strengths: null }];
    const wrapper = mount(CompareView, { props: { ids: [1, 2] }, global: { plugins: [createPinia()] } });
    await flushPromises();
    expect(wrapper.find('[data-test=config-diff]').findAll('tbody tr').map((tr) => tr.text())).toEqual(['seed07']);
    // Final results side by side, the dataset of each run among them.
    const results = wrapper.findAll('[data-test=compare-result-row]').map((tr) => tr.findAll('td').map((td) => td.text()));
    expect(results).toEqual([
      ['', 'run 1 (#1)', 'builtin:nbody2', 'semola', '1', 'done', '2/2', '9 s', '0.5', '–', '0.25', 'so(2)'],
      ['', 'run 2 (#2)', 'pairs.csv', 'semola', '2', 'done', '2/2', '30 s', '0.25', '–', '0.25', 'inconclusive'],
    ]);
    const [losses, ...heatmaps] = chartOptions(wrapper);
    // One metric at a time, one colour per run: the colour of its row in the results table.
    expect(losses!.series.map((s) => s.name)).toEqual(['run 1', 'run 2']);
    const colours = wrapper.findAll('[data-test=compare-result-row]').map((tr) => tr.attributes('data-colour'));
    expect(losses!.series.map((s) => (s as unknown as { color: string }).color)).toEqual(colours);
    expect(new Set(colours).size).toBe(2);
    expect(heatmaps).toHaveLength(2);
    for (const h of heatmaps) expect(h.visualMap).toMatchObject({ min: -2, max: 2 });
    // Rows and columns named by each run's features, as on the run's own page.
    expect(wrapper.findAll('[data-test=heatmaps]').map((h) => h.attributes('data-features'))).toEqual(['q1 q2', 'x1 x2']);
    expect((heatmaps[0] as unknown as { xAxis: { data: string[] }[] }).xAxis[0]!.data).toEqual(['q1', 'q2']);
  });
});

describe('CompareView with a seed group', () => {
  it('draws the group as its mean curve over a min-max band, in one colour shared by its rows', async () => {
    const summary = (id: number) => ({
      id, name: `run ${id}`, datasetId: 1, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed: id === 4 ? 0 : id - 1, epochsDone: 2, epochs: 2,
      startedAt: null, finishedAt: null, settings: { k: id === 4 ? 2 : 1, seed: id }, last: {}, symmetryFound: null, symmetry: null, summaryError: null,
    });
    api.handlers['runs.compare'] = () => ({ runs: [1, 2, 3, 4].map(summary), differingConfig: [] });
    api.handlers['runs.metrics'] = (input) => [{ name: 'loss.total', epochs: [1, 2], values: [(input as { id: number }).id, 1] }];
    api.handlers['runs.snapshots'] = () => [];
    const wrapper = mount(CompareView, { props: { ids: [1, 2, 3, 4] }, global: { plugins: [createPinia()] } });
    await flushPromises();
    const [losses] = chartOptions(wrapper);
    const series = losses!.series as unknown as { name: string; color: string; stack?: string; data: [number, number | null, number][] }[];
    expect(series.map((s) => s.name)).toEqual(['band 0 min', 'band 0 max', 'runs 1, 2, 3 (seeds 0, 1, 2)', 'run 4']);
    // Mean of 1, 2, 3 at epoch 1; the band from 1 to 3 (log10 on the log axis, the max stacked on the min).
    expect(series[2]!.data[0]).toEqual([1, Math.log10(2), 2]);
    expect(series[0]!.data[0]).toEqual([1, 0, 1]);
    expect(series[1]!.data[0]).toEqual([1, Math.log10(3), 3]);
    expect(series[1]!.stack).toBe(series[0]!.stack);
    const colours = wrapper.findAll('[data-test=compare-result-row]').map((tr) => tr.attributes('data-colour'));
    expect(colours.slice(0, 3)).toEqual([series[2]!.color, series[2]!.color, series[2]!.color]);
    expect(colours[3]).toBe(series[3]!.color);
    expect(colours[3]).not.toBe(colours[0]);
  });
});

// The DOM globals this test touches (the tests' tsconfig has no DOM lib).
const dom = globalThis as unknown as {
  window: object;
  localStorage: { clear(): void; getItem(key: string): string | null };
};

describe('SavedViews', () => {
  it('saves the filter and sort under a name and applies them again', async () => {
    dom.localStorage.clear();
    // happy-dom has no prompt(): the user names the view 'small k'.
    Object.defineProperty(dom.window, 'prompt', { value: vi.fn(() => 'small k'), configurable: true });
    const wrapper = mount(SavedViews, { props: { filter: 'k=1 val.loss<0.1', sortKey: 'best:val.loss', descending: false } });
    await wrapper.find('button').trigger('click');
    expect(JSON.parse(dom.localStorage.getItem('semola.runs.savedViews') ?? '[]')).toEqual([{ name: 'small k', filter: 'k=1 val.loss<0.1', sortKey: 'best:val.loss', descending: false }]);
    // A fresh table (another visit) finds the view and applies it.
    const again = mount(SavedViews, { props: { filter: '', sortKey: 'id', descending: true } });
    await again.find('select').setValue('small k');
    expect(again.emitted('apply')).toEqual([[{ name: 'small k', filter: 'k=1 val.loss<0.1', sortKey: 'best:val.loss', descending: false }]]);
  });
});
