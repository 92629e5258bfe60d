/** The runs half of the service: validate and queue runs, read their records, annotate, compare. */
import type { DatasetRecord } from '../../data/record';
import { userUnitsOf } from '../../data/units';
import type { RunRecord, RunRequest } from '../../store/index';
import type { ApiHandlers } from '../contract';
import { ApiError, notFound } from '../errors';
import { checkRunConfig } from './config-check';
import type { ServiceDeps } from './ports';
import { differingKeys, evenlySpread, metricSeries, runSummary, toSnapshot } from './runs-view';

type RunHandlers = Pick<
  ApiHandlers,
  | 'runs.validate'
  | 'runs.create'
  | 'runs.list'
  | 'runs.get'
  | 'runs.metrics'
  | 'runs.snapshots'
  | 'runs.algebra'
  | 'runs.cancel'
  | 'runs.delete'
  | 'runs.archive'
  | 'runs.tag'
  | 'runs.note'
  | 'runs.compare'
>;

/** What the trainer needs to load the same data again: the source and the importer's options. */
export function requestFor(record: DatasetRecord, config: Record<string, unknown>, backend: RunRequest['backend'] = 'auto'): RunRequest {
  const o = record.options;
  // Molecule importers record their target names as a list: the option is the comma-separated text.
  const text = (key: string): string | undefined => {
    const v = o[key];
    return typeof v === 'string' ? v : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(',') : undefined;
  };
  const int = (key: string): number | undefined => (typeof o[key] === 'number' && Number.isInteger(o[key]) ? (o[key] as number) : undefined);
  // Built-ins carry their own split, targets and task: only the spec goes to the trainer.
  if (record.format === 'builtin') {
    const spec = text('spec') ?? record.name;
    return { data: spec, backend, config };
  }
  const source = text('path') ?? record.sourceFiles[0];
  if (source === undefined) throw new ApiError('failed', `dataset ${record.name} records no source file to train from`);
  return {
    data: source,
    inputs: text('inputs'),
    targets: text('targets'),
    task: record.task,
    targetKind: text('targetKind') === 'classification' ? 'classification' : undefined,
    layout: text('layout'),
    // The importer's format and trajectory settings, so the trainer reads the data the same way.
    format: record.format,
    stride: int('stride'),
    nIn: int('nIn'),
    nOut: int('nOut'),
    // A folder imported with a limit: the run reads the same files, not the whole folder.
    limit: int('limit'),
    // The import's split, so the run trains and tests on exactly the samples the dataset shows.
    splitSeed: int('seed'),
    testFraction: typeof o.testFraction === 'number' ? o.testFraction : undefined,
    groupBy: text('groupBy'),
    testData: text('testPath'),
    // The units the user set in the dataset editor: the run's summary and exports carry them.
    units: userUnitsOf(o.units),
    backend,
    config,
  };
}

export function runHandlers(deps: ServiceDeps): RunHandlers {
  const { workspace: ws } = deps;
  const requireRun = (id: number): RunRecord => {
    const run = ws.runs.get(id);
    if (run === null) throw notFound('run', id);
    return run;
  };
  const requireDataset = (id: number) => {
    const stored = ws.datasets.get(id);
    if (stored === null) throw notFound('dataset', id);
    return stored;
  };

  return {
    'runs.validate': async ({ datasetId, config }) => {
      const check = checkRunConfig(requireDataset(datasetId).record, config);
      return check.ok ? { ok: true, resolved: check.resolved as unknown as Record<string, unknown> } : check;
    },
    'runs.create': async ({ datasetId, config, name, backend, starts }) => {
      const { record } = requireDataset(datasetId);
      const check = checkRunConfig(record, config);
      if (!check.ok) throw new ApiError('invalid-input', `the run was not started: ${check.errors.join('; ')}`);
      if (deps.queue === null) throw new ApiError('unsupported', 'no trainer can be started in this session (the run queue is not available)');
      const resolved = check.resolved;
      // One start is the request without `starts`, as `semola train --starts 1` records it.
      const request = { ...requestFor(record, config, backend), ...(starts !== undefined && starts > 1 ? { starts } : {}) };
      const run = ws.runs.create({ request, method: resolved.method, seed: resolved.seed, epochs: resolved.epochs, name, datasetId });
      // The queue announces the status change (run.status) itself.
      deps.queue.enqueue(run.id);
      return runSummary(ws, requireRun(run.id));
    },
    'runs.list': async ({ includeArchived }) => ws.runs.list({ archived: includeArchived ? 'all' : false }).map((run) => runSummary(ws, run)),
    'runs.get': async ({ id }) => {
      const run = requireRun(id);
      return { ...runSummary(ws, run), config: run.config ?? run.request.config, summary: run.summary };
    },
    'runs.metrics': async ({ id }) => metricSeries(ws, requireRun(id).id),
    'runs.snapshots': async ({ id, maxSnapshots }) => evenlySpread(ws.snapshots.list(requireRun(id).id), maxSnapshots).map(toSnapshot),
    'runs.algebra': async ({ id, epoch }) => {
      const run = requireRun(id);
      if (deps.analyzeAlgebra === null) throw new ApiError('unsupported', 'the algebra analysis is not available in this build');
      const snapshot = epoch === undefined ? ws.snapshots.latest(id) : ws.snapshots.get(id, epoch);
      if (snapshot === null) throw new ApiError('not-found', `run ${id} has no basis snapshot${epoch === undefined ? ' yet' : ` at epoch ${epoch}`}`);
      if (run.datasetId === null) throw new ApiError('not-found', `run ${id} has not loaded its dataset yet`);
      const layout = requireDataset(run.datasetId).record.layout;
      return { epoch: snapshot.epoch, ...deps.analyzeAlgebra(toSnapshot(snapshot).basis, layout) };
    },
    'runs.cancel': async ({ id }) => {
      const run = requireRun(id);
      if (run.status !== 'queued' && run.status !== 'running') throw new ApiError('failed', `run ${id} is ${run.status}; only a queued or running run can be canceled`);
      if (deps.queue === null) throw new ApiError('unsupported', 'the run queue is not available');
      await deps.queue.cancel(id);
      return { ok: true };
    },
    'runs.delete': async ({ id }) => {
      requireRun(id);
      ws.runs.delete(id);
      return { ok: true };
    },
    'runs.archive': async ({ id, archived }) => {
      requireRun(id);
      ws.runs.archive(id, archived);
      return { ok: true };
    },
    'runs.tag': async ({ id, tags }) => {
      requireRun(id);
      const wanted = new Set(tags.map((t) => t.trim()));
      ws.transaction(() => {
        for (const old of ws.tags.list(id)) if (!wanted.has(old)) ws.tags.remove(id, old);
        for (const tag of wanted) ws.tags.add(id, tag);
      });
      return { ok: true };
    },
    'runs.note': async ({ id, note }) => {
      requireRun(id);
      ws.notes.set(id, note);
      return { ok: true };
    },
    'runs.compare': async ({ ids }) => {
      const runs = ids.map(requireRun);
      return {
        runs: runs.map((run) => runSummary(ws, run)),
        differingConfig: differingKeys(runs.map((run) => run.config ?? run.request.config)),
      };
    },
  };
}
