/**
 * The WebSocket messages of browser mode. A call carries a client-chosen id and gets exactly one
 * reply with that id; events arrive unasked. The contract (src-main/api/contract.ts) says what
 * `method`, `input`, `result` and `payload` hold.
 */
import type { WireResult } from '../../api/contract';

export interface CallMessage {
  id: number;
  method: string;
  input: unknown;
}

export type ServerMessage = { id: number; result: WireResult<unknown> } | { event: string; payload: unknown };

/** Path of the WebSocket endpoint; the session token goes in the `token` query parameter. */
export const SOCKET_PATH = '/ws';

/** A call message, or a reason why the text is not one. */
export function parseCallMessage(text: string): CallMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object {id, method, input}';
  const { id, method, input } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return 'id must be an integer';
  if (typeof method !== 'string') return 'method must be a string';
  return { id, method, input };
}
