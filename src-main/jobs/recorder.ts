/**
 * Writes what a trainer reports into the workspace. Progress, snapshots and checkpoints are
 * buffered and written together in one transaction per turn of the event loop; `started`, `done`
 * and `error` are written at once. Used by the queue (messages from a trainer process) and by
 * `semola train` (the same messages produced in-process), so both record runs identically.
 */
import { DamagedCheckpointError, verifyCheckpoint } from '../store/checkpoint-codec';
import type { Workspace } from '../store/workspace';
import type { FromTrainer } from './messages';
import type { Summary } from '../summary/schema';

export const lossMetric = (term: string): string => `loss.${term}`;
/** Metric names of start i of a run of several starts: start.<i>.loss.total, start.<i>.val.loss, ... */
export const startMetricPrefix = (start: number): string => `start.${start}.`;

export class RunRecorder {
  private pending: FromTrainer[] = [];
  private scheduled = false;

  constructor(private readonly ws: Workspace) {}

  /** Record a message; throws (after writing nothing for it) when a resumed run's data changed. */
  apply(m: FromTrainer): void {
    // A deferred write that failed (e.g. the disk is full) surfaces here, in the caller's flow,
    // instead of as an uncaught error in a timer that would end the process with a stack trace.
    if (this.deferredError !== null) {
      const e = this.deferredError;
      this.deferredError = null;
      throw e;
    }
    this.pending.push(m);
    if (m.type === 'started' || m.type === 'done' || m.type === 'error') {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        try {
          this.flush();
        } catch (e) {
          this.deferredError = e;
        }
      });
    }
  }

  private deferredError: unknown = null;

  /** Write everything buffered, in one transaction. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.ws.transaction(() => batch.forEach((m) => this.write(m)));
  }

  private write(m: FromTrainer): void {
    const { ws } = this;
    switch (m.type) {
      case 'started': {
        const run = ws.runs.require(m.runId);
        if (run.datasetHash && run.datasetHash !== m.dataset.contentHash) {
          throw new Error(`run ${m.runId}: the dataset changed since the run started (content hash ${run.datasetHash.slice(0, 12)}..., now ${m.dataset.contentHash.slice(0, 12)}...); it cannot be resumed on other data`);
        }
        const datasetId = ws.datasets.upsert(m.dataset);
        ws.runs.recordStart(m.runId, { config: m.config as unknown as Record<string, unknown>, backend: m.backend, backendDetail: m.backendDetail, versions: m.versions, datasetHash: m.dataset.contentHash, datasetId });
        break;
      }
      case 'progress': {
        const values: Record<string, number | null> = { 'val.loss': m.valLoss, 'epoch.seconds': m.seconds, 'epoch.steps': m.steps };
        for (const [term, v] of Object.entries(m.losses)) values[lossMetric(term)] = v;
        // A start's curves sit beside the others' under start.<i>. (the run's epochs are the starts' epochs).
        const prefix = m.start === undefined ? '' : startMetricPrefix(m.start);
        ws.metrics.addEpoch(m.runId, m.epoch, prefix ? Object.fromEntries(Object.entries(values).map(([k, v]) => [prefix + k, v])) : values);
        if (m.start === undefined) ws.runs.setEpochsDone(m.runId, m.epoch);
        break;
      }
      case 'snapshot':
        // One basis per run and epoch: a run of several starts keeps only its best start's (in the summary).
        if (m.start !== undefined) break;
        ws.snapshots.put(m.runId, { epoch: m.epoch, k: m.k, d: m.d, basis: m.basis, strengths: m.strengths });
        break;
      case 'checkpoint':
        ws.artifacts.putCheckpoint(m.runId, m.epoch, m.bytes, m.start ?? null);
        break;
      case 'done':
        ws.runs.finish(m.runId, m.summary);
        // A run of several starts recorded no basis per epoch: its best start's final basis is its
        // one snapshot, so the run's page shows the generators, g and the verdict beside them.
        if (Array.isArray(m.summary.starts) && ws.snapshots.latest(m.runId) === null) putFinalBasis(ws, m.runId, m.summary);
        if (Array.isArray(m.summary.starts)) ws.runs.setStarts(m.runId, m.summary.starts.map((st) => ({ index: st.index, seed: st.seed, status: 'done', epoch: m.summary.config.epochs, epochs: m.summary.config.epochs, valLoss: st.validationLoss, best: st.best, verdict: { status: st.verdict.status, name: st.verdict.name } })));
        break;
      case 'error':
        ws.runs.fail(m.runId, m.message);
        break;
    }
  }
}

/**
 * Before a run (re)starts: pick its newest checkpoint whose checksum holds (a damaged one is
 * reported and deleted, and the one before it is used), forget metrics and snapshots recorded
 * after it (they will be recorded again, identically) and return its bytes. With no usable
 * checkpoint the run starts over from epoch 0, which gives the same numbers (same seed).
 */
export function prepareStart(ws: Workspace, runId: number): { checkpoint: Uint8Array | null; fromEpoch: number; damaged: string[] } {
  return ws.transaction(() => {
    const damaged: string[] = [];
    let cp: { epoch: number | null; bytes: Uint8Array } | null = null;
    for (const candidate of ws.artifacts.checkpoints(runId)) {
      try {
        verifyCheckpoint(candidate.bytes, `checkpoint of run ${runId} epoch ${candidate.epoch ?? '?'}`);
        cp = candidate;
        break;
      } catch (e) {
        if (!(e instanceof DamagedCheckpointError)) throw e;
        damaged.push(e.message);
        ws.artifacts.delete(candidate.id);
      }
    }
    const fromEpoch = cp?.epoch ?? 0;
    ws.metrics.deleteAfter(runId, fromEpoch);
    ws.snapshots.deleteAfter(runId, fromEpoch);
    ws.runs.setEpochsDone(runId, fromEpoch);
    return { checkpoint: cp?.bytes ?? null, fromEpoch, damaged };
  });
}

/** The summary's learned basis as the run's snapshot at its last epoch (nothing when it learned none). */
function putFinalBasis(ws: Workspace, runId: number, summary: Summary): void {
  const basis = summary.basis;
  const k = basis.length;
  const d = basis[0]?.length ?? 0;
  if (k === 0 || d === 0) return;
  const strengths = Array.isArray(summary.strengths) && summary.strengths.length === k ? Float32Array.from(summary.strengths) : null;
  ws.snapshots.put(runId, { epoch: summary.config.epochs, k, d, basis: Float32Array.from(basis.flat(2)), strengths });
}
