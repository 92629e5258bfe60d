import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it, vi } from 'vitest';
import type { SemolaBridge } from '../../src-main/api/contract';
import { eventChannel, methodChannel } from '../../src-main/api/names';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn((_channel: string, _input: unknown) => Promise.resolve({ ok: true, value: 'answer' })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
let bridge: SemolaBridge;

beforeAll(async () => {
  // electron-vite replaces this constant at build time (electron.vite.config.ts).
  vi.stubGlobal('__SEMOLA_VERSION__', pkg.version);
  await import('../../src-preload/index');
  vi.unstubAllGlobals();
  bridge = electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as SemolaBridge;
});

it('exposes window.semola with the version, call and on, and nothing else', () => {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('semola');
  expect(Object.keys(bridge).sort()).toEqual(['call', 'on', 'version']);
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
