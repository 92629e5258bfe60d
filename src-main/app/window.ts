import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import {
  isAppNavigation,
  isPermissionAllowed,
  isSafeExternalUrl,
  secureWebPreferences,
  withContentSecurityPolicy,
} from './security';

/** Where the renderer comes from: the built index.html, or the dev server in `electron-vite dev`. */
export type RendererSource = { file: string } | { url: string };

export interface MainWindowOptions {
  /** Absolute path of the built preload script (out/preload/index.js). */
  preloadPath: string;
  renderer: RendererSource;
}

function rendererUrl(source: RendererSource): string {
  return 'file' in source ? pathToFileURL(source.file).href : source.url;
}

/**
 * Every response in the session carries our Content-Security-Policy, and permission requests
 * are refused unless listed in security.ts. Electron keeps one listener per session, so calling
 * this again for a second window replaces rather than stacks.
 */
export function installSessionSecurity(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionAllowed(permission));
  });
}

/**
 * The page may not leave the app: navigation elsewhere is cancelled, and window.open never
 * creates a window. A safe http(s) link passed to window.open (target=_blank links) is handed
 * to the system browser instead.
 */
export function lockNavigation(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event) => {
    if (!isAppNavigation(event.url, appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        console.error(`Could not open ${url} in the system browser:`, error);
      });
    }
    return { action: 'deny' };
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const appUrl = rendererUrl(options.renderer);
  const mainWindow = new BrowserWindow({
    title: 'SEMoLA Workbench',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    // Shown once the first frame is painted, to avoid a blank flash.
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  // Before anything loads, so the first response already carries the policy.
  installSessionSecurity(mainWindow.webContents.session);
  lockNavigation(mainWindow.webContents, appUrl);

  mainWindow.once('ready-to-show', () => mainWindow.show());

  const loaded =
    'file' in options.renderer ? mainWindow.loadFile(options.renderer.file) : mainWindow.loadURL(options.renderer.url);
  loaded.catch((error: unknown) => {
    console.error(`Could not load the workbench page ${appUrl}:`, error);
  });
  return mainWindow;
}
