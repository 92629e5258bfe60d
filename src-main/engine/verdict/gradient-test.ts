/**
 * A data test from the target's gradients (forces), for every layout, point clouds included: for a
 * target invariant under g = exp(t L), d/dt f(exp(t L) x) = grad f(x) . (L x) = 0 at every sample.
 * The test compares that directional derivative along each generator with its size along random
 * generators of the same norm: 0 = the target does not change along the generator, 1 = it changes as
 * along any direction. It needs no model, so a model trained to ignore a direction cannot pass it.
 */
import type { FeatureLayout, SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';

export interface GradientTest {
  /** Per generator: mean (grad f . L x)^2 over mean (grad f . R x)^2 for random R of the same norm. */
  variation: number[];
  samples: number;
}

/** Pairs (x, grad f(x)) of the held-out set as d-vectors (blocks or real points), per sample. */
function pairsOf(layout: FeatureLayout, set: SampleSet): { x: number[]; g: number[] }[][] {
  const grad = set.targetGradient!;
  const d = layout.d;
  const out: { x: number[]; g: number[] }[][] = [];
  if (layout.kind === 'vector') {
    const width = d * layout.blocks;
    for (let i = 0; i < set.n; i++) {
      const rows: { x: number[]; g: number[] }[] = [];
      for (let b = 0; b < layout.blocks; b++) {
        const o = i * width + b * d;
        rows.push({ x: Array.from(set.inputs.subarray(o, o + d)), g: Array.from(grad.subarray(o, o + d)) });
      }
      out.push(rows);
    }
    return out;
  }
  const pts = set.points!;
  for (let i = 0; i < set.n; i++) {
    const rows: { x: number[]; g: number[] }[] = [];
    for (let a = 0; a < pts.maxPoints; a++) {
      const o = i * pts.maxPoints + a;
      if (!(pts.mask[o]! > 0)) continue;
      const x = Array.from(pts.coords.subarray(o * 3, o * 3 + 3));
      const g = Array.from(grad.subarray(o * 3, o * 3 + 3));
      // Homogeneous coordinates: the target does not depend on the constant 1.
      rows.push(d === 4 ? { x: [...x, 1], g: [...g, 0] } : { x, g });
    }
    out.push(rows);
  }
  return out;
}

/** grad f(x) . (L x) summed over the sample's blocks or points. */
function directional(L: number[][], rows: { x: number[]; g: number[] }[]): number {
  let s = 0;
  for (const { x, g } of rows) {
    for (let r = 0; r < g.length; r++) {
      let lx = 0;
      for (let c = 0; c < x.length; c++) lx += L[r]![c]! * x[c]!;
      s += g[r]! * lx;
    }
  }
  return s;
}

/** grad f(x_i) . (L_j x_i) for every sample i and generator j: [n][k]. The set must carry gradients. */
export function directionalDerivatives(basis: number[][][], layout: FeatureLayout, set: SampleSet): number[][] {
  return pairsOf(layout, set).map((rows) => basis.map((L) => directional(L, rows)));
}

/** Null when the set carries no gradients. `randomDirections` random generators set the scale. */
export function gradientTest(basis: number[][][], layout: FeatureLayout, set: SampleSet, seed: number, randomDirections = 16): GradientTest | null {
  if (!set.targetGradient || set.n === 0 || basis.length === 0) return null;
  const d = layout.d;
  const pairs = pairsOf(layout, set);
  const rng = new Rng(seed);
  const mean2 = (L: number[][]): number => pairs.reduce((s, rows) => s + directional(L, rows) ** 2, 0) / pairs.length;
  const variation = basis.map((L) => {
    const norm = Math.sqrt(L.flat().reduce((s, v) => s + v * v, 0));
    if (norm === 0) return NaN;
    let baseline = 0;
    for (let r = 0; r < randomDirections; r++) {
      const R = Array.from({ length: d }, (_, i) => Array.from({ length: d }, () => (layout.kind === 'points' && d === 4 && i === 3 ? 0 : rng.normal())));
      const rn = Math.sqrt(R.flat().reduce((s, v) => s + v * v, 0));
      baseline += mean2(R.map((row) => row.map((v) => (v * norm) / rn))) / randomDirections;
    }
    return baseline > 0 ? mean2(L) / baseline : NaN;
  });
  return { variation, samples: set.n };
}
