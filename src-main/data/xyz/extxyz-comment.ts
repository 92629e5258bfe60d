/**
 * The comment (second) line of an extended XYZ frame, after the libAtoms/extxyz specification
 * and as ASE writes it:
 *
 *   Lattice="5.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 5.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=-12.5 pbc="T T F"
 *
 * - Pairs `key=value` separated by spaces or tabs; spaces around `=` are allowed; a key without
 *   `=` is a flag with the value true. Keys are bare words or "quoted strings".
 * - Values: bare words, "quoted strings" (escapes \" \\ \n; any other \x is x), `{a b c}` and
 *   `[a, b, c]` lists, `[[1, 2], [3, 4]]` matrices (read row-major, flattened). List elements are
 *   separated by whitespace and/or one comma.
 * - Types, first match wins: number (integer or real; Fortran `1.0D-03` and Mathematica `1.2*^-5`
 *   exponents are read as `1.0e-03` and `1.2e-5`), boolean (T F True False true false TRUE FALSE),
 *   string. A quoted value or a list of several numbers is a number[]; a quoted value or a `{...}`
 *   list holding one number or one boolean is that scalar. A list of booleans or strings has
 *   no array type in `InfoValue`: its value is the list's text (its elements are in `items`).
 * - NaN and Inf are refused wherever a number is read.
 *
 * Errors are ExtxyzSyntaxError: a 1-based character column and `expected ..., got ...`.
 */
import { INTEGER_PATTERN, NUMBER_PATTERN, isNonFiniteText, numberHint, parseStrictNumber, quoteValue } from '../numbers';

/** A per-frame value as stored in `info`. */
export type InfoValue = number | number[] | string | boolean;

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

/** One column group of `Properties=name:T:m:...`. */
export interface PropertyColumn {
  name: string;
  /** S string, I integer, R real, L logical. */
  type: 'S' | 'I' | 'R' | 'L';
  /** How many consecutive columns (m > 0). */
  width: number;
  /** 1-based column of the name in the comment line. */
  column: number;
}

