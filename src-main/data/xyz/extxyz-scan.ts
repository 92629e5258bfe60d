/**
 * The key=value pairs of an extended XYZ comment line, split and typed by the rules of ASE's
 * reader (ase.io.extxyz.key_val_str_to_dict, ASE 3.22), so that what ASE reads, this reads:
 *
 * - The line is read character by character. A backslash takes the next character as it is
 *   (`\"` is `"`, `\n` is `n`). `"`, `'`, `{` and `[` open a delimited run that ends at the
 *   matching `"`, `'`, `}` or `]`; inside it everything is kept verbatim (spaces, `=`, commas),
 *   without the delimiters. Runs and plain characters glue into one token (`a"b c"d` is `ab cd`).
 * - Whitespace ends a pair. `=` starts the value; later `=` in the same pair are part of the
 *   value (`smiles=C=C` is "C=C"). A pair that is only `=value` (as in `h = 6`) belongs to the
 *   key before it. A key without `=` is a flag (value `T`, so true). A later key replaces an
 *   earlier one.
 * - Typing (the key `uid` is kept as text): the value's words, split at whitespace and commas,
 *   are integers if every word is one, else reals if every word is one (Python's rules: `_`
 *   between digits, `nan`, `inf`); one word gives a scalar, several a list. Otherwise words that
 *   are all `T` / `F` give a boolean or a list of booleans. Otherwise a value starting with
 *   `_JSON ` is JSON. Otherwise it is the text.
 * - `Lattice`, `stress` and `virial` must be 9 numbers.
 *
 * Errors are ExtxyzSyntaxError at a 1-based column: a line that starts with `=`, a bad _JSON
 * value, a 3x3 key that is not 9 numbers (ASE refuses all three).
 */
import { quoteValue } from '../numbers';
import type { PropertyColumn } from './extxyz-properties';
import { ExtxyzSyntaxError, typeAseValue, type InfoValue } from './extxyz-values';

/** One `key=value` pair (or flag) of a comment line. */
export interface CommentPair {
  key: string;
  /** 1-based column of the key's first character. */
  column: number;
  /** The typed value; true for a flag (a key without `=`). */
  value: InfoValue;
  /** 1-based column of the value's first character (of the `=` when the value is empty). */
  valueColumn: number;
  /** The value as text, delimiters and escapes removed (the key for a flag). */
  text: string;
  /** Written with `=` or as a bare flag. */
  form: 'flag' | 'value';
}

/** Keys ASE reads as a 3x3 matrix of 9 numbers (column-major as written). */
export const MATRIX_KEYS = new Set(['Lattice', 'stress', 'virial']);

const CLOSING: Record<string, string> = { '"': '"', "'": "'", '{': '}', '[': ']' };
/** Characters that end a run of plain characters outside delimiters: whitespace, \ " ' { [ = (isPlainStop). */

export function describeChar(line: string, i: number): string {
  return i >= line.length ? 'the end of the line' : JSON.stringify(line[i]);
}

interface RawPair {
  /** parts[0] is the key, parts[1..] the value pieces between `=`. */
  parts: string[];
  /** Column of each part's first character, 0 while it is empty. */
  columns: number[];
  /** Column of the first `=`. */
  eq: number;
}

const SPACE = /\s/;

/** Python's str.isspace for the characters a text line can hold (JavaScript's \s; ASCII by code). */
function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 128 ? code === 32 || (code >= 9 && code <= 13) : SPACE.test(c);
}

/** PLAIN_STOP.test(c), ASCII by code. */
function isPlainStop(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code >= 128) return SPACE.test(c);
  return code === 32 || (code >= 9 && code <= 13) || code === 92 || code === 34 || code === 39 || code === 123 || code === 91 || code === 61;
}

