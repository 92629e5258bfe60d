/**
 * Strict reader for plain XYZ and extended XYZ (the libAtoms/extxyz specification, as ASE writes
 * it), bytes in, typed arrays out. A file is one or more frames:
 *
 *   line 1        the atom count n (a single non-negative integer; it may change from frame to frame)
 *   line 2        a comment: free text (plain XYZ) or key=value pairs (extended XYZ, ./extxyz-comment)
 *   n lines       one atom each: plain XYZ `species x y z` (further columns are ignored, as the spec
 *                 says; the species may be an atomic number), extended XYZ exactly the columns of
 *                 `Properties=...` (`species x y z` and nothing else read when it has none)
 *
 * Blank lines are allowed only at the end of the file (and as a comment line). CRLF and a missing
 * final newline are fine. Numbers follow the strict pattern of ../numbers, plus Fortran `D` and
 * Mathematica `*^` exponents (read as `E`); NaN and Inf are errors. Element symbols are the
 * standard ones, H to Og, case-sensitive. NUL and other control bytes, and bytes that are not
 * UTF-8, are "not a text file".
 *
 * Speed and memory: the bytes are scanned line by line in place. Atom lines are read straight
 * from the bytes (tokens, numbers, symbols) without decoding them to strings; only comment
 * lines, string columns and lines that go into an error message are decoded. So the file's text
 * is never held as a string, and strings kept in frames are their own (no slices of a larger
 * text). Numbers with at most 15 significant digits and a decimal exponent within +-22 are
 * converted exactly from their digits (an exact integer times or divided by an exact power of
 * ten: one correctly rounded operation); any other number is validated by pattern and then
 * converted by the engine (../numbers). Numeric arrays of all frames are views into shared
 * blocks of up to 8 MB: copy one (`.slice()`) before transferring its buffer.
 *
 * Every error is an XyzParseError: `file:line:column: expected ..., got ...`.
 */
import { quoteValue } from '../numbers';
import { ELEMENT_SYMBOLS, symbolCaseHint } from './elements';
import {
  CommentCache,
  ExtxyzSyntaxError,
  badNumberReason,
  numberToken,
  parseExtxyzBoolean,
  readCommentLine,
  setOwn,
  type FrameHeader,
  type InfoValue,
  type PropertyColumn,
} from './extxyz-comment';

export type XyzColumnType = 'S' | 'I' | 'R' | 'L';

/** A per-atom column group of extended XYZ: [atomCount, width] row-major. */
export interface XyzArray {
  type: XyzColumnType;
  width: number;
  /** Float64Array for R, I (integers) and L (1 true, 0 false); string[] for S. */
  values: Float64Array | string[];
}

export interface XyzFrame {
  atomCount: number;
  /** Element symbol per atom (standard spelling, e.g. `Cl`). */
  species: string[];
  /** [atomCount, 3] row-major. */
  positions: Float64Array;
  /** Per-frame key=value pairs except Lattice, pbc and Properties; empty for plain XYZ. */
  info: Record<string, InfoValue>;
  /** Per-atom columns of Properties except species (or Z, when it stands in for species) and pos. */
  arrays: Record<string, XyzArray>;
  /** Lattice: the three cell vectors, one after another (9 numbers). */
  lattice?: number[];
  /** Periodicity along the three cell vectors; [true, true, true] when a Lattice comes without pbc. */
  pbc?: boolean[];
  /** The comment line as written (without the line break). */
  comment: string;
  /** 1-based line of the frame's atom count. */
  line: number;
}

export interface XyzFile {
  fileName: string;
  frames: XyzFrame[];
}

/** A parse error with its location; the message is `file:line:column: expected ..., got ...`. */
export class XyzParseError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number,
    readonly column: number,
    /** `expected ..., got ...`. */
    readonly detail: string,
  ) {
    super(`${fileName}:${line}:${column}: ${detail}`);
    this.name = 'XyzParseError';
  }
}

const SP = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const CONTROL_CHAR = /[\x00-\x08\x0A-\x1F\x7F]/;
const LONE_CR = 13;

