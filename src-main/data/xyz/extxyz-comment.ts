/**
 * The comment (second) line of an extended XYZ frame, read as ASE reads it (./extxyz-scan has
 * the rules), e.g. as ASE writes it:
 *
 *   Lattice="5.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 5.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=-12.5 pbc="T T F" smiles=C=C
 *
 * Lattice, pbc and Properties are taken out of the info, as ASE takes them out. A line without
 * `=` is a plain XYZ comment (ASE would read its words as flags, which carry nothing).
 * Errors are ExtxyzSyntaxError: a 1-based character column and `expected ..., got ...`.
 */
import { quoteValue } from '../numbers';
import { checkProperties, parseProperties, type PropertyColumn } from './extxyz-properties';
import { CommentCache, parseKeyValues, type CommentPair } from './extxyz-scan';
import { ExtxyzSyntaxError, setOwn, type InfoValue } from './extxyz-values';

export { CommentCache, MATRIX_KEYS, parseKeyValues, type CommentPair } from './extxyz-scan';
export { parseProperties, type PropertyColumn } from './extxyz-properties';
export {
  ExtxyzSyntaxError,
  badNumberReason,
  numberToken,
  parseExtxyzBoolean,
  parseExtxyzNumber,
  setOwn,
  typeAseValue,
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

function describeValue(p: CommentPair): string {
  return quoteValue(p.form === 'flag' ? `${p.key} (no value)` : p.text, 60);
}

/**
 * Reads a frame's comment line. A line without `=` is a plain XYZ comment; any other line is
 * key=value pairs. A `cache` shared by the frames of a file saves re-parsing what repeats.
 */
export function readCommentLine(line: string, cache?: CommentCache): FrameHeader {
  const info: Record<string, InfoValue> = {};
  if (line.indexOf('=') < 0) return { extended: false, info };
  const pairs = parseKeyValues(line, cache);
  const header: FrameHeader = { extended: true, info };
  for (const p of pairs) {
    if (p.key === 'Properties') {
      if (p.form !== 'value' || typeof p.value !== 'string') {
        throw new ExtxyzSyntaxError(p.valueColumn, `expected Properties=name:type:count..., got ${describeValue(p)}`);
      }
      // Columns of the spec's names count from inside a quote or bracket.
      const textColumn = p.valueColumn + ('"\'{['.includes(line[p.valueColumn - 1] ?? '') ? 1 : 0);
      let cols = cache?.properties.get(p.text);
      if (!cols) {
        cols = parseProperties(p.text, textColumn);
        checkProperties(cols, p.text, textColumn);
        cache?.properties.set(p.text, cols);
      } else if (cols[0] && cols[0].column !== textColumn) {
        // Same spec at another place in the line: columns for messages move with it.
        const shift = textColumn - cols[0].column;
        cols = cols.map((c) => ({ ...c, column: c.column + shift }));
      }
      header.properties = cols;
      header.propertiesText = p.text;
    } else if (p.key === 'Lattice') {
      header.lattice = p.value as number[];
    } else if (p.key === 'pbc') {
      header.pbc = readPbc(p);
    } else {
      setOwn(info, p.key, p.value);
    }
  }
  if (header.lattice && !header.pbc) header.pbc = [true, true, true];
  return header;
}

/** pbc as ASE's Atoms takes it: a boolean or number for all three axes, or three of them. */
function readPbc(p: CommentPair): boolean[] {
  const v = p.value;
  const raw: (number | boolean)[] | undefined = typeof v === 'boolean' || typeof v === 'number' ? [v] : Array.isArray(v) ? v : undefined;
  if (raw && (raw.length === 1 || raw.length === 3)) {
    const bs = raw.map((x) => (typeof x === 'boolean' ? x : x !== 0));
    return bs.length === 1 ? [bs[0]!, bs[0]!, bs[0]!] : bs;
  }
  throw new ExtxyzSyntaxError(p.valueColumn, `expected three booleans for pbc (e.g. "T T F"), got ${describeValue(p)}`);
}
