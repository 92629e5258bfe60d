import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { expm, readSquarings, squaringsFor } from '../../../src-main/engine/lie/expm';
import { matrixExp } from '../../../src-main/engine/lie/linalg';
import { describeBackends, useBackend, J, blockDiag, eye, frob, mm, randomMatrix, relErr, rot2, scaleM, takeAsync, zeros, type Mat } from '../helpers';

/** Reads asynchronously, so the same checks run on webgpu (no synchronous reads in Node). */
async function expmOf(mats: Mat[], squarings?: number): Promise<Mat[]> {
  const a = tf.tensor3d(mats);
  const out = expm(a, squarings ?? (await readSquarings(a)));
  a.dispose();
  return takeAsync<Mat[]>(out);
}

/** Strictly upper triangular 3x3 N: exp(N) = I + N + N^2 / 2 exactly. */
function nilpotent(a: number, b: number, c: number): Mat {
  return [
    [0, a, b],
    [0, 0, c],
    [0, 0, 0],
  ];
}
function expNilpotent(n: Mat): Mat {
  const n2 = mm(n, n);
  return eye(3).map((row, i) => row.map((v, j) => v + n[i]![j]! + n2[i]![j]! / 2));
}

function diag(values: number[]): Mat {
  return values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));
}

describeBackends('expm', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('exponentiates 2-D rotation generators theta J to rotations by theta, up to theta = 20', async () => {
    const thetas = [0, 0.1, -0.7, 1, Math.PI / 2, -Math.PI, 3, 7.5, -12, 20];
    for (const theta of thetas) {
      // One matrix per call, so each gets its own number of squarings.
      const [g] = await expmOf([scaleM(J, theta)]);
      expect(relErr(g!, rot2(theta)), `theta = ${theta}`).toBeLessThanOrEqual(1e-5);
    }
    // And all at once, sharing the largest number of squarings.
    const all = await expmOf(thetas.map((t) => scaleM(J, t)));
    all.forEach((g, i) => expect(relErr(g, rot2(thetas[i]!)), `batched theta = ${thetas[i]}`).toBeLessThanOrEqual(1e-5));
  });

  it('exponentiates strictly upper triangular matrices to I + N + N^2/2', async () => {
    const cases = [nilpotent(1, 2, 3), nilpotent(-4, 0.5, 7), nilpotent(10, -10, 10)];
    const out = await expmOf(cases);
    out.forEach((g, i) => expect(relErr(g, expNilpotent(cases[i]!))).toBeLessThanOrEqual(1e-5));
  });

  it('exponentiates diagonal matrices entrywise, up to ||A|| = 20', async () => {
    const cases = [[0, 1, -1], [2.5, -3, 0.25], [20, -20, 5], [-0.001, 0.001, 19.5]];
    const out = await expmOf(cases.map(diag));
    out.forEach((g, b) => {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          if (i !== j) {
            expect(Math.abs(g[i]![j]!)).toBeLessThanOrEqual(1e-5 * Math.exp(Math.max(...cases[b]!)));
            continue;
          }
          const want = Math.exp(cases[b]![i]!);
          expect(Math.abs(g[i]![i]! - want) / want, `exp(${cases[b]![i]})`).toBeLessThanOrEqual(1e-5);
        }
      }
    });
  });

  it('handles a batch that mixes rotations, nilpotents, diagonals and zero', async () => {
    const mats: Mat[] = [
      blockDiag(scaleM(J, 20), [[0]]),
      nilpotent(3, -1, 2),
      diag([1.5, -20, 0.5]),
      zeros(3),
      blockDiag([[0]], scaleM(J, -2)),
    ];
    const want: Mat[] = [
      blockDiag(rot2(20), [[1]]),
      expNilpotent(mats[1]!),
      diag([Math.exp(1.5), Math.exp(-20), Math.exp(0.5)]),
      eye(3),
      blockDiag([[1]], rot2(-2)),
    ];
    const out = await expmOf(mats);
    out.forEach((g, i) => expect(relErr(g, want[i]!), `matrix ${i}`).toBeLessThanOrEqual(1e-5));
    // exp(-20) is tiny but is still relatively accurate (no cancellation on a diagonal).
    expect(Math.abs(out[2]![1]![1]! - Math.exp(-20)) / Math.exp(-20)).toBeLessThanOrEqual(1e-5);
  });

  it('matches a Float64 reference on random matrices of growing norm', async () => {
    const rng = new Rng(11);
    for (const s of [0.05, 0.5, 1, 2]) {
      const mats = [0, 1, 2].map(() => randomMatrix(rng, 5, 5, s));
      const out = await expmOf(mats);
      out.forEach((g, i) => expect(relErr(g, matrixExp(mats[i]!)), `scale ${s}`).toBeLessThanOrEqual(1e-5));
    }
  });

  it('picks the smallest j with ||A||_1 / 2^j <= 0.5 (batch maximum of the column sums)', async () => {
    const cases: [Mat[], number][] = [
      [[zeros(2)], 0],
      [[diag([0.5, 0])], 0],
      [[diag([0.51, 0])], 1],
      // Column sums |1| + |-3| = 4 -> j = 3; the 1-norm is the max column sum, not the row sum.
      [[[[1, 0.1], [-3, 0.1]]], 3],
      [[scaleM(J, 20)], 6],
      [[scaleM(J, 0.1), diag([8, 1])], 4],
      // One column of ones: column sum 4 (j = 3), while every row sums to 1 (j = 1 would be the inf-norm).
      [[[[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]], 3],
    ];
    for (const [mats, j] of cases) {
      const a = tf.tensor3d(mats);
      expect(await readSquarings(a)).toBe(j);
      // The synchronous read gives the same j where the backend can read synchronously.
      if (backend !== 'webgpu') expect(squaringsFor(a)).toBe(j);
      a.dispose();
    }
  });

  it('gives the same result with more squarings than needed, and rejects non-finite input', async () => {
    const rng = new Rng(3);
    const mats = [randomMatrix(rng, 4, 4, 0.8), randomMatrix(rng, 4, 4, 0.8)];
    const auto = await expmOf(mats);
    const extra = await expmOf(mats, 8);
    auto.forEach((g, i) => expect(relErr(extra[i]!, g)).toBeLessThanOrEqual(1e-5));
    const bad = tf.tensor3d([[[0, NaN], [0, 0]]]);
    await expect(readSquarings(bad)).rejects.toThrow(/non-finite/);
    if (backend !== 'webgpu') expect(() => expm(bad)).toThrow(/non-finite/);
    bad.dispose();
  });

  it('inverts by negation: expm(A) expm(-A) = I', async () => {
    const rng = new Rng(5);
    const mats = [randomMatrix(rng, 4, 4, 0.5), randomMatrix(rng, 4, 4, 1.5), blockDiag(scaleM(J, 9), scaleM(J, -4)), blockDiag(nilpotent(2, 3, 4), [[1]])];
    const g = await expmOf(mats);
    const gi = await expmOf(mats.map((m) => scaleM(m, -1)));
    g.forEach((gm, i) => {
      const prod = mm(gm, gi[i]!);
      // float32 rounding in g and g^{-1} is amplified by their sizes: compare with ||g|| ||g^-1|| eps.
      const tol = 1e-5 * frob(gm) * frob(gi[i]!);
      expect(frob(prod.map((r, a) => r.map((v, b) => v - (a === b ? 1 : 0)))), `matrix ${i}`).toBeLessThanOrEqual(tol);
      // ... and g^{-1} itself is exp(-A) of the Float64 reference.
      expect(relErr(gi[i]!, matrixExp(scaleM(mats[i]!, -1)))).toBeLessThanOrEqual(1e-5);
    });
  });

  it('has gradients that match central finite differences of a Float64 expm', async () => {
    const rng = new Rng(7);
    // Norms that need 0, 1-2 and several squarings.
    const mats = [randomMatrix(rng, 4, 4, 0.05), randomMatrix(rng, 4, 4, 0.6), randomMatrix(rng, 4, 4, 1.5)];
    const weights = mats.map(() => randomMatrix(rng, 4, 4, 1));
    for (let b = 0; b < mats.length; b++) {
      const a = tf.tensor3d([mats[b]!]);
      const w = tf.tensor3d([weights[b]!]);
      const j = await readSquarings(a);
      const grad = (await takeAsync<Mat[]>(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, expm(x as tf.Tensor3D, j))))(a)))[0]!;
      tf.dispose([a, w]);
      const f = (m: Mat): number => {
        const e = matrixExp(m);
        let s = 0;
        for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s += weights[b]![i]![j]! * e[i]![j]!;
        return s;
      };
      const h = 1e-5;
      const fd = zeros(4);
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const plus = mats[b]!.map((r) => r.slice());
          const minus = mats[b]!.map((r) => r.slice());
          plus[i]![j]! += h;
          minus[i]![j]! -= h;
          fd[i]![j] = (f(plus) - f(minus)) / (2 * h);
        }
      }
      expect(relErr(grad, fd), `matrix ${b}`).toBeLessThanOrEqual(1e-3);
    }
  });

  it('has gradients for a batch (each matrix gets its own gradient)', async () => {
    const rng = new Rng(8);
    const mats = [randomMatrix(rng, 3, 3, 0.3), randomMatrix(rng, 3, 3, 1.2)];
    const weights = mats.map(() => randomMatrix(rng, 3, 3, 1));
    const a = tf.tensor3d(mats);
    const w = tf.tensor3d(weights);
    const j = await readSquarings(a);
    const grad = await takeAsync<Mat[]>(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, expm(x as tf.Tensor3D, j))))(a));
    tf.dispose([a, w]);
    mats.forEach((m, b) => {
      const h = 1e-5;
      const fd = zeros(3);
      const f = (x: Mat): number => matrixExp(x).flat().reduce((s, v, idx) => s + v * weights[b]!.flat()[idx]!, 0);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const p = m.map((r) => r.slice());
          const q = m.map((r) => r.slice());
          p[i]![j]! += h;
          q[i]![j]! -= h;
          fd[i]![j] = (f(p) - f(q)) / (2 * h);
        }
      }
      expect(relErr(grad[b]!, fd), `matrix ${b}`).toBeLessThanOrEqual(1e-3);
    });
  });

  it('leaks no tensors, forward or backward', async () => {
    const rng = new Rng(9);
    const a = tf.tensor3d([randomMatrix(rng, 4, 4, 2), randomMatrix(rng, 4, 4, 0.1)]);
    const j = await readSquarings(a);
    const before = tf.memory().numTensors;
    if (backend !== 'webgpu') {
      tf.tidy(() => expm(a)).dispose();
      expect(tf.memory().numTensors).toBe(before);
      expm(a).dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(await readSquarings(a)).toBe(j);
    expect(tf.memory().numTensors).toBe(before);
    expm(a, 3).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(expm(x as tf.Tensor3D, j)))(a)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
