/**
 * The WebSocket transport: every message is a contract call, answered through the same dispatch as
 * Electron IPC; service events are relayed to each connection, throttled. Connections must present
 * the session token and come from the page this host served (Host and Origin checked, against DNS
 * rebinding and cross-site sockets).
 */
import type { IncomingMessage, Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../api/contract';
import type { Dispatch } from '../../api/dispatch';
import { throttledRelay, type EventHub } from '../../api/events';
import { parseCallMessage, SOCKET_PATH, type ServerMessage } from './protocol';

export interface SocketOptions {
  token: string;
  dispatch: Dispatch;
  hub: EventHub;
  /** Host header values accepted (e.g. 127.0.0.1:PORT, localhost:PORT). */
  allowedHosts: () => string[];
  /** Event throttle interval. */
  intervalMs?: number;
  /** A client that leaves more than this unread is cut off (it would hold the server's memory). */
  maxBufferedBytes?: number;
}

/** Unread bytes a slow client may leave queued before it is disconnected. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an upgrade request is refused, or null when it may connect. */
export function refuseReason(request: IncomingMessage, options: Pick<SocketOptions, 'token' | 'allowedHosts'>): string | null {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  if (url.pathname !== SOCKET_PATH) return 'unknown path';
  if (!tokenMatches(url.searchParams.get('token'), options.token)) return 'missing or wrong session token';
  const hosts = options.allowedHosts();
  const host = request.headers.host ?? '';
  if (!hosts.includes(host)) return `unexpected Host ${host}`;
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return `unexpected Origin ${origin}`;
  return null;
}

export function attachSocket(server: Server, options: SocketOptions): { close(): Promise<void> } {
  // A message over the limit, a malformed frame (unmasked, RSV bits, bad UTF-8, an absurd length)
  // closes that one connection (ws answers with a close code); the server and the others go on.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', () => undefined);
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const reason = refuseReason(request, options);
    if (reason !== null) {
      socket.write(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  wss.on('connection', (ws: WebSocket) => {
    // Uploads this connection began and has not finished: deleted when it goes away.
    const uploads = new Set<string>();
    ws.on('error', () => ws.terminate());
    const send = (message: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const relay = throttledRelay((event, payload) => send({ event, payload }), options.intervalMs);
    const unsubscribe = options.hub.subscribe(relay.sink);
    ws.on('message', (data, isBinary) => {
      const call = isBinary ? 'binary messages are not part of the protocol' : parseCallMessage(data.toString());
      if (typeof call === 'string') {
        send({ id: -1, result: { ok: false, error: { code: 'invalid-input', message: `malformed message: ${call}` } } });
        return;
      }
      const uploadId = (call.input as { uploadId?: unknown } | null)?.uploadId;
      void options
        .dispatch(call.method, call.input)
        .then((result) => {
          if (call.method === 'uploads.begin' && result.ok) uploads.add((result.value as { uploadId: string }).uploadId);
          if ((call.method === 'uploads.finish' || call.method === 'uploads.abort') && typeof uploadId === 'string') uploads.delete(uploadId);
          send({ id: call.id, result });
        })
        .catch((e: unknown) => send({ id: call.id, result: { ok: false, error: { code: 'failed', message: e instanceof Error ? e.message : String(e) } } }));
    });
    ws.on('close', () => {
      unsubscribe();
      relay.close();
      for (const id of uploads) void options.dispatch('uploads.abort', { uploadId: id });
    });
  });

  return {
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => done());
      }),
  };
}