/** What a comment line says about its frame. */
export interface FrameHeader {
  /** False for a plain XYZ comment (free text): no info, default columns. */
  extended: boolean;
  /** Every pair except Lattice, pbc and Properties. */
  info: Record<string, InfoValue>;
  /** Lattice: 9 numbers, the three cell vectors one after another. */
  lattice?: number[];
  /** pbc as given; [true, true, true] when a Lattice is given without pbc. */
  pbc?: boolean[];
  /** The parsed Properties, when given. */
  properties?: PropertyColumn[];
  /** The text of the Properties value, for messages and as a cache key. */
  propertiesText?: string;
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
function isBadNumber(t: string): boolean {
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

function describeChar(line: string, i: number): string {
  return i >= line.length ? 'the end of the line' : JSON.stringify(line[i]);
}

/** A primitive read from one token: number, boolean or string; NaN / Inf refused. */
function typeToken(t: string, column: number): ListItem {
  const v = numberToken(t);
  if (v !== undefined) return v;
  if (isBadNumber(t)) {
    throw new ExtxyzSyntaxError(column, `expected a finite number, got ${quoteValue(t)} (${badNumberReason(t)})`);
  }
  const b = parseExtxyzBoolean(t);
  return b === undefined ? t : b;
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

function skipBlanks(line: string, i: number): number {
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

/**
 * Parses `name:T:m:name:T:m...` (T one of S I R L, m > 0). `column` is the 1-based column of the
 * text's first character in the comment line, for messages.
 */
export function parseProperties(text: string, column = 1): PropertyColumn[] {
  const parts = text.split(':');
  const at: number[] = [];
  let off = 0;
  for (const p of parts) {
    at.push(column + off);
    off += p.length + 1;
  }
  if (parts.length % 3 !== 0) {
    throw new ExtxyzSyntaxError(column, `expected Properties as name:type:count triplets (e.g. species:S:1:pos:R:3), got ${parts.length} fields in ${quoteValue(text, 80)}`);
  }
  const cols: PropertyColumn[] = [];
  const names = new Set<string>();
  for (let p = 0; p < parts.length; p += 3) {
    const name = parts[p]!;
    const type = parts[p + 1]!;
    const count = parts[p + 2]!;
    if (!/^[A-Za-z_][A-Za-z0-9_.+-]*$/.test(name)) {
      throw new ExtxyzSyntaxError(at[p]!, `expected a column name in Properties, got ${quoteValue(name)}`);
    }
    if (names.has(name)) throw new ExtxyzSyntaxError(at[p]!, `expected each Properties name once, got ${quoteValue(name)} again`);
    names.add(name);
    if (type !== 'S' && type !== 'I' && type !== 'R' && type !== 'L') {
      throw new ExtxyzSyntaxError(at[p + 1]!, `expected the type of ${quoteValue(name)} to be S, I, R or L, got ${quoteValue(type)}`);
    }
    const width = INTEGER_PATTERN.test(count) && !count.startsWith('-') && !count.startsWith('+') ? Number(count) : 0;
    if (!Number.isSafeInteger(width) || width < 1) {
      throw new ExtxyzSyntaxError(at[p + 2]!, `expected the column count of ${quoteValue(name)} (a positive integer), got ${quoteValue(count)}`);
    }
    cols.push({ name, type, width, column: at[p]! });
  }
  return cols;
}

/**
 * Sets an own property, also for the key `__proto__` (which a plain assignment would take as the
 * object's prototype).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Properties keys ASE and the extxyz spec give a meaning: a line carrying them is meant as extended. */
const EXTENDED_MARK = /(?:^|[ \t])(?:Properties|Lattice)[ \t]*=/;

function describeValue(p: CommentPair): string {
  return quoteValue(p.form === 'flag' ? `${p.key} (no value)` : p.text, 60);
}

function checkProperties(cols: PropertyColumn[], text: string, column: number): void {
  const pos = cols.find((c) => c.name === 'pos');
  if (!pos) throw new ExtxyzSyntaxError(column, `expected a pos:R:3 column in Properties, got ${quoteValue(text, 80)}`);
  if (pos.type !== 'R' || pos.width !== 3) {
    throw new ExtxyzSyntaxError(pos.column, `expected pos:R:3 in Properties, got pos:${pos.type}:${pos.width}`);
  }
  const species = cols.find((c) => c.name === 'species');
  if (species && (species.type !== 'S' || species.width !== 1)) {
    throw new ExtxyzSyntaxError(species.column, `expected species:S:1 in Properties, got species:${species.type}:${species.width}`);
  }
  const z = cols.find((c) => c.name === 'Z');
  if (!species && !z) throw new ExtxyzSyntaxError(column, `expected a species:S:1 (or Z:I:1) column in Properties, got ${quoteValue(text, 80)}`);
  if (!species && z && (z.type !== 'I' || z.width !== 1)) {
    throw new ExtxyzSyntaxError(z.column, `expected Z:I:1 in Properties, got Z:${z.type}:${z.width}`);
  }
}

/**
 * Reads a frame's comment line. A line without `=` is a plain XYZ comment. A line with `=` is
 * read as key=value pairs; when that fails, the line is a plain comment unless it carries
 * `Properties=` or `Lattice=` (then it was meant as extended XYZ and the error is thrown).
 * A `cache` shared by the frames of a file saves re-parsing what repeats (Properties, Lattice).
 */
export function readCommentLine(line: string, cache?: CommentCache): FrameHeader {
  const info: Record<string, InfoValue> = {};
  if (line.indexOf('=') < 0) return { extended: false, info };
  let pairs: CommentPair[];
  try {
    pairs = parseKeyValues(line, cache);
  } catch (e) {
    if (e instanceof ExtxyzSyntaxError && !EXTENDED_MARK.test(line)) return { extended: false, info };
    throw e;
  }
  const header: FrameHeader = { extended: true, info };
  for (const p of pairs) {
    if (p.key === 'Properties') {
      if (p.form !== 'bare' && p.form !== 'quoted') {
        throw new ExtxyzSyntaxError(p.valueColumn, `expected Properties=name:type:count..., got ${describeValue(p)}`);
      }
      const textColumn = p.valueColumn + (p.form === 'quoted' ? 1 : 0);
      let cols = cache?.properties.get(p.text);
      if (!cols) {
        cols = parseProperties(p.text, textColumn);
        checkProperties(cols, p.text, textColumn);
        cache?.properties.set(p.text, cols);
      } else if (cols[0] && cols[0].column !== textColumn) {
        // Same spec at another place in the line: columns for messages move with it.
        const shift = textColumn - (cols[0].column);
        cols = cols.map((c) => ({ ...c, column: c.column + shift }));
      }
      header.properties = cols;
      header.propertiesText = p.text;
    } else if (p.key === 'Lattice') {
      const v = p.value;
      if (!Array.isArray(v) || v.length !== 9) {
        const got = Array.isArray(v) ? `${v.length} numbers` : describeValue(p);
        throw new ExtxyzSyntaxError(p.valueColumn, `expected 9 numbers for Lattice (three cell vectors), got ${got}`);
      }
      header.lattice = v;
    } else if (p.key === 'pbc') {
      header.pbc = readPbc(p);
    } else {
      setOwn(info, p.key, p.value);
    }
  }
  if (header.lattice && !header.pbc) header.pbc = [true, true, true];
  return header;
}

/** pbc: three booleans (`"T T F"`, `{T T F}`, `[T, T, F]`, or 0 / 1), or one for all three. */
function readPbc(p: CommentPair): boolean[] {
  const raw: ListItem[] = p.items ?? (Array.isArray(p.value) ? p.value : [p.value]);
  const out = raw.map((v) => (typeof v === 'boolean' ? v : v === 1 ? true : v === 0 ? false : undefined));
  if (out.every((b) => b !== undefined) && (out.length === 3 || out.length === 1)) {
    const bs = out as boolean[];
    return bs.length === 1 ? [bs[0]!, bs[0]!, bs[0]!] : bs;
  }
  throw new ExtxyzSyntaxError(p.valueColumn, `expected three booleans for pbc (e.g. "T T F"), got ${describeValue(p)}`);
}
