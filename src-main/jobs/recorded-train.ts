/**
 * `semola train` with the run recorded in the workspace. Training stays in this process: the CLI
 * process is already dedicated to one run (no window or IPC to keep responsive), so a second
 * process would only add a second TensorFlow.js start-up. It records through the same RunRecorder
 * and message hooks as the queue's trainer processes, so the rows are the same either way; killed
 * mid-run, the run is found `interrupted` at the next open and `semola resume` continues it.
 */
import { RunRecorder } from './recorder';
import { newRunFor } from './run-request';
import { trainHooks } from './train-hooks';
import { RUN_REQUEST_KEYS, type RunRequest } from '../store/types';
import { openWorkspace } from '../store/workspace';
import type { RunOptions } from '../run/options';
import { APP_VERSION } from '../run/version';
import { runTrain } from '../run/train';
import type { WrittenSummary } from '../summary/schema';
import { diskFullMessage, isDiskFull } from '../store/disk-full';

/**
 * Train as `runTrain` does; with a workspace file, record the run there (summary gains `run`), in
 * the named experiment (created if new) when one is given.
 */
export async function runRecordedTrain(opts: RunOptions, workspaceFile: string | null, experiment?: { name: string; description?: string }): Promise<WrittenSummary> {
  if (!workspaceFile) return runTrain(opts);
  const given = opts as unknown as Record<string, unknown>;
  const request = Object.fromEntries(RUN_REQUEST_KEYS.filter((k) => given[k] !== undefined).map((k) => [k, given[k]])) as unknown as RunRequest;
  const ws = openWorkspace(workspaceFile, { appVersion: APP_VERSION });
  try {
    const experimentId = experiment ? ws.experiments.ensure(experiment.name, experiment.description).id : undefined;
    const run = ws.runs.create(newRunFor(request, experimentId !== undefined ? { experimentId } : {}));
    ws.runs.markRunning(run.id, process.pid, process.pid);
    const recorder = new RunRecorder(ws);
    const hooks = trainHooks(run.id, request, 0, (m) => recorder.apply(m));
    try {
      const summary = await runTrain({
        ...opts,
        run: { id: run.id, workspace: ws.file },
        onStart: hooks.onStart,
        onCheckpoint: hooks.onCheckpoint,
        onEpoch: (e) => {
          opts.onEpoch?.(e);
          hooks.onEpoch(e);
        },
      });
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
