/**
 * A sweep spec (JSON) expanded into tasks: every dataset x every entry of `list` x every point of
 * `grid`, each trained with every seed. Each task's settings are exactly a `semola train --config`
 * file and are resolved and validated the way that file is (the caller passes `semola train`'s
 * resolver), so a wrong value is refused by name before anything is queued or submitted.
 *
 *   { "name": "k and mask", "datasets": ["builtin:nbody2?trajectories=40"],
 *     "base": { "epochs": 2 }, "grid": { "k": [1, 2], "mask.name": ["full", "blocks2"] },
 *     "list": [{ "weights.aug": 0.1 }, { "weights.aug": 1 }], "seeds": 3, "starts": 1 }
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_PREFIX, parseBuiltinSpec } from '../../data/builtin/index';
import { resolveConfig, type TrainConfig } from '../../engine/config';
import type { RunOptions } from '../../run/options';
import { defaultStarts } from '../../run/starts/seed-rule';
import { requestOf } from '../starts';
import type { GridPoint, SweepSpecStored, SweepTask } from '../../store/types';

/** `semola train`'s resolution of a --config file's settings (host/cli.ts resolveTrainSettings). */
export type ResolveSettings = (settings: Record<string, unknown>) => Promise<{ options: RunOptions; starts: number; parallel: number }>;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `over` laid onto `base`, objects merged key by key. Keys are defined, never assigned, so a key
 * named __proto__ stays a key and reaches the option table, which refuses it.
 */
