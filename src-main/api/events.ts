/**
 * Events from the service to every connected renderer. Payloads are checked against the contract
 * when emitted. The relay throttles what a renderer receives: progress and snapshots are latest-wins
 * per run (or import), epoch metrics are batched but never dropped, and a status change first
 * flushes what is pending, so `done` always arrives after the last epoch's metrics.
 */
import { EVENTS, type EventPayload } from './contract';
import type { EventName } from './names';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class EventHub {
  private readonly sinks = new Set<EventSink>();

  /** Adds a receiver; returns the function that removes it. */
  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = EVENTS[event].parse(payload) as EventPayload<E>;
    for (const sink of this.sinks) sink(event, checked);
  }
}

/** Which events may be collapsed to their latest value, and the key they collapse on. */
function latestKey(event: EventName, payload: unknown): string | null {
  const p = payload as { runId?: number; importId?: string };
  switch (event) {
    case 'run.progress':
    case 'run.snapshot':
      return `${event}:${p.runId}`;
    case 'dataset.importProgress':
      return `${event}:${p.importId}`;
    default:
      return null;
  }
}

export interface ThrottledRelay {
  sink: EventSink;
  /** Sends everything pending now. */
  flush(): void;
  close(): void;
}

/** Wraps `send` so that it is called at most about every `intervalMs` for throttled events. */
export function throttledRelay(send: (event: EventName, payload: unknown) => void, intervalMs = 100): ThrottledRelay {
  // Insertion order is kept, so batched metrics leave in epoch order.
  const pending = new Map<string, { event: EventName; payload: unknown }>();
  let counter = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const items = [...pending.values()];
    pending.clear();
    for (const item of items) send(item.event, item.payload);
  };

  const sink: EventSink = (event, payload) => {
    if (closed) return;
    if (event === 'run.status') {
      flush();
      send(event, payload);
      return;
    }
    const key = latestKey(event, payload) ?? `${event}#${counter++}`;
    // Re-inserting moves a collapsed event behind the metrics queued before it.
    pending.delete(key);
    pending.set(key, { event, payload });
    timer ??= setTimeout(flush, intervalMs);
  };

  return {
    sink,
    flush,
    close: () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      pending.clear();
    },
  };
}
