/**
 * Shape and value checks for everything an export writes. A malformed basis must fail here with
 * the offending index and what was expected, never turn into `null` in JSON or garbage in .npy.
 */
import type { ExportInput } from './types';

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return typeof v;
}

function checkFinite(v: unknown, at: string): void {
  if (typeof v !== 'number') throw new Error(`${at} is ${describe(v)}; expected a finite number`);
  if (!Number.isFinite(v)) throw new Error(`${at} is ${String(v)}; every entry must be a finite number`);
}

/** A rows x cols matrix of finite numbers; returns its shape. `cols` undefined: as long as row 0. */
export function checkMatrix(m: unknown, at: string, rows?: number, cols?: number): [number, number] {
  if (!Array.isArray(m) || m.length === 0) throw new Error(`${at} is ${describe(m)}; expected a matrix (a non-empty list of rows)`);
  if (rows !== undefined && m.length !== rows) throw new Error(`${at} has ${m.length} rows, expected ${rows}`);
  const first: unknown = m[0];
  const width = cols ?? (Array.isArray(first) ? first.length : -1);
  m.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw new Error(`${at}[${r}] is ${describe(row)}; expected a row of ${width} numbers`);
    if (row.length !== width) throw new Error(`${at}[${r}] has ${row.length} entries, expected ${width}${cols === undefined ? ` (like ${at}[0])` : ''}`);
    row.forEach((v: unknown, c) => checkFinite(v, `${at}[${r}][${c}]`));
  });
  if (width === 0) throw new Error(`${at} has rows of 0 entries; expected a non-empty matrix`);
  return [m.length, width];
}

/** k >= 1 square d x d generators of finite numbers, all of one d. Returns { k, d }. */
export function checkBasis(basis: unknown, name: string, expectD?: number): { k: number; d: number } {
  if (!Array.isArray(basis) || basis.length === 0) {
    throw new Error(`${name} is ${describe(basis)}; expected k >= 1 generators, each a d x d matrix ([k][d][d])`);
  }
  let d = expectD ?? -1;
  basis.forEach((g: unknown, i) => {
    const at = `${name}[${i}]`;
    const [rows, cols] = checkMatrix(g, at);
    if (rows !== cols) throw new Error(`${at} is ${rows} x ${cols}; every generator must be square (d x d)`);
    if (d === -1) d = rows;
    else if (rows !== d) throw new Error(`${at} is ${rows} x ${rows}, expected ${d} x ${d}${expectD === undefined ? ` like ${name}[0]` : ''}`);
  });
  return { k: basis.length, d };
}

export function checkVector(v: unknown, at: string, length: number): void {
  if (!Array.isArray(v)) throw new Error(`${at} is ${describe(v)}; expected a list of ${length} numbers`);
  if (v.length !== length) throw new Error(`${at} has ${v.length} entries, expected ${length} (one per generator)`);
  v.forEach((x: unknown, i) => checkFinite(x, `${at}[${i}]`));
}

/** Validates an export input; returns k and d. Throws with the offending field and index. */
export function validateExportInput(input: ExportInput): { k: number; d: number } {
  const { k, d } = checkBasis(input.basis, 'basis');
  if (input.rawBasis !== undefined) {
    const raw = checkBasis(input.rawBasis, 'rawBasis', d);
    if (raw.k !== k) throw new Error(`rawBasis has ${raw.k} generators, basis has ${k}; they must describe the same generators`);
  }
  if (input.mask !== null) {
    checkMatrix(input.mask, 'mask', d, d);
    input.mask.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== 0 && v !== 1) throw new Error(`mask[${r}][${c}] is ${v}; mask entries must be 0 or 1`);
      }),
    );
  }
  const layout = input.layout;
  if (layout.d !== d) throw new Error(`layout acts on ${layout.d}-vectors (${layout.kind}:${layout.d}), but the generators are ${d} x ${d}`);
  if (!Array.isArray(input.featureNames) || input.featureNames.some((n) => typeof n !== 'string')) {
    throw new Error('featureNames must be a list of strings (the input feature order)');
  }
  if (layout.kind === 'vector' && input.featureNames.length !== d * layout.blocks) {
    throw new Error(`featureNames has ${input.featureNames.length} names, expected ${d * layout.blocks} (${layout.blocks} block(s) of ${d} features)`);
  }
  if (input.strengths !== null) checkVector(input.strengths, 'strengths', k);
  if (input.algebra !== null) {
    const c = input.algebra.structureConstants;
    if (!Array.isArray(c) || c.length !== k) {
      throw new Error(`algebra.structureConstants is ${describe(c)}; expected [k][k][k] with k = ${k}`);
    }
    c.forEach((plane, i) => checkMatrix(plane, `algebra.structureConstants[${i}]`, k, k));
    checkFinite(input.algebra.closureResidual, 'algebra.closureResidual');
    const canonical = input.algebra.canonical;
    if (canonical) {
      // An empty readable basis is a span of {0}; otherwise it lives in the same d x d space.
      if (!Array.isArray(canonical.basis) || canonical.basis.length > 0) checkBasis(canonical.basis, 'algebra.canonical.basis', d);
      checkFinite(canonical.snapThreshold, 'algebra.canonical.snapThreshold');
    }
  }
  if (typeof input.provenance?.createdAt !== 'string' || Number.isNaN(Date.parse(input.provenance.createdAt))) {
    throw new Error(`provenance.createdAt is ${describe(input.provenance?.createdAt)}; expected an ISO 8601 time`);
  }
  return { k, d };
}
