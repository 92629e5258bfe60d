/**
 * The sweeps half of the service: a sweep made in the app over imported datasets is expanded and
 * checked by the code `semola sweep SPEC.json` uses (jobs/sweep/spec), recorded as the local
 * executor records one, and its runs queued on this session's run queue (the one trainer budget);
 * its statistics per grid point are the sweep report's (jobs/sweep/report).
 */
import type { DatasetRecord } from '../../data/record';
import { OPTION_BY_NAME } from '../../engine/options/table';
import { unknownKey } from '../../engine/options/setting';
import { MAIN_SWEEP_METRICS, sweepReport } from '../../jobs/sweep/report';
import { recordLocalRuns } from '../../jobs/sweep/local';
import { expandSweep, type ResolveSettings } from '../../jobs/sweep/spec';
import type { RunOptions } from '../../run/options';
import { RUN_REQUEST_KEYS, type RunRecord, type Sweep } from '../../store/types';
import { MAX_SWEEP_TASKS, type ApiHandlers, type MethodArgs } from '../contract';
import { ApiError, notFound } from '../errors';
import type { SweepSummary } from '../schemas';
import { checkRunConfig } from './config-check';
import type { ServiceDeps } from './ports';
import { requestFor } from './runs';
import { flattenConfig } from './runs-view';

type SweepHandlers = Pick<ApiHandlers, 'sweeps.create' | 'sweeps.list' | 'sweeps.cancel'>;

/** The keys of a task's settings that say which data it trains on (and how it is read), not how it trains. */
const DATA_KEYS: readonly string[] = RUN_REQUEST_KEYS.filter((k) => k !== 'config' && k !== 'backend');

interface SweepDataset {
  id: number;
  record: DatasetRecord;
  /** What a task's settings hold for this dataset: the importer's source and options, as runs.create records them. */
  settings: Record<string, unknown>;
  key: string;
}

const dataKey = (o: Record<string, unknown>): string => JSON.stringify(DATA_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

function sweepDataset(id: number, record: DatasetRecord): SweepDataset {
  const request = requestFor(record, {}) as unknown as Record<string, unknown>;
  const settings = Object.fromEntries(DATA_KEYS.filter((k) => request[k] !== undefined).map((k) => [k, request[k]]));
  return { id, record, settings, key: dataKey(settings) };
}

/**
 * A task's settings resolved as the New-run form's are (runs.create): the data keys pick the
 * dataset, the rest are the run's overrides, checked by the option table and the dataset's
 * feasibility checks; a refusal names the setting.
 */
function resolverFor(datasets: readonly SweepDataset[]): ResolveSettings {
  return async (settings) => {
    const data: Record<string, unknown> = {};
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(settings)) {
      if (DATA_KEYS.includes(key) || key === 'backend') Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
      else Object.defineProperty(config, key, { value, enumerable: true, writable: true, configurable: true });
    }
    const dataset = datasets.find((d) => d.key === dataKey(data));
    if (!dataset) throw new Error(`data ${String(data.data)} is not one of the sweep's datasets`);
    const check = checkRunConfig(dataset.record, config);
    if (!check.ok) throw new Error(check.errors.join('; '));
    return { options: { ...(data as unknown as Omit<RunOptions, 'config'>), config }, starts: 1, parallel: 1 };
  };
}

/** Refusals the option table would give later, said in the form's words and before any expansion. */
function checkGrid(args: MethodArgs<'sweeps.create'>): void {
  for (const { setting } of args.grid) {
    if (setting === 'seed') throw new ApiError('invalid-input', 'grid: seed is not varied by the grid; give the sweep its seeds');
    const entry = OPTION_BY_NAME.get(setting);
    if (!entry || entry.scope !== 'config') throw new ApiError('invalid-input', `grid: ${unknownKey(setting)}`);
  }
  const points = args.datasetIds.length * (args.list?.length ?? 1) * args.grid.reduce((n, g) => n * g.values.length, 1);
  const seeds = typeof args.seeds === 'number' ? args.seeds : args.seeds.length;
  if (points * seeds > MAX_SWEEP_TASKS) throw new ApiError('invalid-input', `the sweep has ${points} grid point(s) x ${seeds} seed(s) = ${points * seeds} runs; at most ${MAX_SWEEP_TASKS} from the app (larger sweeps: \`semola sweep SPEC.json\`)`);
  if (typeof args.seeds !== 'number' && new Set(args.seeds).size !== args.seeds.length) throw new ApiError('invalid-input', `seeds must be distinct, got ${args.seeds.join(', ')}`);
}

