/**
 * The targets of a molecule read from its XYZ frame, as the user named them:
 * - extended XYZ: per-frame keys of the comment line (`energy=-12.5`, `dipole="0.1 0.2 0.3"`,
 *   a vector giving the columns `dipole[0]`, `dipole[1]`, ...), or one per-atom real column of
 *   Properties (`forces`, read as an equivariant [atoms, width] target);
 * - plain XYZ: the numbers of the comment line by position: `--targets energy,gap` names the first
 *   two, `_` skips one (`_,_,gap` is the third).
 * Units are kept only where the file states them: the key `<name>_unit` or `<name>_units`
 * (extended XYZ); otherwise null, never guessed.
 */
import type { TargetSpec } from '../record';
import { numberHint, quoteValue } from '../numbers';
import { parseExtxyzNumber } from '../xyz/extxyz-comment';
import type { XyzFrameData } from '../xyz/xyz';

/** Written in --targets to skip a position of a plain XYZ comment line. */
export const SKIP = '_';

export interface FrameTargetPlan {
  /** `frame`: one row of scalars per molecule; `atom`: a per-atom column (equivariant). */
  kind: 'frame' | 'atom';
  /** The names as given (without skips). */
  names: string[];
  /** Expanded column names and units. */
  columns: TargetSpec[];
  /** Width of each named target (vector targets expand). */
  widths: number[];
}

/** Where a frame is, for messages: `file:line`. */
function at(fileName: string, frame: XyzFrameData, lineOffset: number): string {
  return `${fileName}:${frame.line + lineOffset}`;
}

function unitOf(frame: XyzFrameData, name: string): string | null {
  for (const key of [`${name}_unit`, `${name}_units`]) {
    const u = frame.info[key];
    if (typeof u === 'string') return u;
  }
  return null;
}

