import { contextBridge } from 'electron';
import type { SemolaBridge } from './bridge';

// Exactly what the page may use, nothing more: the renderer never sees ipcRenderer itself.
const bridge: SemolaBridge = Object.freeze({
  version: __SEMOLA_VERSION__,
});

contextBridge.exposeInMainWorld('semola', bridge);
