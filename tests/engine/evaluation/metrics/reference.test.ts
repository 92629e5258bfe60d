import { describe, expect, it } from 'vitest';
import { matMul, matrixExp, transpose } from '../../../../src-main/engine/lie/linalg';
import {
  absCosineMatrix,
  actionSimilarity,
  bestAssignment,
  cosineSimilarity,
  meanAbsoluteError,
  referenceReport,
  subspaceSimilarity,
} from '../../../../src-main/engine/evaluation/metrics/reference';
import { Rng } from '../../../../src-main/data/random';

// ---------- helpers ----------

/** Small deterministic PRNG (the project's seeded Rng), uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

function randomMatrix(rnd: () => number, rows: number, cols = rows): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => gaussian(rnd)));
}

function zeros(d: number): number[][] {
  return Array.from({ length: d }, () => new Array<number>(d).fill(0));
}

function scale(m: number[][], s: number): number[][] {
  return m.map((row) => row.map((v) => v * s));
}

function add(a: number[][], b: number[][]): number[][] {
  return a.map((row, i) => row.map((v, j) => v + ((b[i] as number[])[j] as number)));
}

/** Writes the 2x2 block b (times s) at (i, j) of m. */
function setBlock(m: number[][], i: number, j: number, b: number[][], s = 1): void {
  for (let a = 0; a < 2; a++) {
    for (let c = 0; c < 2; c++) (m[i + a] as number[])[j + c] = s * ((b[a] as number[])[c] as number);
  }
}

/** Linear combinations sum_j M[i][j] basis[j]. */
function mix(m: number[][], basis: number[][][]): number[][][] {
  const d = basis[0]?.length ?? 0;
  return m.map((coeffs) => coeffs.reduce((acc, c, j) => add(acc, scale(basis[j] as number[][], c)), zeros(d)));
}

const J = [
  [0, -1],
  [1, 0],
];

const so3: number[][][] = [
  [
    [0, 0, 0],
    [0, 0, -1],
    [0, 1, 0],
  ],
  [
    [0, 0, 1],
    [0, 0, 0],
    [-1, 0, 0],
  ],
  [
    [0, -1, 0],
    [1, 0, 0],
    [0, 0, 0],
  ],
];

const E11 = [
  [1, 0],
  [0, 0],
];
const E12 = [
  [0, 1],
  [0, 0],
];
const E21 = [
  [0, 0],
  [1, 0],
];

// ---------- assignment ----------

describe('bestAssignment', () => {
  it('finds the optimum where greedy would not', () => {
    // Greedy takes 0.9 and is left with 0.1 (total 1.0); the optimum is 0.8 + 0.8.
    const { pairs, total } = bestAssignment([
      [0.9, 0.8],
      [0.8, 0.1],
    ]);
    expect(pairs).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(total).toBeCloseTo(1.6, 14);
  });

  it('handles rectangular score matrices in both orientations', () => {
    expect(
      bestAssignment([
        [0.1, 0.2, 0.9],
        [0.8, 0.3, 0.7],
      ]).pairs,
    ).toEqual([
      [0, 2],
      [1, 0],
    ]);
    expect(bestAssignment([[0.1], [0.7], [0.3]]).pairs).toEqual([[1, 0]]);
  });

  it('agrees with exhaustive search beyond the brute-force size (Hungarian path)', () => {
    const rnd = mulberry32(7);
    const exhaustive = (s: number[][]): number => {
      const rows = s.length;
      const cols = s[0]?.length ?? 0;
      const transposed = rows > cols;
      const m = transposed ? transpose(s) : s;
      const r = Math.min(rows, cols);
      const c = Math.max(rows, cols);
      let best = -Infinity;
      const used = new Array<boolean>(c).fill(false);
      const go = (i: number, tot: number): void => {
        if (i === r) {
          best = Math.max(best, tot);
          return;
        }
        for (let j = 0; j < c; j++) {
          if (used[j]) continue;
          used[j] = true;
          go(i + 1, tot + ((m[i] as number[])[j] as number));
          used[j] = false;
        }
      };
      go(0, 0);
      return best;
    };
    for (const [rows, cols] of [
      [8, 8],
      [9, 5],
      [4, 10],
    ] as const) {
      const s = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rnd()));
      const { pairs, total } = bestAssignment(s);
      expect(pairs.length).toBe(Math.min(rows, cols));
      expect(new Set(pairs.map((p) => p[0])).size).toBe(pairs.length);
      expect(new Set(pairs.map((p) => p[1])).size).toBe(pairs.length);
      expect(total).toBeCloseTo(exhaustive(s), 12);
    }
  });
});

// ---------- cosine and MAE ----------

