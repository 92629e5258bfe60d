/**
 * The infinitesimal symmetry condition as a linear system in the generator L (Moskalev et al.,
 * "LieGG", NeurIPS 2022). Every sample gives rows c with <c, vec(L)> = 0 for every symmetry L:
 * - invariant target f: grad f(x) . (L x) = 0, i.e. <sum_a outer(grad_a, x_a), L>_F = 0, summed over
 *   the layout's d-blocks (points, or the blocks of vector:D); points:4 uses [x; 1] and a gradient
 *   [grad; 0] (the homogeneous row of L is masked);
 * - equivariant target f (vector layout, targets in the input's blocks): J(x) L x - L f(x) = 0, one
 *   row per output component.
 * All numbers here are plain Float64 arrays; rows are [n][d*d] row-major in L.
 */
import type { FeatureLayout } from '../../data/dataset';
import { buildMask, type MaskSpec } from '../lie/masks';

/**
 * Rows of the invariant condition, one per sample with a non-zero gradient.
 * x: [n, F] flat inputs (vector) or coordinates [n, P*3] (points); grad: same shape; mask [n, P] for points.
 */
export function invariantRows(layout: FeatureLayout, n: number, x: ArrayLike<number>, grad: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array[] {
  const d = layout.d;
  if (layout.kind === 'image') throw new Error('the gradient condition takes vectors or points; images have no per-feature action');
  const rows: Float64Array[] = [];
  const blocks = layout.kind === 'vector' ? layout.blocks : layout.maxPoints;
  const width = layout.kind === 'vector' ? layout.d * layout.blocks : layout.maxPoints * 3;
  const stride = layout.kind === 'vector' ? d : 3;
  for (let s = 0; s < n; s++) {
    const row = new Float64Array(d * d);
    for (let b = 0; b < blocks; b++) {
      if (mask && layout.kind === 'points' && !(mask[s * blocks + b]! > 0)) continue;
      const o = s * width + b * stride;
      for (let i = 0; i < stride; i++) {
        const gi = grad[o + i]!;
        if (gi === 0) continue;
        for (let j = 0; j < d; j++) row[i * d + j]! += gi * (j < stride ? x[o + j]! : 1);
      }
    }
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  return rows;
}

/**
 * Rows of the equivariant condition for the vector layout: x [n, F_in], f [n, F_out] (both in
 * d-blocks), jac [n, F_out, F_in]. Row (s, o): sum_{b,p,q} J[o, b d + p] x_{b,q} L_pq - sum_q L_rq f_{ob,q}
 * with o = ob * d + r.
 */
export function equivariantRows(d: number, n: number, inWidth: number, outWidth: number, x: ArrayLike<number>, f: ArrayLike<number>, jac: ArrayLike<number>): Float64Array[] {
  const rows: Float64Array[] = [];
  const inBlocks = inWidth / d;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < outWidth; o++) {
      const row = new Float64Array(d * d);
      const jo = (s * outWidth + o) * inWidth;
      for (let b = 0; b < inBlocks; b++) {
        for (let p = 0; p < d; p++) {
          const jv = jac[jo + b * d + p]!;
          if (jv === 0) continue;
          for (let q = 0; q < d; q++) row[p * d + q]! += jv * x[s * inWidth + b * d + q]!;
        }
      }
      const [ob, r] = [Math.floor(o / d), o % d];
      for (let q = 0; q < d; q++) row[r * d + q]! -= f[s * outWidth + ob * d + q]!;
      if (row.some((v) => v !== 0)) rows.push(row);
    }
  }
  return rows;
}

/**
 * The generators the mask allows, as a linear map from free parameters to vec(L): [d*d][p].
 * `tied2` ties one 2x2 block repeated along the diagonal (4 parameters), as the augmenter does.
 */
export function maskParametrization(spec: MaskSpec, d: number, homogeneous: boolean): number[][] {
  const mask = buildMask(spec, d, homogeneous);
  const columns: number[][] = [];
  if (spec.name === 'tied2') {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const col = new Array<number>(d * d).fill(0);
        for (let b = 0; b < d / 2; b++) if (mask[2 * b + i]![2 * b + j]) col[(2 * b + i) * d + 2 * b + j] = 1;
        columns.push(col);
      }
    }
  } else {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (!mask[i]![j]) continue;
        const col = new Array<number>(d * d).fill(0);
        col[i * d + j] = 1;
        columns.push(col);
      }
    }
  }
  return Array.from({ length: d * d }, (_, r) => columns.map((c) => c[r]!));
}
