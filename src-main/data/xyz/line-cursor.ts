/**
 * Line-by-line scanning of an XYZ file's bytes in place: lines without CR / LF, text decoded only
 * for messages and comment lines, and number / integer tokens read straight from the bytes.
 * Numbers with at most 15 significant digits and a decimal exponent within +-22 are converted
 * exactly from their digits (an exact integer times or divided by an exact power of ten: one
 * correctly rounded operation); any other number is validated by pattern and then converted by
 * the engine (../numbers). Errors are XyzParseError: `file:line:column: expected ..., got ...`.
 */
import { numberToken } from './extxyz-values';

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

export const SP = 32;
export const TAB = 9;
export const CR = 13;
export const LF = 10;
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
export const CONTROL_CHAR = /[\x00-\x08\x0A-\x1F\x7F]/;
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

/** Words of a line (space / tab separated) with their 1-based columns, for messages. */
export function words(line: string): { word: string; column: number }[] {
  const out: { word: string; column: number }[] = [];
  const re = /[^ \t]+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ word: m[0], column: m.index + 1 });
  return out;
}

/** Not a number: the scanners' mark for a token that needs a closer look. */
export const BAD = Number.NaN;

/** The scanner state and its token readers; the XYZ reader builds on it. */
export class LineCursor {
  protected readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  /** 1-based number of the current line (0 before the first). */
  protected lineNo = 0;
  /** Byte range of the current line in `bytes`, without CR / LF. */
  protected lineStart = 0;
  protected lineEnd = 0;
  /** End of the last token a scanner read. */
  protected tokenEnd = 0;
  /** The bytes that hold the current line (a window of the file that the reader moves along). */
  protected bytes: Uint8Array = new Uint8Array(0);

  constructor(protected readonly fileName: string) {}

  protected fail(line: number, column: number, detail: string): never {
    throw new XyzParseError(this.fileName, line, column, detail);
  }

  protected isBlankLine(): boolean {
    const b = this.bytes;
    for (let i = this.lineStart; i < this.lineEnd; i++) {
      const c = b[i]!;
      if (c !== SP && c !== TAB) return false;
    }
    return true;
  }

  /** The current line as a string of its own; not a text file -> error. */
  protected lineText(): string {
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
  protected columnOf(byte: number): number {
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
  protected tokenText(i: number): string {
    const text = this.lineText();
    const col = this.columnOf(i) - 1;
    const m = /^[^ \t]*/.exec(text.slice(col));
    return m ? m[0] : '';
  }

  /**
   * A number token at byte i (not blank) of the current line, ending at a blank or the line's end;
   * BAD when it is not a finite number. Sets tokenEnd.
   */
  protected number(i: number): number {
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
  protected integer(i: number): number {
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
  protected skipToken(i: number): number {
    const b = this.bytes;
    const end = this.lineEnd;
    let c = 0;
    while (i < end && (c = b[i]!) !== SP && c !== TAB) i++;
    return i;
  }
}
