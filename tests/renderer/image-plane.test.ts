/**
 * The page's image-plane math (src-renderer/src/lib/image-plane.ts) against the engine's: g acting
 * on an image resampled in the page equals the engine's resampleAffine (a quarter turn, a general
 * affine map, several seeds), the quarter turn is the exact pixel permutation, and a generator's
 * flow field is L (u, v, 1) on the image's grid.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_ROTATION } from '../../src-main/data/builtin/rotated-digits';
import { Rng } from '../../src-main/data/random';
import { selectBackend } from '../../src-main/engine/backend';
import { resampleAffine } from '../../src-main/engine/image/resample';
import { flowField, imageShapeOf, inverseAffineRows, planeExtent, resampleImage, type ImageShape } from '../../src-renderer/src/lib/image-plane';
import { combine, expm, type Matrix } from '../../src-renderer/src/lib/matrix';

beforeAll(async () => {
  await selectBackend('cpu');
});

function randomImage(rng: Rng, shape: ImageShape): Float32Array {
  return Float32Array.from({ length: shape.height * shape.width * shape.channels }, () => rng.uniform(0, 1));
}

function engineResample(g: Matrix, pixels: Float32Array, shape: ImageShape): Float32Array {
  return tf.tidy(() => {
    const images = tf.tensor4d(pixels, [1, shape.height, shape.width, shape.channels]);
    return resampleAffine(tf.tensor3d([g], [1, 3, 3]), images).dataSync() as Float32Array;
  });
}

const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** A quarter turn counter-clockwise in (u, v): exp(pi/2 L) with L the rotation of the image plane. */
const quarterTurn = (): Matrix => expm(combine([IMAGE_ROTATION], [Math.PI / 2]));

describe('resampleImage (the page) against resampleAffine (the engine)', () => {
  it.each([
    [{ height: 8, width: 8, channels: 1 }],
    [{ height: 7, width: 7, channels: 3 }],
  ])('turns a %o image by a quarter turn into the exact pixel permutation out[r][c] = x[n-1-c][r], as the engine does', (shape) => {
    const rng = new Rng(shape.height);
    const x = randomImage(rng, shape);
    const page = resampleImage(quarterTurn(), x, shape);
    const n = shape.height;
    const ch = shape.channels;
    const permuted = new Float32Array(x.length);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) for (let k = 0; k < ch; k++) permuted[(r * n + c) * ch + k] = x[((n - 1 - c) * n + r) * ch + k]!;
    expect(maxDiff(page, permuted)).toBeLessThan(1e-5);
    expect(maxDiff(page, engineResample(quarterTurn(), x, shape))).toBeLessThan(1e-5);
  });

  it.each([1, 2, 3])('equals the engine for a general affine map (rotation, shear, anisotropic scale and translation; seed %i) on a non-square image', (seed) => {
    const rng = new Rng(100 + seed);
    const shape = { height: 9, width: 13, channels: 2 };
    const x = randomImage(rng, shape);
    // Six affine generators with random coefficients: every entry of [[A, b], [0, 0, 1]] moves.
    const t = Array.from({ length: 6 }, () => rng.uniform(-0.6, 0.6));
    const basis: Matrix[] = [0, 1, 2, 3, 4, 5].map((e) => [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i * 3 + j === e ? 1 : 0))));
    const g = expm(combine(basis, t));
    const page = resampleImage(g, x, shape);
    const engine = engineResample(g, x, shape);
    expect(maxDiff(page, engine)).toBeLessThan(1e-5);
    // Not a trivial agreement: the map moves the image, and part of it leaves the frame.
    expect(maxDiff(page, x)).toBeGreaterThan(0.3);
    expect(page.filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it('moves content along +u by one pixel for a translation of one pixel spacing, zero coming in', () => {
    const shape = { height: 4, width: 5, channels: 1 };
    const x = Float32Array.from({ length: 20 }, (_, i) => i + 1);
    const s = 2 / 5;
    const moved = resampleImage([[1, 0, s], [0, 1, 0], [0, 0, 1]], x, shape);
    for (let r = 0; r < 4; r++) {
      expect(moved[r * 5]).toBeCloseTo(0, 6);
      for (let c = 1; c < 5; c++) expect(moved[r * 5 + c]).toBeCloseTo(x[r * 5 + c - 1]!, 5);
    }
    expect(resampleImage([[1, 0, 0], [0, 1, 0], [0, 0, 1]], x, shape)).toEqual(x);
  });

  it('inverts affine maps and refuses a singular one by name', () => {
    const g = [[2, 1, 0.5], [0, 3, -1], [0, 0, 1]];
    const [r0, r1] = inverseAffineRows(g);
    // g^-1 g = identity on the first two rows.
    for (const [row, want] of [[r0, [1, 0, 0]], [r1, [0, 1, 0]]] as const) {
      for (let j = 0; j < 3; j++) expect(row[0] * g[0]![j]! + row[1] * g[1]![j]! + row[2] * (j === 2 ? 1 : 0)).toBeCloseTo(want[j]!, 12);
    }
    expect(() => inverseAffineRows([[1, 2, 0], [2, 4, 0], [0, 0, 1]])).toThrow(/not invertible/);
  });
});

