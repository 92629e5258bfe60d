import { describe, expect, it } from 'vitest';
import {
  flatten,
  frobeniusInner,
  frobeniusNorm,
  identity,
  matMul,
  matrixExp,
  orthonormalBasis,
  principalAngleCosines,
  transpose,
} from '../../../src-main/engine/lie/linalg';

function expectMatrixClose(actual: number[][], expected: number[][], digits = 10): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    const exp = expected[i] as number[];
    expect(row.length).toBe(exp.length);
    row.forEach((v, j) => expect(v).toBeCloseTo(exp[j] as number, digits));
  });
}

describe('frobenius helpers', () => {
  it('computes the inner product and norm by hand', () => {
    const a = [
      [1, 2],
      [3, 4],
    ];
    const b = [
      [0, -1],
      [1, 0],
    ];
    expect(frobeniusInner(a, b)).toBe(-2 + 3);
    expect(frobeniusNorm(a)).toBeCloseTo(Math.sqrt(30), 14);
    expect(frobeniusNorm(b)).toBeCloseTo(Math.SQRT2, 14);
  });

  it('names both shapes on a mismatch', () => {
    expect(() => frobeniusInner([[1, 2]], [[1], [2]])).toThrow(/1x2 vs 2x1/);
  });

  it('flattens row-major', () => {
    expect(
      flatten([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('multiplies and transposes', () => {
    const a = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(transpose(a)).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(matMul(a, transpose(a))).toEqual([
      [14, 32],
      [32, 77],
    ]);
    expect(() => matMul(a, a)).toThrow(/2x3 times 2x3/);
  });
});

describe('orthonormalBasis', () => {
  it('returns orthonormal rows spanning the input and drops dependent and zero vectors', () => {
    const q = orthonormalBasis([
      [1, 0, 0, 1],
      [2, 0, 0, 2],
      [0, 0, 0, 0],
      [0, 3, 0, 0],
    ]);
    expect(q.length).toBe(2);
    expectMatrixClose(matMul(q, transpose(q)), identity(2), 12);
    // Every input vector is reproduced by its projection onto the basis.
    for (const v of [
      [1, 0, 0, 1],
      [0, 3, 0, 0],
    ]) {
      const proj = new Array<number>(4).fill(0);
      for (const u of q) {
        const c = u.reduce((acc, x, i) => acc + x * (v[i] as number), 0);
        u.forEach((x, i) => (proj[i] = (proj[i] as number) + c * x));
      }
      proj.forEach((p, i) => expect(p).toBeCloseTo(v[i] as number, 12));
    }
  });

  it('gives [] for zero or empty input and caps the rank at the dimension', () => {
    expect(orthonormalBasis([])).toEqual([]);
    expect(orthonormalBasis([[0, 0, 0]])).toEqual([]);
    const q = orthonormalBasis([
      [1, 0],
      [0, 1],
      [1, 1],
      [2, -1],
    ]);
    expect(q.length).toBe(2);
    expectMatrixClose(matMul(q, transpose(q)), identity(2), 12);
  });

  it('uses a relative tolerance, so the rank does not depend on the overall scale', () => {
    const tiny = [
      [1e-20, 0, 0],
      [0, 1e-20, 0],
    ];
    expect(orthonormalBasis(tiny).length).toBe(2);
    expect(orthonormalBasis([[1, 0, 0], [1, 1e-13, 0]]).length).toBe(1);
  });

  it('rejects ragged input', () => {
    expect(() => orthonormalBasis([[1, 0], [1]])).toThrow(/row 1 has 1 entries, expected 2/);
  });
});

describe('principalAngleCosines', () => {
  it('gives the cosine of the angle between two lines', () => {
    const a = 0.3;
    const c = principalAngleCosines([[2, 0, 0]], [[Math.cos(a), Math.sin(a), 0]]);
    expect(c.length).toBe(1);
    expect(c[0]).toBeCloseTo(Math.cos(a), 12);
  });

  it('gives ones for the same span written in another basis', () => {
    const c = principalAngleCosines(
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      [
        [1, 1, 0],
        [1, -2, 0],
      ],
    );
    expect(c.length).toBe(2);
    c.forEach((x) => expect(x).toBeCloseTo(1, 12));
  });

  it('sorts descending: two planes sharing one direction', () => {
    const c = principalAngleCosines(
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
      ],
      [
        [0, 0, 1, 0],
        [1, 0, 0, 0],
      ],
    );
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBeCloseTo(0, 12);
  });

  it('returns min(rank A, rank B) cosines, [] for a zero span, and checks dimensions', () => {
    const c = principalAngleCosines(
      [
        [1, 0, 0],
        [0, 1, 0],
        [1, 1, 0],
      ],
      [[0, 1, 1]],
    );
    expect(c.length).toBe(1);
    expect(c[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(principalAngleCosines([[0, 0, 0]], [[1, 0, 0]])).toEqual([]);
    expect(() => principalAngleCosines([[1, 0]], [[1, 0, 0]])).toThrow(/1x2 vs 1x3/);
  });
});

describe('matrixExp', () => {
  const J = [
    [0, -1],
    [1, 0],
  ];

  it('gives the identity for the zero matrix and exp of a diagonal', () => {
    expectMatrixClose(matrixExp([[0, 0], [0, 0]]), identity(2), 15);
    expectMatrixClose(
      matrixExp([
        [1, 0],
        [0, -2],
      ]),
      [
        [Math.E, 0],
        [0, Math.exp(-2)],
      ],
      13,
    );
  });

  it('exponentiates the so(2) generator to a rotation, also for large angles', () => {
    for (const t of [0.4, 2, 20]) {
      const r = matrixExp(J.map((row) => row.map((v) => v * t)));
      expectMatrixClose(
        r,
        [
          [Math.cos(t), -Math.sin(t)],
          [Math.sin(t), Math.cos(t)],
        ],
        11,
      );
    }
  });

  it('sums a nilpotent series exactly and satisfies exp(A) exp(-A) = I', () => {
    expectMatrixClose(
      matrixExp([
        [0, 3],
        [0, 0],
      ]),
      [
        [1, 3],
        [0, 1],
      ],
      14,
    );
    const a = [
      [0.3, -1.2, 0.5],
      [0.7, 0.1, -2.0],
      [-0.4, 1.5, -0.2],
    ];
    const prod = matMul(matrixExp(a), matrixExp(a.map((row) => row.map((v) => -v))));
    expectMatrixClose(prod, identity(3), 12);
  });

  it('rejects non-square input', () => {
    expect(() => matrixExp([[1, 2]])).toThrow(/square.*1x2/);
  });
});
