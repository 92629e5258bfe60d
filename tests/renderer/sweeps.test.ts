// @vitest-environment happy-dom
/**
 * The New sweep form (every value read and refused as the New-run form's, every point checked
 * against every dataset, the input sweeps.create gets) and the Runs view's grouping of a sweep's
 * runs by grid point with the mean +- std over seeds and what the seeds found.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary, SweepSummary } from '../../src-main/api/schemas';
import { checkSweepForm, parseSeeds, SWEEP_FIELDS, type SweepDraft } from '../../src-renderer/src/lib/sweep-form';
import { fixedText, formatStat, foundText, groupRuns, sweepHeadline } from '../../src-renderer/src/lib/sweep-groups';
import NewSweepView from '../../src-renderer/src/views/NewSweepView.vue';
import RunsView from '../../src-renderer/src/views/RunsView.vue';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

const nbody = { id: 3, name: 'builtin:nbody2', task: 'equivariant' as const, targetKind: 'regression' as const, layout: { kind: 'vector' as const, d: 8, blocks: 0 }, sampleCount: 380 };
const draft = (over: Partial<SweepDraft>): SweepDraft => ({ fixed: {}, varied: [], combine: 'grid', seeds: '2', starts: '1', ...over });

describe('the New sweep form check', () => {
  it('offers every New-run field but the seed, which the sweep owns', () => {
    expect(SWEEP_FIELDS.map((f) => f.key)).not.toContain('seed');
    expect(SWEEP_FIELDS.map((f) => f.key)).toEqual(expect.arrayContaining(['k', 'epochs', 'lr', 'mask.name', 'weights.aug', 'model.hidden']));
  });

  it('expands a grid (the last setting fastest) and builds the sweeps.create input', () => {
    const c = checkSweepForm(draft({ fixed: { epochs: '2', 'weights.aug': '' }, varied: [{ key: 'k', text: '1; 2' }, { key: 'mask.name', text: 'full;blocks2' }] }), [nbody]);
    expect(c.errors).toEqual([]);
    expect(c.points).toEqual(['k=1 mask.name=full', 'k=1 mask.name=blocks2', 'k=2 mask.name=full', 'k=2 mask.name=blocks2']);
    expect(c.runs).toBe(8);
    expect(c.input).toEqual({ base: { epochs: 2 }, grid: [{ setting: 'k', values: [1, 2] }, { setting: 'mask.name', values: ['full', 'blocks2'] }], seeds: 2, starts: 1 });
  });

  it('pairs the i-th values row by row, keeps a list of layer sizes whole, and takes listed seeds', () => {
    const c = checkSweepForm(draft({ combine: 'list', varied: [{ key: 'k', text: '1; 2' }, { key: 'model.hidden', text: '32,32; 64' }], seeds: '0, 5, 9', starts: '' }), [nbody]);
    expect(c.errors).toEqual([]);
    expect(c.points).toEqual(['k=1 model.hidden=32,32', 'k=2 model.hidden=64']);
    expect(c.input).toEqual({ base: {}, list: [{ k: 1, 'model.hidden': [32, 32] }, { k: 2, 'model.hidden': [64] }], seeds: [0, 5, 9] });
    expect(checkSweepForm(draft({ combine: 'list', varied: [{ key: 'k', text: '1; 2' }, { key: 'lr', text: '0.1' }] }), [nbody]).errors).toEqual(['Row by row: every varied setting needs as many values as the others (Generators k 2, Learning rate 1)']);
  });

  it("refuses a wrong value with the option table's message under the field's label, and sends nothing", () => {
    const c = checkSweepForm(draft({ varied: [{ key: 'k', text: '1; 0' }], fixed: { lr: '-1' } }), [nbody]);
    expect(c.input).toBeNull();
    expect(c.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^Learning rate: lr must be/), expect.stringMatching(/^Generators k: k must be an integer >= 1, got 0/)]));
  });

  it('checks every point against every dataset as a run would be checked, naming the point', () => {
    const c = checkSweepForm(draft({ fixed: { 'mask.name': 'blocks4' }, varied: [{ key: 'k', text: '1; 40' }] }), [nbody]);
    expect(c.errors).toEqual([expect.stringMatching(/^k=40: k = 40 generators cannot be independent/)]);
  });

  it('refuses a setting both fixed and varied, a seed among the fixed settings, no datasets, bad seeds and starts', () => {
    expect(checkSweepForm(draft({ fixed: { k: '2' }, varied: [{ key: 'k', text: '1; 2' }] }), [nbody]).errors).toContain('Generators k: both fixed and varied; clear its fixed value');
    expect(checkSweepForm(draft({ fixed: { seed: '4' } }), [nbody]).errors[0]).toMatch(/^(unknown config key "seed"|Seed: )/);
    expect(checkSweepForm(draft({}), []).errors).toEqual(['Datasets: choose at least one']);
    expect(checkSweepForm(draft({ starts: '0' }), [nbody]).errors).toEqual(['Starts per run: a whole number from 1 to 16, got "0"']);
    expect(parseSeeds('3')).toEqual({ seeds: 3 });
    expect(parseSeeds('1, 1').error).toMatch(/each seed once/);
    expect(parseSeeds('0').error).toMatch(/a count from 1 to 64/);
    expect(parseSeeds('two').error).toMatch(/^Seeds: a count/);
  });
});

function run(id: number, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id, name: `run ${id}`, datasetId: 3, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed: 0, backend: 'wasm',
    createdAt: '', startedAt: null, finishedAt: null, epochsDone: 2, epochs: 2, archived: false, tags: [], note: '', error: null,
    best: {}, last: {}, settings: {}, symmetryFound: null, symmetry: null, summaryError: null, ...over,
  };
}

const sweep: SweepSummary = {
  id: 4, name: 'k on 2-body', description: '', createdAt: '', executor: 'local', seeds: [0, 1], tasks: 4, fixed: { epochs: 2, 'model.hidden': [32, 32], backend: 'cpu' },
  metrics: ['test.mse', 'validation.loss'],
  points: [
    { point: 0, label: 'k=1', values: { k: 1 }, done: 2, of: 2, seeds: [{ task: 0, seed: 0, runId: 11, status: 'done' }, { task: 1, seed: 1, runId: 12, status: 'done' }],
      metrics: { 'test.mse': { mean: 0.0123, std: 0.0045, n: 2 }, 'validation.loss': { mean: 0.2, std: 0.01, n: 2 } }, found: [{ answer: 'so(2)', seeds: 2, of: 2 }] },
    { point: 1, label: 'k=2', values: { k: 2 }, done: 1, of: 2, seeds: [{ task: 2, seed: 0, runId: 13, status: 'done' }, { task: 3, seed: 1, runId: 14, status: 'running' }],
      metrics: { 'test.mse': { mean: 0.5, std: 0, n: 1 } }, found: [{ answer: 'none found', seeds: 1, of: 2 }] },
  ],
  best: { point: 0, label: 'k=1', metric: 'test.mse', mean: 0.0123 },
};

describe('grouping runs by sweep and grid point', () => {
  const runs = [run(15, { name: 'alone' }), run(14, { status: 'running', seed: 1 }), run(13), run(12, { seed: 1 }), run(11)];

  it('puts a sweep’s runs under its grid points with their seeds, the rest in the table', () => {
    const { sweeps, others } = groupRuns(runs, [sweep]);
    expect(others.map((r) => r.id)).toEqual([15]);
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]!.points.map((p) => [p.point.label, p.best, p.seeds.map((x) => [x.seed, x.run?.id, x.status])])).toEqual([
      ['k=1', true, [[0, 11, 'done'], [1, 12, 'done']]],
      ['k=2', false, [[0, 13, 'done'], [1, 14, 'running']]],
    ]);
    expect(sweepHeadline(sweeps[0]!)).toBe('on builtin:nbody2 · 2 grid points × 2 seeds = 4 runs · 3/4 done');
    expect(fixedText(sweep)).toBe('epochs=2 model.hidden=32,32 backend=cpu');
  });

  it('shows mean ± std over seeds and how many seeds found which algebra', () => {
    expect(formatStat(sweep.points[0]!.metrics['test.mse'])).toBe('0.0123 ± 0.0045');
    expect(formatStat(sweep.points[1]!.metrics['test.mse'])).toBe('0.5 (1 seed)');
    expect(formatStat(undefined)).toBe('–');
    expect(foundText(sweep.points[0]!)).toBe('so(2) 2/2');
  });

  it('under a filter, keeps only the points with a shown run, and drops a sweep with none', () => {
    expect(groupRuns([run(13)], [sweep], true).sweeps[0]!.points.map((p) => p.point.label)).toEqual(['k=2']);
    expect(groupRuns([run(15)], [sweep], true).sweeps).toEqual([]);
  });
});

describe('the views', () => {
  beforeEach(() => {
    api.call.mockClear();
    api.handlers['datasets.list'] = () => [nbody];
    api.handlers['datasets.builtins'] = () => [];
    api.handlers['runs.validate'] = () => ({ ok: true, resolved: { k: 1, epochs: 20 } });
    api.handlers['sweeps.create'] = () => sweep;
    api.handlers['runs.list'] = () => [run(15, { name: 'alone' }), run(14, { status: 'running' }), run(13), run(12), run(11)];
    api.handlers['sweeps.list'] = () => [sweep];
  });

  it('New sweep sends the grid, seeds and the chosen datasets to sweeps.create', async () => {
    const wrapper = mount(NewSweepView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="vary-values-0"]').setValue('1; 2');
    await wrapper.find('[data-test="field-epochs"]').setValue('2');
    await wrapper.find('[data-test="sweep-seeds"]').setValue('2');
    expect(wrapper.find('[data-test="sweep-plan"]').text()).toMatch(/2 grid points × 2 seeds × 1 dataset = 4 runs/);
    await wrapper.find('[data-test="start-sweep"]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('sweeps.create', { base: { epochs: 2 }, grid: [{ setting: 'k', values: [1, 2] }], seeds: 2, starts: 1, datasetIds: [3], backend: 'auto' });
  });

  it('New sweep hides the fixed field of a varied setting and drops its fixed value', async () => {
    const wrapper = mount(NewSweepView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="vary-setting-0"]').setValue('');
    await wrapper.find('[data-test="field-lr"]').setValue('0.01');
    await wrapper.find('[data-test="vary-setting-0"]').setValue('lr');
    await wrapper.find('[data-test="vary-values-0"]').setValue('0.01; 0.001');
    expect(wrapper.find('[data-test="field-lr"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="sweep-errors"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="sweep-plan"]').text()).toContain('lr=0.01 · lr=0.001');
  });

  it('New sweep shows a refusal and keeps the button off', async () => {
    const wrapper = mount(NewSweepView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="vary-values-0"]').setValue('1; -2');
    expect(wrapper.find('[data-test="sweep-errors"]').text()).toMatch(/Generators k: k must be an integer >= 1, got -2/);
    expect(wrapper.find('[data-test="start-sweep"]').attributes('disabled')).toBeDefined();
  });

  it('the Runs view groups the sweep’s runs by grid point with their statistics, and lists the others', async () => {
    const wrapper = mount(RunsView, { global: { plugins: [createPinia()] } });
    await flushPromises();
    const group = wrapper.find('[data-test="sweep-group"]');
    expect(group.find('h3').text()).toBe('k on 2-body');
    const points = group.findAll('[data-test="sweep-point"]');
    expect(points.map((p) => p.findAll('td')[0]!.text())).toEqual(['k=1 best', 'k=2']);
    expect(points[0]!.find('[data-test="sweep-stat-test.mse"]').text()).toBe('0.0123 ± 0.0045');
    expect(points[0]!.find('[data-test="sweep-found"]').text()).toBe('so(2) 2/2');
    expect(points[1]!.findAll('[data-test="sweep-seed"]').map((s) => s.text())).toEqual(['seed 0 done', 'seed 1 running']);
    expect(group.find('[data-test="sweep-fixed"]').text()).toBe('Every run: epochs=2 model.hidden=32,32 backend=cpu.');
    expect(wrapper.findAll('[data-test="run-row"]').map((r) => r.attributes('data-run-id'))).toEqual(['15']);
    expect(group.find('[data-test="cancel-sweep-4"]').exists()).toBe(true);
  });
});
