import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, methodChannel } from '../../src-main/api/names';
import { CONTENT_SECURITY_POLICY } from '../../src-main/app/security';
import { createMainWindow } from '../../src-main/app/window';

// A stand-in for the parts of 'electron' that src-main/app uses: it records what the app asks
// for, so the tests can check the window's settings without an Electron binary.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;

  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener): this {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }

  /** Order in which the app touched things, to check the policy is in place before loading. */
  const calls: string[] = [];

  class FakeSession {
    headersListener: Listener | undefined;
    permissionHandler: Listener | undefined;
    readonly webRequest = {
      onHeadersReceived: (listener: Listener): void => {
        calls.push('onHeadersReceived');
        this.headersListener = listener;
      },
    };
    setPermissionRequestHandler(handler: Listener): void {
      calls.push('setPermissionRequestHandler');
      this.permissionHandler = handler;
    }
  }

  class FakeWebContents extends Emitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    constructor(readonly session: FakeSession) {
      super();
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      calls.push('setWindowOpenHandler');
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow extends Emitter {
    static readonly instances: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return [...FakeBrowserWindow.instances];
    }
    readonly webContents: FakeWebContents;
    loadedFile: string | undefined;
    loadedUrl: string | undefined;
    shown = false;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      this.webContents = new FakeWebContents(session.defaultSession);
      FakeBrowserWindow.instances.push(this);
    }
    loadFile(file: string): Promise<void> {
      calls.push('loadFile');
      this.loadedFile = file;
      return Promise.resolve();
    }
    loadURL(url: string): Promise<void> {
      calls.push('loadURL');
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show(): void {
      this.shown = true;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
  }

  const session = { defaultSession: new FakeSession() };

  class FakeApp extends Emitter {
    isPackaged = false;
    readonly enableSandbox = vi.fn(() => {
      calls.push('enableSandbox');
    });
    readonly requestSingleInstanceLock = vi.fn(() => true);
    readonly quit = vi.fn();
    readonly exit = vi.fn();
    readonly whenReady = vi.fn(() => Promise.resolve());
  }

  const app = new FakeApp();
  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  const ipcMain = {
    handle: vi.fn((channel: string, _handler: Listener) => {
      calls.push(`handle:${channel}`);
    }),
    on: vi.fn(),
    removeHandler: vi.fn(),
  };
  const dialog = { showOpenDialog: vi.fn(), showErrorBox: vi.fn() };
  const utilityProcess = { fork: vi.fn() };
  const contextBridge = { exposeInMainWorld: vi.fn() };

  function reset(): void {
    calls.length = 0;
    FakeBrowserWindow.instances.length = 0;
    session.defaultSession = new FakeSession();
    app.listeners.clear();
    app.isPackaged = false;
    app.enableSandbox.mockClear();
    app.requestSingleInstanceLock.mockClear();
    app.quit.mockClear();
    app.exit.mockClear();
    app.whenReady.mockClear();
    shell.openExternal.mockClear();
    ipcMain.handle.mockClear();
    dialog.showErrorBox.mockClear();
    utilityProcess.fork.mockClear();
  }

  return { calls, reset, module: { app, BrowserWindow: FakeBrowserWindow, session, shell, ipcMain, contextBridge, dialog, utilityProcess } };
});

// Hoisted above the imports, so src-main/app/window.ts gets the fake.
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

type FakeWindow = InstanceType<typeof fake.module.BrowserWindow>;

const indexHtml = '/opt/semola/out/renderer/index.html';
const appUrl = pathToFileURL(indexHtml).href;

function openWindow(): FakeWindow {
  createMainWindow({ preloadPath: '/opt/semola/out/preload/index.js', renderer: { file: indexHtml } });
  expect(fake.module.BrowserWindow.instances).toHaveLength(1);
  const window = fake.module.BrowserWindow.instances[0];
  if (window === undefined) throw new Error('no window was created');
  return window;
}

/** Emits will-navigate the way Electron does and says whether the app cancelled it. */
function navigationCancelled(window: FakeWindow, url: string): boolean {
  const preventDefault = vi.fn();
  window.webContents.emit('will-navigate', { url, preventDefault }, url);
  return preventDefault.mock.calls.length > 0;
}

beforeEach(() => {
  fake.reset();
});

