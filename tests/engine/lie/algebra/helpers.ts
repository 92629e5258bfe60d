/** Shared pieces of the algebra-analysis tests: layouts, seeded perturbations of a basis. */
import type { FeatureLayout } from '../../../../src-main/data/dataset';
import { Rng } from '../../../../src-main/data/random';

export type Mat = number[][];

/** Every layout the catalogue has entries for, from the 2-vector up to the 2-body state and points. */
export const LAYOUTS: FeatureLayout[] = [
  { kind: 'vector', d: 2, blocks: 1 },
  { kind: 'vector', d: 3, blocks: 4 },
  { kind: 'vector', d: 4, blocks: 1 },
  { kind: 'vector', d: 5, blocks: 1 },
  { kind: 'vector', d: 6, blocks: 2 },
  { kind: 'vector', d: 8, blocks: 3 },
  { kind: 'points', d: 3, maxPoints: 9 },
  { kind: 'points', d: 4, maxPoints: 9 },
  { kind: 'image', d: 3, height: 28, width: 28, channels: 1 },
];

export function layoutName(l: FeatureLayout): string {
  return `${l.kind}:${l.d}`;
}

/** points:4 generators keep their last row 0 (the mask SEMoLA applies); noise must too. */
export function isHomogeneous(l: FeatureLayout): boolean {
  return (l.kind === 'points' && l.d === 4) || l.kind === 'image';
}

export function frob(a: Mat): number {
  return Math.sqrt(a.flat().reduce((s, v) => s + v * v, 0));
}

export function mm(a: Mat, b: Mat): Mat {
  return a.map((row) => (b[0] as number[]).map((_, j) => row.reduce((s, v, k) => s + v * (b[k] as number[])[j]!, 0)));
}

export function bracketOf(a: Mat, b: Mat): Mat {
  const ab = mm(a, b);
  const ba = mm(b, a);
  return ab.map((r, i) => r.map((v, j) => v - ba[i]![j]!));
}

/** sum_i c_i B_i */
export function combination(basis: Mat[], c: number[]): Mat {
  const d = basis[0]!.length;
  return Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, s) => basis.reduce((acc, b, i) => acc + c[i]! * b[r]![s]!, 0)));
}

/**
 * Another basis of the same span: L'_j = s_j sum_i M_ji L_i with M = I + Gaussian (kept well
 * conditioned) and scales s_j log-uniform in [0.1, 10].
 */
export function changeOfBasis(basis: Mat[], rng: Rng): Mat[] {
  const k = basis.length;
  return Array.from({ length: k }, (_, j) => {
    const coeffs = Array.from({ length: k }, (_, i) => (i === j ? 1.5 : 0) + 0.5 * rng.normal());
    const scale = 10 ** rng.uniform(-1, 1);
    return combination(basis, coeffs).map((r) => r.map((v) => v * scale));
  });
}

/** Each generator plus Gaussian noise of Frobenius norm `relative` x its own (last row kept 0 for points:4). */
export function withNoise(basis: Mat[], relative: number, rng: Rng, homogeneous: boolean): Mat[] {
  return basis.map((l) => {
    const d = l.length;
    const n = l.map((row, i) => row.map(() => (homogeneous && i === d - 1 ? 0 : rng.normal())));
    const s = (relative * frob(l)) / frob(n);
    return l.map((row, i) => row.map((v, j) => v + s * n[i]![j]!));
  });
}

export function randomMatrix(d: number, rng: Rng, homogeneous = false): Mat {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, () => (homogeneous && i === d - 1 ? 0 : rng.normal())));
}
