import { contextBridge, ipcRenderer } from 'electron';
import type { SemolaBridge } from '../src-main/api/contract';
import { eventChannel, isEventName, isMethodName, methodChannel } from '../src-main/api/names';

// Exactly the contract, nothing more: the renderer never sees ipcRenderer itself, can reach only
// the contract's channels, and every input is validated again in the main process.
const bridge: SemolaBridge = Object.freeze({
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
});

contextBridge.exposeInMainWorld('semola', bridge);
