/** The `Properties=name:T:m:...` spec of an extended XYZ comment line, and the columns it must have. */
import { MAX_EXTXYZ_COLUMNS } from '../limits';
import { INTEGER_PATTERN, quoteValue } from '../numbers';
import { ExtxyzSyntaxError } from './extxyz-values';

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

/**
 * Parses `name:T:m:name:T:m...` (T one of S I R L, m > 0) as ASE does: one or two fields left
 * over after the last whole triplet are ignored, as ASE ignores them. `column` is the 1-based
 * column of the text's first character in the comment line, for messages.
 */
export function parseProperties(text: string, column = 1): PropertyColumn[] {
  const parts = text.split(':');
  const at: number[] = [];
  let off = 0;
  for (const p of parts) {
    at.push(column + off);
    off += p.length + 1;
  }
  const cols: PropertyColumn[] = [];
  const names = new Set<string>();
  for (let p = 0; p + 2 < parts.length; p += 3) {
    const name = parts[p]!;
    const type = parts[p + 1]!;
    const count = parts[p + 2]!;
    if (name === '' || /\s/.test(name)) {
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
    const total = cols.reduce((sum, c) => sum + c.width, 0);
    if (total > MAX_EXTXYZ_COLUMNS) {
      throw new ExtxyzSyntaxError(at[p + 2]!, `expected at most ${MAX_EXTXYZ_COLUMNS} columns per atom line in Properties, got ${total} with ${quoteValue(name)}:${type}:${quoteValue(count, 24)}`);
    }
  }
  return cols;
}

export function checkProperties(cols: PropertyColumn[], text: string, column: number): void {
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
