// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, Summary } from '../../src-main/api/schemas';
import PermutationGroupPanel from '../../src-renderer/src/components/PermutationGroupPanel.vue';
import { runPermutations } from '../../src-renderer/src/lib/permutations';
import RunView from '../../src-renderer/src/views/RunView.vue';
import { client as api } from './client-stub';
import { chartOptions } from './echarts-stub';
import { storedSummary } from '../fixtures/stored-summary';
import { weightSharingSummary } from './permutation-fixture';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));
vi.mock('vue-echarts', () => import('./echarts-stub'));

afterEach(() => {
  vi.restoreAllMocks();
  api.call.mockClear();
});

const panel = () => mount(PermutationGroupPanel, { props: { runId: 7, permutations: runPermutations(weightSharingSummary())! } });

describe('PermutationGroupPanel', () => {
  it('names the group, its order, the orbits of the slots and the generators in cycle notation', () => {
    const wrapper = panel();
    expect(wrapper.find('[data-test=permutation-rule]').text()).toContain('roundings with confidence ≥ 0.5 that the held-out data support generate the group');
    expect(wrapper.find('[data-test=group-name]').text()).toBe('S_3 on {x1, x2, x3} · order 6 · acting on 5 slots');
    expect(wrapper.find('[data-test=group-orbits]').text()).toBe('{x1, x2, x3} · fixed: x4, x5');
    const generators = wrapper.find('[data-test=group-generators]').text();
    expect(generators).toMatch(/^\(x\d( x\d)+\)(, \(x\d( x\d)+\))*$/);
    expect(generators).not.toMatch(/x4|x5/);
  });

  it('says "not recognised" for a group without a name', () => {
    const perms = runPermutations(weightSharingSummary())!;
    const wrapper = mount(PermutationGroupPanel, { props: { runId: 7, permutations: { ...perms, group: { ...perms.group, name: null } } } });
    expect(wrapper.find('[data-test=group-name] strong').text()).toBe('not recognised');
  });

  it('tabulates each learned P_g with its rounding, confidence and whether it entered the group', () => {
    const rows = panel().find('[data-test=learned-permutations]').findAll('tbody tr');
    expect(rows.map((tr) => tr.findAll('td').map((td) => td.text()))).toEqual([
      ['1', '(x1 x2 x3)', '0.900', 'yes'],
      ['2', '(x1 x2)', '0.800', 'yes'],
      ['3', '(x1 x5)', '0.300', 'no · confidence below 0.5'],
      ['4', '(x4 x5)', '0.700', 'no · enforcing it raises the held-out loss to 0.22 (limit 0.0675)'],
    ]);
    expect(rows.map((tr) => tr.attributes('data-used'))).toEqual(['true', 'true', 'false', 'false']);
  });

  it('draws every soft P_g as a heatmap on a 0..1 scale with the slot names on its axes', () => {
    const options = chartOptions(panel()) as unknown as { visualMap: { min: number; max: number }; xAxis: { data: string[] }; yAxis: { data: string[] }; series: { data: number[][] }[]; title: { text: string } }[];
    expect(options).toHaveLength(4);
    expect(options.map((o) => o.title.text)).toEqual(['P1 ≈ (x1 x2 x3)', 'P2 ≈ (x1 x2)', 'P3 ≈ (x1 x5)', 'P4 ≈ (x4 x5)']);
    for (const o of options) {
      expect(o.visualMap).toMatchObject({ min: 0, max: 1 });
      expect(o.xAxis.data).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
      expect(o.yAxis.data).toEqual(['x5', 'x4', 'x3', 'x2', 'x1']);
      expect(o.series[0]!.data).toHaveLength(25);
    }
    // P1 sends x1 to x2: the top row (x1, drawn at y = 4) has its weight in column x2.
    expect(options[0]!.series[0]!.data).toContainEqual([1, 4, 0.9]);
  });

  it('exports the permutations as JSON, npy and npz and downloads the file; shows an error', async () => {
    api.handlers['export.permutations'] = (input) => {
      const { format } = input as { format: string };
      return { fileName: `semola-7-permutations.${format}`, mediaType: 'application/octet-stream', base64: btoa('bytes'), text: null };
    };
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const wrapper = panel();
    for (const format of ['json', 'npy', 'npz']) {
      await wrapper.find(`[data-test=export-permutations-${format}]`).trigger('click');
      await flushPromises();
      expect(api.call).toHaveBeenLastCalledWith('export.permutations', { runId: 7, format });
    }
    expect(createObjectURL).toHaveBeenCalledTimes(3);

    api.handlers['export.permutations'] = () => {
      throw new Error('run 7 was not trained with the weight-sharing model');
    };
    await wrapper.find('[data-test=export-permutations-npz]').trigger('click');
    await flushPromises();
    expect(wrapper.find('.error').text()).toBe('run 7 was not trained with the weight-sharing model');
  });
});

describe('RunView', () => {
  const detail = (summary: Summary | null, summaryError: string | null = null): RunDetail => ({
    id: 7, name: 'ws', datasetId: 1, datasetName: 'builtin:partial-permutation', method: 'plain', status: 'done', seed: 0, backend: 'cpu', createdAt: '', startedAt: null,
    finishedAt: null, epochsDone: 2, epochs: 2, archived: false, tags: [], note: '', error: null, best: {}, last: {}, settings: {}, symmetryFound: null, symmetry: null, summaryError, config: {}, summary,
  });

  async function view(summary: Summary | null, summaryError: string | null = null) {
    api.handlers['runs.get'] = () => detail(summary, summaryError);
    api.handlers['runs.metrics'] = () => [];
    api.handlers['runs.snapshots'] = () => [];
    const wrapper = mount(RunView, { props: { id: 7 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    return wrapper;
  }

  it('shows the permutation group of a weight-sharing run', async () => {
    const wrapper = await view(weightSharingSummary());
    expect(wrapper.find('[data-test=permutation-group-panel]').exists()).toBe(true);
    expect(wrapper.find('[data-test=group-name]').text()).toContain('S_3 on {x1, x2, x3}');
    expect(wrapper.find('[data-test=no-basis]').text()).toBe('This run learned no basis: the weight-sharing model learns permutations instead (below).');
  });

  it('shows no permutation panel for runs of other models, or before a run is done', async () => {
    for (const summary of [storedSummary(), null]) {
      const wrapper = await view(summary);
      expect(wrapper.find('h2').text()).toContain('ws');
      expect(wrapper.find('[data-test=permutation-group-panel]').exists()).toBe(false);
      expect(wrapper.find('[data-test=run-summary-error]').exists()).toBe(false);
    }
  });

  it('says why a done run shows no results when its summary cannot be read', async () => {
    const reason = 'summary of run 7 cannot be read: metrics.test.mse: Invalid input: expected number, received string';
    const wrapper = await view(null, reason);
    expect(wrapper.find('[data-test=run-summary-error]').text()).toBe(reason);
    expect(wrapper.find('[data-test=permutation-group-panel]').exists()).toBe(false);
  });
});
