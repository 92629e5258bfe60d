/**
 * `semola sweep SPEC.json` and `semola sweep list|status|cancel|resume|collect|resubmit|report`:
 * a sweep is created in the workspace (an experiment of kind sweep, its runs carrying their task and
 * grid point) and run by the local queue or submitted to Slurm (jobs/sweep). README "Sweeps".
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { intFlag } from '../cli-numbers';
import { resolveWorkspacePath } from '../../store/location';
import { openWorkspace, type Workspace } from '../../store/workspace';
import { RESUMABLE_STATUSES, type Sweep, type SweepExecutorName } from '../../store/types';
import { defaultParallel } from '../../run/starts/seed-rule';
import { expandSweep, type ResolveSettings } from '../../jobs/sweep/spec';
import { LocalExecutor, recordLocalRuns } from '../../jobs/sweep/local';
import { jobScript, SlurmExecutor, type SlurmSettings, type SlurmState } from '../../jobs/sweep/slurm';
import { tasksOf, type SweepExecutor, type TaskStatus } from '../../jobs/sweep/executor';
import { sweepMarkdown, sweepReport } from './report';
import { savedParallel } from '../../api/service/queue';

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const err = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

interface SweepFlags extends SlurmSettings {
  workspace?: string;
  executor: SweepExecutorName;
  parallel?: number;
  bundles?: string;
  module?: string[];
  dryRun?: boolean;
  quiet?: boolean;
}

function executorFor(ws: Workspace, sweep: Sweep, parallel?: number, quiet = true): SweepExecutor {
  if (sweep.executor === 'slurm') return new SlurmExecutor(ws, sweep);
  return new LocalExecutor(ws, sweep, {
    // The workspace's saved budget (set in the workbench's queue panel) unless --parallel says otherwise.
    parallel: parallel ?? savedParallel(ws) ?? defaultParallel(availableParallelism()),
    onEvent: (e) => {
      const run = ws.runs.get(e.runId);
      const who = `run ${e.runId} (task ${run?.sweepTask ?? '-'})`;
      if (e.type === 'status' && e.status !== 'queued') err(`${who}: ${e.status}${e.error ? ` (${e.error})` : ''}`);
      if (e.type === 'warning') err(`${who}: warning: ${e.message}`);
      if (e.type === 'progress' && !quiet) err(`${who}: epoch ${e.epoch}/${e.epochs}  loss ${e.losses.total?.toPrecision(4) ?? '-'}`);
    },
  });
}

function sweepId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1) throw new Error(`expected a sweep id (a positive integer), got "${text}"`);
  return id;
}

async function withSweep<T>(id: string, flags: { workspace?: string }, fn: (ws: Workspace, sweep: Sweep) => Promise<T>): Promise<T> {
  const ws = openWorkspace(resolveWorkspacePath(flags.workspace));
  try {
    return await fn(ws, ws.sweeps.require(sweepId(id)));
  } finally {
    ws.close();
  }
}

function statusText(sweep: Sweep, statuses: TaskStatus[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const lines = [`sweep ${sweep.id} (${sweep.name}), ${sweep.executor}: ${sweep.spec.points.length} grid point(s) x ${new Set(sweep.spec.tasks.map((t) => t.seed)).size} seed(s) = ${statuses.length} task(s); ${[...counts.entries()].map(([k, n]) => `${n} ${k}`).join(', ')}`];
  for (const s of statuses) {
    lines.push(`  task ${s.task}  point ${s.point} (${sweep.spec.points[s.point]!.label})  seed ${s.seed}  ${s.status}${s.runId !== null ? `  run ${s.runId}` : ''}${s.detail ? `  ${s.detail}` : ''}`);
  }
  return lines.join('\n');
}

export function addSweepCommands(program: Command, resolve: ResolveSettings): void {
  const ws = (): Option => new Option('--workspace <file>', 'workspace file (default: $SEMOLA_WORKSPACE, else the user data folder)');
  const sweep = program
    .command('sweep')
    .description('a grid of settings x seeds x datasets as one sweep: run it here or on Slurm, follow it, report mean +- std per grid point (README "Sweeps")')
    .argument('[spec]', 'the sweep spec (JSON: datasets, base, grid and/or list of settings, seeds, starts)')
    .addOption(ws())
    .addOption(new Option('--executor <name>', 'local: this machine\'s trainer processes; slurm: one array job on a Slurm cluster').choices(['local', 'slurm']).default('local'))
    .option('--parallel <N>', 'local: trainer processes at once, the one budget shared by runs and their starts (default: the workspace\'s saved budget, else cores - 1, at least 1)', intFlag('--parallel', { min: 1 }))
    .option('--quiet', 'local: no per-epoch lines')
    .option('--bundles <DIR>', 'slurm: folder on the shared file system for task files, bundles and logs (default: sweeps/<id> beside the workspace)')
    .option('--partition <P>', 'slurm: partition')
    .option('--time <T>', 'slurm: time limit per task (e.g. 02:00:00)')
    .option('--cpus <N>', 'slurm: CPUs per task (default: the most starts a task runs; it runs them at once)', intFlag('--cpus', { min: 1 }))
    .option('--mem <M>', 'slurm: memory per task (e.g. 8G)')
    .option('--gpus <G>', 'slurm: GPUs per task')
    .option('--account <A>', 'slurm: account to charge')
    .option('--module <M...>', 'slurm: `module load M` lines in the job script (e.g. nodejs/20)')
    .option('--semola <CMD>', 'slurm: the command that runs semola on a compute node (default: this node binary and this installation\'s bin/semola.cjs)')
    .option('--dry-run', 'slurm: print the job script and write nothing (no sweep recorded, nothing submitted)')
    .action(async (specFile: string | undefined, f: SweepFlags) => {
      if (!specFile) throw new Error('semola sweep: give a spec file (semola sweep SPEC.json) or a command (list, status, cancel, resume, collect, resubmit, report)');
      const slurmOnly = (['bundles', 'partition', 'time', 'cpus', 'mem', 'gpus', 'account', 'module', 'semola', 'dryRun'] as const).filter((k) => f[k] !== undefined);
      if (f.executor !== 'slurm' && slurmOnly.length > 0) throw new Error(`--${slurmOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is a Slurm option: add --executor slurm`);
      if (f.executor === 'slurm' && f.parallel !== undefined) throw new Error('--parallel is for the local executor; on Slurm each task asks for --cpus (default: its starts)');
      let given: unknown;
      try {
        given = JSON.parse(await readFile(specFile, 'utf8'));
      } catch (e) {
        throw new Error(`${specFile}: ${e instanceof Error ? e.message : String(e)}`);
      }
      // Every task resolved and validated before anything is recorded or queued.
      const expanded = await expandSweep(given, specFile, resolve);
      const slurm: SlurmSettings = { partition: f.partition, time: f.time, cpus: f.cpus, mem: f.mem, gpus: f.gpus, account: f.account, modules: f.module, semola: f.semola };
      const workspace = openWorkspace(resolveWorkspacePath(f.workspace));
      try {
        const rootFor = (id: number | string): string => path.resolve(f.bundles ?? path.join(path.dirname(workspace.file), 'sweeps', String(id)));
        if (f.dryRun) {
          const next = (workspace.db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM experiments').get() as { n: number }).n;
          process.stdout.write(jobScript({ id: next, name: expanded.name }, expanded.spec.tasks, rootFor(next), slurm));
          return;
        }
        const created = workspace.transaction(() => {
          const s = workspace.sweeps.create(expanded.name, expanded.description, expanded.spec, f.executor);
          if (f.executor === 'slurm') workspace.sweeps.setExecutorState(s.id, { root: rootFor(s.id), slurm, submissions: [] } satisfies SlurmState as unknown as Record<string, unknown>);
          else recordLocalRuns(workspace, s);
          return workspace.sweeps.require(s.id);
        });
        err(`sweep ${created.id} (${created.name}): ${expanded.spec.points.length} grid point(s), ${expanded.spec.tasks.length} task(s)`);
        const executor = executorFor(workspace, created, f.parallel, f.quiet);
        await executor.submit(created.spec.tasks);
        if (executor instanceof SlurmExecutor) {
          const st = workspace.sweeps.require(created.id).executorState as unknown as SlurmState;
          out(`sweep ${created.id}: submitted as Slurm job ${st.submissions.at(-1)!.jobId} (script ${st.submissions.at(-1)!.script}); bundles go to ${st.root}/bundles; \`semola sweep collect ${created.id}\` brings finished tasks in`);
        } else {
          out(statusText(created, await executor.status()));
        }
      } finally {
        workspace.close();
      }
    });
  // Options given after a subcommand that the parent also defines (--workspace, --parallel, --quiet) are parsed as the parent's.
  const withParent = <T extends object>(f: T): T => ({ ...Object.fromEntries(Object.entries(sweep.opts()).filter(([k]) => ['workspace', 'parallel', 'quiet'].includes(k))), ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) }) as T;
  sweep
    .command('list')
    .description('the sweeps of the workspace')
    .addOption(ws())
    .action(async (f: { workspace?: string }) => {
      const w = openWorkspace(resolveWorkspacePath(withParent(f).workspace));
      try {
        const all = w.sweeps.list();
        out(all.length ? all.map((s) => `${s.id}\t${s.executor}\t${s.spec.tasks.length} tasks\t${s.createdAt.slice(0, 19).replace('T', ' ')}\t${s.name}`).join('\n') : `no sweeps in ${w.file}`);
      } finally {
        w.close();
      }
    });
  sweep
    .command('status <id>')
    .description('where every task stands (Slurm: with its state and reason)')
    .addOption(ws())
    .option('--json', 'JSON')
    .action((id: string, f: { workspace?: string; json?: boolean }) =>
      withSweep(id, (f = withParent(f)), async (w, s) => {
        const statuses = await executorFor(w, s).status();
        out(f.json ? JSON.stringify({ sweep: { id: s.id, name: s.name, executor: s.executor }, tasks: statuses }, null, 2) : statusText(s, statuses));
      }),
    );
  sweep
    .command('cancel <id>')
    .description('stop the sweep: local, the process training it cancels its runs; Slurm, scancel of its jobs (collect then records them canceled)')
    .addOption(ws())
    .action((id: string, f: { workspace?: string }) =>
      withSweep(id, (f = withParent(f)), async (w, s) => {
        await executorFor(w, s).cancel();
        out(`sweep ${s.id}: cancel requested`);
      }),
    );
  sweep
    .command('resume <id>')
    .description('train (local) or submit (Slurm) every task without a done run that is not queued or running')
    .addOption(ws())
    .option('--parallel <N>', 'local: trainer processes at once (default: cores - 1, at least 1)', intFlag('--parallel', { min: 1 }))
    .option('--quiet', 'no per-epoch lines')
    .action((id: string, f: { workspace?: string; parallel?: number; quiet?: boolean }) =>
      withSweep(id, (f = withParent(f)), async (w, s) => {
        const executor = executorFor(w, s, f.parallel, f.quiet);
        const statuses = await executor.status();
        const todo = statuses.filter((t) => t.status === 'not-submitted' || (RESUMABLE_STATUSES as readonly string[]).includes(t.status) || (s.executor === 'local' && t.status === 'queued'));
        if (todo.length === 0) {
          out(statusText(s, statuses));
          return;
        }
        err(`sweep ${s.id}: ${s.executor === 'local' ? 'training' : 'submitting'} ${todo.length} task(s): ${todo.map((t) => t.task).join(', ')}`);
        await executor.submit(tasksOf(s, todo.map((t) => t.task)));
        out(statusText(s, await executor.status()));
      }),
    );
  sweep
    .command('collect <id>')
    .description('Slurm: ingest finished bundles into the workspace (idempotent); tasks that ended without one become failed runs with their reason and Slurm state')
    .addOption(ws())
    .action((id: string, f: { workspace?: string }) =>
      withSweep(id, (f = withParent(f)), async (w, s) => {
        const r = await executorFor(w, s).collect();
        out(`sweep ${s.id}: ${r.ingested.length} ingested${r.ingested.length ? ` (tasks ${r.ingested.join(', ')})` : ''}, ${r.failed.length} failed${r.failed.length ? ` (tasks ${r.failed.join(', ')})` : ''}, ${r.canceled.length} canceled, ${r.pending.length} still queued or running`);
      }),
    );
  sweep
    .command('resubmit <id>')
    .description('Slurm: submit the failed tasks again (one new array job)')
    .addOption(ws())
    .option('--failed', 'the tasks whose run failed (required: it is the only choice so far, named so that the command says what it does)')
    .action((id: string, f: { workspace?: string; failed?: boolean }) =>
      withSweep(id, (f = withParent(f)), async (w, s) => {
        if (!f.failed) throw new Error('semola sweep resubmit: say which tasks: --failed');
        if (s.executor !== 'slurm') throw new Error(`sweep ${s.id} runs locally: use \`semola sweep resume ${s.id}\``);
        const failed = s.spec.tasks.filter((t) => w.runs.sweepTask(s.id, t.task)?.status === 'failed');
        if (failed.length === 0) {
          out(`sweep ${s.id}: no failed task (run \`semola sweep collect ${s.id}\` first to record finished ones)`);
          return;
        }
        const executor = new SlurmExecutor(w, s);
        await executor.submit(failed);
        const st = w.sweeps.require(s.id).executorState as unknown as SlurmState;
        out(`sweep ${s.id}: tasks ${failed.map((t) => t.task).join(', ')} resubmitted as Slurm job ${st.submissions.at(-1)!.jobId}`);
      }),
    );
  sweep
    .command('report <id>')
    .description('per grid point mean +- std of every metric over seeds, what the seeds found, the best point; writes <out-dir>/sweep-<id>.{md,json}')
    .addOption(ws())
    .option('--metric <name>', 'choose the best point by this metric (dotted, as in the JSON: test.mse, validation.loss, reference.action, ...)', 'test.mse')
    .option('--out-dir <dir>', 'report folder', 'reports/sweeps')
    .action((id: string, f: { workspace?: string; metric: string; outDir: string }) =>
      withSweep(id, (f = withParent(f)), async (w, s) => {
        const report = sweepReport(s, w.runs.list({ experimentId: s.id, archived: 'all' }), f.metric);
        await mkdir(f.outDir, { recursive: true });
        const base = path.join(f.outDir, `sweep-${s.id}`);
        await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
        await writeFile(`${base}.md`, sweepMarkdown(report));
        out(`report written to ${path.resolve(base)}.md and .json${report.best ? `; best by ${f.metric}: point ${report.best.point} (${report.best.label})` : ''}`);
      }),
    );
}
