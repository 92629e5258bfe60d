/**
 * Settings resolved from the option table: overrides checked key by key (own keys only, every value
 * against its entry), defaults filled in (table <- preset <- model <- overrides), then the rules
 * across settings. What comes out is the config a run trains with and records.
 */
import { OPTIONS, PRESET_NAMES, MODEL_KIND_NAMES, RULES, type ResolvedView } from './table';
import { refusal, settingProblem, unknownKey, type ModelKindName, type PresetNameValue, type Setting } from './setting';

type Plain = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Plain, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

const CONFIG_OPTIONS = OPTIONS.filter((s) => s.scope === 'config');
const LEAVES = new Map(CONFIG_OPTIONS.map((s) => [s.name, s]));
/** Dotted paths that hold settings (`weights`, `model`, ...), with the keys each holds. */
const CONTAINERS = new Map<string, string[]>();
for (const s of CONFIG_OPTIONS) {
  const parts = s.name.split('.');
  for (let i = 1; i < parts.length; i++) {
    const path = parts.slice(0, i).join('.');
    const keys = CONTAINERS.get(path) ?? [];
    if (!keys.includes(parts[i]!)) keys.push(parts[i]!);
    CONTAINERS.set(path, keys);
  }
}

/** The value at a dotted path, reading own keys only; undefined when absent. */
function ownValueAt(obj: unknown, path: string): unknown {
  let at: unknown = obj;
  for (const p of path.split('.')) {
    if (!isPlainObject(at) || !own(at, p)) return undefined;
    at = at[p];
  }
  return at;
}

function setAt(obj: Plain, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(at[p])) at[p] = {};
    at = at[p] as Plain;
  }
  at[parts.at(-1)!] = value;
}

/** Keys that are no setting, and containers given something else than an object. */
function keyProblems(over: Plain, prefix: string, out: string[]): void {
  for (const key of Object.keys(over)) {
    const path = prefix + key;
    if (LEAVES.has(path)) continue;
    const keys = CONTAINERS.get(path);
    if (keys === undefined) out.push(unknownKey(path));
    else if (!isPlainObject(over[key])) out.push(refusal(path, `an object with keys ${keys.join(', ')}`, over[key]));
    else keyProblems(over[key], `${path}.`, out);
  }
}

/** Each given value against its entry. */
function valueProblems(over: Plain, out: string[]): void {
  for (const s of CONFIG_OPTIONS) {
    const v = ownValueAt(over, s.name);
    if (v === undefined) continue;
    const p = settingProblem(s, v);
    if (p) out.push(p);
  }
}

const pick = <T extends string>(names: readonly T[], v: unknown, fallback: T): T => (names.includes(v as T) ? (v as T) : fallback);

/** A setting's default for a preset and a model: the model's over the preset's over the table's. */
export function defaultOf(s: Setting, preset: PresetNameValue, model: ModelKindName): unknown {
  if (s.byModel && own(s.byModel, model)) return s.byModel[model];
  if (s.byPreset && own(s.byPreset, preset)) return s.byPreset[preset];
  return s.default;
}

/** A run option's default for a method (e.g. starts). */
export function methodDefault(name: string, method: string): unknown {
  const s = OPTIONS.find((o) => o.name === name);
  if (!s) throw new Error(`no setting "${name}" in the option table`);
  return s.byMethod && own(s.byMethod, method) ? s.byMethod[method] : s.default;
}

/** The preset and model the overrides choose (unknown names fall back; they are refused elsewhere). */
function choosers(over: Plain): { preset: PresetNameValue; model: ModelKindName } {
  return { preset: pick(PRESET_NAMES, ownValueAt(over, 'preset'), 'default'), model: pick(MODEL_KIND_NAMES, ownValueAt(over, 'model.kind'), 'mlp') };
}

/** Every config setting at its default for a preset and model (nested, in the table's order). */
export function defaultSettings(preset: PresetNameValue = 'default', model: ModelKindName = 'mlp'): Plain {
  const out: Plain = {};
  for (const s of CONFIG_OPTIONS) {
    const v = defaultOf(s, preset, model);
    if (v !== undefined) setAt(out, s.name, v);
  }
  return out;
}

/**
 * Defaults and overrides together, unchecked: what a run with these overrides would train with (run
 * records read method, seed and epochs from it before the run is checked).
 */
export function mergeSettings(over: Plain): Plain {
  const { preset, model } = choosers(over);
  const out: Plain = {};
  for (const s of CONFIG_OPTIONS) {
    const given = ownValueAt(over, s.name);
    const v = given !== undefined ? given : defaultOf(s, preset, model);
    if (v !== undefined) setAt(out, s.name, v);
  }
  return out;
}

/** The rules across settings, on a config whose settings each passed. */
export function ruleProblems(config: Plain): string[] {
  return RULES.map((r) => r.problem(config as unknown as ResolvedView)).filter((p): p is string => p !== null);
}

export type Resolution = { ok: true; config: Plain } | { ok: false; problems: string[] };

/** Each override on its own: unknown keys and wrong values (not the rules across settings). */
export function overrideProblems(overrides: Record<string, unknown>): string[] {
  const problems: string[] = [];
  keyProblems(overrides, '', problems);
  valueProblems(overrides, problems);
  return problems;
}

/** Checks the overrides and fills in the defaults: the config a run trains with, or every problem found. */
export function resolveSettings(overrides: unknown): Resolution {
  if (!isPlainObject(overrides)) return { ok: false, problems: [refusal('config', 'an object of settings', overrides)] };
  const problems = overrideProblems(overrides);
  if (problems.length > 0) return { ok: false, problems };
  const config = mergeSettings(overrides);
  const rules = ruleProblems(config);
  return rules.length > 0 ? { ok: false, problems: rules } : { ok: true, config };
}

/** A complete config (every setting present) against the table and the rules. */
export function configProblems(config: unknown): string[] {
  if (!isPlainObject(config)) return [refusal('config', 'an object of settings', config)];
  const problems: string[] = [];
  keyProblems(config, '', problems);
  for (const s of CONFIG_OPTIONS) {
    const v = ownValueAt(config, s.name);
    if (v === undefined && s.default === undefined) continue;
    const p = settingProblem(s, v);
    if (p) problems.push(p);
  }
  return problems.length > 0 ? problems : ruleProblems(config);
}
