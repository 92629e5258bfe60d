/**
 * The run queue: starts up to `concurrency` trainer processes (the one trainer-process budget,
 * `parallel`: a run of N starts takes min(N, budget) of them), records what they report (this
 * process is the single writer to the workspace), cancels by killing, and turns crashes, thrown
 * errors, non-finite losses and out-of-memory into `failed` runs with a reason while the other
 * runs go on.
 *
 *   const queue = new RunQueue(ws, { concurrency: 2 });
 *   const run = queue.submit({ data: 'builtin:nbody2', config: { epochs: 5 } });
 *   queue.on((e) => ...);  await queue.whenFinished(run.id);
 */
import type { Workspace } from '../store/workspace';
import type { RunRecord, RunRequest, RunStatus } from '../store/types';
import { errorReason, exitReason } from './failure';
import { forkLauncher, type TrainerExit, type TrainerLauncher, type TrainerProcess } from './launcher';
import type { FromTrainer } from './messages';
import { prepareStart, RunRecorder } from './recorder';
import { newRunFor } from './run-request';
import { keepSummary, summaryKeptMessage } from './keep-summary';
import { diskFullMessage, isDiskFull } from '../store/disk-full';
import { trainRecordedStarts } from './recorded-starts';
import type { RunOptions } from '../run/options';

export interface QueueOptions {
  /** Trainer processes at a time (default 1: wasm and cpu use one core each). */
  concurrency?: number;
  launcher?: TrainerLauncher;
  /** Checkpoint after every this many epochs (default 1). */
  checkpointEvery?: number;
}

/** What the queue tells its listeners (the desktop app relays these, throttled, to the renderer). */
export type QueueEvent =
  | { type: 'status'; runId: number; status: RunStatus; error: string | null }
  | { type: 'progress'; runId: number; epoch: number; epochs: number; losses: Record<string, number>; valLoss: number | null }
  | { type: 'snapshot'; runId: number; epoch: number; k: number; d: number; basis: Float32Array; strengths: Float32Array | null }
  | { type: 'checkpoint'; runId: number; epoch: number }
  /** One start's epoch of a run of several starts (the run's own `progress` is not sent for those). */
  | { type: 'start-progress'; runId: number; start: number; epoch: number; epochs: number; losses: Record<string, number>; valLoss: number | null }
  /** Something the user should know that does not stop the run (e.g. a damaged checkpoint skipped). */
  | { type: 'warning'; runId: number; message: string };

/** What the queue is doing: its budget, the runs training with their trainer processes, and why the others wait. */
export interface QueueState {
  /** The trainer-process budget. */
  parallel: number;
  /** Trainer processes in use now. */
  busy: number;
  running: { runId: number; processes: number }[];
  /** In the order they start; `reason` says what each waits for. */
  waiting: { runId: number; processes: number; reason: string }[];
}

export interface SubmitOptions {
  name?: string;
  experimentId?: number;
}

interface Active {
  runId: number;
  /** The trainer process; for a run of several starts, one standing for all of them (starts.ts). */
  child: TrainerProcess;
  canceled: boolean;
  /** Trainer processes it holds of the budget (its starts at once; 1 for a run of one start). */
  processes: number;
  /** Set once the run's final status is written (done, or failed from an error message). */
  settled: boolean;
}