/** Splits the line into raw pairs, by ASE's character rules (see the module comment). */
function splitPairs(line: string): RawPair[] {
  const pairs: RawPair[] = [{ parts: [''], columns: [0], eq: 0 }];
  let closing: string | undefined;
  let escaped = false;
  let start = 0;
  let end = line.length;
  while (start < end && isSpace(line[start]!)) start++;
  while (end > start && isSpace(line[end - 1]!)) end--;
  const append = (c: string, i: number): void => {
    const p = pairs[pairs.length - 1]!;
    const k = p.parts.length - 1;
    if (p.parts[k] === '' && p.columns[k] === 0) p.columns[k] = i + 1;
    p.parts[k] += c;
  };
  for (let i = start; i < end; i++) {
    const c = line[i]!;
    if (escaped) {
      append(c, i);
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (closing !== undefined) {
      if (c === closing) closing = undefined;
      else {
        // The run up to the closing delimiter or a backslash, in one piece.
        let j = i + 1;
        while (j < end && line[j] !== closing && line[j] !== '\\') j++;
        append(line.slice(i, j), i);
        i = j - 1;
      }
    } else if (CLOSING[c] !== undefined) {
      closing = CLOSING[c];
      const p = pairs[pairs.length - 1]!;
      const k = p.parts.length - 1;
      if (p.parts[k] === '' && p.columns[k] === 0) p.columns[k] = i + 1;
    } else if (isSpace(c)) {
      const p = pairs[pairs.length - 1]!;
      // Nothing yet in this pair, or a value still empty after `=`: keep going.
      if (p.parts[p.parts.length - 1] === '') continue;
      pairs.push({ parts: [''], columns: [0], eq: 0 });
    } else if (c === '=') {
      const p = pairs[pairs.length - 1]!;
      if (p.parts.length === 1 && p.parts[0] === '') {
        // `= value` after a space: the value of the previous key.
        pairs.pop();
        if (pairs.length === 0) throw new ExtxyzSyntaxError(i + 1, 'expected a key before "=", got "=" at the start of the line');
      }
      const q = pairs[pairs.length - 1]!;
      q.parts.push('');
      q.columns.push(0);
      if (q.eq === 0) q.eq = i + 1;
    } else {
      // A run of plain characters, in one piece.
      let j = i + 1;
      while (j < end && !isPlainStop(line[j]!)) j++;
      append(line.slice(i, j), i);
      i = j - 1;
    }
  }
  return pairs.filter((p) => !(p.parts.length === 1 && p.parts[0] === '' && p.columns[0] === 0));
}

/**
 * typeAseValue's answer for a value that is one plain decimal number (digits, an optional sign,
 * point and exponent; at most 15 digits in all), without its patterns: what changes from frame
 * to frame (energy=, step=) is mostly such a value. Undefined for anything else.
 */
function plainNumber(key: string, text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 24 || (key.length === 3 && key.toLowerCase() === 'uid')) return undefined;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    digits++;
    i++;
  }
  if (i === n) {
    // An integer: read as Python's int, so -0 is 0.
    if (digits === 0 || digits > 15) return undefined;
    const v = Number(text);
    return v === 0 ? 0 : v;
  }
  if (c === 46) {
    i++;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      digits++;
      i++;
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  if (i < n && (c === 101 || c === 69)) {
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let e = 0;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      e++;
      i++;
    }
    if (e === 0) return undefined;
  }
  return i === n ? Number(text) : undefined;
}

/**
 * Remembers what repeats from frame to frame of a trajectory (the Properties columns, typed
 * values such as Lattice and pbc), so that each is parsed once. Values handed out are copies.
 */
export class CommentCache {
  readonly properties = new Map<string, PropertyColumn[]>();
  private readonly typed = new Map<string, InfoValue>();

  type(key: string, text: string, column: number): InfoValue {
    const plain = plainNumber(key, text);
    if (plain !== undefined) return plain;
    const cacheKey = `${key === 'uid' || key.toLowerCase() === 'uid' ? 'u' : 'v'}${text}`;
    let v = this.typed.get(cacheKey);
    if (v === undefined) {
      v = typeAseValue(key, text, column);
      if (this.typed.size >= 256) this.typed.clear();
      this.typed.set(cacheKey, v);
    }
    return Array.isArray(v) ? (v.slice() as InfoValue) : v;
  }
}

/**
 * Splits a comment line into its pairs, in order, as ASE does (later duplicates replace earlier
 * ones, keeping the earlier one's place). Throws ExtxyzSyntaxError where ASE refuses the line.
 */
export function parseKeyValues(line: string, cache?: CommentCache): CommentPair[] {
  const byKey = new Map<string, CommentPair>();
  for (const raw of splitPairs(line)) {
    const key = raw.parts[0]!;
    const column = raw.columns[0] || 1;
    let pair: CommentPair;
    if (raw.parts.length === 1) {
      pair = { key, column, value: true, valueColumn: column, text: key, form: 'flag' };
    } else {
      const text = raw.parts.slice(1).join('=');
      const valueColumn = raw.columns[1] || raw.eq + 1;
      const value = cache ? cache.type(key, text, valueColumn) : typeAseValue(key, text, valueColumn);
      pair = { key, column, value, valueColumn, text, form: 'value' };
    }
    if (MATRIX_KEYS.has(key) && !(Array.isArray(pair.value) && pair.value.length === 9 && pair.value.every((x) => typeof x === 'number'))) {
      const got = Array.isArray(pair.value) ? `${pair.value.length} values` : quoteValue(String(pair.text), 60);
      throw new ExtxyzSyntaxError(pair.valueColumn, `expected 9 numbers for ${key} (a 3x3 matrix), got ${got}`);
    }
    byKey.set(key, pair);
  }
  return [...byKey.values()];
}
