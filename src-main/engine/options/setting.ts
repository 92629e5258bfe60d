/**
 * One run setting as the option table (table.ts) describes it: its dotted name, what it accepts (a
 * zod schema and the same rule in words), its default, and its help. Every entry point refuses a
 * wrong value with `refusal`, so a setting reads the same from the CLI, a --config file, the API and
 * the New-run form. This folder imports only zod and pure engine modules: the renderer bundles it.
 */
import { z } from 'zod';

export type SettingKind = 'int' | 'number' | 'choice' | 'boolean' | 'text' | 'intList' | 'basis' | 'matrix';
export type FormGroup = 'Method' | 'Generators' | 'Weight sharing' | 'Loss weights' | 'Training' | 'Advanced';
export type ModelKindName = 'mlp' | 'pointcloud' | 'weight-sharing' | 'cnn';
export type PresetNameValue = 'default' | 'paper';

export interface Setting {
  /** Dotted path in the run config, e.g. `coefficients.distribution`. */
  name: string;
  kind: SettingKind;
  /** What the setting accepts; `allowed` says the same in words for refusals and help. */
  schema: z.ZodType;
  allowed: string;
  /** The values of a choice (booleans: true, false). */
  choices?: readonly (string | boolean)[];
  /** undefined: unset unless given (e.g. fixedBasis). */
  default: unknown;
  /** Where a preset or a model trains with another default; the model's wins over the preset's. */
  byPreset?: Partial<Record<PresetNameValue, unknown>>;
  byModel?: Partial<Record<ModelKindName, unknown>>;
  /** Defaults per method, for the run options that depend on it (starts). */
  byMethod?: Partial<Record<string, unknown>>;
  help: string;
  /** `config`: a TrainConfig key; `run`: an option of the run around it (not in the recorded config). */
  scope: 'config' | 'run';
  /** The `semola train` flag that sets it, and the name of its value in the help. */
  flag?: { name: string; value: string };
  /** A field of the New-run form. */
  form?: { label: string; group: FormGroup };
}

type Spec = Omit<Setting, 'kind' | 'schema' | 'allowed' | 'choices' | 'scope'> & { scope?: Setting['scope'] };