describe('cosineSimilarity', () => {
  it('matches hand-computed 2x2 values', () => {
    // <E11, E11 + E12> = 1, norms 1 and sqrt 2.
    expect(cosineSimilarity([E11], [add(E11, E12)]).value).toBeCloseTo(Math.SQRT1_2, 14);
    // <E12, J> = -1, norms 1 and sqrt 2; the absolute value removes the sign.
    expect(cosineSimilarity([E12], [J]).value).toBeCloseTo(Math.SQRT1_2, 14);
    expect(cosineSimilarity([scale(J, -3)], [J]).value).toBeCloseTo(1, 14);
    expect(cosineSimilarity([E11], [E12]).value).toBe(0);
  });

  it('matches generators one to one, whatever the order and sign', () => {
    const learned = [scale(so3[2] as number[][], -2), so3[0] as number[][], scale(so3[1] as number[][], 0.5)];
    const res = cosineSimilarity(learned, so3);
    expect(res.value).toBeCloseTo(1, 14);
    expect(res.assignment).toEqual([
      [0, 2],
      [1, 0],
      [2, 1],
    ]);
  });

  it('is invariant to the order and sign of a generic learned basis', () => {
    const rnd = mulberry32(3);
    const learned = [randomMatrix(rnd, 3), randomMatrix(rnd, 3), randomMatrix(rnd, 3)];
    const shuffled = [scale(learned[2] as number[][], -1), learned[0] as number[][], scale(learned[1] as number[][], -4)];
    const a = cosineSimilarity(learned, so3);
    const b = cosineSimilarity(shuffled, so3);
    expect(b.value).toBeCloseTo(a.value, 14);
    expect(meanAbsoluteError(shuffled, so3)).toBeCloseTo(meanAbsoluteError(learned, so3), 14);
    expect(a.value).toBeGreaterThan(0);
    expect(a.value).toBeLessThan(1);
  });

  it('uses min(k, k*) pairs when the counts differ', () => {
    const res = cosineSimilarity([E21, add(E11, E12)], [E11]);
    expect(res.assignment).toEqual([[1, 0]]);
    expect(res.value).toBeCloseTo(Math.SQRT1_2, 14);
    const res2 = cosineSimilarity([E12], [E11, J, E21]);
    expect(res2.assignment).toEqual([[0, 1]]);
    expect(res2.value).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('scores a zero generator 0', () => {
    expect(cosineSimilarity([zeros(2)], [J]).value).toBe(0);
  });

  it('names the shapes on a mismatch', () => {
    expect(() => cosineSimilarity([J], so3)).toThrow(/\[1\]\[2\]\[2\].*\[3\]\[3\]\[3\]/);
    expect(() => cosineSimilarity([[[1, 0], [0]]], [J])).toThrow(/learned generator 0 is 2x1, expected 2x2/);
    expect(() => cosineSimilarity([], [J])).toThrow(/learned basis is empty/);
  });
});

describe('meanAbsoluteError', () => {
  it('is 0 up to scale and sign', () => {
    expect(meanAbsoluteError([scale(J, -5)], [J])).toBeCloseTo(0, 15);
    expect(meanAbsoluteError([scale(so3[1] as number[][], 3), scale(so3[0] as number[][], -1)], so3)).toBeCloseTo(0, 15);
  });

  it('matches a hand-computed value', () => {
    // Unit-norm E11 vs E12: two entries differ by 1, four entries in all.
    expect(meanAbsoluteError([E11], [E12])).toBeCloseTo(0.5, 15);
    // E12 vs J / sqrt 2 after flipping E12 (since <E12, J> < 0):
    // |0-0| + |-1+1/sqrt2| + |0-1/sqrt2| + 0, over 4.
    expect(meanAbsoluteError([E12], [J])).toBeCloseTo((1 - Math.SQRT1_2 + Math.SQRT1_2) / 4, 15);
  });

  it('averages over the matched pairs', () => {
    // Pairs: E11 <-> E11 (0) and E21 <-> E12 (0.5).
    expect(meanAbsoluteError([E11, E21], [E12, E11])).toBeCloseTo(0.25, 15);
  });
});

// ---------- subspace ----------

describe('subspaceSimilarity', () => {
  it('is 1 for the same basis and invariant to order and sign', () => {
    expect(subspaceSimilarity(so3, so3)).toBeCloseTo(1, 12);
    const reordered = [scale(so3[2] as number[][], -1), so3[0] as number[][], scale(so3[1] as number[][], 7)];
    expect(subspaceSimilarity(reordered, so3)).toBeCloseTo(1, 12);
    const rnd = mulberry32(11);
    const learned = [randomMatrix(rnd, 3), randomMatrix(rnd, 3)];
    expect(subspaceSimilarity([learned[1] as number[][], scale(learned[0] as number[][], -2)], so3)).toBeCloseTo(
      subspaceSimilarity(learned, so3),
      12,
    );
  });

  it('is invariant to mixing the generators, where cosine is not', () => {
    const mixed = mix(
      [
        [1, 2, 0],
        [0, 1, -1],
        [3, 0, 1],
      ],
      so3,
    ); // determinant -5: still a basis of so(3)
    expect(subspaceSimilarity(mixed, so3)).toBeCloseTo(1, 12);
    expect(cosineSimilarity(mixed, so3).value).toBeLessThan(0.95);
  });

  it('recognises so(3) conjugated by a rotation', () => {
    const r = matrixExp([
      [0, -0.7, 0.4],
      [0.7, 0, -1.1],
      [-0.4, 1.1, 0],
    ]);
    const rotated = so3.map((l) => matMul(matMul(r, l), transpose(r)));
    expect(subspaceSimilarity(rotated, so3)).toBeCloseTo(1, 12);
    expect(cosineSimilarity(rotated, so3).value).toBeLessThan(0.99);
  });

  it('scores partial overlap', () => {
    // Two learned generators, the single reference generator lies in their span.
    expect(subspaceSimilarity([E11, E12], [add(E11, E12)])).toBeCloseTo(1, 12);
    // Two 2-D spans sharing one direction: cosines (1, 0).
    expect(subspaceSimilarity([E11, E21], [E12, scale(E11, -2)])).toBeCloseTo(0.5, 12);
    // Hand value for k = k* = 1: cos^2 = 1/2.
    expect(subspaceSimilarity([E12], [J])).toBeCloseTo(0.5, 12);
  });

  it('scores a zero basis 0', () => {
    expect(subspaceSimilarity([zeros(3), zeros(3)], so3)).toBe(0);
    expect(subspaceSimilarity([zeros(2)], [J])).toBe(0);
  });

  it('judges rank-deficient bases on the directions they span', () => {
    // A zero generator next to a matching one does not lower the score.
    expect(subspaceSimilarity([J, zeros(2)], [J])).toBeCloseTo(1, 12);
  });
});

// ---------- action, on 2-body-like data ----------

/** States [q1x, q1y, q2x, q2y, p1x, p1y, p2x, p2y] on circular orbits, q2 = -q1, p2 = -p1. */
function twoBodyStates(n: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  const rows = new Float64Array(n * 8);
  for (let s = 0; s < n; s++) {
    const r = Math.sqrt(1.5 ** 2 + rnd() * (3 ** 2 - 1.5 ** 2)); // area-uniform in the annulus
    const th = (2 * rnd() - 1) * Math.PI;
    const q = [r * Math.cos(th), r * Math.sin(th)] as const;
    const v = 1 / (2 * Math.sqrt(r));
    const p = [-v * Math.sin(th), v * Math.cos(th)] as const;
    rows.set([q[0], q[1], -q[0], -q[1], p[0], p[1], -p[0], -p[1]], s * 8);
  }
  return rows;
}

describe('actionSimilarity (2-body calibration, SPEC section 4)', () => {
  const n = 400;
  const data = { rows: twoBodyStates(n, 2024), n, d: 8 };
  const reference = zeros(8);
  for (const i of [0, 2, 4, 6]) setBlock(reference, i, i, J);

  it('scores the true rotation 1 and is blind to its sign and scale', () => {
    expect(actionSimilarity([reference], [reference], data)).toBeCloseTo(1, 10);
    expect(actionSimilarity([scale(reference, -1)], [reference], data)).toBeCloseTo(1, 10);
    expect(actionSimilarity([scale(reference, 2)], [reference], data)).toBeCloseTo(1, 10);
  });

  it('scores a rotation of the positions only about 0.50', () => {
    const positionsOnly = zeros(8);
    setBlock(positionsOnly, 0, 0, J);
    setBlock(positionsOnly, 2, 2, J);
    const s = actionSimilarity([positionsOnly], [reference], data);
    expect(s).toBeGreaterThan(0.45);
    expect(s).toBeLessThan(0.55);
  });

  it('accepts the alternative representation ([[1,-1],[-1,1]] kron J) on this data', () => {
    const alt = zeros(8);
    for (const base of [0, 4]) {
      setBlock(alt, base, base, J);
      setBlock(alt, base, base + 2, J, -1);
      setBlock(alt, base + 2, base, J, -1);
      setBlock(alt, base + 2, base + 2, J);
    }
    expect(actionSimilarity([alt], [reference], data)).toBeCloseTo(1, 10);
    // The generator-space metrics do not see the equivalence.
    expect(cosineSimilarity([alt], [reference]).value).toBeCloseTo(Math.SQRT1_2, 12);
    expect(subspaceSimilarity([alt], [reference])).toBeCloseTo(0.5, 12);
  });

  it('ignores generator parts no sample can see', () => {
    // q1x + q2x = 0 on every sample, so columns 0 and 2 equal to the same vector act as zero.
    const invisible = zeros(8);
    for (let i = 0; i < 8; i++) {
      (invisible[i] as number[])[0] = i + 1;
      (invisible[i] as number[])[2] = i + 1;
    }
    expect(actionSimilarity([add(reference, invisible)], [reference], data)).toBeCloseTo(1, 10);
    // A generator with no visible action at all scores 0, and so does a zero basis.
    expect(actionSimilarity([invisible], [reference], data)).toBe(0);
    expect(actionSimilarity([zeros(8)], [reference], data)).toBe(0);
    // Next to a visible generator, an invisible one does not count.
    expect(actionSimilarity([reference, invisible], [reference], data)).toBeCloseTo(1, 10);
  });

  it('scores random generators low', () => {
    const rnd = mulberry32(99);
    const scores = Array.from({ length: 20 }, () => actionSimilarity([randomMatrix(rnd, 8)], [reference], data));
    for (const s of scores) expect(s).toBeLessThan(0.3);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeLessThan(0.1);
  });

  it('accepts Float32 rows and drops constant features', () => {
    const withConst = new Float32Array(n * 8);
    withConst.set(data.rows);
    // Make feature 7 constant: what a generator does to it (row 7) must not enter the score.
    for (let s = 0; s < n; s++) withConst[s * 8 + 7] = 5;
    const changed = reference.map((row) => row.slice());
    changed[7] = [3, -1, 4, 1, -5, 9, 2, -6];
    const f32 = { rows: withConst, n, d: 8 };
    expect(actionSimilarity([changed], [reference], f32)).toBeCloseTo(1, 6);
    // With feature 7 varying, the same change is visible.
    expect(actionSimilarity([changed], [reference], data)).toBeLessThan(0.9);
  });

  it('checks the data shape', () => {
    expect(() => actionSimilarity([reference], [reference], { rows: new Float64Array(10), n: 2, d: 8 })).toThrow(
      /length 10, expected n \* d = 2 \* 8 = 16/,
    );
    expect(() => actionSimilarity([reference], [reference], { rows: new Float64Array(6), n: 2, d: 3 })).toThrow(
      /d = 3 features but the bases are \[k\]\[8\]\[8\]/,
    );
  });
});

// ---------- report ----------

describe('referenceReport', () => {
  it('collects all metrics, action only with data', () => {
    const report = referenceReport([so3[1] as number[][], so3[0] as number[][]], so3);
    expect(report.cosine).toBeCloseTo(1, 14);
    expect(report.mae).toBeCloseTo(0, 14);
    expect(report.subspace).toBeCloseTo(1, 12);
    expect(report.assignment).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(report.action).toBeUndefined();
    expect('action' in report).toBe(false);

    const rnd = mulberry32(5);
    const rows = new Float64Array(50 * 3).map(() => gaussian(rnd));
    const withData = referenceReport(so3, so3, { rows, n: 50, d: 3 });
    expect(withData.action).toBeCloseTo(1, 10);
  });

  it('agrees with the individual metrics', () => {
    const rnd = mulberry32(21);
    const learned = [randomMatrix(rnd, 3), randomMatrix(rnd, 3)];
    const report = referenceReport(learned, so3);
    expect(report.cosine).toBe(cosineSimilarity(learned, so3).value);
    expect(report.mae).toBe(meanAbsoluteError(learned, so3));
    expect(report.subspace).toBe(subspaceSimilarity(learned, so3));
    expect(absCosineMatrix(learned, so3).length).toBe(2);
  });
});

describe('collapsed generators', () => {
  const rotZ = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
  const rotX = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
  const rotY = [[0, 0, 1], [0, 0, 0], [-1, 0, 0]];
  it('three copies of one so(3) generator score 1/3 against so(3), not 1', () => {
    expect(subspaceSimilarity([rotZ, rotZ, rotZ], [rotX, rotY, rotZ])).toBeCloseTo(1 / 3, 10);
  });
  it('the same holds for the action similarity', () => {
    const rows = new Float64Array([1, 0.2, 0.3, -0.5, 1, 0.1, 0.3, -0.4, 1, 2, 1, -1]);
    const data = { rows, n: 4, d: 3 };
    expect(actionSimilarity([rotZ, rotZ, rotZ], [rotX, rotY, rotZ], data)).toBeCloseTo(1 / 3, 6);
    expect(actionSimilarity([rotY, rotZ, rotX], [rotX, rotY, rotZ], data)).toBeCloseTo(1, 6);
  });
});
