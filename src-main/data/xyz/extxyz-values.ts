/**
 * Values of extended XYZ comment lines: the error type, the typed value kinds, and how a single
 * token is read: number (decimal or scientific; Fortran `1.0D-03` and Mathematica `1.2*^-5`
 * exponents read as E), boolean (T F True False true false TRUE FALSE), or string. NaN and Inf
 * are refused wherever a number is read.
 */
import { NUMBER_PATTERN, isNonFiniteText, numberHint, parseStrictNumber, quoteValue } from '../numbers';

/** A per-frame value as stored in `info` (ASE: int / float / ndarray, bool / bool list, str). */
export type InfoValue = number | number[] | string | boolean | boolean[];

/** One element of a list value. */
export type ListItem = number | boolean | string;

/** A syntax or type error in a comment line, at a 1-based character column of that line. */
export class ExtxyzSyntaxError extends Error {
  constructor(
    readonly column: number,
    /** `expected ..., got ...`, without a location. */
    readonly detail: string,
  ) {
    super(`column ${column}: ${detail}`);
    this.name = 'ExtxyzSyntaxError';
  }
}

const FORTRAN_PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))[dD]([+-]?\d+)$/;
const MATHEMATICA_PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))\*\^([+-]?\d+)$/;

/**
 * A number token as extended XYZ writes them: decimal or scientific (../numbers), or with a
 * Fortran `D` exponent (`1.0D-03`), or a Mathematica `*^` exponent (`1.2*^-5`). Undefined for
 * anything else, for NaN / Inf and for values too large for a double. The token must not carry
 * surrounding whitespace.
 */
export function numberToken(t: string): number | undefined {
  if (NUMBER_PATTERN.test(t)) {
    // The pattern admits only what Number() reads exactly as written.
    const v = Number(t);
    return Number.isFinite(v) ? v : undefined;
  }
  const m = FORTRAN_PATTERN.exec(t) ?? MATHEMATICA_PATTERN.exec(t);
  return m ? parseStrictNumber(`${m[1] ?? ''}e${m[2] ?? ''}`) : undefined;
}

/** numberToken on trimmed text. */
export function parseExtxyzNumber(text: string): number | undefined {
  return numberToken(text.trim());
}

/** True for text that is meant as a number but is not a finite one (nan, inf, 1e999, 1D999). */
export function isBadNumber(t: string): boolean {
  return isNonFiniteText(t) || NUMBER_PATTERN.test(t) || FORTRAN_PATTERN.test(t) || MATHEMATICA_PATTERN.test(t);
}

/** Why a token meant as a number is refused, for messages. */
export function badNumberReason(t: string): string {
  if (isNonFiniteText(t)) return 'NaN and Inf are not accepted';
  if (FORTRAN_PATTERN.test(t) || MATHEMATICA_PATTERN.test(t)) return 'too large for a double';
  return numberHint(t) ?? 'not a number';
}

/** T F True False true false TRUE FALSE, or undefined. */
export function parseExtxyzBoolean(t: string): boolean | undefined {
  switch (t) {
    case 'T': case 'True': case 'true': case 'TRUE':
      return true;
    case 'F': case 'False': case 'false': case 'FALSE':
      return false;
    default:
      return undefined;
  }
}

/** A primitive read from one token: number, boolean or string; NaN / Inf refused. */
export function typeToken(t: string, column: number): ListItem {
  const v = numberToken(t);
  if (v !== undefined) return v;
  if (isBadNumber(t)) {
    throw new ExtxyzSyntaxError(column, `expected a finite number, got ${quoteValue(t)} (${badNumberReason(t)})`);
  }
  const b = parseExtxyzBoolean(t);
  return b === undefined ? t : b;
}

/**
 * Sets an own property, also for the key `__proto__` (which a plain assignment would take as the
 * object's prototype).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const PY_DIGITS = '\\d(?:_?\\d)*';
/** Python's int() on one word (base 10, `_` between digits). */
const PY_INT = new RegExp(`^[+-]?${PY_DIGITS}$`);
/** Python's float() on one word: decimal or scientific with `_` between digits, nan, inf, infinity. */
const PY_FLOAT = new RegExp(`^[+-]?(?:(?:${PY_DIGITS}(?:\\.(?:${PY_DIGITS})?)?|\\.${PY_DIGITS})(?:[eE][+-]?${PY_DIGITS})?|nan|inf|infinity)$`, 'i');
const INT64_MAX = 2n ** 63n - 1n;

/** A word as Python's float() reads it. */
function pyFloat(w: string): number {
  const t = w.replace(/_/g, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'nan') return Number.NaN;
  if (body === 'inf' || body === 'infinity') return sign * Number.POSITIVE_INFINITY;
  return Number(t);
}

/** Words of a value as ASE splits them: runs of characters other than whitespace and commas. */
export function aseWords(text: string): string[] {
  return text.match(/[^\s,]+/g) ?? [];
}

/**
 * Types a comment-line value as ASE's key_val_str_to_dict does (see ./extxyz-scan): integers,
 * else reals (NumPy int64 overflow falls back to reals, as in ASE), else T / F booleans, else
 * `_JSON ...`, else the text. `uid` stays text. NaN and Inf are kept, as ASE keeps them: a
 * value used as a target is checked where it is read.
 */
export function typeAseValue(key: string, text: string, column: number): InfoValue {
  if (key.toLowerCase() === 'uid') return text;
  const words = aseWords(text);
  if (words.length === 0) return [];
  if (words.every((w) => PY_INT.test(w))) {
    const big = words.map((w) => BigInt(w.replace(/_/g, '')));
    if (big.every((b) => b <= INT64_MAX && b >= -INT64_MAX - 1n)) {
      const nums = big.map((b) => Number(b));
      return nums.length === 1 ? nums[0]! : nums;
    }
  }
  if (words.every((w) => PY_FLOAT.test(w))) {
    const nums = words.map(pyFloat);
    return nums.length === 1 ? nums[0]! : nums;
  }
  if (words.every((w) => w === 'T' || w === 'F')) {
    const bools = words.map((w) => w === 'T');
    return bools.length === 1 ? bools[0]! : bools;
  }
  if (text.startsWith('_JSON ')) return typeJson(text.slice(6), column);
  return text;
}

/** A `_JSON ...` value: numbers and booleans (flat lists of them too) typed, anything else kept as its JSON text. */
function typeJson(json: string, column: number): InfoValue {
  let d: unknown;
  try {
    d = JSON.parse(json);
  } catch (e) {
    throw new ExtxyzSyntaxError(column, `expected JSON after "_JSON ", got ${quoteValue(json, 60)} (${(e as Error).message})`);
  }
  if (typeof d === 'number' || typeof d === 'boolean' || typeof d === 'string') return d;
  if (Array.isArray(d) && d.length > 0) {
    if (d.every((x) => typeof x === 'number')) return d as number[];
    if (d.every((x) => typeof x === 'boolean')) return d as boolean[];
  }
  return JSON.stringify(d);
}
