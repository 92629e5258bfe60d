/**
 * The bracket structure of a learned basis L_1..L_k ([k][d][d]): structure constants, how far the
 * span is from closing under brackets, the Killing form and its signature, and per-generator
 * diagnostics. Everything is computed on plain matrices; decompositions go through ml-matrix.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { flatten, frobeniusInner, frobeniusNorm, matMul, orthonormalBasis } from '../linalg';
import type { KillingSignature } from './catalogue';

type Mat = readonly (readonly number[])[];
export type Basis = readonly Mat[];

/**
 * A Killing-form eigenvalue (in an orthonormal basis of the span) counts as 0 when it is below 5%
 * of the largest one, or below 0.1% of 2r, the most any eigenvalue can be there (r = dimension;
 * ||[X, Y]||_F <= sqrt(2) ||X||_F ||Y||_F, Böttcher-Wenzel), which catches a nearly abelian span
 * whose eigenvalues are all noise. Measured: across the catalogue the smallest non-zero eigenvalue
 * is 14% of the largest (aff(3)) and 4% of 2r; noise of relative size s moves a zero eigenvalue by
 * up to about 0.8 s of the largest, so the signature holds up to about 5% noise; so(3) written in
 * skewed coordinates (P L P^-1, P of condition number 10) keeps its smallest eigenvalue at 9%.
 */
export const KILLING_ZERO_RELATIVE = 0.05;
export const KILLING_ZERO_FLOOR = 0.001;

/** Singular values below this fraction of the largest are treated as exact dependence. */
const RANK_TOLERANCE = 1e-10;

/** [A, B] = AB - BA, [d][d]. */
export function bracket(a: Mat, b: Mat): number[][] {
  const ab = matMul(a, b);
  const ba = matMul(b, a);
  return ab.map((row, i) => row.map((v, j) => v - ((ba[i] as number[])[j] as number)));
}

/**
 * Least-squares coefficients of every target in span{columns}: minimises ||sum_i x_i col_i - t||
 * by the SVD pseudo-inverse, dropping directions below RANK_TOLERANCE (the minimum-norm solution
 * when the columns are dependent). `columns` [k][n], `targets` [m][n] -> [m][k].
 */
function leastSquares(columns: number[][], targets: number[][]): number[][] {
  if (columns.length === 0) return targets.map(() => []);
  const a = new Matrix(columns).transpose(); // [n][k]
  const svd = new SingularValueDecomposition(a, { autoTranspose: true });
  const sigma = svd.diagonal;
  const sMax = Math.max(0, ...sigma);
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const k = columns.length;
  return targets.map((t) => {
    const x = new Array<number>(k).fill(0);
    sigma.forEach((s, r) => {
      if (!(s > RANK_TOLERANCE * sMax)) return;
      let proj = 0;
      t.forEach((tv, n) => (proj += u.get(n, r) * tv));
      for (let i = 0; i < k; i++) x[i] = (x[i] as number) + (v.get(i, r) * proj) / s;
    });
    return x;
  });
}

/** Least-squares coefficients of every target matrix in span{L_i}: targets [m][d][d] -> [m][k]. */
export function coefficientsInSpan(basis: Basis, targets: Basis): number[][] {
  return leastSquares(
    basis.map((l) => flatten(l)),
    targets.map((t) => flatten(t)),
  );
}

/**
 * c[i][j][m] with [L_i, L_j] ~ sum_m c_ij^m L_m (least squares over the span), [k][k][k].
 * Antisymmetric in i, j by construction.
 */
