/**
 * Strict reader for plain XYZ and extended XYZ (the libAtoms/extxyz specification, as ASE writes
 * it), bytes in, typed arrays out. A file is one or more frames:
 *
 *   line 1        the atom count n (a single non-negative integer; it may change from frame to frame)
 *   line 2        a comment: free text (plain XYZ) or key=value pairs (extended XYZ, ./extxyz-comment)
 *   n lines       one atom each: plain XYZ `species x y z` (further columns are ignored, as the spec
 *                 says; the species may be an atomic number), extended XYZ the columns of
 *                 `Properties=...` (`species x y z` when it has none; further columns ignored, as
 *                 ASE ignores them)
 *
 * Blank lines are allowed only at the end of the file (and as a comment line). CRLF and a missing
 * final newline are fine. Numbers follow the strict pattern of ../numbers, plus Fortran `D` and
 * Mathematica `*^` exponents (read as `E`); NaN and Inf are errors. Element symbols are the
 * standard ones, H to Og, capitalised as ASE does (`h`, `CL` read as H, Cl). NUL and other control bytes, and bytes that are not
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
import {
  Float64Pool,
  KIND_LOGICAL,
  KIND_POS,
  KIND_REAL,
  KIND_SPECIES,
  KIND_STRING,
  KIND_Z,
  Z_BY_CODE,
  componentName,
  grow,
  plainPlan,
  propertiesPlan,
  type Plan,
  type XyzColumnType,
} from './atom-columns';
import { ELEMENT_SYMBOLS, symbolCaseHint } from './elements';
import { CommentCache, ExtxyzSyntaxError, badNumberReason, parseExtxyzBoolean, readCommentLine, setOwn, type FrameHeader, type InfoValue } from './extxyz-comment';
import { BAD, CONTROL_CHAR, LineCursor, SP, TAB, words } from './line-cursor';

export type { XyzColumnType } from './atom-columns';
export { XyzParseError, firstInvalidUtf8 } from './line-cursor';

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

class XyzReader extends LineCursor {
  private readonly pool = new Float64Pool();
  private readonly commentCache = new CommentCache();
  private readonly plans = new Map<string, Plan>();
  private plainPlanCache: Plan | undefined;
  private extendedPlainPlanCache: Plan | undefined;


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
    // ASE capitalises symbols (`h` and `CL` are H and Cl); so does this.
    const capitalised = tok.length <= 3 ? tok.charAt(0).toUpperCase() + tok.slice(1).toLowerCase() : '';
    const z = ELEMENT_SYMBOLS.indexOf(capitalised);
    if (z >= 0) return ELEMENT_SYMBOLS[z]!;
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
      // A file whose first line is no count does not look like XYZ at all: quote nothing of it
      // (it may be any file on the host).
      if (previous === undefined && !/^\s*[+-]?\.?\d/.test(line)) {
        this.fail(this.lineNo, this.columnOf(start), 'expected an atom count (a non-negative integer) on the first line; this does not look like an XYZ file');
      }
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
