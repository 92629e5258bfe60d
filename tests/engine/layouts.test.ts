import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';
import { selectBackend } from '../../src-main/engine/backend';
import {
  act,
  actOnPoints,
  actOnVectors,
  flatFeatures,
  generatorAction,
  inputCount,
  repeatEach,
  repeatInputs,
  type PointInputs,
} from '../../src-main/engine/layouts';
import { expm } from '../../src-main/engine/lie/expm';
import { describeBackends, SYNC_READS, maxAbsDiff, mv, randomMatrix, take, zeros, type Mat } from './helpers';

function points(coords: number[][][], mask: number[][], numSpecies = 2): PointInputs {
  const [m, p] = [coords.length, coords[0]!.length];
  return {
    kind: 'points',
    coords: tf.tensor3d(coords),
    species: tf.oneHot(tf.zeros([m, p], 'int32'), numSpecies).toFloat() as tf.Tensor3D,
    mask: tf.tensor2d(mask),
  };
}

function disposePoints(x: PointInputs): void {
  tf.dispose([x.coords, x.species, x.mask]);
}

describeBackends('layouts', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('actOnVectors: g acts on each of 3 timesteps of d = 8 alike', () => {
    const rng = new Rng(1);
    const m = 4;
    const gs = Array.from({ length: m }, () => randomMatrix(rng, 8, 8));
    const v = Array.from({ length: m }, () => Array.from({ length: 24 }, () => rng.normal()));
    const gt = tf.tensor3d(gs);
    const vt = tf.tensor2d(v);
    const out = take<number[][]>(actOnVectors(gt, vt));
    tf.dispose([gt, vt]);
    expect(out).toHaveLength(m);
    out.forEach((row, i) => {
      const want = [0, 1, 2].flatMap((b) => mv(gs[i]!, v[i]!.slice(8 * b, 8 * b + 8)));
      expect(maxAbsDiff(row, want)).toBeLessThanOrEqual(1e-4);
    });
  });

  it('actOnVectors: a single block is the plain product g x; act() dispatches to it', () => {
    const g = [
      [0, -1],
      [1, 0],
    ];
    const gt = tf.tensor3d([g, g]);
    const x = { kind: 'vector' as const, x: tf.tensor2d([[1, 2], [3, -4]]) };
    const moved = act(gt, x);
    expect(moved.kind).toBe('vector');
    expect(take<number[][]>((moved as { x: tf.Tensor }).x)).toEqual([[-2, 1], [4, 3]]);
    tf.dispose([gt, x.x]);
  });

  it('actOnPoints d = 3: every real point becomes g p, padding stays 0', () => {
    const rng = new Rng(2);
    const g = [randomMatrix(rng, 3, 3), randomMatrix(rng, 3, 3)];
    const coords = [
      [[1, 2, 3], [-1, 0.5, 2], [7, 7, 7]],
      [[0, 1, 0], [4, -2, 1], [0, 0, 0]],
    ];
    // The 7s mark a padded slot that must come out as 0 whatever it holds.
    const mask = [
      [1, 1, 0],
      [1, 1, 0],
    ];
    const x = points(coords, mask);
    const gt = tf.tensor3d(g);
    const out = take<number[][][]>(actOnPoints(gt, x.coords, x.mask));
    out.forEach((cloud, i) =>
      cloud.forEach((p, n) => {
        const want = mask[i]![n] ? mv(g[i]!, coords[i]![n]!) : [0, 0, 0];
        expect(maxAbsDiff(p, want), `sample ${i} point ${n}`).toBeLessThanOrEqual(1e-5);
      }),
    );
    // act() keeps species and mask.
    const moved = act(gt, x) as PointInputs;
    expect(moved.species).toBe(x.species);
    expect(moved.mask).toBe(x.mask);
    moved.coords.dispose();
    gt.dispose();
    disposePoints(x);
  });

  it('actOnPoints d = 4: a translation generator moves real points, padded points stay 0', () => {
    // L: translation along (1, -2, 0.5); last row 0 (homogeneous).
    const L: Mat = zeros(4);
    L[0]![3] = 1;
    L[1]![3] = -2;
    L[2]![3] = 0.5;
    const t = 0.8;
    const a = tf.tensor3d([L.map((r) => r.map((v) => v * t))]);
    const g = expm(a);
    const coords = [[[1, 2, 3], [0, 0, 0], [-1, -1, 4]]];
    const mask = [[1, 0, 1]];
    const x = points(coords, mask);
    const out = take<number[][][]>(actOnPoints(g, x.coords, x.mask));
    expect(maxAbsDiff(out[0]![0]!, [1.8, 0.4, 3.4])).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(out[0]![2]!, [-0.2, -2.6, 4.4])).toBeLessThanOrEqual(1e-5);
    // Without the mask the padded origin would have moved to t * (1, -2, 0.5).
    expect(out[0]![1]!.map(Math.abs)).toEqual([0, 0, 0]);
    // A general affine g: [A b; 0 1] acts as A p + b.
    const A = [
      [0, -1, 0],
      [1, 0, 0],
      [0, 0, 2],
    ];
    const b = [0.5, 1, -1];
    const G = [[...A[0]!, b[0]!], [...A[1]!, b[1]!], [...A[2]!, b[2]!], [0, 0, 0, 1]];
    const gt = tf.tensor3d([G]);
    const out2 = take<number[][][]>(actOnPoints(gt, x.coords, x.mask));
    expect(maxAbsDiff(out2[0]![0]!, mv(A, [1, 2, 3]).map((v, i) => v + b[i]!))).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(out2[0]![2]!, mv(A, [-1, -1, 4]).map((v, i) => v + b[i]!))).toBeLessThanOrEqual(1e-5);
    expect(out2[0]![1]!.map(Math.abs)).toEqual([0, 0, 0]);
    tf.dispose([a, g, gt]);
    disposePoints(x);
  });

  it('generatorAction on vectors: L_i x per block, [k, m, F]', () => {
    const rng = new Rng(3);
    const k = 2;
    const d = 4;
    const L = [randomMatrix(rng, d, d), randomMatrix(rng, d, d)];
    const xs = Array.from({ length: 3 }, () => Array.from({ length: 2 * d }, () => rng.normal()));
    const lt = tf.tensor3d(L);
    const x = { kind: 'vector' as const, x: tf.tensor2d(xs) };
    const v = generatorAction(lt, x);
    expect(v.shape).toEqual([k, 3, 2 * d]);
    const out = take<number[][][]>(v);
    for (let i = 0; i < k; i++) {
      xs.forEach((row, s) => {
        const want = [...mv(L[i]!, row.slice(0, d)), ...mv(L[i]!, row.slice(d))];
        expect(maxAbsDiff(out[i]![s]!, want), `generator ${i} sample ${s}`).toBeLessThanOrEqual(1e-5);
      });
    }
    tf.dispose([lt, x.x]);
  });

  it('generatorAction on points (d = 3 and d = 4): L p, or L [p; 1] cut to 3, padding 0', () => {
    const rng = new Rng(4);
    const coords = [
      [[1, 2, 3], [0.5, -1, 0], [9, 9, 9]],
      [[-2, 0, 1], [3, 3, -3], [1, 1, 1]],
    ];
    const mask = [
      [1, 1, 0],
      [1, 1, 1],
    ];
    const x = points(coords, mask);
    for (const d of [3, 4]) {
      const L = [randomMatrix(rng, d, d), randomMatrix(rng, d, d), randomMatrix(rng, d, d)];
      if (d === 4) for (const l of L) l[3] = [0, 0, 0, 0];
      const lt = tf.tensor3d(L);
      const v = generatorAction(lt, x);
      expect(v.shape).toEqual([3, 2, 9]);
      const out = take<number[][][]>(v);
      L.forEach((l, i) =>
        coords.forEach((cloud, s) =>
          cloud.forEach((p, n) => {
            const hp = d === 4 ? [...p, 1] : p;
            const want = mask[s]![n] ? mv(l, hp).slice(0, 3) : [0, 0, 0];
            expect(maxAbsDiff(out[i]![s]!.slice(3 * n, 3 * n + 3), want), `d ${d} gen ${i} sample ${s} point ${n}`).toBeLessThanOrEqual(1e-5);
          }),
        ),
      );
      lt.dispose();
    }
    disposePoints(x);
  });

  it('generatorAction is the derivative of the group action: (g(h) x - x) / h -> L x', () => {
    const rng = new Rng(5);
    const L = randomMatrix(rng, 3, 3);
    const xs = [[1, -2, 0.5, 2, 0, 1]];
    const lt = tf.tensor3d([L]);
    const x = { kind: 'vector' as const, x: tf.tensor2d(xs) };
    const h = 1e-3;
    const hp = tf.tensor3d([L.map((r) => r.map((v) => v * h))]);
    const hm = tf.tensor3d([L.map((r) => r.map((v) => -v * h))]);
    const gp = expm(hp);
    const gm = expm(hm);
    const plus = take<number[][]>(actOnVectors(gp, x.x))[0]!;
    const minus = take<number[][]>(actOnVectors(gm, x.x))[0]!;
    const fd = plus.map((v, i) => (v - minus[i]!) / (2 * h));
    const out = take<number[][][]>(generatorAction(lt, x))[0]![0]!;
    expect(maxAbsDiff(out, fd)).toBeLessThanOrEqual(2e-2 * Math.max(1, ...out.map(Math.abs)));
    tf.dispose([lt, x.x, hp, hm, gp, gm]);
  });

  it('repeatEach repeats every sample n times consecutively', () => {
    const a = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    expect(take<number[][]>(repeatEach(a, 2))).toEqual([[1, 2], [1, 2], [3, 4], [3, 4], [5, 6], [5, 6]]);
    const same = repeatEach(a, 1);
    expect(same).toBe(a);
    const b = tf.tensor3d([[[1], [2]], [[3], [4]]]);
    const rb = repeatEach(b, 3);
    expect(rb.shape).toEqual([6, 2, 1]);
    expect(take<number[][][]>(rb)).toEqual([[[1], [2]], [[1], [2]], [[1], [2]], [[3], [4]], [[3], [4]], [[3], [4]]]);
    const c = tf.tensor1d([7, 8]);
    expect(take<number[]>(repeatEach(c, 2))).toEqual([7, 7, 8, 8]);
    tf.dispose([a, b, c]);
  });

  it('repeatInputs repeats every part of a point cloud alike; inputCount and flatFeatures', () => {
    const x = points(
      [
        [[1, 1, 1], [2, 2, 2]],
        [[3, 3, 3], [0, 0, 0]],
      ],
      [
        [1, 1],
        [1, 0],
      ],
    );
    const r = repeatInputs(x, 2) as PointInputs;
    expect(inputCount(r)).toBe(4);
    expect(take<number[][]>(r.mask)).toEqual([[1, 1], [1, 1], [1, 0], [1, 0]]);
    expect(r.species.shape).toEqual([4, 2, 2]);
    const flat = flatFeatures(r);
    expect(take<number[][]>(flat)).toEqual([
      [1, 1, 1, 2, 2, 2],
      [1, 1, 1, 2, 2, 2],
      [3, 3, 3, 0, 0, 0],
      [3, 3, 3, 0, 0, 0],
    ]);
    tf.dispose([r.coords, r.species]);
    disposePoints(x);
    const v = { kind: 'vector' as const, x: tf.tensor2d([[1, 2, 3]]) };
    expect(inputCount(v)).toBe(1);
    expect(flatFeatures(v)).toBe(v.x);
    const rv = repeatInputs(v, 3);
    expect(take<number[][]>((rv as { x: tf.Tensor }).x)).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    v.x.dispose();
  });
}, { webgpuSkip: SYNC_READS });