/** The finite numbers of a plain comment line, in order; words (and NaN / Inf) are skipped. */
export function commentNumbers(comment: string): number[] {
  const out: number[] = [];
  for (const w of comment.trim().split(/[ \t]+/)) {
    const v = parseExtxyzNumber(w);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/**
 * Decides the target columns from the first frame. `unitFor` gives a target's unit (default: the
 * unit the file states, `<name>_unit`).
 */
export function planFrameTargets(names: string[], first: XyzFrameData, fileName: string, unitFor: (name: string) => string | null = (n) => unitOf(first, n)): FrameTargetPlan {
  const real = names.filter((n) => n !== SKIP);
  if (real.length === 0) throw new Error(`${fileName}: no targets named; pass --targets (e.g. energy, or the keys of the comment line)`);
  const dup = real.find((n, i) => real.indexOf(n) !== i);
  if (dup) throw new Error(`--targets: ${JSON.stringify(dup)} is named twice`);
  const extended = Object.keys(first.info).length > 0 || Object.keys(first.arrays).length > 0;
  if (!extended) {
    return { kind: 'frame', names: real, columns: real.map((name) => ({ name, unit: null })), widths: real.map(() => 1) };
  }
  if (names.includes(SKIP)) throw new Error(`--targets: "${SKIP}" skips a position of a plain XYZ comment line; an extended XYZ frame names its values (keys: ${Object.keys(first.info).join(', ')})`);
  const perAtom = real.filter((n) => first.arrays[n] !== undefined);
  if (perAtom.length > 0) {
    if (real.length > 1) throw new Error(`--targets: a per-atom column (${perAtom.join(', ')}) is a target on its own; got ${real.join(', ')}`);
    const arr = first.arrays[real[0]!]!;
    if (arr.type !== 'R') throw new Error(`${at(fileName, first, 1)}: the per-atom column ${JSON.stringify(real[0])} is of type ${arr.type}; a target must be real (R)`);
    return { kind: 'atom', names: real, columns: [{ name: real[0]!, unit: unitFor(real[0]!) }], widths: [arr.width] };
  }
  const columns: TargetSpec[] = [];
  const widths: number[] = [];
  for (const name of real) {
    const v = first.info[name];
    if (v === undefined) {
      const keys = [...Object.keys(first.info), ...Object.keys(first.arrays).map((k) => `${k} (per atom)`)];
      throw new Error(`${at(fileName, first, 1)}: no value named ${JSON.stringify(name)} on the comment line; available: ${keys.join(', ') || 'none'}`);
    }
    const unit = unitFor(name);
    if (typeof v === 'number') {
      columns.push({ name, unit });
      widths.push(1);
    } else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number')) {
      v.forEach((_, k) => columns.push({ name: `${name}[${k}]`, unit }));
      widths.push(v.length);
    } else {
      throw new Error(`${at(fileName, first, 1)}: ${JSON.stringify(name)} is ${quoteValue(String(v))}; a target must be a number or a list of numbers`);
    }
  }
  return { kind: 'frame', names: real, columns, widths };
}

/** Reads the planned targets of one frame into `out` (frame targets) or returns the per-atom values. */
export function readFrameTargets(plan: FrameTargetPlan, rawNames: string[], frame: XyzFrameData, fileName: string, out: Float64Array): void {
  if (plan.kind === 'atom') {
    const arr = frame.arrays[plan.names[0]!];
    if (!arr || arr.type !== 'R' || arr.width !== plan.widths[0]) {
      throw new Error(`${at(fileName, frame, 1)}: expected the per-atom column ${plan.names[0]}:R:${plan.widths[0]} in Properties, as in the first frame`);
    }
    const vals = arr.values as Float64Array;
    for (let k = 0; k < vals.length; k++) out[k] = vals[k]!;
    return;
  }
  const extended = Object.keys(frame.info).length > 0 || Object.keys(frame.arrays).length > 0;
  if (!extended) {
    // Positions count the numbers of the line only: a word (`gdb`, `E:`) is never a value.
    const nums = commentNumbers(frame.comment);
    // A word meant as a number but malformed (decimal comma, NaN, ...) is an error, not a word to skip.
    for (const m of frame.comment.matchAll(/[^ \t]+/g)) {
      const hint = parseExtxyzNumber(m[0]) === undefined && /\d|^[+-]?(?:nan|inf)/i.test(m[0]) ? numberHint(m[0]) : undefined;
      if (hint) throw new Error(`${at(fileName, frame, 1)}:${m.index + 1}: expected a finite number on the comment line, got ${quoteValue(m[0])} (${hint})`);
    }
    let col = 0;
    rawNames.forEach((name, pos) => {
      if (name === SKIP) return;
      const v = nums[pos];
      if (v === undefined) {
        throw new Error(`${at(fileName, frame, 1)}: expected at least ${rawNames.length} numbers on the comment line (--targets ${rawNames.join(',')}), got ${nums.length}: ${quoteValue(frame.comment.trim(), 60)}`);
      }
      out[col++] = v;
    });
    return;
  }
  let col = 0;
  plan.names.forEach((name, k) => {
    const v = frame.info[name];
    const width = plan.widths[k]!;
    const ok = width === 1 ? typeof v === 'number' : Array.isArray(v) && v.length === width && v.every((x) => typeof x === 'number');
    if (!ok) {
      const want = width === 1 ? 'a number' : `${width} numbers`;
      throw new Error(`${at(fileName, frame, 1)}: expected ${name}=${want} on the comment line (as in the first frame), got ${v === undefined ? 'no such key' : quoteValue(String(v))}`);
    }
    const xs = typeof v === 'number' ? [v] : (v as number[]);
    // ASE keeps nan and inf on the comment line; a target cannot be trained on them.
    if (xs.some((x) => !Number.isFinite(x))) {
      throw new Error(`${at(fileName, frame, 1)}: expected finite numbers for the target ${name}, got ${quoteValue(xs.join(' '))} (NaN and Inf are not accepted)`);
    }
    for (const x of xs) out[col++] = x;
  });
}
