/**
 * The browser-mode server under hostile or broken clients: malformed frames (unmasked, RSV bits,
 * invalid UTF-8, a header announcing 300 MB), messages over the limit, 500 connections at once and
 * a client that never reads. Each costs at most that one connection: the server keeps answering
 * the others and keeps relaying a trainer's progress to them throughout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireResult } from '../../../src-main/api/contract';
import { startServer, type RunningServer } from '../../../src-main/host/serve/server';
import { openFixture, type Fixture } from '../../api/fixture';
import { until } from '../../until';

let f: Fixture;
let server: RunningServer;
let rendererDir: string;
let ticker: NodeJS.Timeout;
let epoch = 0;

beforeAll(async () => {
  f = await openFixture();
  rendererDir = mkdtempSync(join(tmpdir(), 'semola-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>workbench</title>');
  server = await startServer({ dispatch: f.dispatch, hub: f.hub, rendererDir, eventIntervalMs: 5, maxBufferedBytes: 1024 * 1024 });
  // A trainer's progress, as the run queue relays it, all through the tests.
  ticker = setInterval(() => f.hub.emit('run.progress', { runId: f.runIds[0], epoch: ++epoch, epochs: 1_000_000, elapsedSeconds: 0, etaSeconds: null }), 10);
});

afterAll(async () => {
  clearInterval(ticker);
  await server.close();
  f.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** A well-behaved client: calls matched by id, the last progress epoch it saw. */
async function client() {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  const waiting = new Map<number, (r: WireResult<unknown>) => void>();
  const seen = { epoch: 0 };
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { id?: number; result?: WireResult<unknown>; event?: string; payload?: { epoch: number } };
    if (m.event === 'run.progress') seen.epoch = m.payload!.epoch;
    else if (m.id !== undefined) waiting.get(m.id)?.(m.result!);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const call = (method: string, input: unknown): Promise<WireResult<unknown>> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, input }));
    });
  return { ws, call, seen };
}

/** A raw TCP connection upgraded by hand, so the test can write any bytes as frames. */
async function rawSocket(): Promise<Socket> {
  const socket = tcpConnect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const head = await new Promise<string>((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
  expect(head).toMatch(/^HTTP\/1.1 101/);
  socket.on('error', () => undefined);
  return socket;
}

const closed = (socket: Socket): Promise<void> => new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

/** A masked client frame with the given first byte and payload. */
function frame(first: number, payload: Buffer, mask = true): Buffer {
  const key = Buffer.from([1, 2, 3, 4]);
  const body = mask ? Buffer.from(payload.map((b, i) => b ^ key[i % 4]!)) : payload;
  const len = payload.length < 126 ? Buffer.from([(mask ? 0x80 : 0) | payload.length]) : Buffer.from([(mask ? 0x80 : 0) | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([first]), len, mask ? key : Buffer.alloc(0), body]);
}

const CALL = Buffer.from(JSON.stringify({ id: 1, method: 'app.info', input: {} }));

const MALFORMED: [string, Buffer][] = [
  ['an unmasked frame', frame(0x81, CALL, false)],
  ['RSV bits set', frame(0x81 | 0x70, CALL)],
  ['invalid UTF-8 in a text frame', frame(0x81, Buffer.from([0xc3, 0x28, 0xff, 0xfe]))],
  // 127: a 64-bit length follows; 300 MB announced, far over the 16 MiB limit.
  ['a header announcing 300 MB', Buffer.concat([Buffer.from([0x81, 0x80 | 127]), Buffer.from([0, 0, 0, 0, 0x11, 0xe1, 0xa3, 0x00]), Buffer.from([1, 2, 3, 4])])],
  ['an unknown opcode', frame(0x83, CALL)],
  ['a fragmented control frame', frame(0x09, CALL)],
];

describe('semola serve under malformed frames and hostile clients', () => {
  it.each(MALFORMED)('%s closes that connection only; the others are answered and keep getting progress', async (_name, bytes) => {
    const good = await client();
    const raw = await rawSocket();
    raw.write(bytes);
    await closed(raw);
    const before = good.seen.epoch;
    const info = await good.call('app.info', {});
    expect(info.ok).toBe(true);
    await until(() => good.seen.epoch > before);
    expect(good.seen.epoch).toBeGreaterThan(before);
    good.ws.close();
  });

  it('a message over the 16 MiB limit closes that connection with 1009; the server answers others', async () => {
    const big = await client();
    const code = new Promise<number>((resolve) => big.ws.once('close', (c) => resolve(c)));
    big.ws.send('x'.repeat(17 * 1024 * 1024));
    expect(await code).toBe(1009);
    const good = await client();
    expect((await good.call('app.info', {})).ok).toBe(true);
    good.ws.close();
  });

  it('500 connections at once are all answered', async () => {
    const clients = await Promise.all(Array.from({ length: 500 }, () => client()));
    const answers = await Promise.all(clients.map((c) => c.call('app.info', {})));
    expect(answers.every((a) => a.ok)).toBe(true);
    for (const c of clients) c.ws.close();
  }, 30_000);

  it('a client that never reads is cut off once 1 MiB is queued for it; the others go on', async () => {
    const slow = await rawSocket();
    slow.pause(); // reads nothing: the server's queue for it grows
    const good = await client();
    // Bulky answers queued for the slow client (a list of runs with their details) until it is cut off.
    const runs = Buffer.from(JSON.stringify({ id: 2, method: 'runs.list', input: { includeArchived: true } }));
    const flood = setInterval(() => {
      if (!slow.destroyed) for (let i = 0; i < 50; i++) slow.write(frame(0x81, runs));
    }, 5);
    await closed(slow);
    clearInterval(flood);
    expect((await good.call('app.info', {})).ok).toBe(true);
    good.ws.close();
  }, 30_000);

  it('binary messages and non-JSON text get an error reply; the connection stays', async () => {
    const c = await client();
    const replies: string[] = [];
    c.ws.on('message', (d) => replies.push(d.toString()));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.ws.send('{not json');
    c.ws.send(JSON.stringify({ id: 'x', method: 'app.info' }));
    await until(() => replies.filter((r) => r.includes('malformed message')).length >= 3);
    expect(replies.filter((r) => r.includes('malformed message'))).toHaveLength(3);
    expect((await c.call('app.info', {})).ok).toBe(true);
    c.ws.close();
  });

  it.each(['/', '/index.html', '/.%2Findex.html', '/%2e/index.html', '//index.html', '/./index.html', '/x/../index.html', '/%69ndex.html', '/index.html%00', '/%2E%2E/etc/passwd'])(
    'routing is canonical: %s never gives the page without the token',
    async (path) => {
      const status = await new Promise<number>((resolve, reject) =>
        get({ host: '127.0.0.1', port: server.port, path, headers: { Host: `127.0.0.1:${server.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject),
      );
      expect([401, 404]).toContain(status);
    },
  );
});
