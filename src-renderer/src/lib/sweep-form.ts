/**
 * The New sweep form: settings held fixed (the New-run form's fields), settings varied over values
 * (every combination: a grid; or row by row: a list), seeds and starts, over one or more datasets.
 * Every value is read and refused as the New-run form reads it (config-fields, from the option
 * table), and every point is checked against every dataset as a run would be, before the sweep is
 * sent; the server checks again (sweeps.create) with the code `semola sweep` uses.
 */
import type { DataShape } from '../../../src-main/engine/options/feasibility';
import type { MethodInput } from '../../../src-main/api/contract';
import { checkRunForm, CONFIG_FIELDS, parseField, type ConfigField } from './config-fields';

/** The fields a sweep may fix or vary: every New-run field but the seed, which the sweep owns. */
// Seeds and starts are the sweep's own (its seeds list and its Starts field), not a grid setting.
export const SWEEP_FIELDS: ConfigField[] = CONFIG_FIELDS.filter((f) => f.key !== 'seed' && f.scope === 'config');

/** One varied setting: its key and its values as typed, separated by `;` (a list of layer sizes keeps its commas). */
export interface VariedSetting {
  key: string;
  text: string;
}

export type Combine = 'grid' | 'list';

export interface SweepDraft {
  /** Texts of the fixed settings, keyed by setting (as the New-run form keeps them). */
  fixed: Record<string, string | undefined>;
  varied: VariedSetting[];
  combine: Combine;
  /** A count N (seeds 0..N-1) or seeds separated by commas. */
  seeds: string;
  /** Starts per run; empty: `semola train`'s default. */
  starts: string;
}

export type SweepInput = Omit<MethodInput<'sweeps.create'>, 'datasetIds' | 'name' | 'backend'>;

export interface SweepCheck {
  /** What sweeps.create gets (with the datasets, name and backend); null while there are errors. */
  input: SweepInput | null;
  /** The grid points' labels, in the order the sweep expands them (per dataset). */
  points: string[];
  seedCount: number;
  /** Runs the sweep will queue: datasets x points x seeds. */
  runs: number;
  errors: string[];
}

/** A varied setting's values as typed: `1; 2; 4`. */
export const splitValues = (text: string): string[] => text.split(';').map((t) => t.trim()).filter((t) => t.length > 0);

/** `3`: seeds 0, 1, 2; `0, 5, 9`: those seeds. */
export function parseSeeds(text: string): { seeds?: number | number[]; error?: string } {
  const parts = text.split(/[,;\s]+/).filter((t) => t.length > 0);
  const ints = parts.map(Number);
  if (parts.length === 0 || !ints.every((n) => Number.isInteger(n) && n >= 0)) return { error: `Seeds: a count (3: seeds 0, 1, 2) or seeds separated by commas, got "${text}"` };
  if (parts.length === 1) return ints[0]! >= 1 && ints[0]! <= 64 ? { seeds: ints[0]! } : { error: `Seeds: a count from 1 to 64, got ${ints[0]}` };
  if (new Set(ints).size !== ints.length) return { error: `Seeds: each seed once, got ${text}` };
  return ints.length <= 64 ? { seeds: ints } : { error: `Seeds: at most 64, got ${ints.length}` };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : String(v));
const label = (combo: [ConfigField, string, unknown][]): string => combo.map(([f, , v]) => `${f.key}=${show(v)}`).join(' ') || 'default';

