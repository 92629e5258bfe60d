/**
 * Plain numeric tables from bytes: CSV / TSV / semicolon / whitespace text, .npy and .npz.
 * Bytes in, numbers out; reading the file is the caller's business (see files.ts).
 * Every error names the file and, for text, the 1-based line and column, the value and what was
 * expected, because the user has to find the spot in a file of thousands of lines.
 */
import Papa from 'papaparse';
import { isNonFiniteText, numberHint, parseStrictNumber, quoteValue } from './numbers';
import { MAX_LINE_BYTES, mib } from './limits';
import { NPY_MAGIC, ZIP_MAGIC, decodeNpy, formatShape, startsWith, unzipNpz } from './npy';

export interface Table {
  /** Column names: from the header row, `c0, c1, ...` without one, `name` / `name[j]` for .npz arrays. */
  columns: string[];
  rows: number;
  /** [rows, columns.length], row-major. */
  data: Float64Array;
  /** Named groups of columns, e.g. the arrays of an .npz: name -> column indices. */
  groups?: Record<string, number[]>;
}

export interface ReadTableOptions {
  /** .npz only: the arrays to use, in this order (default: all arrays in the archive). */
  arrays?: string[];
  /**
   * The format the user named (`--format`): its reader answers, whatever the bytes look like.
   * csv: delimited text, delimiter detected; tsv: tab-separated text. Default: by content.
   */
  format?: 'csv' | 'tsv' | 'npy' | 'npz';
}

export type TableFormat = 'text' | 'npy' | 'npz';

/** The format by content (magic bytes), so a misnamed file is still read as what it is. */
export function detectTableFormat(bytes: Uint8Array): TableFormat {
  if (startsWith(bytes, NPY_MAGIC)) return 'npy';
  if (startsWith(bytes, ZIP_MAGIC)) return 'npz';
  return 'text';
}

/** Reads any supported table; `fileName` is only used in messages. */
export function readTable(bytes: Uint8Array, fileName: string, opts: ReadTableOptions = {}): Table {
  const format: TableFormat = opts.format === undefined ? detectTableFormat(bytes) : opts.format === 'csv' || opts.format === 'tsv' ? 'text' : opts.format;
  if (opts.arrays && format !== 'npz') {
    throw new Error(`${fileName}: arrays (${opts.arrays.join(', ')}) were chosen, but this is not an .npz archive`);
  }
  if (format === 'npy') return readNpy(bytes, fileName);
  if (format === 'npz') return readNpz(bytes, fileName, opts.arrays);
  if (opts.format !== undefined && detectTableFormat(bytes) !== 'text') {
    throw new Error(`${fileName}: --format ${opts.format} names a text table, but the file is a NumPy ${detectTableFormat(bytes) === 'npy' ? '.npy array' : '.npz archive'}`);
  }
  return readTextTable(bytes, fileName, opts.format === 'tsv' ? '\t' : undefined);
}

// ---------------------------------------------------------------------------------------------
// Text tables

/** 1-based line of a character offset, by binary search over line starts. */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1); // old Mac CR
  }
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let extra: number;
    if (b < 0x80) extra = 0;
    else if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return i;
    if (i + extra >= bytes.length && extra > 0) return i;
    for (let k = 1; k <= extra; k++) {
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    }
    i += extra + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** Decodes UTF-8 text, refusing binary data with the line where it starts. */
function decodeText(bytes: Uint8Array, fileName: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error(`${fileName}: UTF-16 text; save the table as UTF-8 (or plain ASCII) text`);
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 10) {
      line++;
      lineStart = i + 1;
    } else if (i - lineStart >= MAX_LINE_BYTES) {
      throw new Error(`${fileName}:${line}: line longer than ${mib(MAX_LINE_BYTES)} (the limit for one row of a text table); is this a text table?`);
    }
    // Control bytes other than tab, LF, CR (and form feed, which some writers emit) mean binary data.
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12) || b === 0x7f) {
      const hex = b.toString(16).padStart(2, '0');
      throw new Error(
        `${fileName}:${line}: binary data (byte 0x${hex} at offset ${i}) in a text table; ` +
          'expected CSV/TSV text, .npy or .npz',
      );
    }
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    throw new Error(
      `${fileName}:${lineOfByte(bytes, bad)}: not UTF-8 text (byte 0x${(bytes[bad] ?? 0).toString(16)} at offset ${bad}); ` +
        'expected CSV/TSV text in UTF-8, .npy or .npz',
    );
  }
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark written by Excel
  return text;
}

