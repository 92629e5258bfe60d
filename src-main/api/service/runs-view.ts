/** How stored runs, metrics and snapshots look on the contract. */
import { createHash } from 'node:crypto';
import type { RunRecord, Snapshot as StoredSnapshot, Workspace } from '../../store/index';
import { withLayoutDefaults } from '../../engine/options/feasibility';
import { resolveSettings } from '../../engine/options/resolve';
import type { Summary } from '../../summary/schema';
import type { MetricSeries, RunSummary, Snapshot } from '../schemas';

/** Best (smallest) and last value of every metric of a run, by name. */
function bestAndLast(ws: Workspace, runId: number): { best: Record<string, number>; last: Record<string, number> } {
  const best: Record<string, number> = {};
  const last: Record<string, number> = {};
  for (const name of ws.metrics.names(runId)) {
    let min = Infinity;
    let latest: number | null = null;
    for (const p of ws.metrics.series(runId, name)) {
      if (p.value === null) continue;
      if (p.value < min) min = p.value;
      latest = p.value;
    }
    if (Number.isFinite(min)) best[name] = min;
    if (latest !== null) last[name] = latest;
  }
  return { best, last };
}

const START_METRIC = /^start\.(\d+)\.(.+)$/;

/**
 * A run of several starts records every start's metrics (`start.<i>.loss.total`, ...); its own
 * values are those of the start it keeps: the summary's best start once finished, while it trains
 * the start with the lowest validation loss so far. Null when the run records no starts.
 */
function keptStart(summary: Summary | null, best: Record<string, number>): number | null {
  const kept = summary?.starts?.find((s) => s.best)?.index;
  if (kept !== undefined) return kept;
  let chosen: number | null = null;
  let lowest = Infinity;
  for (const [name, v] of Object.entries(best)) {
    const m = START_METRIC.exec(name);
    if (m && m[2] === 'val.loss' && v < lowest) {
      lowest = v;
      chosen = Number(m[1]);
    }
  }
  return chosen;
}

export function runSummary(ws: Workspace, run: RunRecord): RunSummary {
  const { best, last } = bestAndLast(ws, run.id);
  const kept = (run.request.starts ?? 1) > 1 ? keptStart(run.summary, best) : null;
  if (kept !== null) {
    // The run's columns show its kept start; the per-start values stay under their own names.
    for (const [source, target] of [[best, best], [last, last]] as const) {
      for (const [name, v] of Object.entries(source)) {
        const m = START_METRIC.exec(name);
        if (m && Number(m[1]) === kept && !(m[2]! in target)) target[m[2]!] = v;
      }
    }
  }
  const datasetName = run.datasetId !== null ? (ws.datasets.get(run.datasetId)?.record.name ?? run.request.data) : run.request.data;
  return {
    id: run.id,
    name: run.name ?? `run ${run.id}`,
    datasetId: run.datasetId,
    datasetName,
    method: run.method,
    status: run.status,
    seed: run.seed,
    backend: run.backend,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    epochsDone: run.epochsDone,
    epochs: Math.max(1, run.epochs),
    archived: run.archivedAt !== null,
    tags: ws.tags.list(run.id),
    note: ws.notes.get(run.id)?.markdown ?? '',
    error: run.error,
    best,
    last,
    settings: scalarSettings(run.config ?? run.request.config),
    groupSettings: groupSettings(ws, run),
    ...runSymmetry(run.summary),
    summaryError: run.summaryError,
  };
}

/** What a run found, for the runs table: from the summary's verdict and permutation group. */
export function runSymmetry(summary: Summary | null): { symmetryFound: boolean | null; symmetry: string | null } {
  const verdict = summary?.verdict;
  if (!verdict) return { symmetryFound: null, symmetry: null };
  const group = summary.permutationGroup;
  const parts = [verdict.symmetryFound ? `found: ${verdict.name ?? 'unnamed'}` : verdict.status === 'inconclusive' ? 'inconclusive' : 'none found'];
  if (group) parts.push(`group ${group.name ?? `of order ${group.order}`}`);
  return { symmetryFound: verdict.symmetryFound, symmetry: parts.join('; ') };
}

/** Scalar config values by dotted key; arrays (hidden sizes, matrices) are left out. */
export function scalarSettings(config: Record<string, unknown>): Record<string, number | string | boolean | null> {
  const out: Record<string, number | string | boolean | null> = {};
  for (const [key, v] of Object.entries(flattenConfig(config))) {
    if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
  }
  return out;
}

/**
 * A run's request resolved as the form resolves it (the option table with the dataset's layout), as
 * JSON text by dotted key. Resolved from the request, not taken from the trainer's config, so a
 * queued run compares with a finished one; a request that no longer resolves (its dataset deleted)
 * gives the stored config instead.
 */
export function groupSettings(ws: Workspace, run: RunRecord): Record<string, string> {
  const record = run.datasetId !== null ? ws.datasets.get(run.datasetId)?.record : undefined;
  const resolved = record ? resolveSettings(withLayoutDefaults(record, run.request.config)) : null;
  const config = resolved?.ok ? (resolved.config as unknown as Record<string, unknown>) : (run.config ?? run.request.config);
  const flat = Object.fromEntries(Object.entries(flattenConfig(config)).map(([key, v]) => [key, compactText(JSON.stringify(v) ?? 'undefined')]));
  // Runs of different starts are different settings, though `starts` is the run's, not the config's.
  return { ...flat, starts: String(run.request.starts ?? 1) };
}

/** A long value (a given basis) as its digest: the list stays small and equal values stay equal. */
function compactText(text: string): string {
  return text.length <= 200 ? text : `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)} (${text.length} chars)`;
}

export function metricSeries(ws: Workspace, runId: number): MetricSeries[] {
  return ws.metrics.names(runId).map((name) => {
    const epochs: number[] = [];
    const values: number[] = [];
    for (const p of ws.metrics.series(runId, name)) {
      if (p.value === null) continue;
      epochs.push(p.epoch);
      values.push(p.value);
    }
    return { name, epochs, values };
  });
}

/** [k, d, d] row-major floats as nested arrays. */
export function basisArrays(flat: Float32Array, k: number, d: number): number[][][] {
  return Array.from({ length: k }, (_, g) => Array.from({ length: d }, (_, i) => Array.from(flat.subarray(g * d * d + i * d, g * d * d + (i + 1) * d))));
}

export function toSnapshot(s: StoredSnapshot): Snapshot {
  return { epoch: s.epoch, basis: basisArrays(s.basis, s.k, s.d), strengths: s.strengths ? Array.from(s.strengths) : null };
}

/** At most `max` items, evenly spread, always keeping the first and the last. */
export function evenlySpread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  if (max === 1) return [items[items.length - 1]!];
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}

/** Dotted paths of a nested config: {a: {b: 1}} -> {'a.b': 1}; arrays stay whole values. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) flattenConfig(v, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

/** Config keys whose values are not the same in every run (missing counts as a value). */
export function differingKeys(configs: Record<string, unknown>[]): { key: string; values: unknown[] }[] {
  const flat = configs.map((c) => flattenConfig(c));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return keys
    .map((key) => ({ key, values: flat.map((f) => (key in f ? f[key] : null)) }))
    .filter(({ values }) => new Set(values.map((v) => JSON.stringify(v))).size > 1);
}
