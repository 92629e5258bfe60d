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
import { quoteValue } from '../numbers';
import { checkProperties, parseProperties, type PropertyColumn } from './extxyz-properties';
import { CommentCache, parseKeyValues, type CommentPair } from './extxyz-scan';
import { ExtxyzSyntaxError, setOwn, type InfoValue, type ListItem } from './extxyz-values';

export { CommentCache, parseKeyValues, type CommentPair } from './extxyz-scan';
export { parseProperties, type PropertyColumn } from './extxyz-properties';
export {
  ExtxyzSyntaxError,
  badNumberReason,
  numberToken,
  parseExtxyzBoolean,
  parseExtxyzNumber,
  setOwn,
  type InfoValue,
  type ListItem,
} from './extxyz-values';

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

/** Properties keys ASE and the extxyz spec give a meaning: a line carrying them is meant as extended. */
const EXTENDED_MARK = /(?:^|[ \t])(?:Properties|Lattice)[ \t]*=/;

function describeValue(p: CommentPair): string {
  return quoteValue(p.form === 'flag' ? `${p.key} (no value)` : p.text, 60);
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
