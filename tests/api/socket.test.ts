import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireResult } from '../../src-main/api/contract';
import { METHOD_NAMES } from '../../src-main/api/names';
import { startServer, type RunningServer } from '../../src-main/host/serve/server';
import { contractCases, openFixture, type Fixture } from './fixture';
import { until } from '../until';

let f: Fixture;
let server: RunningServer;
let rendererDir: string;

beforeAll(async () => {
  f = await openFixture();
  rendererDir = mkdtempSync(join(tmpdir(), 'semola-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>workbench</title>');
  server = await startServer({ dispatch: f.dispatch, hub: f.hub, rendererDir, eventIntervalMs: 20 });
});

afterAll(async () => {
  await server.close();
  f.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

type Message = { id: number; result: WireResult<unknown> } | { event: string; payload: unknown };

/** A connected socket with a call() that matches replies by id, and the events received. */
async function connect(query = `token=${server.token}`, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?${query}`, { headers });
  const events: { event: string; payload: unknown }[] = [];
  const waiting = new Map<number, (r: WireResult<unknown>) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Message;
    if ('event' in m) events.push(m);
    else waiting.get(m.id)?.(m.result);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let next = 1;
  const call = (method: string, input: unknown): Promise<WireResult<unknown>> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, input }));
    });
  return { ws, call, events };
}

describe('browser mode WebSocket', () => {
  it('refuses a connection without the session token, with a wrong one, or from another origin', async () => {
    await expect(connect('')).rejects.toThrow(/403/);
    await expect(connect('token=guess')).rejects.toThrow(/403/);
    await expect(connect(`token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(`token=${server.token}`, { Host: `attacker.example:${server.port}` })).rejects.toThrow(/403/);
  });

  it('validates every method at the socket: invalid inputs refused, valid ones answered', async () => {
    const { ws, call } = await connect();
    const cases = contractCases(f);
    for (const method of METHOD_NAMES) {
      const bad = await call(method, cases[method].invalid);
      expect(bad, method).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      const good = await call(method, cases[method].valid);
      if (cases[method].outcome === 'ok') expect(good, method).toMatchObject({ ok: true });
      else expect(good, method).toMatchObject({ ok: false, error: { code: cases[method].outcome } });
    }
    ws.close();
  });

  it('answers malformed messages with an error instead of dropping the connection', async () => {
    const { ws, call } = await connect();
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send('not json');
    await until(() => replies.length > 0);
    expect(replies[0]).toMatchObject({ id: -1, result: { ok: false, error: { code: 'invalid-input' } } });
    expect(await call('app.info', {})).toMatchObject({ ok: true, value: { mode: 'browser' } });
    ws.close();
  });

  it('relays service events to every connection, throttled but in order', async () => {
    const { ws, events } = await connect();
    await new Promise((r) => setTimeout(r, 30));
    for (let epoch = 1; epoch <= 5; epoch++) {
      f.hub.emit('run.metrics', { runId: 1, epoch, values: { 'loss.total': 1 / epoch } });
      f.hub.emit('run.progress', { runId: 1, epoch, epochs: 5, elapsedSeconds: epoch, etaSeconds: 5 - epoch });
    }
    f.hub.emit('run.status', { runId: 1, status: 'done', error: null });
    await new Promise((r) => setTimeout(r, 100));
    const names = events.map((e) => e.event);
    // Every epoch's metrics, one collapsed progress, and the status last.
    expect(names.filter((n) => n === 'run.metrics')).toHaveLength(5);
    expect(names.filter((n) => n === 'run.progress')).toHaveLength(1);
    expect(names[names.length - 1]).toBe('run.status');
    expect((events.find((e) => e.event === 'run.progress')?.payload as { epoch: number }).epoch).toBe(5);
    ws.close();
  });
});

describe('browser mode page server', () => {
  const get = (path: string, host = `127.0.0.1:${server.port}`) => fetch(`http://127.0.0.1:${server.port}${path}`, { headers: { Host: host } });

  it('serves the page only with the token, with the content security policy', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    const page = await get(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>workbench</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/%00x']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});
