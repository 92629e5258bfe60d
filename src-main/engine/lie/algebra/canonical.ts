/**
 * A readable form of a learned basis: another basis of the same span, chosen so that it looks like
 * the algebra it matched (or, without a match, as sparse as the span allows), with small entries
 * snapped to 0.
 */
import { flatten } from '../linalg';
import type { Basis } from './structure';

/**
 * Entries below 5% of their generator's largest entry are shown as 0: above float rounding by
 * many orders of magnitude, below the few-percent blur a trained basis typically carries, so a
 * learned so(3) reads as the textbook generators rather than as a wall of 0.01s.
 */
export const DEFAULT_SNAP_THRESHOLD = 0.05;

type Mat = readonly (readonly number[])[];

function combine(basis: Basis, coeffs: readonly number[]): number[][] {
  const d = basis[0]?.length ?? 0;
  const out = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  basis.forEach((l, i) => {
    const c = coeffs[i] as number;
    if (c === 0) return;
    for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) (out[r] as number[])[s] = ((out[r] as number[])[s] as number) + c * ((l[r] as readonly number[])[s] as number);
  });
  return out;
}

/**
 * Zeroes entries with |v| < threshold * max |entry| of the same generator, and rounds the rest to
 * 12 significant digits so that rounding noise (1.0000000000000002) does not reach the display.
 */
export function snapSmallEntries(basis: Basis, threshold: number): number[][][] {
  return basis.map((l) => {
    let max = 0;
    for (const row of l) for (const v of row) max = Math.max(max, Math.abs(v));
    return l.map((row) => row.map((v) => (Math.abs(v) < threshold * max || v === 0 ? 0 : Number(v.toPrecision(12)))));
  });
}

/**
 * The learned span written in the matched algebra's basis: for every known generator K_m the
 * element of span{L_i} closest to it (least squares, coefficients `coefficients[m]` over the L_i).
 * When the spans agree this is exactly K_m; the basis change it applies is k x dim.
 */
export function alignToKnown(basis: Basis, coefficients: readonly (readonly number[])[]): number[][][] {
  return coefficients.map((c) => combine(basis, c));
}

/**
 * Without a match: the reduced row echelon form of the span (rows vec L_i), pivoting on the
 * largest remaining entry, so every generator has a 1 where the others have 0. The span is kept;
 * dependent generators drop out ([r][d][d], r = rank).
 */
export function echelonForm(basis: Basis, tol = 1e-9): number[][][] {
  const d = basis[0]?.length ?? 0;
  const rows = basis.map((l) => flatten(l as Mat));
  const scale = Math.max(0, ...rows.flat().map(Math.abs));
  const pivots: { row: number[]; col: number }[] = [];
  let remaining = rows.map((r) => r.slice());
  while (remaining.length > 0) {
    let best = { i: -1, col: -1, v: 0 };
    remaining.forEach((r, i) =>
      r.forEach((v, col) => {
        if (Math.abs(v) > Math.abs(best.v)) best = { i, col, v };
      }),
    );
    if (best.i < 0 || Math.abs(best.v) <= tol * scale) break;
    const pivotRow = (remaining[best.i] as number[]).map((v) => v / best.v);
    const eliminate = (r: number[]): number[] => {
      const f = r[best.col] as number;
      return f === 0 ? r : r.map((v, j) => v - f * (pivotRow[j] as number));
    };
    remaining = remaining.filter((_, i) => i !== best.i).map(eliminate);
    for (const p of pivots) p.row = eliminate(p.row);
    pivots.push({ row: pivotRow, col: best.col });
  }
  return pivots.map((p) => Array.from({ length: d }, (_, r) => p.row.slice(r * d, (r + 1) * d)));
}
