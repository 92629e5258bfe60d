import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Probe {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: NodeJS.ErrnoException;
}
interface StartScript {
  electronFromProbe(probe: Probe): { path?: string; reason?: string };
  headlessLinux(platform: string, env: Record<string, string | undefined>): boolean;
}

// Requiring the script only defines its helpers; `npm start` runs it as the main module.
const start = createRequire(import.meta.url)(resolve(import.meta.dirname, '../../scripts/start.cjs')) as StartScript;

// What `require('electron')` writes on a machine that cannot reach the download (Electron 45).
const OFFLINE_STDERR = [
  'TypeError: fetch failed',
  '    at node:internal/deps/undici/undici:14976:13',
  '    at async FetchDownloader.download (file:///repo/node_modules/@electron/get/dist/FetchDownloader.js:46:30)',
  '/repo/node_modules/electron/index.js:43',
  '      throw new Error(',
  '      ^',
  '',
  'Error: Electron failed to install correctly. Please delete `node_modules/electron` and run "npx install-electron --no" manually.',
  '    at getElectronPath (/repo/node_modules/electron/index.js:43:13)',
].join('\n');

describe('npm start (scripts/start.cjs)', () => {
  it('takes the executable from the last line the electron package prints, also after its first download', () => {
    expect(start.electronFromProbe({ status: 0, stdout: '/repo/node_modules/electron/dist/electron', stderr: '' })).toEqual({ path: '/repo/node_modules/electron/dist/electron' });
    expect(start.electronFromProbe({ status: 0, stdout: 'Downloading Electron binary...\n/repo/node_modules/electron/dist/electron', stderr: '' })).toEqual({
      path: '/repo/node_modules/electron/dist/electron',
    });
  });

  it('names the failed download as the reason, not the package advice to reinstall it', () => {
    const result = start.electronFromProbe({ status: 1, stdout: 'Downloading Electron binary...\n', stderr: OFFLINE_STDERR });
    expect(result.path).toBeUndefined();
    expect(result.reason).toBe('its binary could not be downloaded: TypeError: fetch failed');
  });

  it('gives a reason for a probe that timed out or failed otherwise', () => {
    const timedOut = Object.assign(new Error('spawnSync node ETIMEDOUT'), { code: 'ETIMEDOUT' });
    expect(start.electronFromProbe({ status: null, stdout: '', stderr: '', error: timedOut }).reason).toBe('downloading its binary took too long');
    expect(start.electronFromProbe({ status: 1, stdout: '', stderr: 'Error: Cannot find module electron' }).reason).toBe('Error: Cannot find module electron');
    expect(start.electronFromProbe({ status: 1, stdout: '', stderr: '' }).reason).toMatch(/could not provide a binary/);
  });

  it('serves browser mode on a Linux session without a display', () => {
    expect(start.headlessLinux('linux', {})).toBe(true);
    expect(start.headlessLinux('linux', { DISPLAY: ':0' })).toBe(false);
    expect(start.headlessLinux('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
    expect(start.headlessLinux('darwin', {})).toBe(false);
    expect(start.headlessLinux('win32', {})).toBe(false);
  });
});
