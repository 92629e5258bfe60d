/**
 * How a sweep's tasks are run: the interface the local queue and the Slurm executor both
 * implement. Nothing below it (run/, engine/) knows which one trains a task.
 */
import type { RunStatus, Sweep, SweepExecutorName, SweepTask } from '../../store/types';

/** Where one task stands: its run's status once it has a run row, else the executor's word. */
export interface TaskStatus {
  task: number;
  point: number;
  seed: number;
  runId: number | null;
  /** A run status, or `submitted` (handed to the executor, no result yet). */
  status: RunStatus | 'submitted' | 'not-submitted';
  /** The executor's detail: Slurm's state and reason, the failure reason, ... */
  detail: string;
}

export interface CollectResult {
  ingested: number[];
  failed: number[];
  canceled: number[];
  /** Tasks still queued or running on the executor. */
  pending: number[];
}

export interface SweepExecutor {
  readonly name: SweepExecutorName;
  /** Train (local: here, returning when they end) or submit (Slurm: returning once queued) these tasks. */
  submit(tasks: readonly SweepTask[]): Promise<void>;
  /** Where every task of the sweep stands. */
  status(): Promise<TaskStatus[]>;
  /** Stop what is queued or running. */
  cancel(): Promise<void>;
  /** Bring finished work into the workspace, idempotently (the local queue records as it trains). */
  collect(): Promise<CollectResult>;
}

/** The tasks of `sweep` with these numbers, or an error naming the first unknown one. */
export function tasksOf(sweep: Sweep, numbers: readonly number[]): SweepTask[] {
  return numbers.map((n) => {
    const t = sweep.spec.tasks[n];
    if (!t) throw new Error(`sweep ${sweep.id} has no task ${n} (tasks 0..${sweep.spec.tasks.length - 1})`);
    return t;
  });
}