export class RunQueue {
  private budget: number;
  private readonly launcher: TrainerLauncher;
  private readonly checkpointEvery: number;
  private readonly recorder: RunRecorder;
  private readonly waiting: number[] = [];
  private readonly active = new Map<number, Active>();
  private readonly listeners = new Set<(e: QueueEvent) => void>();
  private readonly finishWaiters = new Map<number, ((run: RunRecord) => void)[]>();
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly ws: Workspace,
    opts: QueueOptions = {},
  ) {
    this.budget = Math.max(1, Math.floor(opts.concurrency ?? 1));
    this.launcher = opts.launcher ?? forkLauncher();
    this.checkpointEvery = Math.max(1, Math.floor(opts.checkpointEvery ?? 1));
    this.recorder = new RunRecorder(ws);
  }

  /** Record a new run as `queued` and start it when a slot is free. */
  submit(request: RunRequest, opts: SubmitOptions = {}): RunRecord {
    const run = this.ws.runs.create(newRunFor(request, opts));
    this.enqueue(run.id);
    return run;
  }

  /**
   * Continue an interrupted, failed or canceled run from its last checkpoint (a run of several
   * starts: each unfinished start from its own; finished starts are kept as they are).
   */
  resume(runId: number): RunRecord {
    this.ws.runs.requeue(runId, process.pid);
    this.enqueue(runId);
    return this.ws.runs.require(runId);
  }

  /** Queue a run that is already `queued` in the workspace. */
  enqueue(runId: number): void {
    if (this.closed) throw new Error('the run queue is shut down');
    const run = this.ws.runs.require(runId);
    if (run.status !== 'queued') throw new Error(`run ${runId} is ${run.status}, not queued`);
    if (!this.waiting.includes(runId) && !this.active.has(runId)) this.waiting.push(runId);
    this.emit({ type: 'status', runId, status: 'queued', error: null });
    this.pump();
  }

  /** Cancel a queued or running run (the trainer is killed at once). False if it is neither. */
  cancel(runId: number): boolean {
    const at = this.waiting.indexOf(runId);
    if (at >= 0) {
      this.waiting.splice(at, 1);
      this.ws.runs.cancel(runId);
      this.settle(runId, 'canceled');
      return true;
    }
    const a = this.active.get(runId);
    if (!a || a.settled) return false;
    a.canceled = true;
    a.child.kill();
    return true;
  }

  /** The trainer-process budget. */
  get concurrency(): number {
    return this.budget;
  }

  /**
   * Change the budget: more starts waiting runs at once; fewer lets running runs finish (none is
   * stopped) and starts the next when the processes in use fit under the new budget.
   */
  setConcurrency(parallel: number): void {
    if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`the trainer-process budget must be a positive integer, got ${parallel}`);
    this.budget = parallel;
    this.pump();
  }

  /** What trains now, with its processes, and what waits and why (the workbench's queue panel). */
  state(): QueueState {
    const running = [...this.active.values()].map((a) => ({ runId: a.runId, processes: a.processes }));
    const busy = this.busy();
    const waiting = this.waiting.map((runId, i) => {
      const processes = this.processesFor(runId);
      const starts = this.ws.runs.get(runId)?.request.starts ?? 1;
      const need = processes > 1 ? `${processes} free trainer processes for its ${starts} starts` : 'a free trainer process';
      const reason = `waiting for ${need}: ${busy} of ${this.budget} busy${i > 0 ? `; ${i} run${i > 1 ? 's' : ''} ahead in the queue` : ''}`;
      return { runId, processes, reason };
    });
    return { parallel: this.budget, busy, running, waiting };
  }

  on(listener: (e: QueueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get running(): number[] {
    return [...this.active.keys()];
  }

  get queued(): number[] {
    return [...this.waiting];
  }

  /** Resolves with the run's record once it is done, failed or canceled. */
  whenFinished(runId: number): Promise<RunRecord> {
    const run = this.ws.runs.require(runId);
    if (run.status !== 'queued' && run.status !== 'running') return Promise.resolve(run);
    return new Promise((resolve) => this.finishWaiters.set(runId, [...(this.finishWaiters.get(runId) ?? []), resolve]));
  }

  /** Resolves when nothing is queued or running (every trainer process has exited). */
  whenIdle(): Promise<void> {
    if (this.waiting.length === 0 && this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stop: queued runs stay `queued` and running ones are killed and marked `interrupted`; both
   * continue with `resume` later (the app quitting mid-run).
   */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.waiting.splice(0);
    const exits = [...this.active.values()].map((a) => new Promise<void>((resolve) => {
      a.settled = true;
      a.child.onExit(() => resolve());
      a.child.kill();
    }));
    await Promise.all(exits);
    this.recorder.flush();
  }

  private emit(e: QueueEvent): void {
    for (const l of this.listeners) l(e);
  }

  private busy(): number {
    let n = 0;
    for (const a of this.active.values()) n += a.processes;
    return n;
  }

  /** Trainer processes a waiting run will take: its starts at once, at most the budget. */
  private processesFor(runId: number): number {
    const starts = this.ws.runs.get(runId)?.request.starts ?? 1;
    return Math.max(1, Math.min(starts, this.budget));
  }

  private pump(): void {
    // First come, first served: the next run waits until its processes fit, and so do those behind it.
    while (!this.closed && this.waiting.length > 0 && this.busy() + this.processesFor(this.waiting[0]!) <= this.budget) {
      const runId = this.waiting.shift()!;
      this.start(runId, this.processesFor(runId));
    }
    if (this.waiting.length === 0 && this.active.size === 0) this.idleWaiters.splice(0).forEach((w) => w());
  }

  private start(runId: number, processes: number): void {
    let a: Active;
    try {
      const run = this.ws.runs.require(runId);
      if ((run.request.starts ?? 1) > 1) {
        this.startSeveral(run, processes);
        return;
      }
      const { checkpoint, fromEpoch, damaged } = prepareStart(this.ws, runId);
      for (const message of damaged) {
        this.emit({ type: 'warning', runId, message: `${message}; ${checkpoint ? `resuming from the one before (epoch ${fromEpoch})` : 'starting over from epoch 0 (same seed: same numbers)'}` });
      }
      const child = this.launcher();
      a = { runId, child, canceled: false, processes: 1, settled: false };
      this.active.set(runId, a);
      this.ws.runs.markRunning(runId, process.pid, child.pid);
      child.onMessage((m) => this.onMessage(a, m));
      child.onExit((exit) => this.onExit(a, exit.signal !== null || exit.code !== 0 ? exitReason(exit) : 'the trainer process ended without reporting a result'));
      // A run that started before resumes with its resolved config, so new defaults cannot change it.
      const request: RunRequest = run.config ? { ...run.request, config: run.config } : run.request;
      child.send({ type: 'start', runId, workspace: this.ws.file, request, checkpoint, checkpointEvery: this.checkpointEvery });
      this.emit({ type: 'status', runId, status: 'running', error: null });
    } catch (e) {
      this.active.delete(runId);
      const reason = `could not start the trainer: ${e instanceof Error ? e.message : String(e)}`;
      try {
        this.ws.runs.fail(runId, reason);
      } catch {
        // The run vanished or changed state meanwhile; nothing to record.
      }
      this.settle(runId, 'failed', reason);
      this.pump();
    }
  }

  /**
   * A run of several starts: its starts train in their own trainer processes (at most
   * `processes` at once), recorded here as `semola train --starts N` records them.
   */
  private startSeveral(run: RunRecord, processes: number): void {
    const runId = run.id;
    const stop = new AbortController();
    const exitListeners: ((exit: TrainerExit) => void)[] = [];
    // Stands for the starts' trainers: kill stops them all; it exits once the starts have settled.
    const child: TrainerProcess = { pid: null, send: () => undefined, onMessage: () => undefined, onExit: (l) => exitListeners.push(l), kill: () => stop.abort() };
    const a: Active = { runId, child, canceled: false, processes, settled: false };
    this.active.set(runId, a);
    this.ws.runs.markRunning(runId, process.pid, null);
    this.emit({ type: 'status', runId, status: 'running', error: null });
    const request: RunRequest = run.config ? { ...run.request, config: run.config } : run.request;
    const starts = run.request.starts!;
    trainRecordedStarts(this.ws, this.recorder, runId, { ...(request as unknown as RunOptions), signal: stop.signal }, {
      starts,
      parallel: processes,
      launcher: this.launcher,
      checkpointEvery: this.checkpointEvery,
      onEpoch: (start, m) => this.emit({ type: 'start-progress', runId, start, epoch: m.epoch, epochs: m.epochs, losses: m.losses, valLoss: m.valLoss }),
      onWarning: (message) => this.emit({ type: 'warning', runId, message }),
    })
      .then(
        (summary) => {
          if (a.settled) return;
          a.settled = true;
          try {
            this.recorder.apply({ type: 'done', runId, summary });
          } catch (e) {
            if (!isDiskFull(e)) throw e;
            throw new Error(summaryKeptMessage(this.ws.file, runId, keepSummary(this.ws.file, runId, summary)));
          }
          this.settle(runId, 'done');
        },
        (e: unknown) => {
          // Shut down (the app quitting): the run continues with `resume` later.
          if (this.closed) {
            this.recorder.flush();
            if (this.ws.runs.get(runId)?.status === 'running') this.ws.runs.interrupt(runId);
            return;
          }
          if (a.settled) return;
          a.settled = true;
          this.recorder.flush();
          if (a.canceled) {
            this.ws.runs.cancel(runId);
            this.settle(runId, 'canceled');
          } else if (isDiskFull(e)) {
            throw new Error(diskFullMessage(this.ws.file, runId));
          } else {
            const reason = errorReason(e instanceof Error ? e.message : String(e));
            this.ws.runs.fail(runId, reason);
            this.settle(runId, 'failed', reason);
          }
        },
      )
      .catch((e: unknown) => {
        // Recording the end failed (a full disk): the run stays `running` and is found
        // interrupted at the next open, resumable; say why.
        const reason = isDiskFull(e) ? diskFullMessage(this.ws.file, runId) : e instanceof Error ? e.message : String(e);
        this.emit({ type: 'warning', runId, message: reason });
        this.settle(runId, 'failed', reason);
      })
      .finally(() => {
        this.active.delete(runId);
        exitListeners.splice(0).forEach((l) => l({ code: 0, signal: null, stderr: '' }));
        this.pump();
      });
  }

  private onMessage(a: Active, m: FromTrainer): void {
    if (a.settled || m.runId !== a.runId) return;
    try {
      this.recorder.apply(m.type === 'error' ? { ...m, message: errorReason(m.message) } : m);
    } catch (e) {
      // A write the store refused (e.g. a resumed run's data changed): fail the run, stop the trainer.
      a.settled = true;
      a.child.kill();
      if (isDiskFull(e)) {
        // Nothing more can be written: the run stays `running` and is found interrupted at the
        // next open, resumable; a finished run's summary is kept elsewhere.
        const reason = m.type === 'done' ? summaryKeptMessage(this.ws.file, a.runId, keepSummary(this.ws.file, a.runId, m.summary)) : diskFullMessage(this.ws.file, a.runId);
        this.emit({ type: 'warning', runId: a.runId, message: reason });
        this.settle(a.runId, 'failed', reason);
        return;
      }
      const reason = e instanceof Error ? e.message : String(e);
      this.recorder.flush();
      this.ws.runs.fail(a.runId, reason);
      this.settle(a.runId, 'failed', reason);
      return;
    }
    switch (m.type) {
      case 'progress':
        this.emit({ type: 'progress', runId: m.runId, epoch: m.epoch, epochs: m.epochs, losses: m.losses, valLoss: m.valLoss });
        break;
      case 'snapshot':
        this.emit({ type: 'snapshot', runId: m.runId, epoch: m.epoch, k: m.k, d: m.d, basis: m.basis, strengths: m.strengths });
        break;
      case 'checkpoint':
        this.emit({ type: 'checkpoint', runId: m.runId, epoch: m.epoch });
        break;
      case 'done':
        a.settled = true;
        this.settle(m.runId, 'done');
        break;
      case 'error':
        a.settled = true;
        this.settle(m.runId, 'failed', errorReason(m.message));
        break;
      default:
        break;
    }
  }

  private onExit(a: Active, reason: string): void {
    this.active.delete(a.runId);
    this.recorder.flush();
    if (!a.settled && !this.closed) {
      a.settled = true;
      if (a.canceled) {
        this.ws.runs.cancel(a.runId);
        this.settle(a.runId, 'canceled');
      } else {
        this.ws.runs.fail(a.runId, reason);
        this.settle(a.runId, 'failed', reason);
      }
    } else if (this.closed && this.ws.runs.get(a.runId)?.status === 'running') {
      this.ws.runs.interrupt(a.runId);
    }
    this.pump();
  }

  private settle(runId: number, status: RunStatus, error: string | null = null): void {
    this.emit({ type: 'status', runId, status, error });
    const run = this.ws.runs.get(runId);
    const waiters = this.finishWaiters.get(runId) ?? [];
    this.finishWaiters.delete(runId);
    if (run) waiters.forEach((w) => w(run));
  }
}
