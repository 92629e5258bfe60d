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
 * Speed and memory: the reader is pushed the file's bytes chunk by chunk (XyzStreamReader) and
 * reads each line as soon as it is complete, in place: atom lines straight from the bytes
 * (tokens, numbers, symbols) without decoding them to strings; only comment lines, string
 * columns and lines that go into an error message are decoded. Each complete frame is handed to
 * a callback as views into the reader's column buffers (valid during the call), so an importer
 * copies what it keeps into its own typed arrays and nothing per frame or per line is held.
 * parseXyz builds the frames as objects of their own, for callers that want them all. Numbers
 * with at most 15 significant digits and a decimal exponent within +-22 are converted exactly
 * from their digits (an exact integer times or divided by an exact power of ten: one correctly
 * rounded operation); any other number is validated by pattern and then converted by the engine
 * (../numbers). parseXyz's numeric arrays of all frames are views into shared blocks of up to
 * 8 MB: copy one (`.slice()`) before transferring its buffer.
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
import { BAD, CONTROL_CHAR, CR, LF, LineCursor, SP as SP_, TAB as TAB_, words } from './line-cursor';

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

/** A frame's data as the importers read it: a frame of its own or the reader's view of one. */
export type XyzFrameData = Omit<XyzFrame, 'species'>;

export interface XyzFile {
  fileName: string;
  frames: XyzFrame[];
}

// Module-local copies of imported constants: the CLI runs through tsx, whose CommonJS output
// reads an imported binding through a getter on every use; in the per-atom loop that showed in
// the profile.
const SP = SP_;
const TAB = TAB_;
const K_SPECIES = KIND_SPECIES;
const K_Z = KIND_Z;
const K_POS = KIND_POS;
const K_REAL = KIND_REAL;
const K_LOGICAL = KIND_LOGICAL;
const K_STRING = KIND_STRING;
const Z_CODE = Z_BY_CODE;
const SYMBOLS = ELEMENT_SYMBOLS;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * One frame as the reader hands it out: numeric arrays are views into the reader's buffers,
 * valid only during the callback (copy what you keep).
 */
export interface XyzFrameView {
  atomCount: number;
  /** Atomic number per atom (view). */
  atomicNumbers: Uint8Array;
  /** [atomCount, 3] row-major (view). */
  positions: Float64Array;
  /** As XyzFrame.info (the frame's own object). */
  info: Record<string, InfoValue>;
  /** As XyzFrame.arrays; numeric values are views. */
  arrays: Record<string, XyzArray>;
  lattice?: number[];
  pbc?: boolean[];
  comment: string;
  /** 1-based line of the frame's atom count. */
  line: number;
}

const PHASE_COUNT = 0;
const PHASE_COMMENT = 1;
const PHASE_ATOMS = 2;

/**
 * The streaming reader: `push` the file's bytes in chunks of any size, then `end`. Each complete
 * frame goes to `onFrame`; errors are thrown from push or end as soon as they are seen.
 */
export class XyzStreamReader extends LineCursor {
  private readonly commentCache = new CommentCache();
  private readonly plans = new Map<string, Plan>();
  private plainPlanCache: Plan | undefined;
  private extendedPlainPlanCache: Plan | undefined;

  /** The start of a line whose end has not been pushed yet: pending[0, pendingLength). */
  private pending = new Uint8Array(0);
  private pendingLength = 0;
  private ended = false;

  private phase = PHASE_COUNT;
  private blankLine = 0;
  private countLine = 0;
  private n = 0;
  private atom = 0;
  private comment = '';
  private header: FrameHeader | undefined;
  private plan: Plan | undefined;
  /** The last complete frame's count line and atom count, for messages. */
  private lastLine = 0;
  private lastCount = 0;
  frames = 0;

  constructor(
    fileName: string,
    private readonly onFrame: (frame: XyzFrameView) => void,
  ) {
    super(fileName);
  }

