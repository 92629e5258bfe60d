/**
 * The Slurm executor: one array job per submission, one array task per sweep task. Each task runs
 * `semola train --config TASK.json --bundle DIR --no-record` on a compute node and writes its run
 * as a bundle under the sweep's folder on the shared file system, never into the SQLite workspace
 * (SQLite over NFS with many writers is unsafe). `collect` ingests finished bundles; a task that
 * ended without one comes back failed with Slurm's state and reason (squeue and scontrol; sacct
 * only where the cluster keeps accounting).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Sweep, SweepTask } from '../../store/types';
import type { Workspace } from '../../store/workspace';
import { readBundle } from './bundle';
import type { CollectResult, SweepExecutor, TaskStatus } from './executor';
import { ingestBundle, recordTaskEnd } from './ingest';

const run = promisify(execFile);

/** What the user asked of Slurm (`semola sweep --executor slurm ...`). */
export interface SlurmSettings {
  partition?: string;
  time?: string;
  /** CPUs per task (default: the most starts a task runs, as it runs them all at once). */
  cpus?: number;
  mem?: string;
  gpus?: string;
  account?: string;
  /** `module load` lines of the job script. */
  modules?: string[];
  /** The command that runs semola on a compute node (default: this Node and this checkout's bin/semola.cjs). */
  semola?: string;
}

interface Submission {
  jobId: string;
  tasks: number[];
  script: string;
  submittedAt: string;
}

/** The sweep's record of its Slurm work (experiments.executor_state). */
export interface SlurmState {
  root: string;
  slurm: SlurmSettings;
  submissions: Submission[];
  cancelRequested?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function defaultSemolaCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(path.resolve(here, '../../../bin/semola.cjs'))}`;
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** 0,1,2,5,7,8 -> "0-2,5,7-8" (Slurm's --array syntax). */
export function arraySpec(tasks: readonly number[]): string {
  const sorted = [...new Set(tasks)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export const taskFile = (root: string, task: number): string => path.join(root, 'tasks', `task-${task}.json`);
export const bundleDir = (root: string, task: number): string => path.join(root, 'bundles', `task-${task}`);
export const logFile = (root: string, jobId: string, task: number): string => path.join(root, 'logs', `${jobId}_${task}.out`);

/** The cpus a task asks for: as many as it runs starts at once. */
export function cpusFor(tasks: readonly SweepTask[], s: SlurmSettings): number {
  return s.cpus ?? Math.max(1, ...tasks.map((t) => t.starts));
}

/** The array job script of one submission (what `--dry-run` prints). */
export function jobScript(sweep: { id: number; name: string }, tasks: readonly SweepTask[], root: string, s: SlurmSettings): string {
  const cpus = cpusFor(tasks, s);
  const q = shellQuote;
  const lines = [
    '#!/bin/bash',
    `# semola sweep ${sweep.id} (${sweep.name.replace(/\n/g, ' ')}): ${tasks.length} task(s), one grid point and seed each.`,
    '# Written by `semola sweep --executor slurm`; see README "Sweeps". Each task writes its run as a bundle',
    '# under bundles/ on the shared file system; `semola sweep collect` brings them into the workspace.',
    `#SBATCH --job-name=semola-sweep-${sweep.id}`,
    `#SBATCH --array=${arraySpec(tasks.map((t) => t.task))}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${cpus}`,
    `#SBATCH --output=${path.join(root, 'logs', '%A_%a.out')}`,
    ...(s.partition ? [`#SBATCH --partition=${s.partition}`] : []),
    ...(s.time ? [`#SBATCH --time=${s.time}`] : []),
    ...(s.mem ? [`#SBATCH --mem=${s.mem}`] : []),
    ...(s.gpus ? [`#SBATCH --gpus=${s.gpus}`] : []),
    ...(s.account ? [`#SBATCH --account=${s.account}`] : []),
    'set -euo pipefail',
    ...(s.modules ?? []).map((m) => `module load ${m}`),
    `ROOT=${q(root)}`,
    'TASK="$SLURM_ARRAY_TASK_ID"',
    `exec ${s.semola ?? defaultSemolaCommand()} train --config "$ROOT/tasks/task-$TASK.json" --bundle "$ROOT/bundles/task-$TASK" --no-record --quiet`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A task's --config file: its settings plus the starts it runs, all at once on its cpus. */
export function taskSettings(t: SweepTask, cpus: number): Record<string, unknown> {
  return { ...t.settings, starts: t.starts, parallel: Math.max(1, Math.min(t.starts, cpus)) };
}

