/**
 * The fast path of the QM9 reader: one record scanned straight from its bytes into reused typed
 * arrays, with no text decoded and no per-line strings. It accepts only records in the layout
 * the published files use (ASCII, fields separated by tabs and padded with spaces, LF or CRLF
 * line ends, numbers of at most 15 significant digits) and reports anything else as "not taken"
 * (false), so that the strict reader (./qm9, parseQm9) decides: it either reads the record or
 * throws its error with file, line and column. A record the fast path takes, parseQm9 reads to
 * the same values (the tests check both on the same inputs).
 */
import { parseQm9Number } from './qm9';

const TAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;

/** Exact powers of ten as doubles: 1e0 .. 1e22. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** QM9 element index (H, C, N, O, F as in QM9_ELEMENTS) by byte; -1 for any other. */
const ELEMENT_BY_BYTE = new Int8Array(256).fill(-1);
ELEMENT_BY_BYTE[72] = 0; // H
ELEMENT_BY_BYTE[67] = 1; // C
ELEMENT_BY_BYTE[78] = 2; // N
ELEMENT_BY_BYTE[79] = 3; // O
ELEMENT_BY_BYTE[70] = 4; // F

/** Where a scanned record's values go; the arrays grow as records need and are reused. */
export class Qm9Scratch {
  id = 0;
  atomCount = 0;
  /** QM9_ELEMENTS index per atom. */
  elements = new Uint8Array(32);
  /** [atomCount, 3] Angstrom. */
  positions = new Float64Array(96);
  /** The 15 properties of line 2, in QM9_PROPERTIES order. */
  readonly properties = new Float64Array(15);

  reserve(atoms: number): void {
    if (atoms <= this.elements.length) return;
    this.elements = new Uint8Array(atoms * 2);
    this.positions = new Float64Array(atoms * 6);
  }
}

/**
 * The scanner over one record's bytes. Every byte is checked by what reads it (digits, element
 * letters, printable words, spaces, tabs, LF and CRLF), so a control byte, a lone CR or UTF-8
 * anywhere leaves the fast path. `i` is the read position; every method returns false when the
 * record leaves the fast path.
 */
class Scan {
  i = 0;
  value = 0;
  constructor(readonly b: Uint8Array) {}

  /** True at a line end (LF, CRLF) or the end of the bytes; does not move. */
  atEol(): boolean {
    const b = this.b;
    const i = this.i;
    return i >= b.length || b[i] === LF || (b[i] === CR && b[i + 1] === LF);
  }

  /** Moves past the line end (there must be one, see atEol). */
  nextLine(): void {
    const b = this.b;
    if (this.i < b.length && b[this.i] === CR) this.i++;
    if (this.i < b.length) this.i++;
  }

  spaces(): void {
    const b = this.b;
    while (this.i < b.length && b[this.i] === SP) this.i++;
  }

  /** Spaces and tabs to the line end: the empty fields a line may end with. */
  restOfLineBlank(): boolean {
    const b = this.b;
    while (this.i < b.length && (b[this.i] === SP || b[this.i] === TAB)) this.i++;
    return this.atEol();
  }

  /** The end of a field: spaces, then a tab (consumed) or the line end (not consumed). */
  endField(): boolean {
    this.spaces();
    if (this.i < this.b.length && this.b[this.i] === TAB) {
      this.i++;
      return true;
    }
    return this.atEol();
  }

  /** A field holding a number (spaces around it); its value in `value`. */
  numberField(): boolean {
    this.spaces();
    const b = this.b;
    const start = this.i;
    let i = start;
    let c = b[i] ?? 0;
    let neg = false;
    if (c === 45 || c === 43) {
      neg = c === 45;
      i++;
    }
    let m = 0;
    let sig = 0;
    let digits = 0;
    let frac = 0;
    while (i < b.length && (c = b[i]!) >= 48 && c <= 57) {
      if (sig > 0 || c !== 48) {
        m = m * 10 + (c - 48);
        sig++;
      }
      digits++;
      i++;
    }
    if (i < b.length && b[i] === 46) {
      i++;
      while (i < b.length && (c = b[i]!) >= 48 && c <= 57) {
        if (sig > 0 || c !== 48) {
          m = m * 10 + (c - 48);
          sig++;
        }
        digits++;
        frac++;
        i++;
      }
    }
    if (digits === 0) return false;
    let exp = 0;
    c = b[i] ?? 0;
    if (c === 101 || c === 69 || (c === 42 && b[i + 1] === 94)) {
      // e / E, or Mathematica's *^.
      i += c === 42 ? 2 : 1;
      let eneg = false;
      c = b[i] ?? 0;
      if (c === 45 || c === 43) {
        eneg = c === 45;
        i++;
      }
      let ed = 0;
      while (i < b.length && (c = b[i]!) >= 48 && c <= 57) {
        if (exp < 100000) exp = exp * 10 + (c - 48);
        ed++;
        i++;
      }
      if (ed === 0) return false;
      if (eneg) exp = -exp;
    }
    this.i = i;
    if (!this.endField()) return false;
    const e10 = exp - frac;
    if (sig <= 15 && e10 >= -22 && e10 <= 22) {
      // An exact integer times or over an exact power of ten: one correctly rounded operation, as Number() gives.
      const v = m === 0 ? 0 : e10 >= 0 ? m * POW10[e10]! : m / POW10[-e10]!;
      this.value = neg ? -v : v;
      return true;
    }
    let s = '';
    for (let k = start; k < i; k++) s += String.fromCharCode(b[k]!);
    const v = parseQm9Number(s);
    if (v === undefined) return false;
    this.value = v;
    return true;
  }

