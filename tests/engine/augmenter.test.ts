import * as tf from '@tensorflow/tfjs';
import { Matrix, determinant } from 'ml-matrix';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';
import { LieAugmenter, type AugmenterConfig } from '../../src-main/engine/augmenter';
import { selectBackend } from '../../src-main/engine/backend';
import { expm } from '../../src-main/engine/lie/expm';
import { describeBackends, SYNC_READS, J, blockDiag, eye, frob, mm, relErr, rot2, scaleM, take, zeros, type Mat } from './helpers';

function config(over: Partial<AugmenterConfig> = {}): AugmenterConfig {
  const d = over.d ?? 8;
  return {
    k: 1,
    d,
    mask: { name: 'full' },
    homogeneous: false,
    normalization: 'per-generator',
    scale: Math.sqrt(d),
    init: 'random',
    initValue: 0.5,
    coefficients: { distribution: 'uniform', low: -1, high: 1 },
    ...over,
  };
}

function make(over: Partial<AugmenterConfig> = {}, seed = 1): LieAugmenter {
  return new LieAugmenter(config(over), new Rng(seed));
}

function oneNorm(a: Mat): number {
  return Math.max(...a[0]!.map((_, j) => a.reduce((s, row) => s + Math.abs(row[j]!), 0)));
}

