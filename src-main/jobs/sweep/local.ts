/**
 * The local executor: a sweep's runs are recorded as queued up front and trained on this machine
 * within the one trainer-process budget (`parallel`): runs of one start through the run queue,
 * `parallel` at once; runs of several starts one after the other, their starts `parallel` at once.
 * `semola sweep cancel` from another process sets the sweep's cancel flag, which the owner polls.
 */
import type { Sweep, SweepTask } from '../../store/types';
import { RESUMABLE_STATUSES } from '../../store/types';
import type { Workspace } from '../../store/workspace';
import { RunQueue, type QueueEvent } from '../queue';
import type { TrainerLauncher } from '../launcher';
import { runRecordedTrain } from '../recorded-train';
import { newRunFor } from '../run-request';
import type { RunOptions } from '../../run/options';
import type { CollectResult, SweepExecutor, TaskStatus } from './executor';

export interface LocalOptions {
  parallel: number;
  launcher?: TrainerLauncher;
  onEvent?: (e: QueueEvent) => void;
  /** How often a running sweep looks for a cancel request, in ms (default 500). */
  pollMs?: number;
}

/**
 * Record every task of a new local sweep as a queued run with its task number and grid point (one
 * transaction); `datasetIdOf` names a task's dataset row where it is known (sweeps made in the app).
 */
export function recordLocalRuns(ws: Workspace, sweep: Sweep, datasetIdOf?: (task: SweepTask) => number | undefined): number[] {
  return ws.transaction(() => {
    return sweep.spec.tasks.map((t) => {
      const datasetId = datasetIdOf?.(t);
      const run = ws.runs.create(newRunFor(t.request, { experimentId: sweep.id, ...(datasetId !== undefined ? { datasetId } : {}) }));
      ws.runs.setSweepTask(run.id, t.task, sweep.spec.points[t.point]!);
      return run.id;
    });
  });
}

export function taskStatusesFromRuns(ws: Workspace, sweep: Sweep): TaskStatus[] {
  return sweep.spec.tasks.map((t) => {
    const run = ws.runs.sweepTask(sweep.id, t.task);
    return { task: t.task, point: t.point, seed: t.seed, runId: run?.id ?? null, status: run?.status ?? 'not-submitted', detail: run?.error ?? '' };
  });
}

export class LocalExecutor implements SweepExecutor {
  readonly name = 'local' as const;

  constructor(
    private readonly ws: Workspace,
    private readonly sweep: Sweep,
    private readonly opts: LocalOptions,
  ) {}

  private cancelRequested(): boolean {
    return this.ws.sweeps.require(this.sweep.id).executorState.cancelRequested === true;
  }

  async submit(tasks: readonly SweepTask[]): Promise<void> {
    const { ws, sweep } = this;
    const runs = tasks.map((t) => {
      const run = ws.runs.sweepTask(sweep.id, t.task);
      if (!run) throw new Error(`sweep ${sweep.id} task ${t.task} has no run in ${ws.file}`);
      return run;
    });
    const todo = runs.filter((r) => r.status !== 'done');
    for (const r of todo) {
      if (r.status === 'running' || (r.status === 'queued' && r.ownerPid !== process.pid)) throw new Error(`run ${r.id} (task ${r.sweepTask}) is ${r.status} in process ${r.ownerPid ?? '-'}; cancel the sweep or wait for it`);
    }
    ws.sweeps.setExecutorState(sweep.id, { ...ws.sweeps.require(sweep.id).executorState, cancelRequested: false });
    const single = todo.filter((r) => (r.request.starts ?? 1) === 1);
    const multi = todo.filter((r) => (r.request.starts ?? 1) > 1);
    const queue = new RunQueue(ws, { concurrency: this.opts.parallel, launcher: this.opts.launcher });
    if (this.opts.onEvent) queue.on(this.opts.onEvent);
    let canceled = false;
    const current = new AbortController();
    const poll = setInterval(() => {
      if (canceled || !this.cancelRequested()) return;
      canceled = true;
      for (const r of single) queue.cancel(r.id);
      current.abort();
    }, this.opts.pollMs ?? 500);
    try {
      for (const r of single) {
        if (r.status === 'queued') queue.enqueue(r.id);
        else if (RESUMABLE_STATUSES.includes(r.status)) queue.resume(r.id);
      }
      await queue.whenIdle();
      for (const r of multi) {
        if (canceled) {
          ws.runs.cancel(r.id);
          continue;
        }
        if (r.status !== 'queued') ws.runs.requeue(r.id, process.pid);
        const { starts, ...request } = r.request;
        const opts: RunOptions = { ...(request as unknown as RunOptions), signal: current.signal };
        // The run records its own failure (and a cancel as a failure with reason "canceled"); the sweep goes on.
        await runRecordedTrain(opts, ws.file, undefined, { starts: starts!, parallel: this.opts.parallel, launcher: this.opts.launcher }, r.id).catch(() => undefined);
      }
    } finally {
      clearInterval(poll);
      await queue.shutdown();
    }
  }

  async status(): Promise<TaskStatus[]> {
    return taskStatusesFromRuns(this.ws, this.ws.sweeps.require(this.sweep.id));
  }

  /**
   * Ask the process training the sweep to stop: it polls the flag and cancels its queued and
   * running runs. Runs whose process is gone were marked interrupted when the workspace opened.
   */
  async cancel(): Promise<void> {
    const { ws, sweep } = this;
    ws.sweeps.setExecutorState(sweep.id, { ...ws.sweeps.require(sweep.id).executorState, cancelRequested: true });
  }

  async collect(): Promise<CollectResult> {
    const statuses = await this.status();
    const of = (s: string): number[] => statuses.filter((t) => t.status === s).map((t) => t.task);
    return { ingested: [], failed: of('failed'), canceled: of('canceled'), pending: [...of('queued'), ...of('running')] };
  }
}
