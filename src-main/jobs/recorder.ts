/**
 * Writes what a trainer reports into the workspace. Progress, snapshots and checkpoints are
 * buffered and written together in one transaction per turn of the event loop; `started`, `done`
 * and `error` are written at once. Used by the queue (messages from a trainer process) and by
 * `semola train` (the same messages produced in-process), so both record runs identically.
 */
import type { Workspace } from '../store/workspace';
import type { FromTrainer } from './messages';

export const lossMetric = (term: string): string => `loss.${term}`;
/** Metric names of start i of a run of several starts: start.<i>.loss.total, start.<i>.val.loss, ... */
export const startMetricPrefix = (start: number): string => `start.${start}.`;

export class RunRecorder {
  private pending: FromTrainer[] = [];
  private scheduled = false;

  constructor(private readonly ws: Workspace) {}

  /** Record a message; throws (after writing nothing for it) when a resumed run's data changed. */
  apply(m: FromTrainer): void {
    this.pending.push(m);
    if (m.type === 'started' || m.type === 'done' || m.type === 'error') {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

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
        ws.artifacts.putCheckpoint(m.runId, m.epoch, m.bytes);
        break;
      case 'done':
        ws.runs.finish(m.runId, m.summary);
        if (Array.isArray(m.summary.starts)) ws.runs.setStarts(m.runId, m.summary.starts.map((st) => ({ index: st.index, seed: st.seed, status: 'done', epoch: m.summary.config.epochs, epochs: m.summary.config.epochs, valLoss: st.validationLoss, best: st.best, verdict: { status: st.verdict.status, name: st.verdict.name } })));
        break;
      case 'error':
        ws.runs.fail(m.runId, m.message);
        break;
    }
  }
}

/**
 * Before a run (re)starts: forget metrics and snapshots recorded after its last checkpoint (they
 * will be recorded again, identically) and return that checkpoint's bytes.
 */
export function prepareStart(ws: Workspace, runId: number): { checkpoint: Uint8Array | null; fromEpoch: number } {
  return ws.transaction(() => {
    const cp = ws.artifacts.latestCheckpoint(runId);
    const fromEpoch = cp?.epoch ?? 0;
    ws.metrics.deleteAfter(runId, fromEpoch);
    ws.snapshots.deleteAfter(runId, fromEpoch);
    ws.runs.setEpochsDone(runId, fromEpoch);
    return { checkpoint: cp?.bytes ?? null, fromEpoch };
  });
}
