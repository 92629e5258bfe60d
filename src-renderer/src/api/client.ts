/** The one client the views use: the preload bridge in the desktop app, the WebSocket in a browser. */
import type { SemolaBridge, SemolaClient } from '../../../src-main/api/contract';
import { ipcClient } from './ipc-client';
import { wsClient } from './ws-client';

declare global {
  interface Window {
    /** Set by the preload in the desktop app; absent in a browser. */
    readonly semola?: SemolaBridge;
  }
}

function createClient(): SemolaClient {
  if (window.semola !== undefined) return ipcClient(window.semola);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return wsClient({ url: `${scheme}//${window.location.host}/ws?token=${encodeURIComponent(token)}` });
}

export const client: SemolaClient = createClient();
