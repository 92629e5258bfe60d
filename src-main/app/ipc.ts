/**
 * The contract over Electron IPC: one ipcMain.handle per method (every call validated by the same
 * dispatch as the WebSocket host) and service events relayed, throttled, to the window. Calls are
 * answered only for frames showing the app's own page.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Dispatch } from '../api/dispatch';
import { throttledRelay, type EventHub } from '../api/events';
import { eventChannel, METHOD_NAMES, methodChannel, type EventName } from '../api/names';
import { isAppNavigation } from './security';

/** Registers a handler per contract method; returns the function that removes them. */
export function registerContractHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, appUrl: string): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event: IpcMainInvokeEvent, input: unknown) => {
      const frameUrl = event.senderFrame?.url;
      if (!isAppNavigation(frameUrl, appUrl)) {
        return { ok: false, error: { code: 'unsupported', message: `calls are accepted only from the workbench page, not from ${String(frameUrl)}` } };
      }
      return dispatch(method, input);
    });
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}

/** Sends the hub's events to one window's page, throttled; stops when the page goes away. */
export function forwardEvents(hub: EventHub, contents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>, intervalMs = 100): () => void {
  const relay = throttledRelay((event: EventName, payload) => {
    if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
  }, intervalMs);
  const unsubscribe = hub.subscribe(relay.sink);
  const stop = (): void => {
    unsubscribe();
    relay.close();
  };
  contents.once('destroyed', stop);
  return stop;
}
