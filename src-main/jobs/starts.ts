/**
 * A run of several starts: each start is the same run with its own seed (seed-rule.ts), trained
 * in its own trainer process (jobs/trainer-entry, the app's queue machinery), at most `parallel`
 * at once: the one trainer-process budget. The run's summary is its best start's (smallest
 * validation loss) with every start and their agreement added (`starts`, `agreement`).
 * Resumed (jobs/recorded-starts), finished starts are taken as they were and the others continue
 * from their own checkpoints.
 */
import { mergeDefaults } from '../engine/config';
import { forkLauncher, type TrainerLauncher } from './launcher';
import type { FromTrainer } from './messages';
import { RUN_REQUEST_KEYS, type RunRequest } from '../store/types';
import type { Summary, WrittenSummary } from '../summary/schema';
import type { RunOptions } from '../run/options';
import { checkOutPath, writeSummary } from '../run/out-path';
import { withAgreement } from '../engine/verdict/decide';
import { bestStart, startsAgreement, type StartOutcome } from '../run/starts/agreement';
import { startSeed } from '../run/starts/seed-rule';

export interface StartsSettings {
  starts: number;
  /** Trainer processes at once. */
  parallel: number;
  launcher?: TrainerLauncher;
  /** Every message of every start, with the start's index (progress, snapshots, started, checkpoints, ...). */
  onMessage?: (index: number, m: FromTrainer) => void;
  /** A start finished (called before it counts as finished; a throw fails the run). */
  onStartDone?: (index: number, summary: Summary) => void;
  /** Each start posts a checkpoint after every this many epochs (default: none). */
  checkpointEvery?: number;
  /** Resuming: per start, its summary if it finished (not trained again), else its checkpoint or null. */
  resume?: { finished: readonly (Summary | null)[]; checkpoints: readonly (Uint8Array | null)[] };
}

interface StartJob {
  index: number;
  request: RunRequest;
  checkpoint: Uint8Array | null;
  checkpointEvery: number;
}

/** The run request every start is given (the plain-data options, no callbacks or outputs). */
export function requestOf(opts: RunOptions): RunRequest {
  const given = opts as unknown as Record<string, unknown>;
  return Object.fromEntries(RUN_REQUEST_KEYS.filter((k) => given[k] !== undefined).map((k) => [k, given[k]])) as unknown as RunRequest;
}

/** The seed the run was asked for (the config's, else the preset's, else the default). */
export function baseSeed(config: Record<string, unknown>): number {
  return Number(mergeDefaults(config).seed);
}

/** Start `index`'s config: its own seed, the run's validation split. */
export function startConfig(config: Record<string, unknown>, index: number): Record<string, unknown> {
  const seed = baseSeed(config);
  return { ...config, seed: startSeed(seed, index), valSplitSeed: (config.valSplitSeed as number | null | undefined) ?? seed };
}

