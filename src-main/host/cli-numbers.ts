/**
 * Parsers for the number flags and run-id arguments of the command line: each refuses a value out
 * of its range with a message naming the flag (or argument) and the value, before anything runs.
 */
import { InvalidArgumentError } from 'commander';

interface Range {
  min?: number;
  max?: number;
}

function rangeText(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return ` from ${r.min} to ${r.max}`;
  if (r.min === 1) return ' >= 1';
  if (r.min !== undefined) return ` >= ${r.min}`;
  return '';
}

/** An integer flag, e.g. `--epochs <N>`: whole number within the range. */
export function intFlag(name: string, range: Range = {}) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(n) || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
      throw new InvalidArgumentError(`${name} must be an integer${rangeText(range)}, got "${v}"`);
    }
    return n;
  };
}

/** A number flag, e.g. `--lr <X>`; `above` is an exclusive lower bound. */
export function numFlag(name: string, range: Range & { above?: number } = {}) {
  return (v: string): number => {
    const n = Number(v);
    const ok =
      /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) &&
      Number.isFinite(n) &&
      (range.above === undefined || n > range.above) &&
      (range.min === undefined || n >= range.min) &&
      (range.max === undefined || n <= range.max);
    if (!ok) {
      const bounds = range.above !== undefined ? ` > ${range.above}` : rangeText(range);
      throw new InvalidArgumentError(`${name} must be a number${bounds}, got "${v}"`);
    }
    return n;
  };
}

/** A run id given as an argument (`runs show 3`): a positive integer. */
export function runIdArg(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || !Number.isSafeInteger(n)) {
    // A plain Error, not commander's: raised inside an action, commander's would exit silently.
    throw new Error(`run id must be a positive integer, got "${v}"`);
  }
  return n;
}
