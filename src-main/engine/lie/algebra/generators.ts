/**
 * Building blocks for the catalogue of known Lie algebras: textbook generators as plain d x d
 * matrices ([d][d], acting on column vectors), and the ways a small algebra is placed in a larger
 * feature space (repeated on every 2- or 3-vector, embedded in the leading features).
 */

export type Generator = number[][];

export function zeroMatrix(d: number): Generator {
  return Array.from({ length: d }, () => new Array<number>(d).fill(0));
}

/** E_ij: 1 at row i, column j. */
export function unit(d: number, i: number, j: number): Generator {
  const m = zeroMatrix(d);
  (m[i] as number[])[j] = 1;
  return m;
}

/** Rotation from axis i towards axis j: E_ji - E_ij (rotation(3, 0, 1) is L_z = [[0,-1,0],[1,0,0],[0,0,0]]). */
export function rotation(d: number, i: number, j: number): Generator {
  const m = zeroMatrix(d);
  (m[j] as number[])[i] = 1;
  (m[i] as number[])[j] = -1;
  return m;
}

/** Lorentz boost along spatial axis i with time as feature 0: E_0i + E_i0. */
export function boost(d: number, i: number): Generator {
  const m = zeroMatrix(d);
  (m[0] as number[])[i] = 1;
  (m[i] as number[])[0] = 1;
  return m;
}

/** Identity on the first n of d features (uniform scaling about the origin). */
export function scaling(d: number, n = d): Generator {
  const m = zeroMatrix(d);
  for (let i = 0; i < n; i++) (m[i] as number[])[i] = 1;
  return m;
}

/**
 * so(n) on the first n of d features: rotations (i, j), i < j. For n = 3 in the textbook order
 * L_x, L_y, L_z, so that the canonical display form of a match reads as in a physics book.
 */
export function rotations(n: number, d = n): Generator[] {
  if (n === 3) return [rotation(d, 1, 2), rotation(d, 2, 0), rotation(d, 0, 1)];
  const out: Generator[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push(rotation(d, i, j));
  return out;
}

/** The same m x m block A on every consecutive group of m features: kron(I_{d/m}, A), [d][d]. */
export function repeatBlock(a: Generator, d: number): Generator {
  const m = a.length;
  const out = zeroMatrix(d);
  for (let b = 0; b + m <= d; b += m) {
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) (out[b + i] as number[])[b + j] = (a[i] as number[])[j] as number;
  }
  return out;
}

/** A alone on the group of features [offset, offset + m), zero elsewhere: [d][d]. */
export function placeBlock(a: Generator, d: number, offset: number): Generator {
  const m = a.length;
  const out = zeroMatrix(d);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) (out[offset + i] as number[])[offset + j] = (a[i] as number[])[j] as number;
  return out;
}

/** sl(2): H = diag(1, -1), E = E_01, F = E_10. */
export function sl2(): Generator[] {
  return [
    [
      [1, 0],
      [0, -1],
    ],
    unit(2, 0, 1),
    unit(2, 1, 0),
  ];
}

/** Translations of n-dimensional points in homogeneous coordinates (d = n + 1): E_{i,n}. */
export function translations(n: number): Generator[] {
  return Array.from({ length: n }, (_, i) => unit(n + 1, i, n));
}

/** gl(n) on the first n of d features: every E_ij, i, j < n. */
export function generalLinear(n: number, d = n): Generator[] {
  const out: Generator[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push(unit(d, i, j));
  return out;
}
