// @vitest-environment happy-dom
/** The Starts field of the New run form: from the option table, sent beside the config (never inside it), refused by the table's message. */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import NewRunView from '../../src-renderer/src/views/NewRunView.vue';
import { option } from '../../src-main/engine/options/table';
import { answerNewRunForm, client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

beforeEach(answerNewRunForm);

const creates = () => api.call.mock.calls.filter(([method]) => method === 'runs.create').map(([, input]) => input as Record<string, unknown>);

describe('Starts in the New run form', () => {
  it("is the option table's field, with its help, and runs.create gets starts beside the config", async () => {
    const wrapper = mount(NewRunView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    const field = wrapper.find('[data-test="field-starts"]');
    expect(field.attributes('placeholder')).toBe('1');
    expect(wrapper.find('[data-test="help-starts"]').attributes('title')).toBe(option('starts').help);
    await field.setValue('3');
    await wrapper.find('[data-test="start-run"]').trigger('click');
    await flushPromises();
    expect(creates()).toHaveLength(1);
    expect(creates()[0]).toMatchObject({ datasetId: 3, starts: 3 });
    expect(creates()[0]!.config).not.toHaveProperty('starts');
  });

  it('sends no starts when the field is empty, and refuses 0 with the table message before sending', async () => {
    const wrapper = mount(NewRunView, { props: { datasetId: 3 }, global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="field-starts"]').setValue('0');
    expect(wrapper.find('[data-test="run-errors"]').text()).toContain('Starts: ');
    expect(wrapper.find('[data-test="start-run"]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-test="field-starts"]').setValue('');
    await wrapper.find('[data-test="start-run"]').trigger('click');
    await flushPromises();
    expect(creates()).toHaveLength(1);
    expect(creates()[0]).not.toHaveProperty('starts');
  });
});
