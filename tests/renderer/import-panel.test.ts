// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ImportPanel from '../../src-renderer/src/components/ImportPanel.vue';
import { client as api } from './client-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));

const summary = { id: 9, name: 'table.csv', sampleCount: 2 };
const file = new File(['x,y\n1,2\n3,4\n'], 'table.csv');
const desktop = globalThis as { semola?: { pathForFile(file: File): string | null } };

// The import in progress waits for `finish`, so the test can look at the panel meanwhile.
let finish: () => void;
beforeEach(() => {
  api.call.mockClear();
  const answer = (input: unknown) => {
    const { importId } = input as { importId: string };
    api.emit('dataset.importProgress', { importId, fraction: 0.25, message: 'reading rows' });
    return new Promise((resolve) => {
      finish = () => resolve(summary);
    });
  };
  api.handlers['datasets.import'] = answer;
  api.handlers['datasets.upload'] = answer;
  api.handlers['datasets.list'] = () => [summary];
  api.handlers['datasets.builtins'] = () => [];
  api.handlers['datasets.preview'] = () => ({ samples: [], table: null, histograms: [] });
});
afterEach(() => {
  delete desktop.semola;
});

async function drop(): Promise<ReturnType<typeof mount>> {
  const wrapper = mount(ImportPanel, { global: { plugins: [createPinia()] } });
  const zone = wrapper.find('[data-test=dropzone]');
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files: [file] } });
  zone.element.dispatchEvent(event);
  await flushPromises();
  return wrapper;
}

describe('ImportPanel', () => {
  it('in the desktop app imports a dropped file where it lies, by its path, with live progress', async () => {
    desktop.semola = { pathForFile: (f) => `/home/me/data/${f.name}` };
    const wrapper = await drop();
    expect(api.call).toHaveBeenCalledWith('datasets.import', expect.objectContaining({ path: '/home/me/data/table.csv', options: {} }));
    expect(api.call).not.toHaveBeenCalledWith('datasets.upload', expect.anything());
    expect(wrapper.find('[data-test=import-state]').text()).toContain('reading rows');
    expect(wrapper.find('.progress > div').attributes('style')).toContain('width: 25%');
    finish();
    await flushPromises();
    expect(wrapper.find('[data-test=import-state]').text()).toContain('imported table.csv');
    expect(wrapper.find('.progress > div').attributes('style')).toContain('width: 100%');
  });

  it('in a browser uploads the dropped bytes', async () => {
    const wrapper = await drop();
    const upload = api.call.mock.calls.find(([method]) => method === 'datasets.upload');
    expect(upload?.[1]).toMatchObject({ fileName: 'table.csv', base64: btoa('x,y\n1,2\n3,4\n') });
    expect(api.call).not.toHaveBeenCalledWith('datasets.import', expect.anything());
    finish();
    await flushPromises();
    expect(wrapper.find('[data-test=import-state]').text()).toContain('imported table.csv');
  });

  it('passes the targets, task, layout and limit fields on with a dropped file', async () => {
    desktop.semola = { pathForFile: () => '/d/table.csv' };
    const wrapper = mount(ImportPanel, { global: { plugins: [createPinia()] } });
    await wrapper.find('[data-test=import-targets]').setValue('y');
    await wrapper.find('select').setValue('invariant');
    await wrapper.find('[data-test=import-limit]').setValue('1000');
    const input = wrapper.find('[data-test=file-input]');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.import', expect.objectContaining({ path: '/d/table.csv', options: { targets: 'y', task: 'invariant', limit: 1000 } }));
    finish();
    await flushPromises();
    // The options belonged to that file: the next file starts from the defaults.
    expect((wrapper.find('[data-test=import-targets]').element as unknown as { checked: boolean; value: string }).value).toBe('');
    expect((wrapper.find('[data-test=import-limit]').element as unknown as { checked: boolean; value: string }).value).toBe('');
  });

  it('passes the trajectory settings (n-in, n-out, stride, .npy axes) on', async () => {
    desktop.semola = { pathForFile: () => '/d/states.npy' };
    const wrapper = mount(ImportPanel, { global: { plugins: [createPinia()] } });
    await wrapper.find('[data-test=import-n-in]').setValue('2');
    await wrapper.find('[data-test=import-n-out]').setValue('3');
    await wrapper.find('[data-test=import-stride]').setValue('4');
    await wrapper.find('[data-test=import-axes]').setValue('runs,frames,features');
    const input = wrapper.find('[data-test=file-input]');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.import', expect.objectContaining({ path: '/d/states.npy', options: { nIn: 2, nOut: 3, stride: 4, axes: 'runs,frames,features' } }));
    finish();
  });

  it('in a browser sends a large file in chunks, in order, then imports it; a failed chunk aborts the upload', async () => {
    const big = new File([new Uint8Array(4 * 1024 * 1024 + 1)], 'big.csv');
    const chunk = 1536 * 1024;
    api.handlers['uploads.begin'] = () => ({ uploadId: 'ab'.repeat(12), chunkBytes: chunk, maxBytes: 2 ** 30 });
    api.handlers['uploads.chunk'] = (input) => ({ received: (input as { offset: number }).offset + chunk });
    api.handlers['uploads.finish'] = () => summary;
    api.handlers['uploads.abort'] = () => ({ ok: true });
    const wrapper = mount(ImportPanel, { global: { plugins: [createPinia()] } });
    const input = wrapper.find('[data-test=file-input]');
    Object.defineProperty(input.element, 'files', { value: [big], configurable: true });
    await input.trigger('change');
    await flushPromises();
    const calls = api.call.mock.calls.map(([method, arg]) => [method, (arg as { offset?: number }).offset]);
    expect(calls.filter(([m]) => String(m).startsWith('uploads.'))).toEqual([
      ['uploads.begin', undefined],
      ['uploads.chunk', 0],
      ['uploads.chunk', chunk],
      ['uploads.chunk', 2 * chunk],
      ['uploads.finish', undefined],
    ]);
    expect(api.call).not.toHaveBeenCalledWith('datasets.upload', expect.anything());
    expect(wrapper.find('[data-test=import-state]').text()).toContain('imported table.csv');

    api.call.mockClear();
    api.handlers['uploads.chunk'] = () => {
      throw new Error('connection lost');
    };
    const input2 = wrapper.find('[data-test=file-input]');
    Object.defineProperty(input2.element, 'files', { value: [big], configurable: true });
    await input2.trigger('change');
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('uploads.abort', { uploadId: 'ab'.repeat(12) });
    expect(api.call).not.toHaveBeenCalledWith('uploads.finish', expect.anything());
    expect(wrapper.find('[data-test=import-state]').text()).toContain('connection lost');
  });
});
