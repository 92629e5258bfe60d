// @vitest-environment happy-dom
/** The queue panel: what trains and what waits and why, and the trainer-process budget saved through queue.setParallel (the server's refusal shown). */
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueStatus } from '../../src-main/api/schemas';
import QueuePanel from '../../src-renderer/src/components/QueuePanel.vue';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

let status: QueueStatus;
beforeEach(() => {
  api.call.mockClear();
  status = {
    parallel: 1, defaultParallel: 1, saved: false, busy: 1,
    running: [{ runId: 4, name: 'first', processes: 1 }],
    waiting: [{ runId: 5, name: 'second', processes: 1, reason: 'waiting for a free trainer process: 1 of 1 busy' }],
  };
  api.handlers['queue.status'] = () => status;
  api.handlers['queue.setParallel'] = (input) => {
    const { parallel } = input as { parallel: unknown };
    if (typeof parallel !== 'number' && parallel !== null) throw new Error('parallel: expected number');
    status = parallel === null ? { ...status, parallel: status.defaultParallel, saved: false } : { ...status, parallel, saved: true, busy: 2, running: [...status.running, { runId: 5, name: 'second', processes: 1 }], waiting: [] };
    return status;
  };
});

describe('QueuePanel', () => {
  it('shows what trains, what waits and why, and saves a new budget', async () => {
    const wrapper = mount(QueuePanel, { global: { plugins: [createPinia()] } });
    await flushPromises();
    expect(wrapper.find('[data-test="queue-busy"]').text()).toBe('1 of 1 trainer process busy');
    expect(wrapper.findAll('[data-test="queue-running"]').map((r) => r.attributes('data-run-id'))).toEqual(['4']);
    expect(wrapper.find('[data-test="queue-waiting"] [data-test="queue-reason"]').text()).toBe('waiting for a free trainer process: 1 of 1 busy');
    expect(wrapper.find('[data-test="queue-budget-source"]').text()).toBe('default: cores − 1 = 1');

    await wrapper.find('[data-test="queue-parallel"]').setValue('2');
    await wrapper.find('[data-test="queue-parallel-save"]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('queue.setParallel', { parallel: 2 });
    expect(wrapper.findAll('[data-test="queue-running"]')).toHaveLength(2);
    expect(wrapper.find('[data-test="queue-waiting"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="queue-budget-source"]').text()).toBe('saved in this workspace');

    await wrapper.find('[data-test="queue-parallel-default"]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('queue.setParallel', { parallel: null });
    expect(wrapper.find('[data-test="queue-budget-source"]').text()).toBe('default: cores − 1 = 1');
  });

  it('sends an empty budget as typed (never as null, the default) and shows the refusal', async () => {
    const wrapper = mount(QueuePanel, { global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.find('[data-test="queue-parallel"]').setValue('');
    await wrapper.find('[data-test="queue-parallel-save"]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('queue.setParallel', { parallel: '' });
    expect(wrapper.find('[data-test="queue-parallel-error"]').text()).toContain('parallel');
  });

  it('says when nothing trains or waits', async () => {
    status = { ...status, busy: 0, running: [], waiting: [] };
    const wrapper = mount(QueuePanel, { global: { plugins: [createPinia()] } });
    await flushPromises();
    expect(wrapper.find('[data-test="queue-idle"]').text()).toBe('Nothing is training or waiting.');
  });
});
