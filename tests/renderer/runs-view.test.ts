// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../src-main/api/schemas';
import RunsView from '../../src-renderer/src/views/RunsView.vue';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

function run(id: number, over: Partial<RunSummary>): RunSummary {
  return {
    id, name: `run ${id}`, datasetId: 1, datasetName: 'builtin:nbody2', method: 'semola', status: 'done', seed: 0, backend: 'wasm',
    createdAt: '', startedAt: null, finishedAt: null, epochsDone: 3, epochs: 3, archived: false, tags: [], note: '', error: null,
    best: {}, last: {}, settings: {}, symmetryFound: null, symmetry: null, summaryError: null, ...over,
  };
}

let runs: RunSummary[];
beforeEach(() => {
  runs = [
    run(1, { settings: { k: 1, 'mask.name': 'full' }, best: { 'val.loss': 0.5, 'loss.total': 0.9 } }),
    run(2, { settings: { k: 2, 'mask.name': 'blocks2' }, best: { 'val.loss': 0.05, 'loss.total': 0.2 }, tags: ['baseline'] }),
    run(3, { settings: { k: 2, 'mask.name': 'full' }, best: { 'val.loss': 0.2, 'loss.total': 0.4 } }),
  ];
  api.call.mockClear();
  api.handlers['runs.list'] = () => runs;
  api.handlers['sweeps.list'] = () => [];
  api.handlers['runs.tag'] = (input) => {
    const { id, tags } = input as { id: number; tags: string[] };
    runs = runs.map((r) => (r.id === id ? { ...r, tags } : r));
    return null;
  };
});

async function view() {
  const wrapper = mount(RunsView, { global: { plugins: [createPinia()] } });
  await flushPromises();
  const shownIds = (): number[] => wrapper.findAll('[data-test=run-row]').map((r) => Number(r.attributes('data-run-id')));
  const filter = async (text: string): Promise<number[]> => {
    await wrapper.find('[data-test=runs-filter]').setValue(text);
    return shownIds();
  };
  return { wrapper, shownIds, filter };
}

describe('RunsView', () => {
  it('lists every run, newest first, with the best value of each metric column', async () => {
    const { wrapper, shownIds } = await view();
    expect(shownIds()).toEqual([3, 2, 1]);
    expect(wrapper.find('[data-run-id="2"]').text()).toContain('0.05');
  });

  it('shows the date as day and time (two pieces that wrap as lines on a narrow screen), a dash without one', async () => {
    runs = [run(1, { createdAt: '2026-12-05T20:07:00Z' }), run(2, {})];
    const { wrapper } = await view();
    const dates = wrapper.findAll('[data-test=run-date]');
    expect(dates[1]!.text()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(dates[1]!.findAll('span')).toHaveLength(2);
    expect(dates[0]!.text()).toBe('–');
  });

  it('shows what each finished run found, and filters on it', async () => {
    runs = [
      run(1, { symmetryFound: true, symmetry: 'found: so(2)' }),
      run(2, { symmetryFound: false, symmetry: 'none found; group S_3 on {x1, x2, x3}' }),
      run(3, { status: 'running' }),
    ];
    const { wrapper, filter } = await view();
    expect(wrapper.find('[data-test=symmetry-1]').text()).toBe('found: so(2)');
    expect(wrapper.find('[data-test=symmetry-1]').classes()).toContain('found');
    expect(wrapper.find('[data-test=symmetry-2]').text()).toBe('none found; group S_3 on {x1, x2, x3}');
    expect(wrapper.find('[data-test=symmetry-3]').text()).toBe('');
    expect(await filter('found=yes')).toEqual([1]);
    expect(await filter('found=no')).toEqual([2]);
    expect(await filter('S_3')).toEqual([2]);
  });

  it('lists a run whose summary cannot be read with the reason, between runs that read fine', async () => {
    const reason = 'summary of run 2 cannot be read: it is not valid JSON (Unexpected end of JSON input)';
    runs = [run(1, { symmetryFound: true, symmetry: 'found: so(2)' }), run(2, { summaryError: reason }), run(3, { symmetryFound: false, symmetry: 'none found' })];
    const { wrapper, shownIds, filter } = await view();
    expect(shownIds()).toEqual([3, 2, 1]);
    expect(wrapper.find('[data-test=symmetry-2]').text()).toBe('summary unreadable');
    expect(wrapper.find('[data-test=symmetry-2]').attributes('title')).toBe(reason);
    expect(wrapper.find('[data-test=symmetry-1]').text()).toBe('found: so(2)');
    expect(await filter('found=yes')).toEqual([1]);
    expect(await filter('found=no')).toEqual([3]);
  });

  it('filters by a config key and by a metric, and combines terms', async () => {
    const { filter } = await view();
    expect(await filter('k=2')).toEqual([3, 2]);
    expect(await filter('mask.name=full')).toEqual([3, 1]);
    expect(await filter('val.loss<0.3')).toEqual([3, 2]);
    expect(await filter('k=2 val.loss<0.1')).toEqual([2]);
    expect(await filter('k>5')).toEqual([]);
    expect(await filter('')).toEqual([3, 2, 1]);
  });

  it('sorts by a best-value column when its header is clicked', async () => {
    const { wrapper, shownIds } = await view();
    const header = wrapper.findAll('th').find((th) => th.text().startsWith('best val.loss'))!;
    await header.trigger('click');
    expect(shownIds()).toEqual([2, 3, 1]);
    await header.trigger('click');
    expect(shownIds()).toEqual([1, 3, 2]);
  });

  it('saves tags edited in the row through the API, and the tag filter finds them', async () => {
    const { wrapper, filter } = await view();
    const input = wrapper.find('[data-test=tags-3]');
    await input.setValue(' keep ,  paper,, ');
    await input.trigger('change');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('runs.tag', { id: 3, tags: ['keep', 'paper'] });
    expect(await filter('tag=paper')).toEqual([3]);
  });

  it('shows the error in the row when saving fails', async () => {
    api.handlers['runs.tag'] = () => {
      throw new Error('run 3 is gone');
    };
    const { wrapper } = await view();
    await wrapper.find('[data-test=tags-3]').setValue('x');
    await wrapper.find('[data-test=tags-3]').trigger('change');
    await flushPromises();
    expect(wrapper.find('[data-run-id="3"]').text()).toContain('run 3 is gone');
  });
});
