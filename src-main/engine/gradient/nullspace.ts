/**
 * Generators from the null space of the gradient condition (condition.ts): the right singular
 * vectors of the stacked rows with the smallest singular values, and the normalised spectrum that
 * says how many there are and how cleanly. Rows are scaled to unit norm first, so every sample weighs
 * alike whatever the size of its gradient; singular values are reported relative to the largest.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface SpectrumOptions {
  /** A normalised singular value at most this counts as a null direction (a symmetry). */
  tolerance: number;
  /** The next value must be at least this many times the last null one for a clear gap. */
  minGap: number;
}

export const DEFAULT_SPECTRUM_OPTIONS: SpectrumOptions = { tolerance: 0.05, minGap: 5 };

/** Singular values below this fraction of the largest are treated as 0 when forming ratios. */
const FLOOR = 1e-9;

export interface GradientSpectrum {
  /** Singular values of the condition matrix over the allowed generators, divided by the largest, ascending. */
  values: number[];
  /** How many values are at most `tolerance`: the dimension of the symmetry algebra the data show. */
  nullity: number;
  /** values[nullity] / values[nullity - 1] (floored at 1e-9): how far the first non-null value stands from the null ones; null when nullity is 0 or every value is null. */
  gap: number | null;
  /** nullity >= 1 and gap >= minGap. */
  clear: boolean;
  /** The ratio values[k] / values[k - 1] at the requested k (null when k >= the number of values). */
  gapAtK: number | null;
  /** Generators asked for (the run's k). */
  k: number;
  /** Condition rows used (samples, or sample-output pairs for equivariant targets). */
  rows: number;
  tolerance: number;
  minGap: number;
  /** Where the gradients came from: the data (e.g. `forces`) or the trained model. */
  source: string;
}

export interface NullSpaceResult {
  spectrum: GradientSpectrum;
  /** The k null-most generators [k][d][d], each of Frobenius norm sqrt(d) (the augmenter's scale). */
  basis: number[][][];
}

/**
 * rows: condition rows [n][d*d]; param: [d*d][p] map from free parameters to vec(L) (mask.ts), columns
 * orthogonal. k: generators to return (at most p).
 */
export function nullSpace(rows: readonly Float64Array[], param: number[][], d: number, k: number, source: string, opts: SpectrumOptions = DEFAULT_SPECTRUM_OPTIONS): NullSpaceResult {
  const p = param[0]?.length ?? 0;
  if (p === 0) throw new Error('the mask leaves no free generator entry');
  if (k > p) throw new Error(`k = ${k} generators asked for, but the mask allows only ${p} independent entries`);
  // Unit columns, so that distances in parameter space are Frobenius distances of L.
  const colNorm = Array.from({ length: p }, (_, c) => Math.sqrt(param.reduce((s, r) => s + r[c]! ** 2, 0)));
  const reduced = rows.map((r) => Array.from({ length: p }, (_, c) => param.reduce((s, pr, i) => s + r[i]! * pr[c]!, 0) / colNorm[c]!));
  const norms = reduced.map((r) => Math.hypot(...r));
  const maxNorm = Math.max(0, ...norms);
  const kept = reduced.filter((_, i) => norms[i]! > 1e-12 * maxNorm && maxNorm > 0);
  if (kept.length === 0) throw new Error('every gradient is zero: the condition says nothing about symmetry');
  const gram = Matrix.zeros(p, p);
  for (const r of kept) {
    const nr = Math.hypot(...r);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) gram.set(i, j, gram.get(i, j) + (r[i]! * r[j]!) / (nr * nr * kept.length));
  }
  const eig = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, i) => [Math.sqrt(Math.max(0, v)), i] as const).sort((a, b) => a[0] - b[0]);
  const top = order[order.length - 1]![0] || 1;
  const values = order.map(([s]) => s / top);
  const nullity = values.filter((v) => v <= opts.tolerance).length;
  const ratio = (m: number): number | null => (m >= 1 && m < values.length ? values[m]! / Math.max(values[m - 1]!, FLOOR) : null);
  const gap = ratio(nullity);
  const vectors = eig.eigenvectorMatrix;
  const basis = order.slice(0, k).map(([, col]) => {
    const v = Array.from({ length: p }, (_, c) => vectors.get(c, col) / colNorm[c]!);
    const flat = param.map((row) => row.reduce((s, w, c) => s + w * v[c]!, 0));
    const norm = Math.hypot(...flat) || 1;
    // A fixed sign (largest entry positive), so the same data give the same basis.
    const big = flat.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
    const scale = (Math.sign(big) || 1) * (Math.sqrt(d) / norm);
    return Array.from({ length: d }, (_, i) => flat.slice(i * d, (i + 1) * d).map((x) => x * scale));
  });
  return {
    spectrum: { values, nullity, gap, clear: nullity >= 1 && gap !== null && gap >= opts.minGap, gapAtK: ratio(k), k, rows: kept.length, tolerance: opts.tolerance, minGap: opts.minGap, source },
    basis,
  };
}