type Delimiter = ',' | '\t' | ';' | 'whitespace';

function isSkippedLine(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Delimiter count outside double quotes. */
function countDelimiter(line: string, delim: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delim) n++;
  }
  return n;
}

/**
 * Picks the delimiter from the first lines: tab, then semicolon, then comma, each only when every
 * sampled line has the same non-zero count of it (so `1,5;2,5` is semicolon-separated), then runs
 * of whitespace. When nothing is consistent, the first candidate present on the first line wins
 * and the row-length check reports the ragged line.
 */
function detectDelimiter(text: string): Delimiter {
  const sample: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (isSkippedLine(line)) continue;
    sample.push(line);
    if (sample.length >= 20) break;
  }
  const first = sample[0];
  if (first === undefined) return ',';
  const candidates = ['\t', ';', ','] as const;
  for (const d of candidates) {
    const n = countDelimiter(first, d);
    if (n > 0 && sample.every((l) => countDelimiter(l, d) === n)) return d;
  }
  const wsCount = (l: string) => l.trim().split(/\s+/).length;
  const w = wsCount(first);
  if (w > 1 && sample.every((l) => wsCount(l) === w)) return 'whitespace';
  for (const d of candidates) if (countDelimiter(first, d) > 0) return d;
  return 'whitespace';
}

/** Calls `onRow(fields, line)` for every non-blank, non-comment row, with its 1-based line. */
function forEachRow(
  text: string,
  fileName: string,
  delimiter: Delimiter,
  onRow: (fields: string[], line: number) => void,
): void {
  if (delimiter === 'whitespace') {
    const lines = text.split(/\r\n|\n|\r/);
    lines.forEach((line, i) => {
      if (!isSkippedLine(line)) onRow(line.trim().split(/\s+/), i + 1);
    });
    return;
  }
  const lineOf = lineLocator(text);
  Papa.parse<string[]>(text, {
    delimiter,
    comments: '#',
    skipEmptyLines: false,
    step: (result) => {
      const fields = result.data;
      // meta.cursor is the offset just past the row's line break, so cursor - 1 lies on its last line.
      const line = lineOf(Math.max(0, result.meta.cursor - 1));
      const first = result.errors[0];
      if (first) {
        throw new Error(`${fileName}:${line}: ${first.message.toLowerCase()}`);
      }
      if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
      if (fields.some((f) => f.includes('\n') || f.includes('\r'))) {
        throw new Error(`${fileName}:${line}: a quoted field spans several lines; a numeric table has one row per line`);
      }
      onRow(fields, line);
    },
  });
}

function columnLabel(columns: string[], j: number): string {
  return `column ${j + 1} (${JSON.stringify(columns[j] ?? `c${j}`)})`;
}

/**
 * Reads a delimited text table. A header row is recognised when the first row is not all numbers.
 * Lines starting with `#` are comments (np.savetxt writes its header that way).
 */
export function readTextTable(bytes: Uint8Array, fileName: string, delimiterGiven?: Delimiter): Table {
  const text = decodeText(bytes, fileName);
  const delimiter = delimiterGiven ?? detectDelimiter(text);
  let columns: string[] | undefined;
  let headerLine = 0;
  let hasHeader = false;
  const values: number[] = [];
  let rows = 0;

  forEachRow(text, fileName, delimiter, (rawFields, line) => {
    const fields = rawFields.map((f) => f.trim());
    if (columns === undefined) {
      headerLine = line;
      const numeric = fields.every((f) => parseStrictNumber(f) !== undefined || isNonFiniteText(f));
      if (!numeric) {
        hasHeader = true;
        columns = fields.map((f, j) => (f === '' ? `c${j}` : f));
        const seen = new Map<string, number>();
        columns.forEach((name, j) => {
          const prev = seen.get(name);
          if (prev !== undefined) {
            throw new Error(
              `${fileName}:${line}: column ${j + 1}: duplicate column name ${JSON.stringify(name)} (also column ${prev + 1})`,
            );
          }
          seen.set(name, j);
        });
        return;
      }
      columns = fields.map((_, j) => `c${j}`);
    }
    const cols = columns;
    // A first data row without a single number: this is not a numeric table (it may be any file on
    // the host), so nothing of it is quoted.
    if (rows === 0 && !fields.some((f) => parseStrictNumber(f) !== undefined || isNonFiniteText(f))) {
      throw new Error(`${fileName}:${line}: no number in the first data row; this does not look like a numeric table (CSV/TSV text, .npy or .npz)`);
    }
    if (fields.length !== cols.length) {
      const where = hasHeader ? `as in the header on line ${headerLine}` : `as on line ${headerLine}`;
      throw new Error(`${fileName}:${line}: expected ${cols.length} columns (${where}), got ${fields.length}`);
    }
    for (let j = 0; j < fields.length; j++) {
      const f = fields[j] ?? '';
      const v = parseStrictNumber(f);
      if (v === undefined) {
        const finite = isNonFiniteText(f) ? 'a finite number' : 'a number';
        const hint = numberHint(f);
        throw new Error(
          `${fileName}:${line}: ${columnLabel(cols, j)}: expected ${finite}, got ${quoteValue(f)}${hint ? ` (${hint})` : ''}`,
        );
      }
      values.push(v);
    }
    rows++;
  });

  if (columns === undefined) {
    throw new Error(`${fileName}: empty file: expected a table of numbers, found no rows`);
  }
  if (rows === 0) {
    throw new Error(`${fileName}: has a header (line ${headerLine}) but no data rows`);
  }
  return { columns, rows, data: Float64Array.from(values) };
}

