// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import DatasetList from '../../src-renderer/src/components/DatasetList.vue';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

// The store as the component made it (importing the store module here would pull the browser client into the node-typed tests).
interface DatasetsStore { builtins: unknown[]; list: unknown[]; selectedId: number | null }
const storeOf = (pinia: ReturnType<typeof createPinia>): DatasetsStore => (pinia as unknown as { _s: Map<string, DatasetsStore> })._s.get('datasets')!;
const body = (): { activeElement: unknown; body: unknown } => (globalThis as unknown as { document: { activeElement: unknown; body: unknown } }).document;

const summary = (id: number, name: string) => ({
  id, name, format: 'builtin', sourceFiles: [], sizeBytes: null, sampleCount: 10, contentHash: `h${id}`, layout: { kind: 'vector', d: 8 }, task: 'equivariant', targetKind: 'regression', inputNames: [], targets: [], notes: [], createdAt: '',
});

describe('DatasetList', () => {
  it('offers the built-in examples on an empty workspace, one click each', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    api.handlers['datasets.import'] = () => summary(1, 'builtin:nbody2');
    api.handlers['datasets.list'] = () => [summary(1, 'builtin:nbody2')];
    api.handlers['datasets.preview'] = () => ({ dataset: summary(1, 'builtin:nbody2'), samples: [], table: null, histograms: [] });
    const wrapper = mount(DatasetList, { global: { plugins: [pinia] } });
    storeOf(pinia).builtins = [{ name: 'nbody2', description: '2-body', params: [] }, { name: 'molecules', description: 'rigid molecules', params: [] }];
    await flushPromises();
    expect(wrapper.findAll('[data-test=examples] button').map((b) => b.text())).toEqual(['nbody2', 'molecules']);
    await wrapper.find('[data-test=example-nbody2]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.import', expect.objectContaining({ path: 'builtin:nbody2' }));
    expect(wrapper.find('[data-test=examples]').exists()).toBe(false);
    expect(wrapper.findAll('[data-test=dataset-row]')).toHaveLength(1);
  });

  it('reaches and selects rows by keyboard: Enter selects, the arrows move', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    api.handlers['datasets.preview'] = (input) => ({ dataset: summary((input as { id: number }).id, 'x'), samples: [], table: null, histograms: [] });
    const wrapper = mount(DatasetList, { global: { plugins: [pinia] }, attachTo: body().body as never });
    const store = storeOf(pinia);
    store.list = [summary(1, 'a'), summary(2, 'b')];
    await flushPromises();
    const rows = wrapper.findAll('[data-test=dataset-row]');
    expect(rows.map((r) => r.attributes('tabindex'))).toEqual(['0', '0']);
    await rows[0]!.trigger('keydown', { key: 'Enter' });
    expect(store.selectedId).toBe(1);
    await rows[0]!.trigger('keydown', { key: 'ArrowDown' });
    expect(store.selectedId).toBe(2);
    expect(body().activeElement).toBe(rows[1]!.element);
    await rows[1]!.trigger('keydown', { key: 'ArrowUp' });
    expect(store.selectedId).toBe(1);
    wrapper.unmount();
  });
});
