/**
 * `semola train` with the run recorded in the workspace. One start trains in this process: the CLI
 * process is already dedicated to one run (no window or IPC to keep responsive), so a second
 * process would only add a second TensorFlow.js start-up. Several starts (`--starts N`) train in
 * trainer processes (run/starts), all recorded under the one run. Both record through the same
 * RunRecorder and message hooks as the queue's trainer processes, so the rows are the same either
 * way; killed mid-run, a run of one start is found `interrupted` at the next open and `semola
 * resume` continues it (a run of several starts is trained again instead: its starts keep no
 * checkpoints).
 */
import { RunRecorder } from './recorder';
import { newRunFor } from './run-request';
import { trainHooks } from './train-hooks';
import type { FromTrainer } from './messages';
import type { TrainerLauncher } from './launcher';
import type { RunStartState } from '../store/types';
import { openWorkspace } from '../store/workspace';
import type { RunOptions } from '../run/options';
import { baseSeed, requestOf, runStarts } from './starts';
import { startSeed } from '../run/starts/seed-rule';
import { runTrain } from '../run/train';
import { APP_VERSION } from '../run/version';
import type { WrittenSummary } from '../summary/schema';
import { diskFullMessage, isDiskFull } from '../store/disk-full';

/** `--starts N` (N > 1) and the trainer-process budget they share. */
export interface StartsRequest {
  starts: number;
  parallel: number;
  /** Where every start stands, after each of their epochs (the CLI's progress line). */
  onProgress?: (states: readonly RunStartState[]) => void;
  launcher?: TrainerLauncher;
}

/** Follows the starts' messages: their states for progress and the store. */
function startTracker(n: number, seed: number, onChange: (states: readonly RunStartState[], m: FromTrainer, index: number) => void) {
  const states: RunStartState[] = Array.from({ length: n }, (_, i) => ({ index: i, seed: startSeed(seed, i), status: 'queued', epoch: 0, epochs: null, valLoss: null }));
  return (index: number, m: FromTrainer): void => {
    const st = states[index]!;
    if (m.type === 'started') st.status = 'running';
    if (m.type === 'progress') Object.assign(st, { status: m.epoch === m.epochs ? 'done' : 'running', epoch: m.epoch, epochs: m.epochs, valLoss: m.valLoss });
    onChange(states, m, index);
  };
}

/**
 * Train as `runTrain` does; with a workspace file, record the run there (summary gains `run`), in
 * the named experiment (created if new) when one is given, or as the queued run `queuedRunId`.
 */
export async function runRecordedTrain(opts: RunOptions, workspaceFile: string | null, experiment?: { name: string; description?: string }, several?: StartsRequest, queuedRunId?: number): Promise<WrittenSummary> {
  const multi = several !== undefined && several.starts > 1;
  const seed = baseSeed(opts.config);
  if (!workspaceFile) {
    if (!multi) return runTrain(opts);
    const track = startTracker(several.starts, seed, (states) => several.onProgress?.(states));
    return runStarts(opts, { ...several, onMessage: track });
  }
  const request = { ...requestOf(opts), ...(multi ? { starts: several.starts } : {}) };
  const ws = openWorkspace(workspaceFile, { appVersion: APP_VERSION });
  try {
    const experimentId = experiment ? ws.experiments.ensure(experiment.name, experiment.description).id : undefined;
    // A run already recorded as queued (a sweep's) is trained as it is; otherwise a new one.
    const run = queuedRunId !== undefined ? ws.runs.require(queuedRunId) : ws.runs.create(newRunFor(request, experimentId !== undefined ? { experimentId } : {}));
    ws.runs.markRunning(run.id, process.pid, process.pid);
    const recorder = new RunRecorder(ws);
    try {
      let summary: WrittenSummary;
      if (multi) {
        // A write that fails (a full disk) stops the starts and fails the run with its reason;
        // thrown inside a trainer's message handler it would escape as an uncaught error.
        let recordError: unknown = null;
        const stop = new AbortController();
        const track = startTracker(several.starts, seed, (states, m, index) => {
          if (recordError !== null) return;
          try {
            // The run's row: start 0's start-up (it has the run's own seed), every start's epochs, where each stands.
            if (m.type === 'started' && index === 0) recorder.apply(m);
            else if (m.type === 'progress') recorder.apply({ ...m, start: index });
            if (m.type === 'started' || m.type === 'progress') {
              recorder.flush();
              ws.runs.setStarts(run.id, states);
              ws.runs.setEpochsDone(run.id, Math.min(...states.map((s) => s.epoch)));
            }
          } catch (e) {
            recordError = e;
            stop.abort();
            return;
          }
          several.onProgress?.(states);
        });
        const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
        try {
          summary = await runStarts({ ...opts, signal, run: { id: run.id, workspace: ws.file } }, { ...several, onMessage: track });
        } catch (e) {
          throw recordError ?? e;
        }
        if (recordError !== null) throw recordError;
      } else {
        const hooks = trainHooks(run.id, request, 0, (m) => recorder.apply(m));
        summary = await runTrain({
          ...opts,
          run: { id: run.id, workspace: ws.file },
          onStart: hooks.onStart,
          onCheckpoint: hooks.onCheckpoint,
          onEpoch: (e) => {
            opts.onEpoch?.(e);
            hooks.onEpoch(e);
          },
        });
      }
      recorder.apply({ type: 'done', runId: run.id, summary });
      return summary;
    } catch (e) {
      // A full disk leaves the run `running` (it cannot even be marked): the next open finds its
      // process gone and marks it interrupted, resumable from its last checkpoint.
      if (isDiskFull(e)) throw new Error(diskFullMessage(ws.file, run.id));
      try {
        recorder.flush();
        ws.runs.fail(run.id, e instanceof Error ? e.message : String(e));
      } catch (writeError) {
        if (isDiskFull(writeError)) throw new Error(diskFullMessage(ws.file, run.id));
        throw writeError;
      }
      throw e;
    }
  } finally {
    ws.close();
  }
}
