import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it, vi } from 'vitest';
import { eventChannel, methodChannel } from '../../src-main/api/names';
import type { DesktopBridge } from '../../src-preload/bridge';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  webUtils: { getPathForFile: vi.fn((file: File) => (file.name === 'in-memory.csv' ? '' : `/data/${file.name}`)) },
  ipcRenderer: { invoke: vi.fn((_channel: string, _input: unknown) => Promise.resolve({ ok: true, value: 'answer' })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
let bridge: DesktopBridge;

beforeAll(async () => {
  // electron-vite replaces this constant at build time (electron.vite.config.ts).
  vi.stubGlobal('__SEMOLA_VERSION__', pkg.version);
  await import('../../src-preload/index');
  vi.unstubAllGlobals();
  bridge = electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as DesktopBridge;
});

it('exposes window.semola with the version, call, on and pathForFile, and nothing else', () => {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('semola');
  expect(Object.keys(bridge).sort()).toEqual(['call', 'on', 'pathForFile', 'version']);
  expect(bridge.version).toBe(pkg.version);
  expect(Object.isFrozen(bridge)).toBe(true);
});

it('forwards a contract method to its own IPC channel', async () => {
  await expect(bridge.call('runs.list', { includeArchived: true })).resolves.toEqual({ ok: true, value: 'answer' });
  expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(methodChannel('runs.list'), { includeArchived: true });
});

it('refuses names outside the contract without touching IPC', async () => {
  electron.ipcRenderer.invoke.mockClear();
  const result = await bridge.call('shell.openExternal', 'file:///etc/passwd');
  expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  expect(() => bridge.on('ipc-message', () => undefined)).toThrow(/unknown event/);
});

it('subscribes to an event channel, hides the IPC event object, and unsubscribes', () => {
  const seen: unknown[] = [];
  const off = bridge.on('run.status', (payload) => seen.push(payload));
  const [channel, wrapped] = electron.ipcRenderer.on.mock.calls[0] as [string, (event: unknown, payload: unknown) => void];
  expect(channel).toBe(eventChannel('run.status'));
  wrapped({ sender: 'ipc internals' }, { runId: 1, status: 'done', error: null });
  expect(seen).toEqual([{ runId: 1, status: 'done', error: null }]);
  off();
  expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(channel, wrapped);
});

it("gives a dropped file's path on disk through webUtils", () => {
  const file = new File(['x,y\n1,2\n'], 'table.csv');
  expect(bridge.pathForFile(file)).toBe('/data/table.csv');
  expect(electron.webUtils.getPathForFile).toHaveBeenLastCalledWith(file);
});

it('answers null for a file without a path and for anything that is not a File, without asking webUtils', () => {
  // Electron returns '' for a File built in script (not backed by a file on disk).
  expect(bridge.pathForFile(new File(['1'], 'in-memory.csv'))).toBeNull();
  electron.webUtils.getPathForFile.mockClear();
  for (const notAFile of ['/etc/passwd', { name: 'x.csv', path: '/etc/passwd' }, null, undefined, new Blob(['1'])]) {
    expect(bridge.pathForFile(notAFile)).toBeNull();
  }
  expect(electron.webUtils.getPathForFile).not.toHaveBeenCalled();
});

it('answers null when webUtils throws', () => {
  electron.webUtils.getPathForFile.mockImplementationOnce(() => {
    throw new TypeError('Expected a File');
  });
  expect(bridge.pathForFile(new File(['1'], 'a.csv'))).toBeNull();
});
