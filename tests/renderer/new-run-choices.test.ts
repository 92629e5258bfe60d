// @vitest-environment happy-dom
/**
 * The New run form offers every method of the method records and every backend of the backend list,
 * and nothing else; a chosen backend goes to runs.create as picked.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_HELP, BACKEND_REQUESTS, METHOD_NAMES } from '../../src-main/api/choices';
import { METHODS } from '../../src-main/engine/methods/method';
import { CONFIG_FIELDS } from '../../src-renderer/src/lib/config-fields';
import NewRunView from '../../src-renderer/src/views/NewRunView.vue';
import { answerNewRunForm, client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

beforeEach(answerNewRunForm);

describe('the New run form', () => {
  it('offers every method of the records, with each one explained, and nothing else', async () => {
    const field = CONFIG_FIELDS.find((f) => f.key === 'method')!;
    expect(field.choices).toEqual([...METHOD_NAMES]);
    for (const m of METHOD_NAMES) expect(field.help).toContain(`${m}: ${METHODS[m].summary}`);
    const wrapper = mount(NewRunView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    const shown = wrapper.findAll('[data-test="field-method"] option').map((o) => o.text()).slice(1);
    expect(shown).toEqual([...METHOD_NAMES]);
  });

  it('offers every backend and nothing else, and starts the run on the one picked', async () => {
    const wrapper = mount(NewRunView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    const select = wrapper.find('[data-test="run-backend"]');
    expect(select.findAll('option').map((o) => o.text())).toEqual([...BACKEND_REQUESTS]);
    expect(wrapper.find(`[title="${BACKEND_HELP}"]`).exists()).toBe(true);
    await select.setValue('wasm');
    await wrapper.find('[data-test="start-run"]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('runs.create', expect.objectContaining({ datasetId: 3, backend: 'wasm' }));
  });
});