/** A sweep and its runs as the contract shows them: the report's statistics, the main metrics only. */
export function sweepSummary(sweep: Sweep, runs: readonly RunRecord[]): SweepSummary {
  const report = sweepReport(sweep, runs, 'test.mse');
  const metrics = MAIN_SWEEP_METRICS.filter((m) => report.table.some((row) => row.metrics[m]));
  const byTask = new Map(runs.filter((r) => r.sweepTask !== null).map((r) => [r.sweepTask!, r]));
  const bestBy = metrics.find((m) => m !== 'trainSeconds');
  const best = bestBy ? sweepReport(sweep, runs, bestBy).best : null;
  return {
    id: sweep.id,
    name: sweep.name,
    description: sweep.description,
    createdAt: sweep.createdAt,
    executor: sweep.executor,
    seeds: report.seeds,
    tasks: sweep.spec.tasks.length,
    fixed: flattenConfig(sweep.spec.given.base ?? {}),
    metrics,
    points: report.table.map((row) => ({
      point: row.point,
      label: row.label,
      values: row.values,
      done: row.done,
      of: row.of,
      seeds: sweep.spec.tasks
        .filter((t) => t.point === row.point)
        .map((t) => {
          const run = byTask.get(t.task);
          return { task: t.task, seed: t.seed, runId: run?.id ?? null, status: run?.status ?? 'not run' };
        }),
      metrics: Object.fromEntries(metrics.flatMap((m) => (row.metrics[m] ? [[m, row.metrics[m]]] : []))),
      found: row.found,
    })),
    best: best && bestBy ? { ...best, metric: bestBy } : null,
  };
}

export function sweepHandlers(deps: ServiceDeps): SweepHandlers {
  const { workspace: ws } = deps;
  const runsOf = (id: number): RunRecord[] => ws.runs.list({ experimentId: id, archived: 'all' });
  const requireSweep = (id: number): Sweep => {
    const sweep = ws.sweeps.get(id);
    if (sweep === null) throw notFound('sweep', id);
    return sweep;
  };

  return {
    'sweeps.create': async (args) => {
      checkGrid(args);
      const datasets = args.datasetIds.map((id) => {
        const stored = ws.datasets.get(id);
        if (stored === null) throw notFound('dataset', id);
        return sweepDataset(id, stored.record);
      });
      if (deps.queue === null) throw new ApiError('unsupported', 'no trainer can be started in this session (the run queue is not available)');
      const given = {
        ...(args.name ? { name: args.name } : {}),
        ...(args.description ? { description: args.description } : {}),
        datasets: datasets.map((d) => d.settings),
        base: { ...args.base, backend: args.backend },
        grid: Object.fromEntries(args.grid.map((g) => [g.setting, g.values])),
        // Dotted keys, so that a point's label reads `weights.aug=0.1` however the entry was nested.
        ...(args.list ? { list: args.list.map((entry) => flattenConfig(entry)) } : {}),
        seeds: args.seeds,
        ...(args.starts !== undefined ? { starts: args.starts } : {}),
      };
      let expanded;
      try {
        expanded = await expandSweep(given, null, resolverFor(datasets));
      } catch (e) {
        throw new ApiError('invalid-input', `the sweep was not created: ${(e instanceof Error ? e.message : String(e)).replace(/^sweep spec: /, '')}`);
      }
      // Points name their dataset by its name in the workbench, not by its file (with its id where two share a name).
      const datasetOf = (o: Record<string, unknown>): SweepDataset | undefined => datasets.find((d) => d.key === dataKey(o));
      const nameOf = (d: SweepDataset): string => (datasets.filter((x) => x.record.name === d.record.name).length > 1 ? `${d.record.name} (#${d.id})` : d.record.name);
      for (const point of expanded.spec.points) {
        if (!('data' in point.values)) continue;
        const task = expanded.spec.tasks.find((t) => t.point === point.index)!;
        const dataset = datasetOf(task.request as unknown as Record<string, unknown>);
        const name = dataset ? nameOf(dataset) : String(point.values.data);
        point.label = point.label.replace(`data=${String(point.values.data)}`, `dataset=${name}`);
      }
      const { sweep, runIds } = ws.transaction(() => {
        const created = ws.sweeps.create(expanded.name, expanded.description, expanded.spec, 'local');
        const ids = recordLocalRuns(ws, created, (t) => datasetOf(t.request as unknown as Record<string, unknown>)?.id);
        return { sweep: created, runIds: ids };
      });
      // The queue announces each run's status (run.status) itself.
      for (const id of runIds) deps.queue.enqueue(id);
      return sweepSummary(sweep, runsOf(sweep.id));
    },
    'sweeps.list': async () => ws.sweeps.list().map((s) => sweepSummary(s, runsOf(s.id))),
    'sweeps.cancel': async ({ id }) => {
      requireSweep(id);
      if (deps.queue === null) throw new ApiError('unsupported', 'the run queue is not available');
      const active = runsOf(id).filter((r) => r.status === 'queued' || r.status === 'running');
      for (const r of active) await deps.queue.cancel(r.id);
      return { canceled: active.map((r) => r.id) };
    },
  };
}