  /**
   * Reads the complete lines of `chunk` (after what was pushed before), straight from the chunk;
   * copies only the start of a line that the chunk does not end. The chunk may be reused after.
   */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('XyzStreamReader: push after end');
    let start = 0;
    if (this.pendingLength > 0) {
      // The line begun in an earlier chunk, completed up to this chunk's first line break.
      const nl = chunk.indexOf(LF);
      this.keep(nl < 0 ? chunk : chunk.subarray(0, nl + 1));
      if (nl < 0) return;
      this.bytes = this.pending;
      this.line(0, this.pendingLength - 1);
      this.pendingLength = 0;
      start = nl + 1;
    }
    this.bytes = chunk;
    for (let nl = chunk.indexOf(LF, start); nl >= 0; nl = chunk.indexOf(LF, start)) {
      this.line(start, nl);
      start = nl + 1;
    }
    this.keep(chunk.subarray(start));
  }

  /** Appends bytes to the pending line, growing its buffer by doubling. */
  private keep(bytes: Uint8Array): void {
    const need = this.pendingLength + bytes.length;
    if (need > this.pending.length) {
      const bigger = new Uint8Array(Math.max(need, 2 * this.pending.length, 256));
      bigger.set(this.pending.subarray(0, this.pendingLength));
      this.pending = bigger;
    }
    this.pending.set(bytes, this.pendingLength);
    this.pendingLength = need;
  }

  /** Reads the last line (one without a line break) and checks that the file ended where a frame did. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.pendingLength > 0) {
      this.bytes = this.pending;
      this.line(0, this.pendingLength);
      this.pendingLength = 0;
    }
    if (this.phase === PHASE_COMMENT) {
      this.fail(this.countLine + 1, 1, `expected the comment line of the frame whose count is on line ${this.countLine}, got the end of the file`);
    }
    if (this.phase === PHASE_ATOMS) {
      this.fail(this.lineNo + 1, 1, `expected atom ${this.atom + 1} of ${this.n} (the count on line ${this.countLine}), got the end of the file`);
    }
    if (this.frames === 0) this.fail(1, 1, 'expected an atom count, got an empty file');
  }

  /** Reads the line bytes[start, stop) (stop at its LF, or the end of the file). */
  private line(start: number, stop: number): void {
    const b = this.bytes;
    this.lineNo++;
    this.lineStart = this.lineNo === 1 && stop - start >= 3 && b[start] === BOM[0] && b[start + 1] === BOM[1] && b[start + 2] === BOM[2] ? start + 3 : start;
    this.lineEnd = stop > this.lineStart && b[stop - 1] === CR ? stop - 1 : stop;
    if (this.phase === PHASE_ATOMS) {
      this.readAtom(this.atom, this.n, this.countLine, this.plan!);
      if (++this.atom === this.n) this.emit();
    } else if (this.phase === PHASE_COUNT) {
      if (this.isBlankLine()) {
        if (this.blankLine === 0) this.blankLine = this.lineNo;
        return;
      }
      if (this.blankLine !== 0) this.fail(this.blankLine, 1, 'expected an atom count, got an empty line (blank lines may only end the file)');
      this.countLine = this.lineNo;
      this.n = this.count();
      this.phase = PHASE_COMMENT;
    } else {
      const comment = this.lineText();
      try {
        this.header = readCommentLine(comment, this.commentCache);
      } catch (e) {
        if (e instanceof ExtxyzSyntaxError) this.fail(this.lineNo, e.column, e.detail);
        throw e;
      }
      this.comment = comment;
      this.plan = this.planFor(this.header);
      this.atom = 0;
      if (this.n === 0) this.emit();
      else this.phase = PHASE_ATOMS;
    }
  }

  private emit(): void {
    const n = this.n;
    const plan = this.plan!;
    const header = this.header!;
    let atomicNumbers: Uint8Array = new Uint8Array(0);
    let positions: Float64Array = new Float64Array(0);
    const arrays: Record<string, XyzArray> = {};
    for (const sink of plan.sinks) {
      if (sink.kind === K_SPECIES || sink.kind === K_Z) atomicNumbers = sink.z.subarray(0, n);
      if (sink.kind === K_POS) positions = sink.num.subarray(0, 3 * n);
      else if (sink.kind === K_SPECIES || sink.kind === K_Z) continue;
      else if (sink.kind === K_STRING) setOwn(arrays, sink.name, { type: sink.type, width: sink.width, values: sink.str.slice(0, n * sink.width) });
      else setOwn(arrays, sink.name, { type: sink.type, width: sink.width, values: sink.num.subarray(0, n * sink.width) });
    }
    const frame: XyzFrameView = { atomCount: n, atomicNumbers, positions, info: header.info, arrays, comment: this.comment, line: this.countLine };
    if (header.lattice) frame.lattice = header.lattice;
    if (header.pbc) frame.pbc = header.pbc;
    this.frames++;
    this.lastLine = this.countLine;
    this.lastCount = n;
    this.phase = PHASE_COUNT;
    this.header = undefined;
    this.comment = '';
    this.onFrame(frame);
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
      if (kind !== K_SPECIES && kind !== K_STRING && (a + 1) * width > num.length) num = sink.num = grow(num, (a + 1) * width);
      if ((kind === K_SPECIES || kind === K_Z) && a >= sink.z.length) sink.z = grow(sink.z, a + 1);
      for (let k = 0; k < width; k++) {
        while (i < end && ((c = b[i]!) === SP || c === TAB)) i++;
        if (i >= end) this.atomFailure(a, n, countLine, plan, i, 'expected more columns, got the end of the line');
        const start = i;
        if (kind === K_POS || kind === K_REAL) {
          const v = this.number(i);
          if (v !== v) {
            const tok = this.tokenText(start);
            this.atomFailure(a, n, countLine, plan, start, `expected a finite number for ${componentName(sink, k)} of atom ${a + 1}, got ${quoteValue(tok)} (${badNumberReason(tok)})`);
          }
          num[a * width + k] = v;
          i = this.tokenEnd;
        } else if (kind === K_SPECIES) {
          i = this.skipToken(i);
          const len = i - start;
          const z = len === 1 ? Z_CODE[b[start]!]! : len === 2 && b[start]! >= 65 ? Z_CODE[b[start]! * 256 + b[start + 1]!]! : 0;
          sink.z[a] = z !== 0 ? z : this.speciesFallback(start, a, n, countLine, plan);
        } else if (kind === K_STRING) {
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
        } else if (kind === K_LOGICAL) {
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
          if (kind === K_Z) {
            if (!(v >= 1 && v <= SYMBOLS.length)) {
              this.atomFailure(a, n, countLine, plan, start, `expected an atomic number from 1 to 118 for Z of atom ${a + 1}, got ${quoteValue(this.tokenText(start))}`);
            }
            sink.z[a] = v;
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
  private speciesFallback(start: number, a: number, n: number, countLine: number, plan: Plan): number {
    if (plan.allowZ) {
      const v = this.integer(start);
      if (v === v && v >= 1 && v <= SYMBOLS.length) return v;
      if (v === v) {
        this.atomFailure(a, n, countLine, plan, start, `expected an atomic number from 1 to 118 for atom ${a + 1}, got ${quoteValue(this.tokenText(start))}`);
      }
    }
    const tok = this.tokenText(start);
    // ASE capitalises symbols (`h` and `CL` are H and Cl); so does this.
    const capitalised = tok.length <= 3 ? tok.charAt(0).toUpperCase() + tok.slice(1).toLowerCase() : '';
    const z = SYMBOLS.indexOf(capitalised);
    if (z >= 0) return z + 1;
    const hint = symbolCaseHint(tok);
    return this.atomFailure(
      a, n, countLine, plan, start,
      `expected an element symbol (H to Og${plan.allowZ ? ', or an atomic number' : ''}) for atom ${a + 1}, got ${quoteValue(tok)}${hint ? ` (${hint})` : ''}`,
    );
  }

  /** The atom count on the current line (not blank). */
  private count(): number {
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
      if (this.frames === 0 && !/^\s*[+-]?\.?\d/.test(line)) {
        this.fail(this.lineNo, this.columnOf(start), 'expected an atom count (a non-negative integer) on the first line; this does not look like an XYZ file');
      }
      const extra =
        this.frames > 0 && words(line).length >= 4
          ? ` (the frame at line ${this.lastLine} declares ${this.lastCount} atom${this.lastCount === 1 ? '' : 's'}: one atom line too many?)`
          : '';
      this.fail(this.lineNo, this.columnOf(start), `expected an atom count (a non-negative integer), got ${quoteValue(line.trim(), 60)}${extra}`);
    }
    return v;
  }
}

/** A frame of its own (copies of the view's arrays; numeric ones in `pool`'s shared blocks). */
export function copyFrame(f: XyzFrameView, pool = new Float64Pool()): XyzFrame {
  const arrays: Record<string, XyzArray> = {};
  for (const [name, arr] of Object.entries(f.arrays)) {
    setOwn(arrays, name, arr.type === 'S' ? arr : { type: arr.type, width: arr.width, values: pool.copy(arr.values as Float64Array, arr.values.length) });
  }
  const frame: XyzFrame = {
    atomCount: f.atomCount,
    species: Array.from(f.atomicNumbers, (z) => SYMBOLS[z - 1]!),
    positions: pool.copy(f.positions, f.positions.length),
    info: f.info,
    arrays,
    comment: f.comment,
    line: f.line,
  };
  if (f.lattice) frame.lattice = f.lattice;
  if (f.pbc) frame.pbc = f.pbc;
  return frame;
}

/** Parses a plain or extended XYZ file of one or more frames; throws XyzParseError on anything off. */
export function parseXyz(bytes: Uint8Array, fileName: string): XyzFile {
  const frames: XyzFrame[] = [];
  const pool = new Float64Pool();
  const reader = new XyzStreamReader(fileName, (f) => frames.push(copyFrame(f, pool)));
  reader.push(bytes);
  reader.end();
  return { fileName, frames };
}
