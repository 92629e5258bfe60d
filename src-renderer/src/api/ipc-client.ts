/** The client over the desktop app's preload bridge (window.semola). */
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, SemolaBridge, SemolaClient } from '../../../src-main/api/contract';
import { unwrap } from './wire';

export function ipcClient(bridge: SemolaBridge): SemolaClient {
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      return unwrap<MethodOutput<M>>(await bridge.call(method, input));
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as EventPayload<E>));
    },
  };
}