describe('flowField', () => {
  it('draws the rotation as arrows L p perpendicular to p, as long as |p|, on a 13 x 13 grid over a square image', () => {
    const arrows = flowField(IMAGE_ROTATION, { height: 28, width: 28 }, 13);
    expect(arrows).toHaveLength(169);
    for (const a of arrows) {
      expect(a.u * a.du + a.v * a.dv).toBeCloseTo(0, 12);
      expect(Math.hypot(a.du, a.dv)).toBeCloseTo(Math.hypot(a.u, a.v), 12);
      // Counter-clockwise in (u, v): at +u the flow goes to +v (down the image).
      if (a.v === 0 && a.u > 0) expect(a.dv).toBeGreaterThan(0);
    }
    // Cell centres cover the image symmetrically: the extent is [-1, 1] on both axes.
    const us = [...new Set(arrows.map((a) => a.u))].sort((p, q) => p - q);
    expect(us[0]).toBeCloseTo(-1 + 1 / 13, 12);
    expect(us[12]).toBeCloseTo(1 - 1 / 13, 12);
  });

  it.each([
    ['the rotation', IMAGE_ROTATION],
    ['a shear plus a translation', [[0, 0.8, 0.3], [0, 0, -0.2], [0, 0, 0]]],
  ])('points where g = exp(t L) moves image content: a blob at p goes to exp(t L) p, first along the arrow L p (%s)', (_, L) => {
    const shape = { height: 41, width: 41, channels: 1 };
    const s = 2 / 41;
    const at = (i: number): number => (i - 20) * s;
    // On a pixel centre, which is also where the 41-cell flow field draws an arrow.
    const [u0, v0] = [at(28), at(14)];
    const x = new Float32Array(41 * 41);
    for (let r = 0; r < 41; r++) for (let c = 0; c < 41; c++) x[r * 41 + c] = Math.exp(-((at(c) - u0) ** 2 + (at(r) - v0) ** 2) / (2 * 0.06 ** 2));
    const centroid = (img: Float32Array): [number, number] => {
      let [m, mu, mv] = [0, 0, 0];
      img.forEach((w, i) => {
        m += w;
        mu += w * at(i % 41);
        mv += w * at(Math.floor(i / 41));
      });
      return [mu / m, mv / m];
    };
    const t = 0.3;
    const g = expm(combine([L], [t]));
    const [cu, cv] = centroid(resampleImage(g, x, shape));
    expect(cu).toBeCloseTo(g[0]![0]! * u0 + g[0]![1]! * v0 + g[0]![2]!, 2);
    expect(cv).toBeCloseTo(g[1]![0]! * u0 + g[1]![1]! * v0 + g[1]![2]!, 2);
    // The arrow drawn at p: the blob's first move, in direction and length per unit t.
    const arrow = flowField(L, shape, 41).find((a) => Math.abs(a.u - u0) < 1e-9 && Math.abs(a.v - v0) < 1e-9);
    expect(arrow).toBeDefined();
    const small = expm(combine([L], [0.01]));
    const [su, sv] = centroid(resampleImage(small, x, shape));
    expect((su - u0) / 0.01).toBeCloseTo(arrow!.du, 1);
    expect((sv - v0) / 0.01).toBeCloseTo(arrow!.dv, 1);
  });

  it('keeps cells square on a wide image and draws a translation as one constant arrow', () => {
    const L = [[0, 0, 0.5], [0, 0, -0.25], [0, 0, 0]];
    const arrows = flowField(L, { height: 14, width: 28 }, 12);
    const rows = new Set(arrows.map((a) => a.v)).size;
    expect(rows).toBe(6);
    expect(arrows).toHaveLength(72);
    expect(planeExtent({ height: 14, width: 28 })).toEqual({ halfU: 1, halfV: 0.5 });
    for (const a of arrows) expect([a.du, a.dv]).toEqual([0.5, -0.25]);
  });

  it('finds the image shape of an image layout only', () => {
    expect(imageShapeOf({ kind: 'image', height: 28, width: 20, channels: 3 })).toEqual({ height: 28, width: 20, channels: 3 });
    expect(imageShapeOf({ kind: 'vector' })).toBeNull();
    expect(imageShapeOf(undefined)).toBeNull();
  });
});
