/**
 * The key=value pairs of an extended XYZ comment line (libAtoms/extxyz, as ASE writes them):
 * bare words, "quoted strings" with escapes, `{...}` and `[...]` lists and `[[...], [...]]`
 * matrices, typed by ./extxyz-values. Errors are ExtxyzSyntaxError at a 1-based column.
 */
import { quoteValue } from '../numbers';
import type { PropertyColumn } from './extxyz-properties';
import { ExtxyzSyntaxError, isBadNumber, numberToken, parseExtxyzBoolean, typeToken, type InfoValue, type ListItem } from './extxyz-values';

/** One `key=value` pair (or flag) of a comment line. */
export interface CommentPair {
  key: string;
  /** 1-based column of the key's first character. */
  column: number;
  /** The typed value; true for a flag (a key without `=`). */
  value: InfoValue;
  /** 1-based column of the value's first character (its quote or bracket, when it has one). */
  valueColumn: number;
  /** The value as text: unquoted and unescaped, the inside of a list, or the bare word. */
  text: string;
  /** How the value was written. */
  form: 'flag' | 'bare' | 'quoted' | 'braces' | 'brackets';
  /** Elements of a list value (several words in quotes, `{...}`, `[...]`), row-major for a matrix. */
  items?: ListItem[];
}

const SPACE = 32;
const TAB = 9;
const QUOTE = 34; // "
const BACKSLASH = 92;
const EQUALS = 61;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/** Characters a bare (unquoted) key or value may not contain. */
function isSpecial(c: number): boolean {
  return c === QUOTE || c === BACKSLASH || c === EQUALS || c === COMMA || c === LBRACE || c === RBRACE || c === LBRACKET || c === RBRACKET;
}

function isBlankChar(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function describeChar(line: string, i: number): string {
  return i >= line.length ? 'the end of the line' : JSON.stringify(line[i]);
}

interface Scan {
  /** Unescaped text. */
  text: string;
  /** Index just past the token. */
  end: number;
}

/** A bare word from i: up to whitespace, `=`, or (inside a list) a comma or the closing bracket. */
function scanBare(line: string, i: number, what: string, inList: number): Scan {
  const start = i;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (isBlankChar(c)) break;
    if (inList && (c === COMMA || c === inList)) break;
    if (c === EQUALS && !inList) break;
    if (isSpecial(c)) {
      throw new ExtxyzSyntaxError(
        i + 1,
        `expected ${what} without ${JSON.stringify(line[i])} (quote a value that contains spaces, = " , [ ] { } or \\), got ${quoteValue(line.slice(start, i + 1))}`,
      );
    }
    i++;
  }
  if (i === start) throw new ExtxyzSyntaxError(i + 1, `expected ${what}, got ${describeChar(line, i)}`);
  return { text: line.slice(start, i), end: i };
}

/** A "quoted string" whose opening quote is at i. */
function scanQuoted(line: string, i: number): Scan {
  const open = i;
  const n = line.length;
  i++;
  let text = '';
  let from = i;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      text += line.slice(from, i);
      return { text, end: i + 1 };
    }
    if (c === BACKSLASH) {
      text += line.slice(from, i);
      if (i + 1 >= n) break;
      const e = line[i + 1]!;
      text += e === 'n' ? '\n' : e;
      i += 2;
      from = i;
      continue;
    }
    i++;
  }
  throw new ExtxyzSyntaxError(open + 1, `expected a closing " for the quote opened at column ${open + 1}, got the end of the line`);
}

export function skipBlanks(line: string, i: number): number {
  while (i < line.length && isBlankChar(line.charCodeAt(i))) i++;
  return i;
}

/** Whitespace-separated words of unescaped quoted text, with their offsets in that text. */
function splitWords(text: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  const re = /[^ \t\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ word: m[0], at: m.index });
  return out;
}

interface ValueScan {
  value: InfoValue;
  text: string;
  items?: ListItem[];
  form: CommentPair['form'];
  end: number;
}