/** One array element as Slurm reports it. */
export interface SlurmTaskState {
  state: string;
  reason: string;
  exitCode: string;
  source: 'squeue' | 'scontrol' | 'sacct';
}

const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'RESIZING', 'SIGNALING', 'STAGE_OUT']);

async function tryRun(cmd: string, args: string[]): Promise<string | null> {
  try {
    return (await run(cmd, args, { maxBuffer: 16 << 20 })).stdout;
  } catch {
    return null;
  }
}

/** The state of every element of these array jobs, keyed "jobId_task": squeue, then scontrol, then sacct where accounting exists. */
export async function slurmStates(jobIds: readonly string[]): Promise<Map<string, SlurmTaskState>> {
  const states = new Map<string, SlurmTaskState>();
  if (jobIds.length === 0) return states;
  const squeue = await tryRun('squeue', ['-h', '-r', '-j', jobIds.join(','), '-o', '%i|%T|%r']);
  for (const line of (squeue ?? '').split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (id && state) states.set(id, { state, reason: reason ?? '', exitCode: '', source: 'squeue' });
  }
  for (const jobId of jobIds) {
    const text = await tryRun('scontrol', ['-o', 'show', 'job', jobId]);
    for (const line of (text ?? '').split('\n')) {
      const field = (name: string): string => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(line)?.[1] ?? '';
      const arrayJob = field('ArrayJobId');
      const task = field('ArrayTaskId');
      if (!arrayJob || !/^\d+$/.test(task)) continue;
      const key = `${arrayJob}_${task}`;
      if (states.get(key)?.source === 'squeue' && ACTIVE.has(states.get(key)!.state)) continue;
      states.set(key, { state: field('JobState'), reason: field('Reason'), exitCode: field('ExitCode'), source: 'scontrol' });
    }
  }
  const config = await tryRun('scontrol', ['show', 'config']);
  const accounting = config !== null && /AccountingStorageType\s*=\s*accounting_storage\/(?!none)/.test(config);
  if (accounting) {
    const sacct = await tryRun('sacct', ['-n', '-P', '-X', '-j', jobIds.join(','), '-o', 'JobID,State,ExitCode,Reason']);
    for (const line of (sacct ?? '').split('\n')) {
      const [id, state, exitCode, reason] = line.trim().split('|');
      if (id && state && !states.has(id)) states.set(id, { state: state.split(' ')[0]!, reason: reason ?? '', exitCode: exitCode ?? '', source: 'sacct' });
    }
  }
  return states;
}

function lastLines(file: string, n: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trim().split('\n').slice(-n).join(' | ');
}

export class SlurmExecutor implements SweepExecutor {
  readonly name = 'slurm' as const;

  constructor(
    private readonly ws: Workspace,
    private readonly sweep: Sweep,
  ) {}

  private state(): SlurmState {
    return this.ws.sweeps.require(this.sweep.id).executorState as unknown as SlurmState;
  }

  private save(state: SlurmState): void {
    this.ws.sweeps.setExecutorState(this.sweep.id, state as unknown as Record<string, unknown>);
  }

  /** Write the task files and the job script and return the script's path and text (nothing submitted). */
  async prepare(tasks: readonly SweepTask[]): Promise<{ script: string; text: string }> {
    const st = this.state();
    const cpus = cpusFor(tasks, st.slurm);
    for (const dir of ['tasks', 'bundles', 'logs']) await mkdir(path.join(st.root, dir), { recursive: true });
    for (const t of tasks) {
      await writeFile(taskFile(st.root, t.task), `${JSON.stringify(taskSettings(t, cpus), null, 2)}\n`);
      // A resubmitted task's earlier bundle (an error, a partial run) must not be read as its new result.
      await rm(bundleDir(st.root, t.task), { recursive: true, force: true });
    }
    const text = jobScript(this.sweep, tasks, st.root, st.slurm);
    const script = path.join(st.root, `submit-${st.submissions.length + 1}.sbatch`);
    await writeFile(script, text, { mode: 0o755 });
    return { script, text };
  }

  async submit(tasks: readonly SweepTask[]): Promise<void> {
    if (tasks.length === 0) return;
    const { script } = await this.prepare(tasks);
    let out: string;
    try {
      out = (await run('sbatch', ['--parsable', script])).stdout;
    } catch (e) {
      const err = e as { stderr?: string; message?: string };
      throw new Error(`sbatch ${script} failed: ${(err.stderr ?? err.message ?? String(e)).trim()}`);
    }
    const jobId = out.trim().split(';')[0]!;
    if (!/^\d+$/.test(jobId)) throw new Error(`sbatch ${script}: expected a job id, got "${out.trim()}"`);
    const st = this.state();
    this.save({ ...st, cancelRequested: false, submissions: [...st.submissions, { jobId, tasks: tasks.map((t) => t.task), script, submittedAt: new Date().toISOString() }] });
  }