/** How a given value is quoted in a refusal: text in quotes, numbers as written (Infinity too). */
export function shown(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The one refusal every entry point gives: the setting, what is allowed, what was given. */
export function refusal(name: string, allowed: string, given: unknown): string {
  return `${name} must be ${allowed}, got ${shown(given)}`;
}

export const unknownKey = (path: string): string => `unknown config key "${path}"`;

interface Bounds {
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
}

function boundsText(b: Bounds): string {
  const lo = b.above !== undefined ? `(${b.above}` : b.min !== undefined ? `[${b.min}` : null;
  const hi = b.below !== undefined ? `${b.below})` : b.max !== undefined ? `${b.max}]` : null;
  if (lo && hi) return ` in ${lo}, ${hi}`;
  if (b.above !== undefined) return ` > ${b.above}`;
  if (b.min !== undefined) return ` >= ${b.min}`;
  if (b.below !== undefined) return ` < ${b.below}`;
  if (b.max !== undefined) return ` <= ${b.max}`;
  return '';
}

function bounded(s: z.ZodNumber, b: Bounds): z.ZodNumber {
  let out = s;
  if (b.min !== undefined) out = out.min(b.min);
  if (b.max !== undefined) out = out.max(b.max);
  if (b.above !== undefined) out = out.gt(b.above);
  if (b.below !== undefined) out = out.lt(b.below);
  return out;
}

const orNull = (schema: z.ZodType, allowed: string, nullMeans: string | undefined): [z.ZodType, string] =>
  nullMeans === undefined ? [schema, allowed] : [schema.nullable(), `null (${nullMeans}) or ${allowed}`];

export function int(spec: Spec & Bounds & { nullMeans?: string }): Setting {
  const [schema, allowed] = orNull(bounded(z.number().int(), spec), `an integer${boundsText(spec)}`, spec.nullMeans);
  return { scope: 'config', ...spec, kind: 'int', schema, allowed };
}

/** A finite number (z.number() refuses Infinity and NaN). */
export function num(spec: Spec & Bounds & { nullMeans?: string }): Setting {
  const [schema, allowed] = orNull(bounded(z.number(), spec), `a finite number${boundsText(spec)}`, spec.nullMeans);
  return { scope: 'config', ...spec, kind: 'number', schema, allowed };
}

export function choice<const T extends readonly [string, ...string[]]>(spec: Spec & { choices: T }): Setting {
  const { choices, ...rest } = spec;
  const allowed = choices.length === 1 ? `"${choices[0]}"` : `${choices.slice(0, -1).map((c) => `"${c}"`).join(', ')} or "${choices.at(-1)}"`;
  return { scope: 'config', ...rest, kind: 'choice', schema: z.enum(choices), allowed, choices };
}

export function bool(spec: Spec): Setting {
  return { scope: 'config', ...spec, kind: 'boolean', schema: z.boolean(), allowed: 'true or false', choices: [true, false] };
}

/** A switch that may also be left to the run: `auto` is resolved against the data before training. */
export function boolOrAuto(spec: Spec): Setting {
  return { scope: 'config', ...spec, kind: 'boolean', schema: z.union([z.boolean(), z.literal('auto')]), allowed: 'true, false or "auto"', choices: [true, false, 'auto'] };
}

export function text(spec: Spec & { allowed: string }): Setting {
  return { scope: 'config', ...spec, kind: 'text', schema: z.string().trim().min(1), allowed: spec.allowed };
}

export function intList(spec: Spec): Setting {
  return { scope: 'config', ...spec, kind: 'intList', schema: z.array(z.number().int().min(1)), allowed: 'a list of integers >= 1' };
}

/** [k][d][d] finite numbers, every generator square and of one size. */
const BASIS = z
  .array(z.array(z.array(z.number()).min(1)).min(1))
  .min(1)
  .refine((b) => b.every((L) => L.every((row) => row.length === L.length) && L.length === b[0]!.length));

export function basis(spec: Spec): Setting {
  return { scope: 'config', ...spec, kind: 'basis', schema: BASIS, allowed: 'a list of d x d generators of finite numbers ([k][d][d])' };
}

/** A square 0/1 matrix (custom masks). */
const MATRIX = z
  .array(z.array(z.union([z.literal(0), z.literal(1)])).min(1))
  .min(1)
  .refine((m) => m.every((row) => row.length === m.length));

export function matrix(spec: Spec): Setting {
  return { scope: 'config', ...spec, kind: 'matrix', schema: MATRIX, allowed: 'a square matrix of 0/1 ([d][d])' };
}

/** Why `value` is refused for `setting`, or null when it is accepted. */
export function settingProblem(setting: Setting, value: unknown): string | null {
  return setting.schema.safeParse(value).success ? null : refusal(setting.name, setting.allowed, value);
}

const NUMBER_TEXT = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|Infinity)$/;

/**
 * A value typed as text (a CLI flag, a form field) as the setting reads it: numbers, booleans and
 * JSON where the text is one, else the text itself, so the refusal shows what was typed.
 */
export function fromText(setting: Setting, raw: string): unknown {
  const t = raw.trim();
  switch (setting.kind) {
    case 'int':
    case 'number':
      if (t === 'null' && setting.schema.safeParse(null).success) return null;
      return NUMBER_TEXT.test(t) ? Number(t) : t;
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'intList': {
      const parts = t.split(',').map((p) => p.trim());
      return parts.every((p) => NUMBER_TEXT.test(p)) ? parts.map(Number) : t;
    }
    case 'basis':
    case 'matrix':
      try {
        return JSON.parse(t) as unknown;
      } catch {
        return t;
      }
    default:
      return t;
  }
}