describe('createMainWindow', () => {
  it('isolates and sandboxes the renderer and gives it no Node', () => {
    const prefs = openWindow().options.webPreferences;
    expect(prefs).toBeDefined();
    expect(prefs?.['contextIsolation']).toBe(true);
    expect(prefs?.['sandbox']).toBe(true);
    expect(prefs?.['nodeIntegration']).toBe(false);
    expect(prefs?.['nodeIntegrationInWorker']).toBe(false);
    expect(prefs?.['webSecurity']).toBe(true);
    expect(prefs?.['preload']).toBe('/opt/semola/out/preload/index.js');
  });

  it('loads the built page and shows the window once it is painted', () => {
    const window = openWindow();
    expect(window.loadedFile).toBe(indexHtml);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('cancels navigation away from the app', () => {
    const window = openWindow();
    expect(window.webContents.listeners.get('will-navigate')).toHaveLength(1);
    expect(navigationCancelled(window, 'https://evil.example/')).toBe(true);
    expect(navigationCancelled(window, 'file:///etc/passwd')).toBe(true);
    expect(navigationCancelled(window, 'javascript:alert(1)')).toBe(true);
    expect(navigationCancelled(window, `${appUrl}#/runs`)).toBe(false);
  });

  it('denies every window.open and sends only http(s) links to the system browser', () => {
    const window = openWindow();
    const handler = window.webContents.windowOpenHandler;
    expect(handler).toBeDefined();

    expect(handler?.({ url: 'https://arxiv.org/abs/2401.00001' })).toEqual({ action: 'deny' });
    expect(fake.module.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith('https://arxiv.org/abs/2401.00001');

    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://attacker/share', appUrl]) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.module.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('installs the Content-Security-Policy header before the page loads', async () => {
    openWindow();
    const listener = fake.module.session.defaultSession.headersListener;
    expect(listener).toBeDefined();
    expect(fake.calls.indexOf('onHeadersReceived')).toBeLessThan(fake.calls.indexOf('loadFile'));

    const response = await new Promise<{ responseHeaders: Record<string, string[]> }>((done) => {
      listener?.({ url: appUrl, responseHeaders: { 'Content-Type': ['text/html'] } }, done);
    });
    expect(response.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(response.responseHeaders['Content-Type']).toEqual(['text/html']);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
  });

  it('refuses permission requests other than writing to the clipboard', () => {
    openWindow();
    const handler = fake.module.session.defaultSession.permissionHandler;
    expect(handler).toBeDefined();
    const answers = new Map<string, unknown>();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-sanitized-write']) {
      handler?.({}, permission, (granted: unknown) => answers.set(permission, granted));
    }
    expect(Object.fromEntries(answers)).toEqual({
      media: false,
      geolocation: false,
      notifications: false,
      'clipboard-sanitized-write': true,
    });
  });

  it('loads the dev server URL when given one, and allows navigation only within it', () => {
    createMainWindow({ preloadPath: '/p/index.js', renderer: { url: 'http://localhost:5173/' } });
    const window = fake.module.BrowserWindow.instances[0];
    if (window === undefined) throw new Error('no window was created');
    expect(window.loadedUrl).toBe('http://localhost:5173/');
    expect(navigationCancelled(window, 'http://localhost:5173/runs')).toBe(false);
    expect(navigationCancelled(window, 'http://localhost:8080/')).toBe(true);
  });
});

describe('app entry (src-main/app/index.ts)', () => {
  const savedRendererUrl = process.env['ELECTRON_RENDERER_URL'];
  const savedWorkspace = process.env['SEMOLA_WORKSPACE'];
  // The app opens its workspace on ready: a temporary one here, never the user's.
  const folder = mkdtempSync(join(tmpdir(), 'semola-app-'));
  process.env['SEMOLA_WORKSPACE'] = join(folder, 'workspace.sqlite');

  afterEach(() => {
    if (savedRendererUrl === undefined) delete process.env['ELECTRON_RENDERER_URL'];
    else process.env['ELECTRON_RENDERER_URL'] = savedRendererUrl;
  });

  afterAll(async () => {
    // Let the app close its workspace (will-quit) before the folder goes.
    await new Promise((done) => setTimeout(done, 50));
    if (savedWorkspace === undefined) delete process.env['SEMOLA_WORKSPACE'];
    else process.env['SEMOLA_WORKSPACE'] = savedWorkspace;
    rmSync(folder, { recursive: true, force: true });
  });

  async function startApp(): Promise<void> {
    vi.resetModules();
    await import('../../src-main/app/index');
    // Let whenReady().then(...) run.
    await new Promise((done) => setImmediate(done));
  }

  it('sandboxes all renderers before ready and opens one secure window on ready', async () => {
    delete process.env['ELECTRON_RENDERER_URL'];
    await startApp();
    expect(fake.module.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(fake.calls[0]).toBe('enableSandbox');
    expect(fake.module.BrowserWindow.instances).toHaveLength(1);
    const window = fake.module.BrowserWindow.instances[0];
    expect(window?.options.webPreferences?.['sandbox']).toBe(true);
    expect(window?.options.webPreferences?.['contextIsolation']).toBe(true);
    expect(window?.options.webPreferences?.['nodeIntegration']).toBe(false);
    expect(String(window?.options.webPreferences?.['preload'])).toMatch(/preload[\\/]index\.js$/);
    expect(window?.loadedFile).toMatch(/renderer[\\/]index\.html$/);
  });

  it('registers one IPC handler per contract method before the window loads, and starts no trainer', async () => {
    delete process.env['ELECTRON_RENDERER_URL'];
    await startApp();
    const channels = fake.module.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels).toEqual(METHOD_NAMES.map(methodChannel));
    expect(fake.calls.indexOf(`handle:${methodChannel('app.info')}`)).toBeLessThan(fake.calls.indexOf('loadFile'));
    expect(fake.module.utilityProcess.fork).not.toHaveBeenCalled();
    expect(fake.module.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('ignores the dev server URL in a packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/';
    fake.module.app.isPackaged = true;
    await startApp();
    const window = fake.module.BrowserWindow.instances[0];
    expect(window?.loadedUrl).toBeUndefined();
    expect(window?.loadedFile).toMatch(/renderer[\\/]index\.html$/);
  });

  it('quits when a second instance is already running', async () => {
    fake.module.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await startApp();
    expect(fake.module.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.module.BrowserWindow.instances).toHaveLength(0);
  });
});