  /** The latest submission of each task. */
  private latest(st: SlurmState): Map<number, Submission> {
    const m = new Map<number, Submission>();
    for (const s of st.submissions) for (const t of s.tasks) m.set(t, s);
    return m;
  }

  async status(): Promise<TaskStatus[]> {
    const st = this.state();
    const latest = this.latest(st);
    const slurm = await slurmStates([...new Set(st.submissions.map((s) => s.jobId))]);
    return this.sweep.spec.tasks.map((t) => {
      const row = this.ws.runs.sweepTask(this.sweep.id, t.task);
      const sub = latest.get(t.task);
      const s = sub ? slurm.get(`${sub.jobId}_${t.task}`) : undefined;
      // Slurm keeps a task's last pending reason after it starts: shown only while it waits or once it ended.
      const reason = s && s.state !== 'RUNNING' && s.state !== 'COMPLETED' && s.reason && s.reason !== 'None' ? ` (${s.reason})` : '';
      const slurmText = sub ? `Slurm job ${sub.jobId}_${t.task}: ${s ? `${s.state}${reason}` : 'no longer known to Slurm'}` : '';
      const resubmitted = row && row.status !== 'done' && sub && new Date(sub.submittedAt) > new Date(row.finishedAt ?? 0) && !existsSync(path.join(bundleDir(st.root, t.task), 'summary.json'));
      if (row && !resubmitted) return { task: t.task, point: t.point, seed: t.seed, runId: row.id, status: row.status, detail: row.error ?? slurmText };
      return { task: t.task, point: t.point, seed: t.seed, runId: row?.id ?? null, status: sub ? 'submitted' : 'not-submitted', detail: slurmText };
    });
  }

  async cancel(): Promise<void> {
    const st = this.state();
    this.save({ ...st, cancelRequested: true });
    const jobs = [...new Set(st.submissions.map((s) => s.jobId))];
    if (jobs.length > 0) await run('scancel', jobs).catch((e: { stderr?: string }) => {
      throw new Error(`scancel ${jobs.join(' ')} failed: ${e.stderr?.trim() ?? String(e)}`);
    });
  }

  async collect(): Promise<CollectResult> {
    const st = this.state();
    const latest = this.latest(st);
    const slurm = await slurmStates([...new Set(st.submissions.map((s) => s.jobId))]);
    const result: CollectResult = { ingested: [], failed: [], canceled: [], pending: [] };
    for (const t of this.sweep.spec.tasks) {
      const sub = latest.get(t.task);
      if (!sub) continue;
      const row = this.ws.runs.sweepTask(this.sweep.id, t.task);
      if (row?.status === 'done') continue;
      const bundle = readBundle(bundleDir(st.root, t.task));
      const s = slurm.get(`${sub.jobId}_${t.task}`);
      const slurmText = s ? `Slurm state ${s.state}${s.reason && s.reason !== 'None' ? `, reason ${s.reason}` : ''}${s.exitCode ? `, exit code ${s.exitCode}` : ''}` : 'Slurm no longer knows the task: not in squeue or scontrol (canceled while pending, or purged after MinJobAge) and no accounting (sacct) to ask';
      if (bundle.state === 'done') {
        ingestBundle(this.ws, this.sweep, t, bundle);
        result.ingested.push(t.task);
        continue;
      }
      if (s && ACTIVE.has(s.state)) {
        result.pending.push(t.task);
        continue;
      }
      const log = lastLines(logFile(st.root, sub.jobId, t.task), 3);
      if (bundle.state === 'failed') {
        recordTaskEnd(this.ws, this.sweep, t, bundle.request, 'failed', `${bundle.reason} (Slurm job ${sub.jobId}_${t.task}: ${slurmText})`);
        result.failed.push(t.task);
      } else if (st.cancelRequested && s?.state === 'CANCELLED') {
        recordTaskEnd(this.ws, this.sweep, t, null, 'canceled', '');
        result.canceled.push(t.task);
      } else {
        recordTaskEnd(this.ws, this.sweep, t, null, 'failed', `Slurm job ${sub.jobId}_${t.task} ended without a result (${slurmText})${log ? `; log ${logFile(st.root, sub.jobId, t.task)}: ${log}` : ''}`);
        result.failed.push(t.task);
      }
    }
    return result;
  }
}
