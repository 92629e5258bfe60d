/**
 * `semola train` with the run recorded in the workspace. One start trains in this process: the CLI
 * process is already dedicated to one run (no window or IPC to keep responsive), so a second
 * process would only add a second TensorFlow.js start-up. Several starts (`--starts N`) train in
 * trainer processes (run/starts), all recorded under the one run. Both record through the same
 * RunRecorder and message hooks as the queue's trainer processes, so the rows are the same either
 * way; killed mid-run, the run is found `interrupted` at the next open and `semola resume`
 * continues it (each start of a run of several from its own checkpoint: jobs/recorded-starts).
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
import { trainRecordedStarts } from './recorded-starts';
import { startSeed } from '../run/starts/seed-rule';
import { prepareRun } from '../run/prepare';
import { runTrain } from '../run/train';
import { APP_VERSION } from '../run/version';
import type { WrittenSummary } from '../summary/schema';
import { diskFullMessage, isDiskFull } from '../store/disk-full';
import { keepSummary, summaryKeptMessage } from './keep-summary';

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
  // Data, settings and feasibility checked before the run is recorded: a run that cannot train leaves no failed row.
  const prepared = await prepareRun(opts);
  const request = { ...requestOf(opts), ...(multi ? { starts: several.starts } : {}) };
  const ws = openWorkspace(workspaceFile, { appVersion: APP_VERSION });
  try {
    const experimentId = experiment ? ws.experiments.ensure(experiment.name, experiment.description).id : undefined;
    // A run already recorded as queued (a sweep's) is trained as it is; otherwise a new one.
    const run = queuedRunId !== undefined ? ws.runs.require(queuedRunId) : ws.runs.create(newRunFor(request, experimentId !== undefined ? { experimentId } : {}));
    ws.runs.markRunning(run.id, process.pid, process.pid);
    const recorder = new RunRecorder(ws);
    let finishedNotRecorded: string | null = null;
    try {
      let summary: WrittenSummary;
      if (multi) {
        summary = await trainRecordedStarts(ws, recorder, run.id, opts, { starts: several.starts, parallel: several.parallel, launcher: several.launcher, onProgress: several.onProgress });
      } else {
        const hooks = trainHooks(run.id, request, 0, (m) => recorder.apply(m));
        summary = await runTrain({
          ...opts,
          prepared,
          run: { id: run.id, workspace: ws.file },
          onStart: hooks.onStart,
          onCheckpoint: hooks.onCheckpoint,
          onEpoch: (e) => {
            opts.onEpoch?.(e);
            hooks.onEpoch(e);
          },
        });
      }
      try {
        recorder.apply({ type: 'done', runId: run.id, summary });
      } catch (e) {
        if (!isDiskFull(e)) throw e;
        // Finished, but not recordable: keep the result elsewhere and say where.
        finishedNotRecorded = summaryKeptMessage(ws.file, run.id, keepSummary(ws.file, run.id, summary, opts.out));
      }
      if (finishedNotRecorded !== null) throw new Error(finishedNotRecorded);
      return summary;
    } catch (e) {
      if (finishedNotRecorded !== null) throw e;
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
