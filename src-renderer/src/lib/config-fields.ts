/**
 * The New run form's fields, made from the option table (src-main/engine/options, a plain data
 * module both sides bundle): each field's setting (dotted path), label, choices, group and help are
 * its entry's. A field's text is read as the setting reads it, and a wrong value is refused with the
 * table's message, the one the CLI, a --config file and the API give. Values left empty take the
 * preset's default.
 */
import { feasibilityProblems, withLayoutDefaults, type DataShape, type FeasibilityView } from '../../../src-main/engine/options/feasibility';
import { resolveSettings } from '../../../src-main/engine/options/resolve';
import { fromText, settingProblem, unknownKey, type FormGroup, type Setting } from '../../../src-main/engine/options/setting';
import { OPTIONS } from '../../../src-main/engine/options/table';
import { BACKEND_HELP } from '../../../src-main/api/choices';

export type FieldKind = 'int' | 'number' | 'choice' | 'intList' | 'text' | 'json';

export interface ConfigField {
  key: string;
  label: string;
  kind: FieldKind;
  choices?: string[];
  help: string;
  group: FormGroup;
  /** 'run': a setting of the run, not of its config (starts): sent beside the config. */
  scope: Setting['scope'];
}

const FIELD_KIND: Record<Setting['kind'], FieldKind> = { int: 'int', number: 'number', choice: 'choice', boolean: 'choice', text: 'text', intList: 'intList', basis: 'json', matrix: 'json' };

/** The settings with a form entry in the table, in the table's order. */
const FORM_SETTINGS = OPTIONS.filter((s): s is Setting & { form: NonNullable<Setting['form']> } => s.form !== undefined);

export const CONFIG_FIELDS: ConfigField[] = FORM_SETTINGS.map((s) => ({
  key: s.name,
  label: s.form.label,
  kind: FIELD_KIND[s.kind],
  ...(s.choices ? { choices: s.choices.map(String) } : {}),
  help: s.help,
  group: s.form.group,
  scope: s.scope,
}));

const SETTING_OF = new Map<string, Setting>(FORM_SETTINGS.map((s) => [s.name, s]));

export { BACKEND_HELP };

/** Reads a field's text as its setting does; undefined for empty, the table's refusal (after the label) for a wrong value. */
export function parseField(field: ConfigField, text: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return {};
  const setting = SETTING_OF.get(field.key);
  if (!setting) return { error: unknownKey(field.key) };
  const value = fromText(setting, text);
  const problem = settingProblem(setting, value);
  return problem ? { error: `${field.label}: ${problem}` } : { value };
}

/**
 * The form's check before a run is submitted: every text read and checked, then the rules across
 * settings, then (with the dataset) the feasibility checks every entry point runs. `texts` is keyed
 * by setting; a key the form has no field for is refused as the table refuses it.
 */
/**
 * The form's overrides, every problem with them, and (when there is none) the settings they resolve
 * to by the option table, which the fields show as their defaults until the server's check answers.
 */
export function checkRunForm(
  texts: Record<string, string | undefined>,
  dataset: DataShape | null,
): { overrides: Record<string, unknown>; run: Record<string, unknown>; errors: string[]; resolved?: Record<string, unknown> } {
  const flat: Record<string, unknown> = {};
  // Settings of the run (starts) travel beside the config, as `semola train --starts` does.
  const run: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of Object.keys(texts)) {
    const field = CONFIG_FIELDS.find((f) => f.key === key);
    if (!field) {
      errors.push(unknownKey(key));
      continue;
    }
    const r = parseField(field, texts[key] ?? '');
    if (r.error) errors.push(r.error);
    else if (r.value !== undefined) (field.scope === 'run' ? run : flat)[key] = r.value;
  }
  const overrides = nestOverrides(flat);
  if (errors.length > 0) return { overrides, run, errors };
  const resolved = resolveSettings(dataset ? withLayoutDefaults(dataset, overrides) : overrides);
  if (!resolved.ok) return { overrides, run, errors: resolved.problems };
  return { overrides, run, errors: dataset ? feasibilityProblems(dataset, resolved.config as unknown as FeasibilityView) : [], resolved: resolved.config };
}

/** What an empty field shows: its value in the resolved settings (lists as 1,2), or nothing. */
export function fieldPlaceholder(resolved: Record<string, unknown> | null, key: string): string {
  const v = valueAt(resolved, key);
  return v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
}

/** Nested overrides from dotted keys: {'weights.aug': 0.1} -> {weights: {aug: 0.1}}. */
export function nestOverrides(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = out;
    parts.slice(0, -1).forEach((p) => {
      at[p] = (at[p] as Record<string, unknown> | undefined) ?? {};
      at = at[p] as Record<string, unknown>;
    });
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** The value at a dotted path of a nested object. */
export function valueAt(obj: Record<string, unknown> | null, key: string): unknown {
  let at: unknown = obj;
  for (const p of key.split('.')) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[p] : undefined;
  return at;
}

/** Shortcuts that fill the form; the paper preset is the published recipe. */
export const FORM_PRESETS: { name: string; help: string; values: Record<string, string> }[] = [
  { name: 'Default', help: 'The workbench defaults.', values: { preset: 'default' } },
  { name: 'Paper', help: 'The settings of the SEMoLA paper (SPEC sections 1-4).', values: { preset: 'paper' } },
  { name: 'Quick look', help: 'A few epochs of a small model, to check a dataset in seconds.', values: { preset: 'default', epochs: '3', 'model.hidden': '32,32', batchSize: '64' } },
];
