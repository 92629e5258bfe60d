/**
 * Small dense linear algebra on plain Float64 `number[][]` matrices (row-major, [rows][cols]).
 * Used after training and in tests, where matrices are tiny (d x d generators, a handful of
 * spanning vectors); decompositions go through ml-matrix rather than hand-written code.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

function shapeOf(a: readonly (readonly number[])[]): string {
  return `${a.length}x${a[0]?.length ?? 0}`;
}

function assertRectangular(a: readonly (readonly number[])[], name: string): void {
  const cols = a[0]?.length ?? 0;
  for (let i = 0; i < a.length; i++) {
    const len = a[i]?.length ?? 0;
    if (len !== cols) {
      throw new Error(`${name}: row ${i} has ${len} entries, expected ${cols} (like row 0)`);
    }
  }
}

function assertSameShape(a: readonly (readonly number[])[], b: readonly (readonly number[])[], name: string): void {
  assertRectangular(a, `${name} (first argument)`);
  assertRectangular(b, `${name} (second argument)`);
  if (a.length !== b.length || (a[0]?.length ?? 0) !== (b[0]?.length ?? 0)) {
    throw new Error(`${name}: shape mismatch, ${shapeOf(a)} vs ${shapeOf(b)}`);
  }
}

/** <A, B>_F = sum_ij A_ij B_ij; A, B of the same shape [r][c]. */
export function frobeniusInner(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  assertSameShape(a, b, 'frobeniusInner');
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const ra = a[i] as readonly number[];
    const rb = b[i] as readonly number[];
    for (let j = 0; j < ra.length; j++) s += (ra[j] as number) * (rb[j] as number);
  }
  return s;
}

/** ||A||_F; A of shape [r][c]. */
export function frobeniusNorm(a: readonly (readonly number[])[]): number {
  assertRectangular(a, 'frobeniusNorm');
  let s = 0;
  for (const row of a) for (const v of row) s += v * v;
  return Math.sqrt(s);
}

/** vec(A) in row-major order: [r][c] -> [r*c]. */
export function flatten(a: readonly (readonly number[])[]): number[] {
  assertRectangular(a, 'flatten');
  const out: number[] = [];
  for (const row of a) for (const v of row) out.push(v);
  return out;
}

/** A^T: [r][c] -> [c][r]. */
export function transpose(a: readonly (readonly number[])[]): number[][] {
  assertRectangular(a, 'transpose');
  const r = a.length;
  const c = a[0]?.length ?? 0;
  const out: number[][] = [];
  for (let j = 0; j < c; j++) {
    const row = new Array<number>(r);
    for (let i = 0; i < r; i++) row[i] = (a[i] as readonly number[])[j] as number;
    out.push(row);
  }
  return out;
}

/** A B: [r][m] x [m][c] -> [r][c]. */
export function matMul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  assertRectangular(a, 'matMul (first argument)');
  assertRectangular(b, 'matMul (second argument)');
  const m = a[0]?.length ?? 0;
  if (m !== b.length) {
    throw new Error(`matMul: inner dimensions differ, ${shapeOf(a)} times ${shapeOf(b)}`);
  }
  const c = b[0]?.length ?? 0;
  return a.map((ra) => {
    const row = new Array<number>(c).fill(0);
    for (let k = 0; k < m; k++) {
      const aik = ra[k] as number;
      if (aik === 0) continue;
      const rb = b[k] as readonly number[];
      for (let j = 0; j < c; j++) row[j] = (row[j] as number) + aik * (rb[j] as number);
    }
    return row;
  });
}

/** n x n identity. */
export function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/**
 * Orthonormal basis of span{vectors}. `vectors` is [m][dim], one spanning vector per entry; the
 * result is [r][dim] with r = numerical rank <= min(m, dim), rows orthonormal.
 * Directions whose singular value is <= tol * (largest singular value) are dropped, so the test is
 * scale-free; an all-zero input gives []. Computed by SVD (left singular vectors of the dim x m
 * matrix whose columns are the vectors).
 */