/** Index of the first byte of the first malformed UTF-8 sequence in [i, end), or -1. */
export function firstInvalidUtf8(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = i + k < end ? b[i + k]! : -1;
      if (d < lo || d > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}

/** Exact powers of ten as doubles: 1e0 .. 1e22. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Atomic number by symbol code (one byte, or first byte * 256 + second), 0 for none. */
const Z_BY_CODE = new Uint8Array(65536);
ELEMENT_SYMBOLS.forEach((s, i) => {
  const code = s.length === 1 ? s.charCodeAt(0) : s.charCodeAt(0) * 256 + s.charCodeAt(1);
  Z_BY_CODE[code] = i + 1;
});

/** Hands out views into shared Float64Array blocks, so that 100,000 frames are not 100,000 buffers. */
class Float64Pool {
  private block = new Float64Array(0);
  private used = 0;
  private nextSize = 4096;

  copy(src: Float64Array, n: number): Float64Array {
    if (this.used + n > this.block.length) {
      this.block = new Float64Array(Math.max(n, this.nextSize));
      this.nextSize = Math.min(this.nextSize * 2, 1 << 20);
      this.used = 0;
    }
    const view = new Float64Array(this.block.buffer, this.used * 8, n);
    for (let i = 0; i < n; i++) view[i] = src[i]!;
    this.used += n;
    return view;
  }
}

const KIND_SPECIES = 0;
const KIND_Z = 1;
const KIND_POS = 2;
const KIND_REAL = 3;
const KIND_INT = 4;
const KIND_LOGICAL = 5;
const KIND_STRING = 6;

/** Where the values of one column group go while a frame is read. */
interface Sink {
  name: string;
  type: XyzColumnType;
  kind: number;
  width: number;
  num: Float64Array;
  str: string[];
}

/** How to read the atom lines of a frame. */
interface Plan {
  sinks: Sink[];
  /** Columns an atom line has (exactly, or at least for plain XYZ). */
  columns: number;
  /** Extended XYZ with Properties: exactly `columns`; otherwise at least, the rest ignored. */
  exact: boolean;
  /** Plain XYZ: the species may be an atomic number. */
  allowZ: boolean;
  /** For messages. */
  describe: string;
}

function makeSink(name: string, type: XyzColumnType, kind: number, width: number): Sink {
  const numeric = kind !== KIND_STRING && kind !== KIND_SPECIES;
  return { name, type, kind, width, num: new Float64Array(numeric ? 64 * width : 0), str: [] };
}

function plainPlan(extended: boolean): Plan {
  return {
    sinks: [makeSink('species', 'S', KIND_SPECIES, 1), makeSink('pos', 'R', KIND_POS, 3)],
    columns: 4,
    exact: false,
    allowZ: true,
    describe: extended ? 'species x y z; the comment line has no Properties' : 'species x y z',
  };
}

function propertiesPlan(cols: PropertyColumn[], text: string): Plan {
  const hasSpecies = cols.some((c) => c.name === 'species');
  const sinks = cols.map((c) => {
    let kind: number;
    if (c.name === 'species') kind = KIND_SPECIES;
    else if (c.name === 'pos') kind = KIND_POS;
    else if (c.name === 'Z' && !hasSpecies) kind = KIND_Z;
    else kind = c.type === 'R' ? KIND_REAL : c.type === 'I' ? KIND_INT : c.type === 'L' ? KIND_LOGICAL : KIND_STRING;
    return makeSink(c.name, c.type, kind, c.width);
  });
  return { sinks, columns: cols.reduce((s, c) => s + c.width, 0), exact: true, allowZ: false, describe: `Properties=${text}` };
}

function grow(a: Float64Array, need: number): Float64Array {
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Words of a line (space / tab separated) with their 1-based columns, for messages. */
function words(line: string): { word: string; column: number }[] {
  const out: { word: string; column: number }[] = [];
  const re = /[^ \t]+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ word: m[0], column: m.index + 1 });
  return out;
}

function componentName(sink: Sink, k: number): string {
  if (sink.kind === KIND_POS) return 'xyz'[k]!;
  return sink.width === 1 ? sink.name : `${sink.name}[${k}]`;
}

/** Not a number: the scanners' mark for a token that needs a closer look. */
const BAD = Number.NaN;

class XyzReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly pool = new Float64Pool();
  private readonly commentCache = new CommentCache();
  private readonly plans = new Map<string, Plan>();
  private plainPlanCache: Plan | undefined;
  private extendedPlainPlanCache: Plan | undefined;

  /** 1-based number of the current line (0 before the first). */
  private lineNo = 0;
  /** Byte range of the current line, without CR / LF. */
  private lineStart = 0;
  private lineEnd = 0;
  /** Byte offset of the next line. */
  private nextLine: number;
  /** End of the last token a scanner read. */
  private tokenEnd = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
  ) {
    this.nextLine = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  private fail(line: number, column: number, detail: string): never {
    throw new XyzParseError(this.fileName, line, column, detail);
  }

  /** Moves to the next line; false at the end of the file. */
  private advance(): boolean {
    const b = this.bytes;
    const start = this.nextLine;
    if (start >= b.length) return false;
    let nl = b.indexOf(LF, start);
    if (nl < 0) nl = b.length;
    this.lineStart = start;
    this.lineEnd = nl > start && b[nl - 1] === CR ? nl - 1 : nl;
    this.nextLine = nl + 1;
    this.lineNo++;
    return true;
  }

  private isBlankLine(): boolean {
    const b = this.bytes;
    for (let i = this.lineStart; i < this.lineEnd; i++) {
      const c = b[i]!;
      if (c !== SP && c !== TAB) return false;
    }
    return true;
  }

  /** The current line as a string of its own; not a text file -> error. */
  private lineText(): string {
    const b = this.bytes;
    let text: string;
    try {
      text = this.decoder.decode(b.subarray(this.lineStart, this.lineEnd));
    } catch {
      const bad = firstInvalidUtf8(b, this.lineStart, this.lineEnd);
      const at = bad < 0 ? this.lineStart : bad;
      this.fail(this.lineNo, this.columnOf(at), `expected UTF-8 text, got the byte 0x${b[at]!.toString(16).padStart(2, '0')}: not a text file`);
    }
    const ctl = CONTROL_CHAR.exec(text);
    if (ctl) {
      if (text.charCodeAt(ctl.index) === LONE_CR) {
        this.fail(this.lineNo, ctl.index + 1, 'expected a line break (LF or CRLF) or text, got a lone carriage return (CR)');
      }
      const code = text.charCodeAt(ctl.index);
      const what = code === 0 ? 'a NUL byte' : `the control character 0x${code.toString(16).padStart(2, '0')}`;
      this.fail(this.lineNo, ctl.index + 1, `expected text, got ${what}: not a text file`);
    }
    return text;
  }

  /** 1-based character column of a byte offset of the current line (valid UTF-8 before it). */
  private columnOf(byte: number): number {
    const b = this.bytes;
    let ascii = true;
    for (let i = this.lineStart; i < byte; i++) {
      if (b[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return byte - this.lineStart + 1;
    return new TextDecoder('utf-8').decode(b.subarray(this.lineStart, byte)).length + 1;
  }

  /** The token of the current line that starts at byte i, as text (for messages). */
  private tokenText(i: number): string {
    const text = this.lineText();
    const col = this.columnOf(i) - 1;
    const m = /^[^ \t]*/.exec(text.slice(col));
    return m ? m[0] : '';
  }

  /**
   * A number token at byte i (not blank) of the current line, ending at a blank or the line's end;
   * BAD when it is not a finite number. Sets tokenEnd.
   */
  private number(i: number): number {
    const b = this.bytes;
    const end = this.lineEnd;
    const start = i;
    let c = b[i]!;
    let neg = false;
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let m = 0;
    let sig = 0;
    let digits = 0;
    let frac = 0;
    while (i < end && (c = b[i]!) >= 48 && c <= 57) {
      if (sig > 0 || c !== 48) {
        m = m * 10 + (c - 48);
        sig++;
      }
      digits++;
      i++;
    }
    if (i < end && b[i] === 46) {
      i++;
      while (i < end && (c = b[i]!) >= 48 && c <= 57) {
        if (sig > 0 || c !== 48) {
          m = m * 10 + (c - 48);
          sig++;
        }
        digits++;
        frac++;
        i++;
      }
    }
    let exp = 0;
    let ok = digits > 0;
    if (ok && i < end && (c = b[i]!) !== SP && c !== TAB) {
      // Exponent: e / E / d / D, or Mathematica *^.
      if (c === 101 || c === 69 || c === 100 || c === 68) i++;
      else if (c === 42 && i + 1 < end && b[i + 1] === 94) i += 2;
      else ok = false;
      if (ok) {
        let eneg = false;
        if (i < end && ((c = b[i]!) === 45 || c === 43)) {
          eneg = c === 45;
          i++;
        }
        let ed = 0;
        while (i < end && (c = b[i]!) >= 48 && c <= 57) {
          if (exp < 100000) exp = exp * 10 + (c - 48);
          ed++;
          i++;
        }
        if (ed === 0) ok = false;
        if (eneg) exp = -exp;
      }
    }
    if (ok && i < end && (c = b[i]!) !== SP && c !== TAB) ok = false;
    if (!ok) {
      while (i < end && (c = b[i]!) !== SP && c !== TAB) i++;
      this.tokenEnd = i;
      return BAD;
    }
    this.tokenEnd = i;
    const e10 = exp - frac;
    if (sig <= 15 && e10 >= -22 && e10 <= 22) {
      const v = m === 0 ? 0 : e10 >= 0 ? m * POW10[e10]! : m / POW10[-e10]!;
      return neg ? -v : v;
    }
    // Long mantissa or large exponent: the validated text, converted by the engine.
    let s = '';
    for (let k = start; k < i; k++) s += String.fromCharCode(b[k]!);
    const v = numberToken(s);
    return v === undefined ? BAD : v;
  }

  /** An integer token at byte i; BAD when it is not a safe integer. Sets tokenEnd. */
  private integer(i: number): number {
    const b = this.bytes;
    const end = this.lineEnd;
    let c = b[i]!;
    let neg = false;
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let v = 0;
    let digits = 0;
    while (i < end && (c = b[i]!) >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      digits++;
      i++;
    }
    let ok = digits > 0 && Number.isSafeInteger(v);
    if (i < end && (c = b[i]!) !== SP && c !== TAB) ok = false;
    while (i < end && (c = b[i]!) !== SP && c !== TAB) i++;
    this.tokenEnd = i;
    return ok ? (neg ? -v : v) : BAD;
  }

  /** The end of the token at byte i. */
  private skipToken(i: number): number {
    const b = this.bytes;
    const end = this.lineEnd;
    let c = 0;
    while (i < end && (c = b[i]!) !== SP && c !== TAB) i++;
    return i;
  }

  private planFor(h: FrameHeader): Plan {
    if (h.properties && h.propertiesText !== undefined) {
      let p = this.plans.get(h.propertiesText);
      if (!p) {
        p = propertiesPlan(h.properties, h.propertiesText);
        this.plans.set(h.propertiesText, p);
      }
      return p;
    }
    if (h.extended) return (this.extendedPlainPlanCache ??= plainPlan(true));
    return (this.plainPlanCache ??= plainPlan(false));
  }

  /**
   * Reports a bad atom line: not text first, then a wrong number of columns (atoms ran out, or a
   * line too many), then `detail` at the byte offset `at`.
   */
  private atomFailure(a: number, n: number, countLine: number, plan: Plan, at: number, detail: string): never {
    const line = this.lineText();
    const which = `atom ${a + 1} of ${n} (the count on line ${countLine})`;
    if (line.trim() === '') this.fail(this.lineNo, 1, `expected ${which}, got an empty line`);
    const w = words(line);
    const want = `${plan.exact ? '' : 'at least '}${plan.columns} columns (${plan.describe})`;
    const got = `got ${w.length} column${w.length === 1 ? '' : 's'}: ${quoteValue(line.trim(), 60)}`;
    if (w.length < plan.columns) {
      const last = w[w.length - 1]!;
      this.fail(this.lineNo, last.column + last.word.length, `expected ${which} with ${want}, ${got}`);
    }
    if (plan.exact && w.length > plan.columns) this.fail(this.lineNo, w[plan.columns]!.column, `expected ${which} with ${want}, ${got}`);
    return this.fail(this.lineNo, this.columnOf(at), detail);
  }

  /** Reads the current line as atom a of a frame of n. */
  private readAtom(a: number, n: number, countLine: number, plan: Plan): void {
    const b = this.bytes;
    const end = this.lineEnd;
    const sinks = plan.sinks;
    let i = this.lineStart;
    let c = 0;
    for (let s = 0; s < sinks.length; s++) {
      const sink = sinks[s]!;
      const width = sink.width;
      const kind = sink.kind;
      let num = sink.num;
      if (kind !== KIND_SPECIES && kind !== KIND_STRING && (a + 1) * width > num.length) num = sink.num = grow(num, (a + 1) * width);
      for (let k = 0; k < width; k++) {
        while (i < end && ((c = b[i]!) === SP || c === TAB)) i++;
        if (i >= end) this.atomFailure(a, n, countLine, plan, i, 'expected more columns, got the end of the line');
        const start = i;
        if (kind === KIND_POS || kind === KIND_REAL) {
          const v = this.number(i);
          if (v !== v) {
            const tok = this.tokenText(start);
            this.atomFailure(a, n, countLine, plan, start, `expected a finite number for ${componentName(sink, k)} of atom ${a + 1}, got ${quoteValue(tok)} (${badNumberReason(tok)})`);
          }
          num[a * width + k] = v;
          i = this.tokenEnd;
        } else if (kind === KIND_SPECIES) {
          i = this.skipToken(i);
          const len = i - start;
          const z = len === 1 ? Z_BY_CODE[b[start]!]! : len === 2 && b[start]! >= 65 ? Z_BY_CODE[b[start]! * 256 + b[start + 1]!]! : 0;
          if (z !== 0) sink.str[a] = ELEMENT_SYMBOLS[z - 1]!;
          else sink.str[a] = this.speciesFallback(start, a, n, countLine, plan);
        } else if (kind === KIND_STRING) {
          i = this.skipToken(i);
          let tok: string;
          try {
            tok = this.decoder.decode(b.subarray(start, i));
          } catch {
            tok = '';
            this.lineText(); // reports the bad byte
          }
          if (CONTROL_CHAR.test(tok)) this.lineText();
          sink.str[a * width + k] = tok;
        } else if (kind === KIND_LOGICAL) {
          i = this.skipToken(i);
          let tok = '';
          for (let q = start; q < i && q - start < 6; q++) tok += String.fromCharCode(b[q]!);
          const v = i - start <= 5 ? parseExtxyzBoolean(tok) : undefined;
          if (v === undefined) {
            this.atomFailure(a, n, countLine, plan, start, `expected T or F for ${componentName(sink, k)} of atom ${a + 1}, got ${quoteValue(this.tokenText(start))}`);
          }
          num[a * width + k] = v ? 1 : 0;
        } else {
          // KIND_INT, KIND_Z
          const v = this.integer(i);
          if (v !== v) {
            this.atomFailure(a, n, countLine, plan, start, `expected an integer for ${componentName(sink, k)} of atom ${a + 1}, got ${quoteValue(this.tokenText(start))}`);
          }
          if (kind === KIND_Z) {
            if (!(v >= 1 && v <= ELEMENT_SYMBOLS.length)) {
              this.atomFailure(a, n, countLine, plan, start, `expected an atomic number from 1 to 118 for Z of atom ${a + 1}, got ${quoteValue(this.tokenText(start))}`);
            }
            sink.str[a] = ELEMENT_SYMBOLS[v - 1]!;
          }
          num[a * width + k] = v;
          i = this.tokenEnd;
        }
      }
    }
    if (plan.exact) {
      while (i < end && ((c = b[i]!) === SP || c === TAB)) i++;
      if (i < end) this.atomFailure(a, n, countLine, plan, i, 'expected the end of the line, got more columns');
    } else {
      // Columns past the fourth are not read, but they must be text.
      for (; i < end; i++) {
        c = b[i]!;
        if ((c < 32 && c !== TAB) || c >= 127) {
          this.lineText();
          break;
        }
      }
    }
  }

  /** A species token that is not a one- or two-letter symbol: an atomic number (plain XYZ) or an error. */
  private speciesFallback(start: number, a: number, n: number, countLine: number, plan: Plan): string {
    if (plan.allowZ) {
      const v = this.integer(start);
      if (v === v && v >= 1 && v <= ELEMENT_SYMBOLS.length) return ELEMENT_SYMBOLS[v - 1]!;
      if (v === v) {
        this.atomFailure(a, n, countLine, plan, start, `expected an atomic number from 1 to 118 for atom ${a + 1}, got ${quoteValue(this.tokenText(start))}`);
      }
    }
    const tok = this.tokenText(start);
    const hint = symbolCaseHint(tok);
    return this.atomFailure(
      a, n, countLine, plan, start,
      `expected an element symbol (H to Og${plan.allowZ ? ', or an atomic number' : ''}) for atom ${a + 1}, got ${quoteValue(tok)}${hint ? ` (${hint})` : ''}`,
    );
  }

  /** The atom count on the current line (not blank). */
  private count(previous: XyzFrame | undefined): number {
    const b = this.bytes;
    let i = this.lineStart;
    const end = this.lineEnd;
    let c = 0;
    while (i < end && ((c = b[i]!) === SP || c === TAB)) i++;
    const start = i;
    let v = BAD;
    if (b[i] !== 45) {
      v = this.integer(i);
      i = this.tokenEnd;
      while (i < end && ((c = b[i]!) === SP || c === TAB)) i++;
      if (i < end) v = BAD;
    }
    if (v !== v) {
      const line = this.lineText();
      const extra =
        previous && words(line).length >= 4
          ? ` (the frame at line ${previous.line} declares ${previous.atomCount} atom${previous.atomCount === 1 ? '' : 's'}: one atom line too many?)`
          : '';
      this.fail(this.lineNo, this.columnOf(start), `expected an atom count (a non-negative integer), got ${quoteValue(line.trim(), 60)}${extra}`);
    }
    return v;
  }

  read(): XyzFile {
    const frames: XyzFrame[] = [];
    let blankLine = 0;
    while (this.advance()) {
      if (this.isBlankLine()) {
        if (blankLine === 0) blankLine = this.lineNo;
        continue;
      }
      if (blankLine !== 0) this.fail(blankLine, 1, 'expected an atom count, got an empty line (blank lines may only end the file)');

      const countLine = this.lineNo;
      const n = this.count(frames[frames.length - 1]);

      if (!this.advance()) this.fail(countLine + 1, 1, `expected the comment line of the frame whose count is on line ${countLine}, got the end of the file`);
      const comment = this.lineText();
      let header: FrameHeader;
      try {
        header = readCommentLine(comment, this.commentCache);
      } catch (e) {
        if (e instanceof ExtxyzSyntaxError) this.fail(this.lineNo, e.column, e.detail);
        throw e;
      }
      const plan = this.planFor(header);

      for (let a = 0; a < n; a++) {
        if (!this.advance()) this.fail(this.lineNo + 1, 1, `expected atom ${a + 1} of ${n} (the count on line ${countLine}), got the end of the file`);
        this.readAtom(a, n, countLine, plan);
      }
      frames.push(this.frame(n, plan, header, comment, countLine));
    }
    if (frames.length === 0) this.fail(1, 1, 'expected an atom count, got an empty file');
    return { fileName: this.fileName, frames };
  }

  private frame(n: number, plan: Plan, header: FrameHeader, comment: string, countLine: number): XyzFrame {
    let species: string[] = [];
    let positions: Float64Array = new Float64Array(0);
    const arrays: Record<string, XyzArray> = {};
    for (const sink of plan.sinks) {
      if (sink.kind === KIND_SPECIES || sink.kind === KIND_Z) species = sink.str.slice(0, n);
      if (sink.kind === KIND_POS) positions = this.pool.copy(sink.num, 3 * n);
      else if (sink.kind === KIND_SPECIES || sink.kind === KIND_Z) continue;
      else if (sink.kind === KIND_STRING) setOwn(arrays, sink.name, { type: sink.type, width: sink.width, values: sink.str.slice(0, n * sink.width) });
      else setOwn(arrays, sink.name, { type: sink.type, width: sink.width, values: this.pool.copy(sink.num, n * sink.width) });
    }
    const frame: XyzFrame = { atomCount: n, species, positions, info: header.info, arrays, comment, line: countLine };
    if (header.lattice) frame.lattice = header.lattice;
    if (header.pbc) frame.pbc = header.pbc;
    return frame;
  }
}

/** Parses a plain or extended XYZ file of one or more frames; throws XyzParseError on anything off. */
export function parseXyz(bytes: Uint8Array, fileName: string): XyzFile {
  return new XyzReader(bytes, fileName).read();
}
