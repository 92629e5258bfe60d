/**
 * A run of several starts, recorded so that it can be resumed: every start's epochs (metrics
 * `start.<i>.*`), its checkpoints (artifacts of that start) and, once it finished, its summary.
 * Resumed, a finished start is taken as recorded (not trained again) and the others continue from
 * their own last intact checkpoint with their own seeds, so the run ends with the numbers of an
 * uninterrupted one. `semola train --starts N` and the run queue (`semola resume`) both train such
 * runs here; the caller records the run's `done` (or its failure).
 */
import { DamagedCheckpointError, verifyCheckpoint } from '../store/checkpoint-codec';
import type { RunStartState } from '../store/types';
import type { Workspace } from '../store/workspace';
import type { RunOptions } from '../run/options';
import { startSeed } from '../run/starts/seed-rule';
import type { Summary, WrittenSummary } from '../summary/schema';
import type { TrainerLauncher } from './launcher';
import type { FromTrainer, ProgressMessage } from './messages';
import { startMetricPrefix, type RunRecorder } from './recorder';
import { runStarts } from './starts';

/** Where each start of a run stands before it (re)starts. */
export interface StartsPlan {
  /** Per start: its summary when it finished (it is not trained again), else null. */
  finished: (Summary | null)[];
  /** Per unfinished start: the bytes of its newest intact checkpoint, or null (from epoch 0). */
  checkpoints: (Uint8Array | null)[];
  /** Per start: the epochs it has done (its checkpoint's epoch; all of them once finished). */
  fromEpochs: number[];
  /** Damaged checkpoints or summaries found (and dropped), as sentences. */
  damaged: string[];
}

/**
 * Per start: its recorded summary, else its newest checkpoint whose checksum holds (damaged ones
 * are reported and deleted); metrics recorded after that checkpoint are forgotten (they are
 * recorded again, identically). One transaction.
 */
export function prepareStarts(ws: Workspace, runId: number, starts: number): StartsPlan {
  return ws.transaction(() => {
    const plan: StartsPlan = { finished: [], checkpoints: [], fromEpochs: [], damaged: [] };
    const summaries = ws.artifacts.startSummaries(runId);
    for (let i = 0; i < starts; i++) {
      const text = summaries.get(i);
      let summary: Summary | null = null;
      if (text !== undefined) {
        try {
          summary = JSON.parse(text) as Summary;
        } catch {
          plan.damaged.push(`the summary of start ${i} of run ${runId} is damaged (unreadable JSON); the start is trained again`);
        }
      }
      if (summary !== null) {
        plan.finished.push(summary);
        plan.checkpoints.push(null);
        plan.fromEpochs.push(summary.config.epochs);
        continue;
      }
      let checkpoint: { epoch: number | null; bytes: Uint8Array } | null = null;
      for (const candidate of ws.artifacts.checkpoints(runId, i)) {
        try {
          verifyCheckpoint(candidate.bytes, `checkpoint of run ${runId} start ${i} epoch ${candidate.epoch ?? '?'}`);
          checkpoint = candidate;
          break;
        } catch (e) {
          if (!(e instanceof DamagedCheckpointError)) throw e;
          plan.damaged.push(e.message);
          ws.artifacts.delete(candidate.id);
        }
      }
      const fromEpoch = checkpoint?.epoch ?? 0;
      ws.metrics.deleteAfter(runId, fromEpoch, startMetricPrefix(i));
      plan.finished.push(null);
      plan.checkpoints.push(checkpoint?.bytes ?? null);
      plan.fromEpochs.push(fromEpoch);
    }
    return plan;
  });
}

export interface RecordedStartsSettings {
  starts: number;
  /** Trainer processes at once. */
  parallel: number;
  launcher?: TrainerLauncher;
  /** Each start checkpoints after every this many epochs (default 1). */
  checkpointEvery?: number;
  /** Where every start stands, after each of their epochs. */
  onProgress?: (states: readonly RunStartState[]) => void;
  /** One start's epoch, as recorded. */
  onEpoch?: (start: number, m: ProgressMessage) => void;
  /** Something to tell the user that does not stop the run (a damaged checkpoint skipped). */
  onWarning?: (message: string) => void;
}

