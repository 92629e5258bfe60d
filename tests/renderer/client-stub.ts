/**
 * A stand-in for the renderer's API client (src-renderer/src/api/client.ts) in component tests:
 * answers come from a table of handlers the test fills, calls are recorded, events can be emitted.
 *
 *   vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));
 *   import { client as api } from './client-stub';   // the same object the components get
 */
import { vi } from 'vitest';

export type Handler = (input: unknown) => unknown;

function fakeClient() {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const handlers: Record<string, Handler> = {};
  return {
    handlers,
    call: vi.fn(async (method: string, input: unknown) => {
      const handler = handlers[method];
      if (!handler) throw new Error(`no answer for ${method} in this test`);
      return handler(input);
    }),
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener));
    }),
    emit(event: string, payload: unknown): void {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
}

export type FakeClient = ReturnType<typeof fakeClient>;
export const client = fakeClient();

/** Answers the New run form needs: one 2-body dataset (id 3), no built-ins, a valid form, run 9 created. */
export function answerNewRunForm(): void {
  client.call.mockClear();
  client.handlers['datasets.list'] = () => [{ id: 3, name: 'nbody2', task: 'equivariant', layout: { kind: 'vector', d: 8, blocks: 0 } }];
  client.handlers['datasets.builtins'] = () => [];
  client.handlers['runs.validate'] = () => ({ ok: true, resolved: { method: 'semola' } });
  client.handlers['runs.create'] = () => ({ id: 9 });
}