function mergeConfig<T>(base: T, over: unknown): T {
  if (!isPlain(over)) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const cur = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    Object.defineProperty(out, key, { value: isPlain(cur) && isPlain(value) ? mergeConfig(cur, value) : value, enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

const TOP_KEYS = ['name', 'description', 'datasets', 'base', 'grid', 'list', 'seeds', 'starts'] as const;
/** The sweep decides these per task; a spec that sets them in its settings is refused. */
const SWEEP_OWNED = ['seed', 'starts', 'parallel', 'out'] as const;
/** Settings that name files: relative paths are taken from the spec file's folder. */
const PATH_KEYS = ['data', 'testData', 'reference', 'basis'] as const;


/** `{"weights.aug": 1}` -> `{weights: {aug: 1}}`. */
function expandDotted(o: Plain): Plain {
  let out: Plain = {};
  for (const [key, value] of Object.entries(o)) {
    const parts = key.split('.');
    const nested = parts.reduceRight<unknown>((acc, part) => ({ [part]: acc }), value) as Plain;
    out = mergeConfig(out, nested);
  }
  return out;
}

/** Every combination of the grid's values, in order (the last key varies fastest). */
function gridPoints(grid: Record<string, unknown[]>): Plain[] {
  let points: Plain[] = [{}];
  for (const [key, values] of Object.entries(grid)) points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export interface ExpandedSweep {
  name: string;
  description: string;
  spec: SweepSpecStored;
  /** Each task resolved as `semola train` resolves it (same index as spec.tasks). */
  resolved: { options: RunOptions; starts: number }[];
}

export async function expandSweep(given: unknown, file: string | null, resolve: ResolveSettings): Promise<ExpandedSweep> {
  const where = file ?? 'sweep spec';
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  if (!isPlain(given)) return fail('expected a JSON object');
  for (const key of Object.keys(given)) if (!(TOP_KEYS as readonly string[]).includes(key)) fail(`unknown key "${key}"; valid: ${TOP_KEYS.join(', ')}`);
  const base = given.base ?? {};
  if (!isPlain(base)) fail('"base" must be an object of settings (as in a --config file)');
  const datasetsGiven = given.datasets;
  if (!Array.isArray(datasetsGiven) || datasetsGiven.length === 0) return fail('"datasets" must be a non-empty list of data (a file or builtin:NAME) or objects of data settings ({"data": ..., "targets": ...})');
  const datasets = datasetsGiven.map((d, i) => {
    const o = typeof d === 'string' ? { data: d } : d;
    if (!isPlain(o) || typeof o.data !== 'string') fail(`datasets[${i}] must be a string or an object with "data"`);
    return o as Plain;
  });
  const grid = (given.grid ?? {}) as Record<string, unknown>;
  if (!isPlain(grid)) fail('"grid" must be an object of setting -> list of values');
  for (const [key, values] of Object.entries(grid)) if (!Array.isArray(values) || values.length === 0) fail(`grid "${key}" must be a non-empty list of values`);
  const list = (given.list ?? [{}]) as unknown[];
  if (!Array.isArray(list) || list.length === 0 || !list.every(isPlain)) fail('"list" must be a non-empty list of settings objects');
  const seedsGiven = given.seeds ?? 1;
  const seeds = typeof seedsGiven === 'number' ? Array.from({ length: seedsGiven }, (_, i) => i) : seedsGiven;
  if (!(Number.isInteger(seedsGiven) && (seedsGiven as number) >= 1) && !(Array.isArray(seeds) && seeds.length > 0 && seeds.every((s) => Number.isInteger(s)) && new Set(seeds).size === seeds.length)) {
    fail(`"seeds" must be a count N (seeds 0..N-1) or a list of distinct integers, got ${JSON.stringify(seedsGiven)}`);
  }
  if (given.starts !== undefined && !(Number.isInteger(given.starts) && (given.starts as number) >= 1)) fail(`"starts" must be a positive integer, got ${JSON.stringify(given.starts)}`);
  const sources: [string, Plain][] = [['base', base as Plain], ...datasets.map((d, i): [string, Plain] => [`datasets[${i}]`, d]), ...(list as Plain[]).map((l, i): [string, Plain] => [`list[${i}]`, l]), ['grid', grid]];
  for (const [name, o] of sources) {
    for (const key of Object.keys(o)) if ((SWEEP_OWNED as readonly string[]).includes(key.split('.')[0]!)) fail(`${name} sets "${key}", which the sweep decides (seeds: "seeds"; starts: "starts"; --parallel on the command line; results go to the workspace or bundles)`);
  }
  const specDir = file ? path.dirname(path.resolve(file)) : process.cwd();
  const absolute = (settings: Plain): Plain => {
    const out = { ...settings };
    for (const key of PATH_KEYS) {
      const v = out[key];
      if (typeof v === 'string' && !v.startsWith(BUILTIN_PREFIX)) out[key] = path.resolve(specDir, v);
    }
    return out;
  };

  const points: GridPoint[] = [];
  const tasks: SweepTask[] = [];
  const resolved: ExpandedSweep['resolved'] = [];
  const varying = new Set<string>([...Object.keys(grid), ...(list as Plain[]).flatMap((l) => (list.length > 1 ? Object.keys(l) : []))]);
  if (datasets.length > 1) varying.add('data');
  for (const dataset of datasets) {
    for (const entry of list as Plain[]) {
      for (const combo of gridPoints(grid as Record<string, unknown[]>)) {
        const index = points.length;
        const flat: Plain = { ...dataset, ...entry, ...combo };
        const values = Object.fromEntries([...varying].filter((k) => k in flat).map((k) => [k, flat[k]]));
        const label = Object.entries(values).map(([k, v]) => `${k}=${show(v)}`).join(' ') || 'default';
        points.push({ index, label, values });
        const settings = absolute(mergeConfig(mergeConfig(mergeConfig(expandDotted(base as Plain), expandDotted(dataset)), expandDotted(entry)), expandDotted(combo)));
        for (const seed of seeds as number[]) {
          const task = tasks.length;
          const taskSettings = { ...settings, seed };
          const context = `task ${task} (grid point ${index}: ${label}; seed ${seed})`;
          try {
            const r = await resolve(taskSettings);
            checkData(r.options);
            // Validated as the trainer will: Augerino may take its basis from the data's ground truth at run time.
            const probe = { ...r.options.config };
            if (probe.method === 'augerino' && !probe.fixedBasis) delete probe.method;
            resolveConfig(probe as Partial<TrainConfig>);
            const starts = (given.starts as number | undefined) ?? defaultStarts(String(r.options.config.method ?? 'semola'));
            resolved.push({ options: r.options, starts });
          } catch (e) {
            fail(`${context}: ${e instanceof Error ? e.message : String(e)}`);
          }
          const { starts } = resolved[task]!;
          tasks.push({ task, point: index, seed, settings: taskSettings, starts, request: { ...requestOf(resolved[task]!.options), ...(starts > 1 ? { starts } : {}) } });
        }
      }
    }
  }
  const name = typeof given.name === 'string' && given.name.trim() ? given.name.trim() : `sweep ${file ? path.basename(file, '.json') : ''} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`.replace(/ +/g, ' ');
  const description = typeof given.description === 'string' ? given.description : '';
  return { name, description, spec: { given: given as Plain, file: file ? path.resolve(file) : null, points, tasks }, resolved };
}

/** The data exist: a built-in's name and parameters, or the files. */
function checkData(o: RunOptions): void {
  for (const [key, v] of [['data', o.data], ['testData', o.testData], ['reference', o.reference]] as const) {
    if (v === undefined) continue;
    if (v.startsWith(BUILTIN_PREFIX)) parseBuiltinSpec(v);
    else if (!existsSync(v)) throw new Error(`${key}: ${v} does not exist`);
  }
}
