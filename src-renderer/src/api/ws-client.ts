/**
 * The client over browser mode's WebSocket. Calls are numbered and matched to their replies; the
 * socket reconnects after a drop (calls in flight then fail with a message saying so).
 */
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, SemolaClient, WireResult } from '../../../src-main/api/contract';
import { ApiCallError, unwrap } from './wire';

type Reply = { id: number; result: WireResult<unknown> } | { event: string; payload: unknown };

export interface WsClientOptions {
  url: string;
  onConnectionChange?: (connected: boolean) => void;
}

export function wsClient(options: WsClientOptions): SemolaClient {
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WireResult<unknown>) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(options.url);
      ws.onopen = () => {
        socket = ws;
        options.onConnectionChange?.(true);
        resolve(ws);
      };
      ws.onmessage = (message) => {
        const reply = JSON.parse(String(message.data)) as Reply;
        if ('event' in reply) {
          for (const listener of listeners.get(reply.event) ?? []) listener(reply.payload);
          return;
        }
        const call = pending.get(reply.id);
        pending.delete(reply.id);
        call?.resolve(reply.result);
      };
      ws.onclose = () => {
        const wasOpen = socket === ws;
        socket = null;
        opened = null;
        options.onConnectionChange?.(false);
        for (const call of pending.values()) call.reject(new ApiCallError('failed', 'the connection to the workbench was lost'));
        pending.clear();
        if (!wasOpen) reject(new ApiCallError('failed', `cannot connect to the workbench at ${options.url.replace(/token=[^&]*/, 'token=…')}`));
        // Keep listening for events (training goes on while the connection is down).
        else setTimeout(() => void connect().catch(() => undefined), 1000);
      };
    });
    return opened;
  };

  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const ws = socket ?? (await connect());
      const id = nextId++;
      const result = await new Promise<WireResult<unknown>>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, input }));
      });
      return unwrap<MethodOutput<M>>(result);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = (payload: unknown): void => listener(payload as EventPayload<E>);
      set.add(wrapped);
      void connect().catch(() => undefined);
      return () => set.delete(wrapped);
    },
  };
}