/** The form's check: every text read as its setting reads it, then every point against every dataset. */
export function checkSweepForm(draft: SweepDraft, datasets: DataShape[]): SweepCheck {
  const errors: string[] = [];
  const fixedKeys = Object.keys(draft.fixed).filter((k) => (draft.fixed[k] ?? '').trim() !== '');
  const base = checkRunForm(Object.fromEntries(fixedKeys.map((k) => [k, draft.fixed[k]])), null);
  errors.push(...base.errors);
  if (fixedKeys.includes('seed')) errors.push('Seed: the sweep trains every point with each of its seeds; give them under Seeds');

  // Each varied setting's values, read and refused as the New-run form refuses them.
  const varied: { field: ConfigField; values: [string, unknown][] }[] = [];
  for (const v of draft.varied) {
    const field = SWEEP_FIELDS.find((f) => f.key === v.key);
    if (!field) {
      errors.push(`Vary: choose a setting (${v.key || 'none chosen'})`);
      continue;
    }
    if (varied.some((x) => x.field.key === v.key)) errors.push(`${field.label}: varied twice`);
    if (fixedKeys.includes(v.key)) errors.push(`${field.label}: both fixed and varied; clear its fixed value`);
    const texts = splitValues(v.text);
    if (texts.length === 0) errors.push(`${field.label}: give the values to try, separated by ;`);
    const values: [string, unknown][] = [];
    for (const t of texts) {
      const r = parseField(field, t);
      if (r.error) errors.push(r.error);
      else values.push([t, r.value]);
    }
    varied.push({ field, values });
  }
  if (draft.combine === 'list' && new Set(varied.map((v) => v.values.length)).size > 1) {
    errors.push(`Row by row: every varied setting needs as many values as the others (${varied.map((v) => `${v.field.label} ${v.values.length}`).join(', ')})`);
  }

  // The points: every combination (the last setting varies fastest, as `semola sweep` expands a grid), or row by row.
  let combos: [ConfigField, string, unknown][][] = [[]];
  if (draft.combine === 'grid') {
    for (const v of varied) combos = combos.flatMap((c) => v.values.map(([t, value]): [ConfigField, string, unknown][] => [...c, [v.field, t, value]]));
  } else if (varied.length > 0) {
    combos = Array.from({ length: Math.min(...varied.map((v) => v.values.length)) }, (_, i) => varied.map((v): [ConfigField, string, unknown] => [v.field, v.values[i]![0], v.values[i]![1]]));
  }
  const points = combos.map(label);

  const seeds = parseSeeds(draft.seeds);
  if (seeds.error) errors.push(seeds.error);
  const seedCount = typeof seeds.seeds === 'number' ? seeds.seeds : (seeds.seeds?.length ?? 0);
  const starts = draft.starts.trim() === '' ? undefined : Number(draft.starts);
  if (starts !== undefined && !(Number.isInteger(starts) && starts >= 1 && starts <= 16)) errors.push(`Starts per run: a whole number from 1 to 16, got "${draft.starts}"`);
  if (datasets.length === 0) errors.push('Datasets: choose at least one');

  // Every point against every dataset, as a run of it would be checked (the rules across settings, feasibility).
  if (errors.length === 0) {
    for (const [i, combo] of combos.entries()) {
      const texts = { ...Object.fromEntries(fixedKeys.map((k) => [k, draft.fixed[k]])), ...Object.fromEntries(combo.map(([f, t]) => [f.key, t])) };
      for (const dataset of datasets) for (const e of checkRunForm(texts, dataset).errors) errors.push(`${points[i]}: ${e}`);
    }
  }
  const unique = [...new Set(errors)];
  const runs = points.length * seedCount * datasets.length;
  if (unique.length > 0 || seeds.seeds === undefined) return { input: null, points, seedCount, runs, errors: unique };
  const input: SweepInput = {
    base: base.overrides,
    ...(draft.combine === 'grid'
      ? { grid: varied.map((v) => ({ setting: v.field.key, values: v.values.map(([, value]) => value as number | string | boolean | number[]) })) }
      : varied.length > 0
        ? { list: combos.map((c) => Object.fromEntries(c.map(([f, , value]) => [f.key, value]))) }
        : {}),
    seeds: seeds.seeds,
    ...(starts !== undefined ? { starts } : {}),
  };
  return { input, points, seedCount, runs, errors: [] };
}

/** The values a varied setting offers as a hint: its choices, else an example. */
export function valuesHint(field: ConfigField | undefined): string {
  if (!field) return '';
  if (field.choices) return field.choices.join('; ');
  if (field.kind === 'intList') return 'e.g. 32,32; 64,64';
  return field.kind === 'int' ? 'e.g. 1; 2; 4' : 'e.g. 0.1; 1';
}
