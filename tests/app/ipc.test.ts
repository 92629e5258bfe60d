import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannel, METHOD_NAMES, methodChannel } from '../../src-main/api/names';
import { EventHub } from '../../src-main/api/events';
import { forwardEvents, registerContractHandlers } from '../../src-main/app/ipc';
import { contractCases, openFixture, type Fixture } from '../api/fixture';

// 'electron' substituted: ipc.ts must not need it at runtime (it imports only its types).
vi.mock('electron', () => {
  throw new Error('src-main/app/ipc.ts must not load electron itself');
});

type Handler = (event: { senderFrame: { url: string } | null }, input: unknown) => unknown;

const appUrl = 'file:///opt/semola/out/renderer/index.html';
let f: Fixture;
const handlers = new Map<string, Handler>();
const ipcMain = {
  handle: vi.fn((channel: string, handler: Handler) => {
    handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => {
    handlers.delete(channel);
  }),
};

beforeAll(async () => {
  f = await openFixture();
  registerContractHandlers(ipcMain as never, f.dispatch, appUrl);
});
afterAll(() => f.close());

const fromApp = { senderFrame: { url: `${appUrl}#/runs` } };

describe('Electron IPC handlers', () => {
  it('registers exactly one handler per contract method', () => {
    expect([...handlers.keys()]).toEqual(METHOD_NAMES.map(methodChannel));
  });

  it.each([...METHOD_NAMES])('%s: validates its input in the main process', async (method) => {
    const c = contractCases(f)[method];
    const handler = handlers.get(methodChannel(method))!;
    expect(await handler(fromApp, c.invalid)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const good = await handler(fromApp, c.valid);
    if (c.outcome === 'ok') expect(good).toMatchObject({ ok: true });
    else expect(good).toMatchObject({ ok: false, error: { code: c.outcome } });
  });

  it('answers only frames that show the app page', async () => {
    const handler = handlers.get(methodChannel('app.info'))!;
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await handler({ senderFrame: null }, {})).toMatchObject({ ok: false });
    expect(await handler(fromApp, {})).toMatchObject({ ok: true, value: { name: 'semola-workbench' } });
  });

  it('removes every handler again', () => {
    const remove = registerContractHandlers(ipcMain as never, f.dispatch, appUrl);
    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('event forwarding to the window', () => {
  it('sends throttled events on their channels and stops when the page is destroyed', async () => {
    const hub = new EventHub();
    const sent: [string, unknown][] = [];
    let onDestroyed: (() => void) | undefined;
    const contents = {
      send: (channel: string, payload: unknown) => sent.push([channel, payload]),
      isDestroyed: () => false,
      once: (_event: string, listener: () => void) => {
        onDestroyed = listener;
      },
    };
    forwardEvents(hub, contents as never, 10);
    hub.emit('run.snapshot', { runId: 2, snapshot: { epoch: 1, basis: [[[0]]], strengths: null } });
    hub.emit('run.snapshot', { runId: 2, snapshot: { epoch: 2, basis: [[[1]]], strengths: null } });
    hub.emit('run.status', { runId: 2, status: 'done', error: null });
    expect(sent.map(([c]) => c)).toEqual([eventChannel('run.snapshot'), eventChannel('run.status')]);
    expect((sent[0]![1] as { snapshot: { epoch: number } }).snapshot.epoch).toBe(2);
    onDestroyed?.();
    hub.emit('run.status', { runId: 3, status: 'failed', error: 'x' });
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(2);
  });

  it('refuses malformed event payloads at the source', () => {
    const hub = new EventHub();
    expect(() => hub.emit('run.progress', { runId: 0, epoch: 1, epochs: 0, elapsedSeconds: -1, etaSeconds: null })).toThrow();
  });
});
