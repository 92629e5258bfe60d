import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it, vi } from 'vitest';

const exposeInMainWorld = vi.hoisted(() => vi.fn());
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld } }));

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

it('exposes window.semola with the version and nothing else', async () => {
  // electron-vite replaces this constant at build time (electron.vite.config.ts).
  vi.stubGlobal('__SEMOLA_VERSION__', pkg.version);
  await import('../../src-preload/index');

  expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = exposeInMainWorld.mock.calls[0] ?? [];
  expect(key).toBe('semola');
  expect(api).toEqual({ version: pkg.version });
  expect(Object.isFrozen(api)).toBe(true);
  vi.unstubAllGlobals();
});
