import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { resampleAffine, pixelSpacing } from '../../../src-main/engine/image/resample';
import { expm } from '../../../src-main/engine/lie/expm';
import { SYNC_READS, describeBackends, mm, take, useBackend, type Mat } from '../helpers';

/** exp(A) in Float64 by scaling, a Taylor series and squaring. */
function expm64(a: Mat): Mat {
  const norm = Math.max(...a.map((r) => r.reduce((s, v) => s + Math.abs(v), 0)));
  const j = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const s = a.map((r) => r.map((v) => v / 2 ** j));
  let term: Mat = a.map((_, i) => a.map((__, k) => (i === k ? 1 : 0)));
  let sum = term.map((r) => [...r]);
  for (let q = 1; q < 20; q++) {
    term = mm(term, s).map((r) => r.map((v) => v / q));
    sum = sum.map((r, i) => r.map((v, k) => v + term[i]![k]!));
  }
  for (let q = 0; q < j; q++) sum = mm(sum, sum);
  return sum;
}

/** Independent Float64 reference: bilinear read of img [H][W] at g^-1 (u, v), zero outside. */
function resample64(g: Mat, img: number[][]): number[][] {
  const [h, w] = [img.length, img[0]!.length];
  const s = pixelSpacing(h, w);
  const det = g[0]![0]! * g[1]![1]! - g[0]![1]! * g[1]![0]!;
  const inv = [
    [g[1]![1]! / det, -g[0]![1]! / det],
    [-g[1]![0]! / det, g[0]![0]! / det],
  ];
  const at = (r: number, c: number): number => (r >= 0 && r < h && c >= 0 && c < w ? img[r]![c]! : 0);
  return img.map((row, r) =>
    row.map((_, c) => {
      const u = (c - (w - 1) / 2) * s - g[0]![2]!;
      const v = (r - (h - 1) / 2) * s - g[1]![2]!;
      const col = (inv[0]![0]! * u + inv[0]![1]! * v) / s + (w - 1) / 2;
      const rr = (inv[1]![0]! * u + inv[1]![1]! * v) / s + (h - 1) / 2;
      const [c0, r0] = [Math.floor(col), Math.floor(rr)];
      const [fc, fr] = [col - c0, rr - r0];
      return (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
    }),
  );
}

function randomImage(rng: Rng, h: number, w: number): number[][] {
  return Array.from({ length: h }, () => Array.from({ length: w }, () => rng.uniform(0, 1)));
}

const ROTATION: Mat = [
  [0, -1, 0],
  [1, 0, 0],
  [0, 0, 0],
];

describeBackends('image resampling', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('returns the image for the identity', () => {
    const rng = new Rng(3);
    const imgs = [randomImage(rng, 7, 9), randomImage(rng, 7, 9)];
    const x = tf.tensor4d(imgs.map((im) => im.map((r) => r.map((v) => [v, 1 - v]))));
    const g = tf.tensor3d([expm64(ROTATION.map((r) => r.map(() => 0))), expm64(ROTATION.map((r) => r.map(() => 0)))]);
    const out = take<number[][][][]>(resampleAffine(g, x));
    const want = take<number[][][][]>(x);
    g.dispose();
    expect(Math.max(...out.flat(3).map((v, i) => Math.abs(v - want.flat(3)[i]!)))).toBeLessThan(1e-6);
  });

  it('turns a square image by 90 degrees as the exact pixel permutation', () => {
    const rng = new Rng(4);
    const n = 10;
    const img = randomImage(rng, n, n);
    const g = tf.tensor3d([expm64(ROTATION.map((r) => r.map((v) => (v * Math.PI) / 2)))]);
    const out = take<number[][][][]>(resampleAffine(g, tf.tensor4d([img.map((r) => r.map((v) => [v]))])))[0]!;
    g.dispose();
    // Counter-clockwise in (u, v) = (column, row): out(u, v) = x(R^-1 (u, v)) = x(v, -u), i.e.
    // out[r][c] = img[n - 1 - c][r].
    let worst = 0;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) worst = Math.max(worst, Math.abs(out[r]![c]![0]! - img[n - 1 - c]![r]!));
    expect(worst).toBeLessThan(1e-4);
  });

  it('matches a Float64 bilinear reference for a general affine map, zero outside', () => {
    const rng = new Rng(5);
    const img = randomImage(rng, 8, 6);
    const a: Mat = [
      [0.2, -0.9, 0.15],
      [0.7, -0.1, -0.2],
      [0, 0, 0],
    ];
    const g = expm64(a);
    const out = take<number[][][][]>(resampleAffine(tf.tensor3d([g]), tf.tensor4d([img.map((r) => r.map((v) => [v]))])))[0]!;
    const want = resample64(g, img);
    const diffs = out.flatMap((row, r) => row.map((px, c) => Math.abs(px[0]! - want[r]![c]!)));
    expect(Math.max(...diffs)).toBeLessThan(1e-4);
    // Part of the turned and shifted image comes from outside the frame, which reads as 0.
    expect(want.flat().filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it('has gradients in the generator that match central finite differences', () => {
    const rng = new Rng(6);
    const [h, w] = [8, 8];
    const img = randomImage(rng, h, w);
    const weights = randomImage(rng, h, w).map((r) => r.map((v) => v - 0.5));
    const L: Mat = [
      [0.3, -0.8, 0.1],
      [0.6, 0.2, -0.15],
      [0, 0, 0],
    ];
    const t = 0.7;
    const loss64 = (l: Mat): number => {
      const out = resample64(expm64(l.map((r) => r.map((v) => t * v))), img);
      return out.reduce((s, row, r) => s + row.reduce((q, v, c) => q + v * weights[r]![c]!, 0), 0);
    };
    const x = tf.tensor4d([img.map((r) => r.map((v) => [v]))]);
    const wt = tf.tensor4d([weights.map((r) => r.map((v) => [v]))]);
    const grad = take<number[][][]>(
      tf.grad((l: tf.Tensor) => tf.sum(tf.mul(resampleAffine(expm(tf.mul(l, t) as tf.Tensor3D), x), wt)))(tf.tensor3d([L])),
    )[0]!;
    const eps = 1e-5;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const plus = L.map((r) => [...r]);
        const minus = L.map((r) => [...r]);
        plus[i]![j]! += eps;
        minus[i]![j]! -= eps;
        const fd = (loss64(plus) - loss64(minus)) / (2 * eps);
        expect(Math.abs(grad[i]![j]! - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      }
    }
    tf.dispose([x, wt]);
  });
}, { webgpuSkip: SYNC_READS });
