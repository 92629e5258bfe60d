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