describeBackends('LieAugmenter', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('normalises every generator to Frobenius norm sqrt(d), keeping its direction', () => {
    const aug = make({ k: 3, d: 8 });
    const raw = take<Mat[]>(aug.raw.clone());
    const L = aug.basisArray();
    expect(L).toHaveLength(3);
    L.forEach((g, i) => {
      expect(frob(g)).toBeCloseTo(Math.sqrt(8), 4);
      const want = scaleM(raw[i]!, Math.sqrt(8) / (frob(raw[i]!) + 1e-6));
      expect(relErr(g, want)).toBeLessThanOrEqual(1e-5);
    });
    aug.dispose();
    // Another target scale.
    const aug2 = make({ k: 2, d: 3, scale: 2.5 });
    aug2.basisArray().forEach((g) => expect(frob(g)).toBeCloseTo(2.5, 4));
    aug2.dispose();
  });

  it('joint normalisation: total Frobenius norm sqrt(k d), relative sizes kept', () => {
    const k = 3;
    const d = 4;
    const aug = make({ k, d, normalization: 'joint' });
    const raw = take<Mat[]>(aug.raw.clone());
    const L = aug.basisArray();
    const total = Math.sqrt(L.reduce((s, g) => s + frob(g) ** 2, 0));
    expect(total).toBeCloseTo(Math.sqrt(k * d), 4);
    const rawTotal = Math.sqrt(raw.reduce((s, g) => s + frob(g) ** 2, 0));
    L.forEach((g, i) => expect(relErr(g, scaleM(raw[i]!, Math.sqrt(k * d) / rawTotal))).toBeLessThanOrEqual(1e-5));
    // Individual generators are not each at sqrt(d) (the random raw norms differ).
    const norms = L.map(frob);
    expect(Math.max(...norms) - Math.min(...norms)).toBeGreaterThan(1e-3);
    aug.dispose();
  });

  it('respects the mask: masked entries are exactly 0 after normalisation', () => {
    for (const name of ['blocks2', 'blocks4'] as const) {
      const block = name === 'blocks2' ? 2 : 4;
      const aug = make({ k: 2, d: 8, mask: { name } });
      const raw = take<Mat[]>(aug.raw.clone());
      aug.basisArray().forEach((g, i) => {
        const masked = raw[i]!.map((row, r) => row.map((v, c) => (Math.floor(r / block) === Math.floor(c / block) ? v : 0)));
        g.forEach((row, r) =>
          row.forEach((v, c) => {
            if (Math.floor(r / block) !== Math.floor(c / block)) expect(Math.abs(v), `${name} [${r}][${c}]`).toBe(0);
          }),
        );
        expect(frob(g)).toBeCloseTo(Math.sqrt(8), 4);
        // Normalised by the norm of the masked part, not of the raw matrix.
        expect(relErr(g, scaleM(masked, Math.sqrt(8) / frob(masked)))).toBeLessThanOrEqual(1e-5);
      });
      aug.dispose();
    }
    const custom = [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    const aug = make({ k: 1, d: 3, mask: { name: 'custom', matrix: custom } });
    aug.basisArray()[0]!.forEach((row, r) => row.forEach((v, c) => (custom[r]![c] ? expect(Math.abs(v)).toBeGreaterThan(0) : expect(Math.abs(v)).toBe(0))));
    aug.dispose();
  });

  it('homogeneous: the last row of every generator is 0', () => {
    const aug = make({ k: 2, d: 4, homogeneous: true });
    aug.basisArray().forEach((g) => {
      expect(g[3]!.map(Math.abs)).toEqual([0, 0, 0, 0]);
      expect(frob(g)).toBeCloseTo(2, 4);
    });
    aug.dispose();
  });

  it('gradients reach the raw basis, and are 0 on masked entries', () => {
    const aug = make({ k: 2, d: 4, mask: { name: 'blocks2' } });
    const w = tf.randomNormal([2, 4, 4], 0, 1, 'float32', 3);
    const grad = take<Mat[]>(tf.grad(() => tf.sum(tf.mul(w, aug.generators())))(aug.raw));
    w.dispose();
    grad.forEach((g) =>
      g.forEach((row, r) =>
        row.forEach((v, c) => (Math.floor(r / 2) === Math.floor(c / 2) ? expect(Math.abs(v)).toBeGreaterThan(0) : expect(Math.abs(v)).toBe(0))),
      ),
    );
    aug.dispose();
  });

  it('tied2 gives kron(I, A): one shared 2x2 block on every 2-vector', () => {
    const d = 8;
    const aug = make({ k: 2, d, mask: { name: 'tied2' } });
    expect(aug.raw.shape).toEqual([2, 2, 2]);
    const raw = take<Mat[]>(aug.raw.clone());
    const L = aug.basisArray();
    L.forEach((g, i) => {
      const a = raw[i]!;
      // ||kron(I_4, A)||_F = 2 ||A||_F.
      const block = scaleM(a, Math.sqrt(d) / (2 * frob(a)));
      const want = blockDiag(block, block, block, block);
      expect(relErr(g, want)).toBeLessThanOrEqual(1e-5);
      for (let b = 1; b < 4; b++) {
        for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) expect(g[2 * b + r]![2 * b + c]).toBe(g[r]![c]);
      }
    });
    // Assigning A = J gives the rotation of every 2-vector at once.
    aug.raw.assign(tf.tensor3d([J, scaleM(J, 3)]));
    const rot = aug.basisArray();
    expect(relErr(rot[0]!, blockDiag(J, J, J, J))).toBeLessThanOrEqual(1e-6);
    expect(relErr(rot[1]!, blockDiag(J, J, J, J))).toBeLessThanOrEqual(1e-6);
    aug.dispose();
  });

  it('constant init gives identical generators; random init does not', () => {
    const c = make({ k: 3, d: 8, init: 'constant', initValue: 1e-2 });
    const Lc = c.basisArray();
    // The all-ones direction: every entry sqrt(d) / d = 1 / sqrt(d).
    for (const g of Lc) for (const v of g.flat()) expect(v).toBeCloseTo(1 / Math.sqrt(8), 4);
    expect(Lc[1]).toEqual(Lc[0]);
    expect(Lc[2]).toEqual(Lc[0]);
    c.dispose();
    const r = make({ k: 3, d: 8, init: 'random', initValue: 1e-2 });
    const Lr = r.basisArray();
    expect(relErr(Lr[1]!, Lr[0]!)).toBeGreaterThan(0.1);
    expect(relErr(Lr[2]!, Lr[1]!)).toBeGreaterThan(0.1);
    // Random init is N(0, initValue^2) and seeded.
    const raw = take<number[][][]>(r.raw.clone()).flat(2);
    const std = Math.sqrt(raw.reduce((s, v) => s + v * v, 0) / raw.length);
    expect(std).toBeGreaterThan(0.006);
    expect(std).toBeLessThan(0.014);
    const again = make({ k: 3, d: 8, init: 'random', initValue: 1e-2 });
    expect(take<number[][][]>(again.raw.clone()).flat(2)).toEqual(raw);
    const other = make({ k: 3, d: 8, init: 'random', initValue: 1e-2 }, 2);
    expect(take<number[][][]>(other.raw.clone()).flat(2)).not.toEqual(raw);
    tf.dispose([r.raw, again.raw, other.raw]);
    [r, again, other].forEach((a) => a.dispose());
  });

  it('draws uniform coefficients within the (asymmetric) range, deterministically per seed', () => {
    const aug = make({ k: 3, d: 2, coefficients: { distribution: 'uniform', low: -0.5, high: 2 } });
    const t = take<number[][]>(aug.sampleCoefficients(2000, new Rng(42)));
    expect(t).toHaveLength(2000);
    expect(t[0]).toHaveLength(3);
    const flat = t.flat();
    expect(Math.min(...flat)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...flat)).toBeLessThan(2);
    expect(Math.min(...flat)).toBeLessThan(-0.45);
    expect(Math.max(...flat)).toBeGreaterThan(1.95);
    const mean = flat.reduce((s, v) => s + v, 0) / flat.length;
    expect(mean).toBeGreaterThan(0.65);
    expect(mean).toBeLessThan(0.85);
    expect(take<number[][]>(aug.sampleCoefficients(2000, new Rng(42)))).toEqual(t);
    expect(take<number[][]>(aug.sampleCoefficients(2000, new Rng(43)))).not.toEqual(t);
    // The warm-up factor shrinks the range.
    const small = take<number[][]>(aug.sampleCoefficients(1000, new Rng(42), 0.25)).flat();
    expect(Math.min(...small)).toBeGreaterThanOrEqual(-0.125);
    expect(Math.max(...small)).toBeLessThan(0.5);
    aug.dispose();
  });

  it('draws normal coefficients with std `high`', () => {
    const aug = make({ k: 2, d: 2, coefficients: { distribution: 'normal', low: 0, high: 0.3 } });
    const flat = take<number[][]>(aug.sampleCoefficients(4000, new Rng(1))).flat();
    const mean = flat.reduce((s, v) => s + v, 0) / flat.length;
    const std = Math.sqrt(flat.reduce((s, v) => s + (v - mean) ** 2, 0) / flat.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeGreaterThan(0.28);
    expect(std).toBeLessThan(0.32);
    expect(flat.some((v) => v < 0)).toBe(true);
    aug.dispose();
  });

  it('squaringBound is large enough: ||sum t_i L_i||_1 / 2^j <= 0.5 for sampled t', () => {
    const cases: Partial<AugmenterConfig>[] = [
      { k: 1, d: 8 },
      { k: 3, d: 8 },
      { k: 3, d: 8, normalization: 'joint' },
      { k: 2, d: 4, coefficients: { distribution: 'uniform', low: -3, high: 0.5 } },
      { k: 2, d: 8, coefficients: { distribution: 'normal', low: 0, high: 1 } },
      { k: 2, d: 3, scale: 7 },
      { k: 1, d: 8, init: 'constant' },
    ];
    for (const c of cases) {
      const aug = make(c, 5);
      for (const factor of [1, 0.3]) {
        const j = aug.squaringBound(factor);
        const L = aug.basisArray();
        const t = take<number[][]>(aug.sampleCoefficients(500, new Rng(9), factor));
        let worst = 0;
        for (const row of t) {
          const a = zeros(aug.config.d);
          row.forEach((ti, i) => L[i]!.forEach((r, p) => r.forEach((v, q) => (a[p]![q]! += ti * v))));
          worst = Math.max(worst, oneNorm(a) / 2 ** j);
        }
        expect(worst, JSON.stringify({ ...c, factor })).toBeLessThanOrEqual(0.5);
      }
      aug.dispose();
    }
  });

  it('squaringBound covers the worst case ||L||_1 = sqrt(d) ||L||_F at |t| = max', () => {
    const d = 8;
    const k = 2;
    const aug = make({ k, d, coefficients: { distribution: 'uniform', low: -1.5, high: 1 } });
    // One column of equal entries: the column sum reaches sqrt(d) times the Frobenius norm.
    const col = zeros(d).map((row) => row.map((_, c) => (c === 0 ? 1 : 0)));
    aug.raw.assign(tf.tensor3d([col, col]));
    const L = aug.basisArray();
    expect(oneNorm(L[0]!)).toBeCloseTo(Math.sqrt(d) * frob(L[0]!), 4);
    const j = aug.squaringBound();
    const worst = oneNorm(scaleM(L[0]!, 1.5 * k)) / 2 ** j;
    expect(worst).toBeLessThanOrEqual(0.5 * (1 + 1e-6));
    // And it is not wildly pessimistic: one squaring fewer would not do.
    expect(oneNorm(scaleM(L[0]!, 1.5 * k)) / 2 ** (j - 1)).toBeGreaterThan(0.5);
    aug.dispose();
    // Tiny coefficient ranges need no squaring at all.
    const tiny = make({ k: 1, d: 2, coefficients: { distribution: 'uniform', low: -0.1, high: 0.1 } });
    expect(tiny.squaringBound()).toBe(0);
    tiny.dispose();
  });

  it('algebraElements is sum_i t_i L_i', () => {
    const L = tf.tensor3d([blockDiag(J, zeros(1)), [[1, 0, 0], [0, 0, 0], [0, 0, 2]]]);
    const t = tf.tensor2d([[0.5, 2], [-1, 0]]);
    const a = take<Mat[]>(LieAugmenter.algebraElements(t, L));
    expect(a[0]).toEqual([[2, -0.5, 0], [0.5, 0, 0], [0, 0, 4]]);
    // (+ 0 turns -0 into 0)
    expect(a[1]!.map((r) => r.map((v) => v + 0))).toEqual([[0, 1, 0], [-1, 0, 0], [0, 0, 0]]);
    tf.dispose([L, t]);
  });

  it('group elements of a rotation generator are rotations (orthogonal, det 1)', () => {
    // d = 2: J has Frobenius norm sqrt(2) = sqrt(d), so normalisation keeps it.
    const aug2 = make({ k: 1, d: 2 });
    aug2.raw.assign(tf.tensor3d([J]));
    const gens = aug2.generators();
    const ts = [0.3, -1, 2.5, Math.PI];
    const t = tf.tensor2d(ts.map((v) => [v]));
    const g = take<Mat[]>(LieAugmenter.groupElements(t, gens, aug2.squaringBound()));
    g.forEach((gm, i) => expect(relErr(gm, rot2(ts[i]!))).toBeLessThanOrEqual(1e-5));
    const tn = tf.neg(t);
    const gi = take<Mat[]>(LieAugmenter.groupElements(tn as tf.Tensor2D, gens));
    g.forEach((gm, i) => expect(relErr(mm(gm, gi[i]!), eye(2))).toBeLessThanOrEqual(1e-5));
    tf.dispose([gens, t, tn]);
    aug2.dispose();

    // d = 8: the rotation of every 2-vector (the 2-body ground truth), from coefficients sampled in range.
    const aug8 = make({ k: 1, d: 8, coefficients: { distribution: 'uniform', low: -Math.PI, high: Math.PI } });
    // Raw norm sqrt(8), so the 1e-6 in the normalisation changes the angle by only ~4e-7.
    aug8.raw.assign(tf.tensor3d([blockDiag(J, J, J, J)]));
    const gens8 = aug8.generators();
    const t8 = aug8.sampleCoefficients(6, new Rng(3));
    const tv = take<number[][]>(t8.clone());
    const g8 = take<Mat[]>(LieAugmenter.groupElements(t8, gens8, aug8.squaringBound()));
    g8.forEach((gm, i) => {
      const gt = gm[0]!.map((_, c) => gm.map((row) => row[c]!));
      expect(relErr(mm(gt, gm), eye(8))).toBeLessThanOrEqual(1e-5);
      expect(determinant(new Matrix(gm))).toBeCloseTo(1, 4);
      const r = rot2(tv[i]![0]!);
      expect(relErr(gm, blockDiag(r, r, r, r))).toBeLessThanOrEqual(1e-5);
    });
    tf.dispose([gens8, t8]);
    aug8.dispose();
  });

  it('group elements equal expm of the algebra elements, with or without the squaring bound', () => {
    const aug = make({ k: 2, d: 4 });
    const gens = aug.generators();
    const t = aug.sampleCoefficients(5, new Rng(1));
    const a = LieAugmenter.algebraElements(t, gens);
    const direct = take<Mat[]>(expm(a));
    const bounded = take<Mat[]>(LieAugmenter.groupElements(t, gens, aug.squaringBound()));
    const auto = take<Mat[]>(LieAugmenter.groupElements(t, gens));
    direct.forEach((m, i) => {
      expect(relErr(bounded[i]!, m)).toBeLessThanOrEqual(1e-5);
      expect(relErr(auto[i]!, m)).toBeLessThanOrEqual(1e-5);
    });
    tf.dispose([gens, t, a]);
    aug.dispose();
  });

  it('leaks no tensors per call', () => {
    const aug = make({ k: 2, d: 8, mask: { name: 'tied2' } });
    const before = tf.memory().numTensors;
    aug.generators().dispose();
    aug.masked().dispose();
    aug.basisArray();
    const t = aug.sampleCoefficients(3, new Rng(1));
    const gens = aug.generators();
    LieAugmenter.groupElements(t, gens).dispose();
    tf.dispose([t, gens]);
    expect(tf.memory().numTensors).toBe(before);
    aug.dispose();
  });

  // BUG: the constructor passes a fresh tensor3d to tf.variable and never disposes it; the variable
  // shares its data, so after dispose() that tensor (and its memory) stays alive: one leak per augmenter.
  it('construct + dispose leaves the tensor count unchanged', () => {
    const before = tf.memory().numTensors;
    const aug = make({ k: 2, d: 8 });
    aug.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
}, { webgpuSkip: SYNC_READS });