  /** A field of one positive integer of at most 15 digits. */
  integerField(): boolean {
    this.spaces();
    const b = this.b;
    let i = this.i;
    let v = 0;
    let digits = 0;
    let c = 0;
    while (i < b.length && (c = b[i]!) >= 48 && c <= 57 && digits < 15) {
      v = v * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || v < 1) return false;
    this.i = i;
    this.value = v;
    return this.endField();
  }

  /** A field of one word (no spaces or tabs inside); `prefix` its required start. */
  wordField(prefix?: readonly number[]): boolean {
    this.spaces();
    const b = this.b;
    const start = this.i;
    let i = start;
    let c = 0;
    // Printable ASCII only: a control byte or UTF-8 is for the strict reader to judge.
    while (i < b.length && (c = b[i]!) > SP && c < 127) i++;
    if (i === start) return false;
    if (prefix) {
      if (i - start < prefix.length) return false;
      for (let k = 0; k < prefix.length; k++) if (b[start + k] !== prefix[k]) return false;
    }
    this.i = i;
    return this.endField();
  }
}

const INCHI = Array.from('InChI=', (ch) => ch.charCodeAt(0));

/**
 * Scans a QM9 record into `out`; false when the record is not in the layout the fast path takes
 * (then parseQm9 must read it, and throws if it is wrong).
 */
export function scanQm9(b: Uint8Array, out: Qm9Scratch): boolean {
  const s = new Scan(b);
  // Line 1: the atom count.
  if (!s.integerField() || !s.restOfLineBlank()) return false;
  const n = s.value;
  // Reading a bogus huge count would only fail later; leave such a file to the strict reader.
  if (n > b.length) return false;
  s.nextLine();
  // Line 2: `gdb <id>` and the 15 properties.
  while (s.i < b.length && (b[s.i] === SP || b[s.i] === TAB)) s.i++;
  if (b[s.i] !== 103 || b[s.i + 1] !== 100 || b[s.i + 2] !== 98 || (b[s.i + 3] !== SP && b[s.i + 3] !== TAB)) return false;
  s.i += 3;
  while (s.i < b.length && (b[s.i] === SP || b[s.i] === TAB)) s.i++;
  if (!s.integerField()) return false;
  out.id = s.value;
  for (let k = 0; k < 15; k++) {
    if (!s.numberField()) return false;
    out.properties[k] = s.value;
  }
  if (!s.restOfLineBlank()) return false;
  s.nextLine();
  // Atom lines: element, x, y, z, charge.
  out.reserve(n);
  out.atomCount = n;
  const elements = out.elements;
  const positions = out.positions;
  for (let a = 0; a < n; a++) {
    s.spaces();
    const e = ELEMENT_BY_BYTE[b[s.i] ?? 0]!;
    if (e < 0) return false;
    s.i++;
    if (!s.endField()) return false;
    elements[a] = e;
    for (let k = 0; k < 3; k++) {
      if (!s.numberField()) return false;
      positions[3 * a + k] = s.value;
    }
    if (!s.numberField()) return false; // the Mulliken charge: read, not kept
    if (!s.restOfLineBlank()) return false;
    s.nextLine();
  }
  // Harmonic frequencies: 3n-6, or 3n-5 for a linear molecule (an empty line when there are none).
  let count = 0;
  for (;;) {
    const at = s.i;
    if (s.restOfLineBlank()) break;
    // Not blank: read from where the field starts (a leading tab is an empty field, which is no number).
    s.i = at;
    if (!s.numberField()) return false;
    count++;
  }
  if (count !== Math.max(0, 3 * n - 6) && count !== Math.max(0, 3 * n - 5)) return false;
  if (s.i >= b.length) return false;
  s.nextLine();
  // Two SMILES, then two InChI strings.
  if (!s.wordField() || !s.wordField() || !s.restOfLineBlank()) return false;
  if (s.i >= b.length) return false;
  s.nextLine();
  if (!s.wordField(INCHI) || !s.wordField(INCHI) || !s.restOfLineBlank()) return false;
  s.nextLine();
  // Only blank lines may follow.
  while (s.i < b.length) {
    if (!s.restOfLineBlank()) return false;
    s.nextLine();
  }
  return true;
}
