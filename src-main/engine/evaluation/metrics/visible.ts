/**
 * The part of a generator the data can see. Samples that span only a subspace of R^d (the 2-body
 * states satisfy q2 = -q1, p2 = -p1) leave L's action on the rest undetermined: no loss term can
 * learn it, and it changes no augmented sample. Restricting every generator to the data's linear
 * span, L P with P the projector onto span{x}, shows what was actually learned and lets the plain
 * |cosine| and subspace scores be read on that part.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { ActionData, Basis } from './reference';

/** Projector [d][d] onto the span of the data rows; directions with singular value <= tol * max are dropped. */
export function dataSpanProjector(data: ActionData, tol = 1e-4): number[][] {
  const x = new Matrix(data.n, data.d);
  for (let i = 0; i < data.n; i++) for (let j = 0; j < data.d; j++) x.set(i, j, data.rows[i * data.d + j]!);
  const svd = new SingularValueDecomposition(x, { computeLeftSingularVectors: false, autoTranspose: true });
  const s = svd.diagonal;
  const top = Math.max(0, ...s);
  const v = svd.rightSingularVectors;
  const p = Matrix.zeros(data.d, data.d);
  s.forEach((value, c) => {
    if (top === 0 || value <= tol * top) return;
    const col = v.getColumn(c);
    for (let i = 0; i < data.d; i++) for (let j = 0; j < data.d; j++) p.set(i, j, p.get(i, j) + col[i]! * col[j]!);
  });
  return p.to2DArray();
}

/** Every generator restricted to the data span: L_i P, [k][d][d]. */
export function visibleBasis(basis: Basis, projector: number[][]): number[][][] {
  const p = new Matrix(projector);
  return basis.map((L) => new Matrix(L.map((row) => [...row])).mmul(p).to2DArray());
}
