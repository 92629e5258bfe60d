/**
 * Rotations of point sets about a coordinate axis, and how much a target changes under them: the
 * measured breaking of an approximate symmetry that the mixed-axes built-ins state in their notes.
 */
import { Rng } from '../random';

/** Rotates every 3-vector of `x` about coordinate axis `axis` (0 = x, 1 = y, 2 = z) by angle t. */
export function rotateAbout(x: ArrayLike<number>, axis: 0 | 1 | 2, t: number): number[] {
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const [i, j] = axis === 0 ? [1, 2] : axis === 1 ? [2, 0] : [0, 1];
  const out = Array.from(x);
  for (let a = 0; a < x.length / 3; a++) {
    const [u, v] = [x[3 * a + i]!, x[3 * a + j]!];
    out[3 * a + i] = c * u - s * v;
    out[3 * a + j] = s * u + c * v;
  }
  return out;
}

/**
 * RMS change of `target` under rotations about `axis` by t ~ U(-1, 1), relative to the std of the
 * target, over `n` fresh samples of `points` standard-normal 3-vectors.
 */
export function rotationBreaking(target: (x: number[]) => number, points: number, axis: 0 | 1 | 2, n = 2000, seed = 1): number {
  const rng = new Rng(seed);
  let sq = 0;
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 3 * points }, () => rng.normal());
    const y = target(x);
    sq += (target(rotateAbout(x, axis, rng.uniform(-1, 1))) - y) ** 2;
    ys.push(y);
  }
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return Math.sqrt(sq / n) / std;
}