/** The value of a quoted string: one number / boolean, several numbers, or the string. */
function typeQuoted(text: string, valueColumn: number): { value: InfoValue; items?: ListItem[] } {
  const words = splitWords(text);
  if (words.length === 0) return { value: text };
  // Several words: numeric only if every one is meant as a number.
  if (words.every((w) => numberToken(w.word) !== undefined || isBadNumber(w.word))) {
    const nums = words.map((w) => typeToken(w.word, valueColumn + 1 + w.at) as number);
    return nums.length === 1 ? { value: nums[0]! } : { value: nums, items: nums.slice() };
  }
  const bools = words.map((w) => parseExtxyzBoolean(w.word));
  if (bools.every((b) => b !== undefined)) {
    const bs = bools as boolean[];
    return bs.length === 1 ? { value: bs[0]! } : { value: text, items: bs };
  }
  return { value: text, items: words.length > 1 ? words.map((w) => w.word) : undefined };
}

/** A `{...}` or `[...]` list whose opening bracket is at i; `[...]` may hold `[...]` rows. */
function scanList(line: string, i: number, depth: number): { items: ListItem[]; rows?: number[]; end: number } {
  const open = i;
  const openChar = line.charCodeAt(i);
  const close = openChar === LBRACE ? RBRACE : RBRACKET;
  const closeChar = String.fromCharCode(close);
  const items: ListItem[] = [];
  const rows: number[] = [];
  let nested = 0;
  let flat = 0;
  i++;
  let needItem = true; // at the start, or just after a comma
  let sawSeparator = true;
  for (;;) {
    const before = i;
    i = skipBlanks(line, i);
    if (i > before) sawSeparator = true;
    if (i >= line.length) {
      throw new ExtxyzSyntaxError(open + 1, `expected ${closeChar} to close the list opened at column ${open + 1}, got the end of the line`);
    }
    const c = line.charCodeAt(i);
    if (c === close) {
      if (nested === 0 && flat === 0) throw new ExtxyzSyntaxError(i + 1, `expected at least one value in the list, got ${closeChar}`);
      if (needItem) throw new ExtxyzSyntaxError(i + 1, `expected a value after ",", got ${closeChar}`);
      i++;
      break;
    }
    if (c === COMMA) {
      if (needItem) throw new ExtxyzSyntaxError(i + 1, `expected a value, got ","`);
      needItem = true;
      sawSeparator = true;
      i++;
      continue;
    }
    if (!sawSeparator) throw new ExtxyzSyntaxError(i + 1, `expected a comma or a space between list values, got ${describeChar(line, i)}`);
    if (c === LBRACKET && openChar === LBRACKET && depth === 0) {
      const row = scanList(line, i, 1);
      if (flat > 0) throw new ExtxyzSyntaxError(i + 1, `expected a value like its neighbours (not a nested list), got "["`);
      rows.push(row.items.length);
      items.push(...row.items);
      nested++;
      i = row.end;
    } else if (c === LBRACKET || c === LBRACE || c === RBRACE || c === RBRACKET) {
      throw new ExtxyzSyntaxError(i + 1, `expected a value or ${closeChar}, got ${describeChar(line, i)}`);
    } else if (c === QUOTE) {
      if (nested > 0) throw new ExtxyzSyntaxError(i + 1, 'expected a "[" row like its neighbours, got a string');
      const q = scanQuoted(line, i);
      items.push(q.text);
      flat++;
      i = q.end;
    } else {
      if (nested > 0) throw new ExtxyzSyntaxError(i + 1, `expected a "[" row like its neighbours, got ${describeChar(line, i)}`);
      const b = scanBare(line, i, 'a list value', close);
      items.push(typeToken(b.text, i + 1));
      flat++;
      i = b.end;
    }
    needItem = false;
    sawSeparator = false;
  }
  if (nested > 0) {
    if (rows.some((r) => r !== rows[0])) {
      throw new ExtxyzSyntaxError(open + 1, `expected matrix rows of equal length, got rows of ${rows.join(', ')} values`);
    }
    return { items, rows, end: i };
  }
  return { items, end: i };
}

