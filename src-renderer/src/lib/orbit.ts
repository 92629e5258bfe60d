/**
 * The orbit of a sample under the group element the sliders pick: the points exp(s A) x for s from
 * -1 to 1, A = sum t_i L_i (s = 1 is g x, s = 0 is x), and the features it moves most, to draw it in.
 */
import { actOnVector, combine, expm, type Matrix } from './matrix';

export interface Orbit {
  /** s of each point, -1 .. 1. */
  s: number[];
  /** The sample at each s (all its features). */
  points: number[][];
  /** Whether A came from the sliders (false: every t_i = 0, so the orbit follows sum L_i, t_i = 1). */
  fromSliders: boolean;
}

/** exp(s A) x at `steps` evenly spaced s in [-1, 1], by one step's exponential applied over and over. */
export function orbit(basis: readonly Matrix[], t: readonly number[], x: readonly number[], steps = 81): Orbit {
  const fromSliders = t.some((v) => v !== 0);
  const dir = fromSliders ? [...t] : basis.map(() => 1);
  const start = actOnVector(expm(combine(basis, dir.map((v) => -v))), x);
  const step = expm(combine(basis, dir.map((v) => (2 * v) / (steps - 1))));
  const points = [start];
  for (let i = 1; i < steps; i++) points.push(actOnVector(step, points[i - 1]!));
  return { s: points.map((_, i) => -1 + (2 * i) / (steps - 1)), points, fromSliders };
}

/** Feature indices by how far the orbit moves them (max - min over its points), largest first, with those ranges. */
export function mostMoved(points: readonly (readonly number[])[], count: number): { index: number; range: number }[] {
  const width = points[0]?.length ?? 0;
  const ranges = Array.from({ length: width }, (_, index) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      lo = Math.min(lo, p[index]!);
      hi = Math.max(hi, p[index]!);
    }
    return { index, range: hi - lo };
  });
  return ranges.sort((a, b) => b.range - a.range || a.index - b.index).slice(0, count);
}

/** Features moved by less than this fraction of the largest move are left out (they add nothing to see). */
export const MOVE_FRACTION = 0.05;

/** The two or three features to draw the orbit in: the third only when it moves at least MOVE_FRACTION of the first. */
export function orbitFeatures(points: readonly (readonly number[])[]): { index: number; range: number }[] {
  const top = mostMoved(points, 3);
  const largest = top[0]?.range ?? 0;
  return top.filter((f, i) => i < 2 || f.range >= MOVE_FRACTION * largest);
}
