import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { openWorkbench, type Workbench } from '../api/service/workbench';
import { resolveWorkspacePath } from '../store/index';
import { forwardEvents, registerContractHandlers } from './ipc';
import { utilityLauncher } from './trainer-launcher';
import { createMainWindow, type RendererSource } from './window';

// Built layout (electron-vite): out/main/{index,trainer}.js, out/preload/index.js, out/renderer/index.html.
const preloadPath = join(import.meta.dirname, '../preload/index.js');
const trainerPath = join(import.meta.dirname, 'trainer.js');

function rendererSource(): RendererSource {
  // Set by `electron-vite dev` only; a packaged app always loads its own files.
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServerUrl !== undefined && devServerUrl.length > 0) {
    return { url: devServerUrl };
  }
  return { file: join(import.meta.dirname, '../renderer/index.html') };
}

const rendererUrl = (source: RendererSource): string => ('file' in source ? pathToFileURL(source.file).href : source.url);

let workbench: Workbench | null = null;

function openMainWindow(): BrowserWindow {
  const renderer = rendererSource();
  const window = createMainWindow({ preloadPath, renderer });
  if (workbench !== null) forwardEvents(workbench.hub, window.webContents);
  return window;
}

async function pickDatasetFile(): Promise<string | null> {
  const result = await dialog.showOpenDialog({
    title: 'Import a dataset',
    properties: ['openFile'],
    filters: [
      { name: 'Datasets', extensions: ['csv', 'tsv', 'txt', 'npy', 'npz', 'xyz', 'extxyz'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function startWorkbench(): void {
  // The main process owns the store (single writer) and the trainers (one utilityProcess per run).
  workbench = openWorkbench({ workspaceFile: resolveWorkspacePath(), mode: 'electron', launcher: utilityLauncher(trainerPath), pickDatasetFile });
  registerContractHandlers(ipcMain, workbench.dispatch, rendererUrl(rendererSource()));
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

  // Running trainers are stopped and their runs marked interrupted (resumable) before exit.
  app.on('will-quit', (event) => {
    if (workbench === null) return;
    event.preventDefault();
    const closing = workbench;
    workbench = null;
    closing.close().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => {
      startWorkbench();
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error('SEMoLA Workbench failed to start:', error);
      dialog.showErrorBox('SEMoLA Workbench failed to start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
