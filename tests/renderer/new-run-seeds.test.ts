// @vitest-environment happy-dom
/** "Repeat with seeds" in the New run form: one runs.create per seed, nothing sent for a malformed list. */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import NewRunView from '../../src-renderer/src/views/NewRunView.vue';
import { answerNewRunForm, client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

beforeEach(answerNewRunForm);

const creates = () => api.call.mock.calls.filter(([method]) => method === 'runs.create').map(([, input]) => input);

describe('Repeat with seeds', () => {
  it('starts one run per seed of the list, each named by its seed', async () => {
    const wrapper = mount(NewRunView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="field-epochs"]').setValue('2');
    await wrapper.find('[data-test="run-name"]').setValue('trio');
    await wrapper.find('[data-test="run-repeat-seeds"]').setValue('0-2');
    expect(wrapper.find('[data-test="start-run"]').text()).toBe('Start 3 runs');
    await wrapper.find('[data-test="start-run"]').trigger('click');
    await flushPromises();
    expect(creates()).toEqual([0, 1, 2].map((seed) => expect.objectContaining({ datasetId: 3, name: `trio · seed ${seed}`, config: expect.objectContaining({ epochs: 2, seed }) })));
  });

  it('names a malformed list and a Seed given as well, and sends nothing', async () => {
    const wrapper = mount(NewRunView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="run-repeat-seeds"]').setValue('0;1');
    expect(wrapper.find('[data-test="run-errors"]').text()).toContain('Repeat with seeds: "0;1" is not a seed');
    expect(wrapper.find('[data-test="start-run"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-test="run-repeat-seeds"]').setValue('0,1');
    await wrapper.find('[data-test="field-seed"]').setValue('5');
    expect(wrapper.find('[data-test="run-errors"]').text()).toContain('leave Seed empty');
    await wrapper.find('[data-test="start-run"]').trigger('click');
    await flushPromises();
    expect(creates()).toEqual([]);
  });
});
