/**
 * Browser mode: the workbench service behind HTTP (the built renderer) and a WebSocket (the
 * contract), on 127.0.0.1 by default, guarded by a random session token.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../../api/dispatch';
import type { EventHub } from '../../api/events';
import { attachSocket } from './socket';
import { staticHandler } from './static';

export interface ServeOptions {
  dispatch: Dispatch;
  hub: EventHub;
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  eventIntervalMs?: number;
  /** Unread bytes a slow client may leave queued (default MAX_BUFFERED_BYTES). */
  maxBufferedBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export const newSessionToken = (): string => randomBytes(24).toString('base64url');

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newSessionToken();
  let port = 0;
  // The names a browser on this machine may use for the server; another bind address is added as given.
  const allowedHosts = (): string[] => [...new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${host.includes(':') ? `[${host}]` : host}:${port}`])];
  const handle = staticHandler(options.rendererDir, token, allowedHosts);
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const socket = attachSocket(server, { token, dispatch: options.dispatch, hub: options.hub, allowedHosts, intervalMs: options.eventIntervalMs, maxBufferedBytes: options.maxBufferedBytes });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: async () => {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
