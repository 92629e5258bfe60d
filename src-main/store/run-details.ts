/**
 * Read models over the repositories: one run with everything recorded for it, and several runs
 * side by side. `semola runs show/compare` print these; the desktop app's service returns them.
 */
import type { Verdict } from '../engine/verdict/decide';
import type { StoredDataset, RunRecord, ArtifactInfo } from './types';
import type { Workspace } from './workspace';

export interface RunDetails {
  run: RunRecord;
  dataset: StoredDataset | null;
  experiment: string | null;
  tags: string[];
  note: string | null;
  /** The last value of every metric. */
  latestMetrics: Record<string, number | null>;
  snapshotEpochs: number[];
  artifacts: ArtifactInfo[];
}

export function runDetails(ws: Workspace, id: number): RunDetails {
  const run = ws.runs.require(id);
  return {
    run,
    dataset: run.datasetId !== null ? ws.datasets.get(run.datasetId) : null,
    experiment: run.experimentId !== null ? (ws.experiments.get(run.experimentId)?.name ?? null) : null,
    tags: ws.tags.list(id),
    note: ws.notes.get(id)?.markdown ?? null,
    latestMetrics: ws.metrics.latest(id),
    snapshotEpochs: ws.snapshots.list(id).map((s) => s.epoch),
    artifacts: ws.artifacts.list(id),
  };
}

/** Headline results of a finished run, read from its summary (null where the run has none). */
export interface RunResults {
  testMse: number | null;
  testMae: number | null;
  accuracy: number | null;
  equivarianceError: number | null;
  referenceAction: number | null;
  referenceSubspace: number | null;
  verdict: string | null;
  seconds: number | null;
  /** Why the stored summary cannot be read (then every result above is null). */
  summaryError: string | null;
}

/** The verdict in a few words: "so(2) (0.997)", "inconclusive" or "none found". */
export function verdictWords(v: Verdict): string {
  if (v.symmetryFound) return `${v.name ?? 'symmetry'}${v.similarity !== null ? ` (${v.similarity.toFixed(3)})` : ''}`;
  return v.status === 'inconclusive' ? 'inconclusive' : 'none found';
}

export function runResults(run: RunRecord): RunResults {
  const s = run.summary;
  const test = s?.metrics.test;
  return {
    testMse: test?.mse ?? null,
    testMae: test?.mae ?? null,
    accuracy: test?.accuracy ?? null,
    equivarianceError: test?.equivarianceError ?? null,
    referenceAction: s?.reference?.action ?? null,
    referenceSubspace: s?.reference?.subspace ?? null,
    verdict: s?.verdict ? verdictWords(s.verdict) : null,
    seconds: s?.timings.seconds ?? null,
    summaryError: run.summaryError,
  };
}

export interface RunComparison {
  ids: number[];
  /** Config keys (dotted paths) whose values differ between the runs, with each run's value. */
  configDifferences: { key: string; values: unknown[] }[];
  /** Final value of every metric any of the runs recorded. */
  metrics: { name: string; values: (number | null)[] }[];
  results: RunResults[];
  status: string[];
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
}

export function compareRuns(ws: Workspace, ids: number[]): RunComparison {
  if (ids.length < 2) throw new Error('compare needs at least two run ids');
  const runs = ids.map((id) => ws.runs.require(id));
  const flat = runs.map((r) => {
    const m = new Map<string, unknown>();
    flatten(r.config ?? r.request.config, '', m);
    m.set('data', r.request.data);
    return m;
  });
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))].sort();
  const configDifferences = keys
    .map((key) => ({ key, values: flat.map((m) => m.get(key) ?? null) }))
    .filter(({ values }) => new Set(values.map((v) => JSON.stringify(v))).size > 1);
  const latest = ids.map((id) => ws.metrics.latest(id));
  const names = [...new Set(latest.flatMap((l) => Object.keys(l)))].sort();
  return {
    ids,
    configDifferences,
    metrics: names.map((name) => ({ name, values: latest.map((l) => l[name] ?? null) })),
    results: runs.map(runResults),
    status: runs.map((r) => r.status),
  };
}
