import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { eventChannel, isEventName, isMethodName, methodChannel } from '../src-main/api/names';
import type { DesktopBridge } from './bridge';

/** A dropped or picked file's path (webUtils replaces the File.path Electron removed); null otherwise. */
function pathForFile(file: unknown): string | null {
  if (typeof File === 'undefined' || !(file instanceof File)) return null;
  try {
    const path = webUtils.getPathForFile(file);
    return typeof path === 'string' && path.length > 0 ? path : null;
  } catch {
    return null;
  }
}

// Exactly the contract plus file paths, nothing more: the renderer never sees ipcRenderer or
// webUtils itself, can reach only the contract's channels, and every input is validated again in
// the main process.
const bridge: DesktopBridge = Object.freeze({
  version: __SEMOLA_VERSION__,
  call(method: string, input: unknown) {
    if (!isMethodName(method)) return Promise.resolve({ ok: false as const, error: { code: 'unknown-method' as const, message: `unknown method ${String(method)}` } });
    return ipcRenderer.invoke(methodChannel(method), input);
  },
  on(event: string, listener: (payload: unknown) => void) {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    const channel = eventChannel(event);
    // The IPC event object (with its sender) stays in the preload.
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  pathForFile,
});

contextBridge.exposeInMainWorld('semola', bridge);
