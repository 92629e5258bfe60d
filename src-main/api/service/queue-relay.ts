/**
 * Turns what the run queue reports into contract events: status changes, epoch metrics (named as
 * the recorder stores them), progress with an ETA measured from this run's own epochs, snapshots.
 */
import type { QueueEvent } from '../../jobs/queue';
import type { EventHub } from '../events';
import { basisArrays } from './runs-view';

interface Timing {
  startedAt: number;
  firstEpoch: number | null;
}

export function relayQueueEvents(subscribe: (listener: (e: QueueEvent) => void) => () => void, hub: EventHub, now: () => number = () => performance.now()): () => void {
  const timings = new Map<number, Timing>();
  return subscribe((e) => {
    switch (e.type) {
      case 'status':
        if (e.status === 'running') timings.set(e.runId, { startedAt: now(), firstEpoch: null });
        else if (e.status !== 'queued') timings.delete(e.runId);
        hub.emit('run.status', { runId: e.runId, status: e.status, error: e.error });
        break;
      case 'progress': {
        const values: Record<string, number> = {};
        for (const [term, v] of Object.entries(e.losses)) if (Number.isFinite(v)) values[`loss.${term}`] = v;
        if (e.valLoss !== null && Number.isFinite(e.valLoss)) values['val.loss'] = e.valLoss;
        hub.emit('run.metrics', { runId: e.runId, epoch: e.epoch, values });
        const t = timings.get(e.runId) ?? { startedAt: now(), firstEpoch: null };
        // A resumed run starts counting at its checkpoint: the ETA uses only epochs trained here.
        t.firstEpoch ??= e.epoch - 1;
        timings.set(e.runId, t);
        const elapsed = Math.max(0, (now() - t.startedAt) / 1000);
        const done = e.epoch - t.firstEpoch;
        const eta = done > 0 ? (elapsed / done) * Math.max(0, e.epochs - e.epoch) : null;
        hub.emit('run.progress', { runId: e.runId, epoch: e.epoch, epochs: e.epochs, elapsedSeconds: elapsed, etaSeconds: eta });
        break;
      }
      case 'snapshot':
        hub.emit('run.snapshot', { runId: e.runId, snapshot: { epoch: e.epoch, basis: basisArrays(e.basis, e.k, e.d), strengths: e.strengths ? Array.from(e.strengths) : null } });
        break;
      default:
        break;
    }
  });
}