// ---------------------------------------------------------------------------------------------
// .npy (format spec v1.0 - v3.0) and .npz

/** A table is (n,) or (n, m). */
const TABLE_DIMS = { maxDims: 2, hint: 'reshape it to (n, features) first' };

/** Reads a 1-D (n,) or 2-D (n, m) .npy array; columns `c0 .. c{m-1}`. */
export function readNpy(bytes: Uint8Array, fileName: string): Table {
  const { shape, values } = decodeNpy(bytes, fileName, TABLE_DIMS);
  const rows = shape[0] ?? 0;
  const cols = shape.length === 2 ? (shape[1] ?? 0) : 1;
  if (rows === 0 || cols === 0) throw new Error(`${fileName}: empty array of shape ${formatShape(shape)}`);
  return { columns: Array.from({ length: cols }, (_, j) => `c${j}`), rows, data: values };
}

/**
 * Reads arrays of an .npz archive side by side as one table: a 1-D array `y` gives column `y`,
 * a 2-D array `X` gives columns `X[0] .. X[m-1]`; `groups` maps each array name to its columns.
 * All chosen arrays must have the same number of rows.
 */
export function readNpz(bytes: Uint8Array, fileName: string, arrays?: string[]): Table {
  const entries = unzipNpz(bytes, fileName);
  const available = Object.keys(entries).map((k) => k.slice(0, -4));
  const chosen = arrays ?? available;
  if (chosen.length === 0) throw new Error(`${fileName}: no arrays chosen; available: ${available.join(', ')}`);

  const parts: { name: string; shape: number[]; values: Float64Array }[] = [];
  for (const name of chosen) {
    const entry = entries[`${name}.npy`];
    if (!entry) {
      throw new Error(`${fileName}: no array named ${JSON.stringify(name)}; available: ${available.join(', ')}`);
    }
    if (parts.some((p) => p.name === name)) throw new Error(`${fileName}: array ${JSON.stringify(name)} chosen twice`);
    parts.push({ name, ...decodeNpy(entry, `${fileName}[${name}]`, TABLE_DIMS) });
  }

  const rows = parts[0]?.shape[0] ?? 0;
  const mismatch = parts.find((p) => p.shape[0] !== rows);
  if (mismatch) {
    const shapes = parts.map((p) => `${p.name} ${formatShape(p.shape)}`).join(', ');
    throw new Error(`${fileName}: the arrays differ in their number of rows, so they cannot form one table: ${shapes}; choose arrays with the same number of rows`);
  }
  if (rows === 0) throw new Error(`${fileName}: the arrays have no rows`);

  const columns: string[] = [];
  const groups: Record<string, number[]> = {};
  for (const p of parts) {
    const cols = p.shape.length === 2 ? (p.shape[1] ?? 0) : 1;
    const idx: number[] = [];
    for (let j = 0; j < cols; j++) {
      idx.push(columns.length);
      columns.push(p.shape.length === 2 ? `${p.name}[${j}]` : p.name);
    }
    groups[p.name] = idx;
  }
  const width = columns.length;
  if (width === 0) throw new Error(`${fileName}: the chosen arrays have no columns`);
  const data = new Float64Array(rows * width);
  for (const p of parts) {
    const idx = groups[p.name] ?? [];
    const cols = idx.length;
    const start = idx[0] ?? 0;
    for (let r = 0; r < rows; r++) {
      data.set(p.values.subarray(r * cols, (r + 1) * cols), r * width + start);
    }
  }
  return { columns, rows, data, groups };
}