/**
 * Train (or continue) run `runId` of several starts with `opts` (its data and config; the run's
 * record says how far each start got). A write that fails (a full disk) stops the starts and is
 * thrown; so is a start's failure.
 */
export async function trainRecordedStarts(ws: Workspace, recorder: RunRecorder, runId: number, opts: RunOptions, s: RecordedStartsSettings): Promise<WrittenSummary> {
  const run = ws.runs.require(runId);
  const plan = prepareStarts(ws, runId, s.starts);
  const lastValLoss = (i: number, epoch: number): number | null =>
    epoch === 0 ? null : (ws.metrics.series(runId, `${startMetricPrefix(i)}val.loss`).find((p) => p.epoch === epoch)?.value ?? null);
  const states: RunStartState[] = plan.fromEpochs.map((epoch, i) => {
    const done = plan.finished[i] ?? null;
    return {
      index: i,
      seed: startSeed(run.seed, i),
      status: done ? 'done' : 'queued',
      epoch,
      epochs: epoch > 0 ? run.epochs : null,
      valLoss: done ? done.metrics.validation.loss : lastValLoss(i, epoch),
    };
  });
  const recordStates = (): void => {
    ws.transaction(() => {
      ws.runs.setStarts(runId, states);
      ws.runs.setEpochsDone(runId, Math.min(...states.map((st) => st.epoch)));
    });
  };
  recordStates();
  plan.damaged.forEach((message) => s.onWarning?.(message));

  // A write that fails stops the starts and fails the run with its reason; thrown inside a
  // trainer's message handler it would escape as an uncaught error.
  let recordError: unknown = null;
  const stop = new AbortController();
  const record = (write: () => void): boolean => {
    if (recordError !== null) return false;
    try {
      write();
      return true;
    } catch (e) {
      recordError = e;
      stop.abort();
      return false;
    }
  };
  let startRecorded = false;
  const onMessage = (index: number, m: FromTrainer): void => {
    const st = states[index]!;
    if (m.type === 'started') {
      st.status = 'running';
      record(() => {
        // The run's row once: the data's hash (a resumed run refuses changed data), the backend, and
        // the config with the run's own seed (the starts' differ only in theirs).
        if (!startRecorded) recorder.apply({ ...m, config: { ...m.config, seed: run.seed } });
        startRecorded = true;
        recordStates();
      });
    } else if (m.type === 'progress') {
      Object.assign(st, { status: m.epoch === m.epochs ? 'done' : 'running', epoch: m.epoch, epochs: m.epochs, valLoss: m.valLoss });
      const ok = record(() => {
        recorder.apply({ ...m, start: index });
        recorder.flush();
        recordStates();
      });
      if (ok) {
        s.onEpoch?.(index, m);
        s.onProgress?.(states);
      }
    } else if (m.type === 'checkpoint') {
      // Committed as it arrives: a kill later leaves this start resumable from here.
      record(() => {
        recorder.apply({ ...m, start: index });
        recorder.flush();
      });
    }
  };
  const onStartDone = (index: number, summary: Summary): void => {
    const st = states[index]!;
    Object.assign(st, { status: 'done', valLoss: summary.metrics.validation.loss });
    record(() => {
      ws.transaction(() => {
        ws.artifacts.putStartSummary(runId, index, JSON.stringify(summary));
        recordStates();
      });
    });
    if (recordError !== null) throw recordError instanceof Error ? recordError : new Error(String(recordError));
  };

  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let summary: WrittenSummary;
  try {
    summary = await runStarts(
      { ...opts, signal, run: { id: runId, workspace: ws.file } },
      { starts: s.starts, parallel: s.parallel, launcher: s.launcher, checkpointEvery: s.checkpointEvery ?? 1, resume: plan, onMessage, onStartDone },
    );
  } catch (e) {
    throw recordError ?? e;
  }
  if (recordError !== null) throw recordError;
  return summary;
}
