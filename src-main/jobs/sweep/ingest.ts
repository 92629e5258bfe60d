/**
 * A finished bundle into the workspace: the run row of its task (created, or a failed one taken
 * back) and every message the task recorded, replayed through the RunRecorder the queue uses, in
 * one transaction: a run is ingested whole or not at all.
 */
import type { Sweep, SweepTask } from '../../store/types';
import type { Workspace } from '../../store/workspace';
import type { FromTrainer } from '../messages';
import { RunRecorder } from '../recorder';
import { newRunFor } from '../run-request';
import type { BundleState } from './bundle';

type Done = Extract<BundleState, { state: 'done' }>;

/** The task's run row: the existing one (its earlier rows cleared, queued again) or a new one. */
function takeRow(ws: Workspace, sweep: Sweep, task: SweepTask, request: Done['request']): number {
  const existing = ws.runs.sweepTask(sweep.id, task.task);
  if (!existing) {
    const run = ws.runs.create(newRunFor(request, { experimentId: sweep.id }));
    ws.runs.setSweepTask(run.id, task.task, sweep.spec.points[task.point]!);
    return run.id;
  }
  ws.runs.requeue(existing.id, process.pid);
  ws.metrics.deleteAfter(existing.id, 0);
  ws.snapshots.deleteAfter(existing.id, 0);
  return existing.id;
}

export function ingestBundle(ws: Workspace, sweep: Sweep, task: SweepTask, bundle: Done): number {
  return ws.transaction(() => {
    // Collected before: nothing to add.
    const done = ws.runs.sweepTask(sweep.id, task.task);
    if (done?.status === 'done') return done.id;
    const runId = takeRow(ws, sweep, task, bundle.request);
    ws.runs.markRunning(runId, process.pid, null);
    const recorder = new RunRecorder(ws);
    for (const m of bundle.record) recorder.apply({ ...m, runId } as FromTrainer);
    recorder.apply({ type: 'done', runId, summary: { ...bundle.summary, run: { id: runId, workspace: ws.file } } as Done['summary'] });
    recorder.flush();
    return runId;
  });
}

/** A task that ended without a result: its run row failed (or canceled) with the reason. */
export function recordTaskEnd(ws: Workspace, sweep: Sweep, task: SweepTask, request: Done['request'] | null, outcome: 'failed' | 'canceled', reason: string): number {
  return ws.transaction(() => {
    const existing = ws.runs.sweepTask(sweep.id, task.task);
    let runId: number;
    if (existing) {
      if (existing.status === outcome && (outcome === 'canceled' || existing.error === reason)) return existing.id;
      ws.runs.requeue(existing.id, process.pid);
      runId = existing.id;
    } else {
      // Without a bundle's request, the sweep's resolution of the task says what it was asked to train.
      const run = ws.runs.create(newRunFor(request ?? task.request, { experimentId: sweep.id }));
      ws.runs.setSweepTask(run.id, task.task, sweep.spec.points[task.point]!);
      runId = run.id;
    }
    if (outcome === 'canceled') ws.runs.cancel(runId);
    else ws.runs.fail(runId, reason);
    return runId;
  });
}