export function structureConstants(basis: Basis): number[][][] {
  const k = basis.length;
  const vecs = basis.map((l) => flatten(l));
  const pairs: [number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  const coeffs = leastSquares(
    vecs,
    pairs.map(([i, j]) => flatten(bracket(basis[i] as Mat, basis[j] as Mat))),
  );
  const c = Array.from({ length: k }, () => Array.from({ length: k }, () => new Array<number>(k).fill(0)));
  pairs.forEach(([i, j], p) => {
    const x = coeffs[p] as number[];
    (c[i] as number[][])[j] = x.slice();
    (c[j] as number[][])[i] = x.map((v) => -v);
  });
  return c;
}

/** An orthonormal basis (Frobenius) of span{L_i}, [r][d][d]; scale of each generator ignored. */
export function orthonormalSpan(basis: Basis): number[][][] {
  const d = basis[0]?.length ?? 0;
  const unitVecs = basis
    .map((l) => {
      const n = frobeniusNorm(l);
      return n > 0 ? flatten(l).map((v) => v / n) : null;
    })
    .filter((v): v is number[] => v !== null);
  return orthonormalBasis(unitVecs, RANK_TOLERANCE).map((q) => Array.from({ length: d }, (_, r) => q.slice(r * d, (r + 1) * d)));
}

/**
 * How far span{L_i} is from closing under brackets, in [0, 1]: with Q_1..Q_r orthonormal in the
 * span, sqrt( sum_{a<b} ||[Q_a, Q_b] - P[Q_a, Q_b]||^2 / sum_{a<b} 2 ), P the projection onto the
 * span. Each term is measured against the largest bracket two unit generators can have
 * (Böttcher-Wenzel: ||[X, Y]||_F <= sqrt(2)), so an abelian algebra blurred by noise still reads
 * as nearly closed, and the value does not depend on the chosen basis of the span. 0 = closed.
 */
export function closureResidual(basis: Basis): number {
  const q = orthonormalSpan(basis);
  const r = q.length;
  if (r < 2) return 0;
  let sum = 0;
  for (let a = 0; a < r; a++) {
    for (let b = a + 1; b < r; b++) {
      // The residual itself, not ||br||^2 - ||P br||^2, which would lose half the digits.
      const outside = bracket(q[a] as Mat, q[b] as Mat);
      for (const qm of q) {
        const c = frobeniusInner(outside, qm);
        outside.forEach((row, i) => row.forEach((v, j) => (row[j] = v - c * ((qm[i] as number[])[j] as number))));
      }
      sum += frobeniusInner(outside, outside);
    }
  }
  return Math.sqrt(sum / (r * (r - 1)));
}

/** K_ij = tr(ad_i ad_j) = sum_{m,n} c_im^n c_jn^m, from structure constants [k][k][k]. */
export function killingForm(c: number[][][]): number[][] {
  const k = c.length;
  const at = (i: number, j: number, m: number): number => ((c[i] as number[][])[j] as number[])[m] as number;
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      let s = 0;
      for (let m = 0; m < k; m++) for (let n = 0; n < k; n++) s += at(i, m, n) * at(j, n, m);
      return s;
    }),
  );
}

/**
 * Signature of the Killing form of span{L_i}. Computed in an orthonormal basis of the span (the
 * signature does not depend on the basis, the zero threshold needs a fixed scale: see
 * KILLING_ZERO_RELATIVE); the k - r directions by which the k generators are dependent count as
 * zeros, so the three numbers add up to k.
 */
export function killingSignature(basis: Basis): KillingSignature {
  const q = orthonormalSpan(basis);
  const r = q.length;
  const sig: KillingSignature = { positive: 0, negative: 0, zero: basis.length - r };
  if (r === 0) return sig;
  const form = killingForm(structureConstants(q));
  const eig = new EigenvalueDecomposition(new Matrix(form), { assumeSymmetric: true });
  const eigenvalues = eig.realEigenvalues;
  const tol = Math.max(KILLING_ZERO_RELATIVE * Math.max(0, ...eigenvalues.map(Math.abs)), KILLING_ZERO_FLOOR * 2 * r);
  for (const lambda of eigenvalues) {
    if (lambda > tol) sig.positive++;
    else if (lambda < -tol) sig.negative++;
    else sig.zero++;
  }
  return sig;
}

/**
 * Per generator: the antisymmetric share ||(L - L^T) / 2||_F / ||L||_F in [0, 1] (1 = a pure
 * rotation generator, 0 = symmetric: a stretch), and tr(L) / (sqrt(d) ||L||_F) in [-1, 1]
 * (+-1 = pure uniform scaling, 0 = volume-preserving). A zero generator gives 0 and 0.
 */
export function generatorDiagnostics(basis: Basis): { antisymmetry: number[]; trace: number[] } {
  const antisymmetry: number[] = [];
  const trace: number[] = [];
  for (const l of basis) {
    const d = l.length;
    const norm = frobeniusNorm(l);
    let anti = 0;
    let tr = 0;
    for (let i = 0; i < d; i++) {
      tr += (l[i] as readonly number[])[i] as number;
      for (let j = 0; j < d; j++) anti += (((l[i] as readonly number[])[j] as number) - ((l[j] as readonly number[])[i] as number)) ** 2 / 4;
    }
    antisymmetry.push(norm > 0 ? Math.sqrt(anti) / norm : 0);
    trace.push(norm > 0 ? tr / (Math.sqrt(d) * norm) : 0);
  }
  return { antisymmetry, trace };
}
