/**
 * How much the DATA change along candidate orbits, at matched displacement: the part of the
 * "symmetry found?" verdict that needs no model, and works when the training data cover only part
 * of each orbit (out-of-distribution training sets).
 *
 * For a held-out sample (x, y) and an orbit point g x, let n be the training sample nearest to g x.
 * Only orbit points within the data's support count (n within `supportFactor` times the median
 * held-out-to-training neighbour distance); orbits that leave the data tell nothing either way.
 *   orbit change    |y_n - rho(g) y|^2: label change along the orbit, between x and the data point n
 *   matched change  mean |y_j - y|^2 over the `matched` training samples j whose distance from x is
 *                   closest to |x_n - x|: the label change of arbitrary moves of the SAME size
 *   neighbour change |y_m - y|^2, m the training sample nearest to x: what labels change by between
 *                   the closest data points anyway (noise, and the orbit point's own distance to n)
 * orbitVariation = sum(orbit - neighbour change) / sum(matched - neighbour change), over the orbit
 * points in support: 0 when labels are constant (equivariant) along the orbits up to the neighbour
 * level, about 1 when moving along them changes labels as much as moving anywhere else as far. Matching the displacement is what keeps the restriction to the support honest: the orbit
 * points that stay inside are mostly short moves, and short arbitrary moves change labels little
 * too, so a generator the data do not respect still scores about 1 on them.
 * Distances and label changes are in standardized units (feature and target scales).
 */

export interface Rows {
  /** Row-major [n, width]. */
  values: Float32Array;
  n: number;
}

export interface OrbitSamples {
  /** Training inputs [N, F] and targets [N, T]: where neighbours are searched. */
  trainInputs: Rows;
  trainTargets: Rows;
  /** Held-out inputs x [m, F] and targets y [m, T]. */
  inputs: Rows;
  targets: Rows;
  /** Orbit points g x [m * draws, F] (row i * draws + d belongs to sample i) and rho(g) y [m * draws, T]. */
  moved: Rows;
  movedTargets: Rows;
  featureScale: ArrayLike<number>;
  targetScale: ArrayLike<number>;
}

export interface OrbitVariation {
  /** (orbit - neighbour) / (matched - neighbour) change over orbit points in support; null when too few are. */
  variation: number | null;
  /** Orbit points it was measured on (those within the data's support), and all orbit points. */
  points: number;
  total: number;
  /** Mean orbit, matched and neighbour change over those points (standardized squared units). */
  orbitChange: number | null;
  matchedChange: number | null;
  neighbourChange: number | null;
}

export interface OrbitVariationOptions {
  /** An orbit point is in support when its nearest training sample is within this factor of the median neighbour distance. */
  supportFactor: number;
  /** Training samples averaged for the matched change. */
  matched: number;
  /** Fewer orbit points in support than this: the variation cannot be decided (null). */
  minPoints: number;
}

export const ORBIT_VARIATION_OPTIONS: OrbitVariationOptions = { supportFactor: 2, matched: 8, minPoints: 40 };

function dist2(a: Float32Array, ai: number, b: Float32Array, bi: number, scale: ArrayLike<number>, bound = Infinity): number {
  const F = scale.length;
  let d = 0;
  for (let j = 0; j < F && d < bound; j++) {
    const v = (a[ai * F + j]! - b[bi * F + j]!) / scale[j]!;
    d += v * v;
  }
  return d;
}

function labelChange(a: Float32Array, ai: number, b: Float32Array, bi: number, scale: ArrayLike<number>): number {
  return dist2(a, ai, b, bi, scale);
}

function nearest(train: Rows, q: Float32Array, qi: number, scale: ArrayLike<number>): { index: number; dist2: number } {
  let best = 0;
  let bestD = Infinity;
  for (let r = 0; r < train.n; r++) {
    const d = dist2(train.values, r, q, qi, scale, bestD);
    if (d < bestD) {
      bestD = d;
      best = r;
    }
  }
  return { index: best, dist2: bestD };
}

/** Training indices sorted by distance from held-out sample i, with those distances. */
function byDistance(s: OrbitSamples, i: number): { order: Int32Array; dist: Float64Array } {
  const N = s.trainInputs.n;
  const d = new Float64Array(N);
  for (let r = 0; r < N; r++) d[r] = Math.sqrt(dist2(s.trainInputs.values, r, s.inputs.values, i, s.featureScale));
  const order = Int32Array.from({ length: N }, (_, r) => r).sort((a, b) => d[a]! - d[b]!);
  return { order, dist: Float64Array.from(order, (r) => d[r]!) };
}

/** Mean label change between sample i and the `k` training samples whose distance from it is closest to `r`. */
function matchedChange(s: OrbitSamples, i: number, sorted: { order: Int32Array; dist: Float64Array }, r: number, k: number): number {
  const { order, dist } = sorted;
  const N = order.length;
  let lo = 0;
  let hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dist[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  // Grow a window [a, b) around the insertion point, taking the closer side each time.
  let a = lo;
  let b = lo;
  while (b - a < Math.min(k, N)) {
    if (a === 0) b++;
    else if (b === N) a--;
    else if (r - dist[a - 1]! <= dist[b]! - r) a--;
    else b++;
  }
  let sum = 0;
  for (let p = a; p < b; p++) sum += labelChange(s.trainTargets.values, order[p]!, s.targets.values, i, s.targetScale);
  return sum / (b - a);
}

export function orbitVariation(s: OrbitSamples, options: OrbitVariationOptions = ORBIT_VARIATION_OPTIONS): OrbitVariation {
  const m = s.inputs.n;
  const total = s.moved.n;
  const draws = m > 0 ? total / m : 0;
  const self: number[] = [];
  const neighbourOf: number[] = [];
  for (let i = 0; i < m; i++) {
    const nb = nearest(s.trainInputs, s.inputs.values, i, s.featureScale);
    self.push(nb.dist2);
    neighbourOf.push(labelChange(s.trainTargets.values, nb.index, s.targets.values, i, s.targetScale));
  }
  const median = [...self].sort((a, b) => a - b)[Math.floor(m / 2)] ?? 0;
  const support = options.supportFactor ** 2 * median;
  let orbit = 0;
  let matched = 0;
  let neighbour = 0;
  let points = 0;
  for (let i = 0; i < m; i++) {
    let sorted: ReturnType<typeof byDistance> | null = null;
    for (let d = 0; d < draws; d++) {
      const row = i * draws + d;
      const nb = nearest(s.trainInputs, s.moved.values, row, s.featureScale);
      if (nb.dist2 > support) continue;
      sorted ??= byDistance(s, i);
      const r = Math.sqrt(dist2(s.trainInputs.values, nb.index, s.inputs.values, i, s.featureScale));
      orbit += labelChange(s.trainTargets.values, nb.index, s.movedTargets.values, row, s.targetScale);
      matched += matchedChange(s, i, sorted, r, options.matched);
      neighbour += neighbourOf[i]!;
      points++;
    }
  }
  if (points === 0) return { variation: null, points, total, orbitChange: null, matchedChange: null, neighbourChange: null };
  return {
    // Moves no longer than the gap between neighbours tell nothing: undecided, like too few points.
    variation: points >= options.minPoints && matched > neighbour ? (orbit - neighbour) / (matched - neighbour) : null,
    points,
    total,
    orbitChange: orbit / points,
    matchedChange: matched / points,
    neighbourChange: neighbour / points,
  };
}
