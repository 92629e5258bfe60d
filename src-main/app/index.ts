import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createMainWindow, type RendererSource } from './window';

// Built layout (electron-vite): out/main/index.js, out/preload/index.js, out/renderer/index.html.
const preloadPath = join(import.meta.dirname, '../preload/index.js');

function rendererSource(): RendererSource {
  // Set by `electron-vite dev` only; a packaged app always loads its own files.
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServerUrl !== undefined && devServerUrl.length > 0) {
    return { url: devServerUrl };
  }
  return { file: join(import.meta.dirname, '../renderer/index.html') };
}

function openMainWindow(): BrowserWindow {
  return createMainWindow({ preloadPath, renderer: rendererSource() });
}

// Must run before 'ready': every renderer the app ever creates is sandboxed, not only ours.
app.enableSandbox();

// One instance at a time: the run database has a single writer.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const existing = BrowserWindow.getAllWindows()[0];
    if (existing === undefined) return;
    if (existing.isMinimized()) existing.restore();
    existing.focus();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows until the user quits.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error('SEMoLA Workbench failed to start:', error);
      app.exit(1);
    });
}