export function orthonormalBasis(vectors: readonly (readonly number[])[], tol = 1e-10): number[][] {
  if (vectors.length === 0) return [];
  assertRectangular(vectors, 'orthonormalBasis');
  const dim = vectors[0]?.length ?? 0;
  if (dim === 0) return [];
  if (!vectors.some((v) => v.some((x) => x !== 0))) return [];
  for (const v of vectors) {
    for (const x of v) {
      if (!Number.isFinite(x)) throw new Error('orthonormalBasis: vectors contain a non-finite entry');
    }
  }
  const cols = new Matrix(vectors.map((v) => Array.from(v))).transpose(); // [dim][m]
  const svd = new SingularValueDecomposition(cols, {
    computeLeftSingularVectors: true,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  const sigma = svd.diagonal;
  const sigmaMax = Math.max(0, ...sigma);
  if (!(sigmaMax > 0)) return [];
  const u = svd.leftSingularVectors; // [dim][>= rank]
  const out: number[][] = [];
  for (let i = 0; i < sigma.length; i++) {
    if ((sigma[i] as number) > tol * sigmaMax) out.push(u.getColumn(i));
  }
  return out;
}

/**
 * Cosines of the principal angles between span{A} and span{B}. A is [mA][dim] and B is [mB][dim],
 * each entry a spanning vector (need not be independent or normalised). Returns the cosines of the
 * min(rank A, rank B) principal angles, sorted descending and clipped to [0, 1]; [] when either
 * span is {0}. `tol` is the relative rank tolerance of `orthonormalBasis`.
 */
export function principalAngleCosines(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  tol = 1e-10,
): number[] {
  const dimA = a[0]?.length ?? 0;
  const dimB = b[0]?.length ?? 0;
  if (a.length > 0 && b.length > 0 && dimA !== dimB) {
    throw new Error(
      `principalAngleCosines: vectors live in different spaces, ${a.length}x${dimA} vs ${b.length}x${dimB} ([count][dim])`,
    );
  }
  const qa = orthonormalBasis(a, tol);
  const qb = orthonormalBasis(b, tol);
  if (qa.length === 0 || qb.length === 0) return [];
  // The singular values of Qa Qb^T are the cosines of the principal angles (Björck & Golub).
  const m = matMul(qa, transpose(qb));
  const svd = new SingularValueDecomposition(new Matrix(m), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  const count = Math.min(qa.length, qb.length);
  return svd.diagonal
    .map((s) => Math.min(1, Math.max(0, s)))
    .sort((x, y) => y - x)
    .slice(0, count);
}

/** Largest absolute row sum (the induced infinity norm); cheap bound for the scaling step. */
function normInf(a: readonly (readonly number[])[]): number {
  let best = 0;
  for (const row of a) {
    let s = 0;
    for (const v of row) s += Math.abs(v);
    if (s > best) best = s;
  }
  return best;
}

/**
 * exp(A) for a small square matrix A [n][n], by scaling and squaring with a Taylor series:
 * scale A by 2^-s so that ||A / 2^s||_inf <= 1/2, sum the series to machine precision, square s times.
 * Meant for generators and test matrices (n up to a few tens), not for stiff large problems.
 */
export function matrixExp(a: readonly (readonly number[])[]): number[][] {
  assertRectangular(a, 'matrixExp');
  const n = a.length;
  if ((a[0]?.length ?? 0) !== n) throw new Error(`matrixExp: expected a square matrix, got ${shapeOf(a)}`);
  if (n === 0) return [];
  const norm = normInf(a);
  if (!Number.isFinite(norm)) throw new Error('matrixExp: matrix contains a non-finite entry');
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = 2 ** -s;
  const x = a.map((row) => row.map((v) => v * scale));
  let result = identity(n);
  let term = identity(n);
  // With ||x|| <= 1/2 the k-th term is below 2^-k / k!, so 30 terms are far more than enough.
  for (let k = 1; k <= 30; k++) {
    term = matMul(term, x).map((row) => row.map((v) => v / k));
    result = result.map((row, i) => row.map((v, j) => v + ((term[i] as number[])[j] as number)));
    if (normInf(term) <= Number.EPSILON * normInf(result)) break;
  }
  for (let i = 0; i < s; i++) result = matMul(result, result);
  return result;
}