function trainStart(launcher: TrainerLauncher, job: StartJob, runId: number, workspace: string, signal: AbortSignal | undefined, onMessage: (m: FromTrainer) => void, onDone: (summary: Summary) => void): Promise<Summary> {
  const { index, request } = job;
  return new Promise((resolve, reject) => {
    const child = launcher();
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      f();
    };
    const abort = (): void => {
      child.kill();
      settle(() => reject(new Error('canceled')));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    child.onMessage((m) => {
      if (m.type === 'done') {
        settle(() => {
          try {
            onDone(m.summary);
            resolve(m.summary);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      }
      else if (m.type === 'error') settle(() => reject(new Error(`start ${index} (seed ${String(request.config.seed)}): ${m.message}`)));
      else onMessage(m);
    });
    child.onExit((exit) => settle(() => reject(new Error(`start ${index}: the trainer process ended without a result (code ${exit.code ?? '-'}, signal ${exit.signal ?? '-'})${exit.stderr ? `: ${exit.stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`))));
    child.send({ type: 'start', runId, workspace, request, checkpoint: job.checkpoint, checkpointEvery: job.checkpointEvery });
  });
}

/** Run `count` tasks, at most `limit` at once; the first failure stops the rest (they are aborted). */
async function pooled<T>(count: number, limit: number, task: (i: number, signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T[]> {
  const stop = new AbortController();
  const onOuter = (): void => stop.abort();
  outer?.addEventListener('abort', onOuter);
  const results = new Array<T>(count);
  let next = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (next < count && failure === null) {
      const i = next++;
      try {
        results[i] = await task(i, stop.signal);
      } catch (e) {
        if (failure === null) failure = e;
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuter);
  }
  if (failure !== null) throw failure instanceof Error ? failure : new Error(String(failure));
  return results;
}

function outcomeOf(summary: Summary, index: number): StartOutcome {
  const v = summary.verdict as (Summary['verdict'] & { status?: string }) | null;
  return {
    index,
    seed: summary.config.seed,
    valLoss: summary.metrics.validation.loss,
    // Compared on the data's span: each start restricted its basis to it (basisVisible).
    basis: summary.basisVisible,
    fullBasis: summary.basis,
    verdict: { status: v?.status ?? (v?.symmetryFound ? 'found' : 'not-found'), name: v?.name ?? null },
    groupElements: summary.permutationGroup?.elements ?? null,
    groupName: summary.permutationGroup?.name ?? null,
  };
}

export async function runStarts(opts: RunOptions, s: StartsSettings): Promise<WrittenSummary> {
  if (!Number.isInteger(s.starts) || s.starts < 1) throw new Error(`--starts must be a positive integer, got ${s.starts}`);
  if (!Number.isInteger(s.parallel) || s.parallel < 1) throw new Error(`--parallel must be a positive integer, got ${s.parallel}`);
  if (opts.out) await checkOutPath(opts.out);
  const launcher = s.launcher ?? forkLauncher();
  const base = requestOf(opts);
  const runId = opts.run?.id ?? 0;
  const workspace = opts.run?.workspace ?? '';
  const t0 = performance.now();
  const finished = Array.from({ length: s.starts }, (_, i) => s.resume?.finished[i] ?? null);
  const todo = finished.flatMap((f, i) => (f === null ? [i] : []));
  // Without a recorder to keep them, a start's checkpoints are not needed: one at the very end only.
  const checkpointEvery = s.checkpointEvery ?? Number.MAX_SAFE_INTEGER;
  const trained = await pooled(
    todo.length,
    s.parallel,
    (j, signal) => {
      const i = todo[j]!;
      const job = { index: i, request: { ...base, config: startConfig(base.config, i) }, checkpoint: s.resume?.checkpoints[i] ?? null, checkpointEvery };
      return trainStart(launcher, job, runId, workspace, signal, (m) => s.onMessage?.(i, m), (summary) => s.onStartDone?.(i, summary));
    },
    opts.signal,
  );
  todo.forEach((i, j) => (finished[i] = trained[j]!));
  const summaries = finished as Summary[];
  const outcomes = summaries.map(outcomeOf);
  const best = bestStart(outcomes);
  // Compared by action on the best start's held-out rows (every start shares the split).
  const agreement = startsAgreement(outcomes, null, summaries[best]!.actionMetric ?? null);
  const starts = summaries.map((sum, i) => ({
    index: i,
    seed: sum.config.seed,
    best: i === best,
    validationLoss: sum.metrics.validation.loss,
    testMse: sum.metrics.test.mse,
    testAccuracy: sum.metrics.test.accuracy,
    basis: sum.basis,
    basisVisible: sum.basisVisible,
    verdict: { status: outcomes[i]!.verdict.status, name: outcomes[i]!.verdict.name, symmetryFound: sum.verdict?.symmetryFound ?? false, reason: sum.verdict?.reason ?? '' },
    permutationGroup: sum.permutationGroup ? { name: sum.permutationGroup.name, order: sum.permutationGroup.order } : null,
    seconds: sum.timings.seconds,
  }));
  const { run: _childRun, ...chosen } = summaries[best]!;
  // The run's answer is its best start's, held to what the starts agree on.
  const verdict = chosen.verdict && s.starts > 1 ? withAgreement(chosen.verdict, agreement) : chosen.verdict;
  const summary = {
    ...chosen,
    verdict,
    starts,
    agreement: { ...agreement, best, wallSeconds: (performance.now() - t0) / 1000, parallel: Math.min(s.parallel, s.starts) },
    ...(opts.run ? { run: opts.run } : {}),
  } as WrittenSummary;
  if (opts.out) {
    const note = await writeSummary(opts.out, `${JSON.stringify(summary, null, 2)}\n`, opts.run);
    if (note) process.stderr.write(`warning: ${note}\n`);
  }
  return summary;
}