/** The value starting at i (not blank). */
function scanValue(line: string, i: number, cache: CommentCache | undefined): ValueScan {
  const c = line.charCodeAt(i);
  const column = i + 1;
  if (c === QUOTE) {
    const q = scanQuoted(line, i);
    const t = cache ? cache.typeQuoted(q.text, column) : typeQuoted(q.text, column);
    return { value: t.value, text: q.text, items: t.items, form: 'quoted', end: q.end };
  }
  if (c === LBRACE || c === LBRACKET) {
    const l = scanList(line, i, 0);
    const text = line.slice(i + 1, l.end - 1).trim();
    const form = c === LBRACE ? 'braces' : 'brackets';
    const { items } = l;
    if (items.every((v) => typeof v === 'number')) {
      const nums = items as number[];
      // Backward-compatible {x}: a single element is a scalar.
      const value = form === 'braces' && nums.length === 1 ? nums[0]! : nums.slice();
      return { value, text, items, form, end: l.end };
    }
    if (form === 'braces' && items.length === 1) return { value: items[0]!, text, items, form, end: l.end };
    return { value: text, text, items, form, end: l.end };
  }
  const b = scanBare(line, i, 'a value', 0);
  return { value: typeToken(b.text, column), text: b.text, form: 'bare', end: b.end };
}

/**
 * Remembers what repeats from frame to frame of a trajectory (the Properties columns, quoted
 * values such as Lattice and pbc), so that each is parsed once. Values handed out are copies.
 */
export class CommentCache {
  readonly properties = new Map<string, PropertyColumn[]>();
  private readonly quoted = new Map<string, { value: InfoValue; items?: ListItem[] }>();

  typeQuoted(text: string, valueColumn: number): { value: InfoValue; items?: ListItem[] } {
    let t = this.quoted.get(text);
    if (!t) {
      t = typeQuoted(text, valueColumn);
      if (this.quoted.size >= 256) this.quoted.clear();
      this.quoted.set(text, t);
    }
    const value = Array.isArray(t.value) ? t.value.slice() : t.value;
    return t.items ? { value, items: t.items.slice() } : { value };
  }
}

/**
 * Splits a comment line into its pairs, in order. Throws ExtxyzSyntaxError on malformed text
 * (unclosed quote or list, a stray `=`, `,` or bracket in a bare word, NaN / Inf, a repeated key).
 */
export function parseKeyValues(line: string, cache?: CommentCache): CommentPair[] {
  const pairs: CommentPair[] = [];
  const seen = new Set<string>();
  let i = skipBlanks(line, 0);
  while (i < line.length) {
    const column = i + 1;
    const k = line.charCodeAt(i) === QUOTE ? scanQuoted(line, i) : scanBare(line, i, 'a key', 0);
    const key = k.text;
    if (key === '') throw new ExtxyzSyntaxError(column, 'expected a key, got ""');
    if (seen.has(key)) throw new ExtxyzSyntaxError(column, `expected each key once, got ${quoteValue(key)} again`);
    seen.add(key);
    let j = skipBlanks(line, k.end);
    if (j < line.length && line.charCodeAt(j) === EQUALS) {
      j = skipBlanks(line, j + 1);
      if (j >= line.length) throw new ExtxyzSyntaxError(j + 1, `expected a value for ${quoteValue(key)} after "=", got the end of the line`);
      const v = scanValue(line, j, cache);
      const pair: CommentPair = { key, column, value: v.value, valueColumn: j + 1, text: v.text, form: v.form };
      if (v.items) pair.items = v.items;
      pairs.push(pair);
      i = v.end;
      if (i < line.length && !isBlankChar(line.charCodeAt(i))) {
        throw new ExtxyzSyntaxError(i + 1, `expected a space or the end of the line after the value of ${quoteValue(key)}, got ${describeChar(line, i)}`);
      }
    } else {
      if (j === k.end && j < line.length) {
        // A quoted key glued to the next word: `"a"b`.
        throw new ExtxyzSyntaxError(j + 1, `expected "=", a space or the end of the line after the key ${quoteValue(key)}, got ${describeChar(line, j)}`);
      }
      pairs.push({ key, column, value: true, valueColumn: column, text: key, form: 'flag' });
      i = j;
    }
    i = skipBlanks(line, i);
  }
  return pairs;
}
