/**
 * Local tangent spaces of the training data, for the on-distribution term (docs/discovery.md).
 *
 * An augmentation that is a symmetry of the data moves a sample along the data's own manifold.
 * Around each anchor sample, the principal directions of its nearest neighbours (local PCA, in
 * standardized units) estimate that manifold's tangent space; the projector onto the remaining
 * directions measures how far a generator's infinitesimal action L x leaves the data. Where the
 * data fill the whole space (no manifold structure) every direction is tangent and the term is 0.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Rng } from '../../data/random';

export interface TangentOptions {
  /** How many anchor samples get a tangent estimate. */
  anchors: number;
  /** Neighbours per local PCA. */
  neighbours: number;
  /** A direction is tangent when its local variance is at least this fraction of the largest. */
  varianceThreshold: number;
}

export interface TangentSpaces {
  /** Indices of the anchors in the sample set. */
  anchorIndex: Int32Array;
  /** [anchors, F, F] projectors onto the normal space, in standardized units. */
  normalProjectors: Float32Array;
  /** Estimated tangent dimension per anchor. */
  tangentDims: Int32Array;
  width: number;
}

/**
 * rows: [n, F] samples in standardized units (features divided by their scale). Deterministic for a
 * given rng state. Cost O(anchors * n * F) for the neighbour search.
 */
export function estimateTangents(rows: Float32Array, n: number, width: number, opts: TangentOptions, rng: Rng): TangentSpaces {
  const a = Math.min(opts.anchors, n);
  const kNb = Math.min(opts.neighbours, n - 1);
  if (kNb < 2) throw new Error(`on-distribution term needs at least 3 samples, got ${n}`);
  const order = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  const anchorIndex = Int32Array.from(order.slice(0, a));
  const normals = new Float32Array(a * width * width);
  const dims = new Int32Array(a);
  const dist = new Float64Array(n);
  const nb = new Int32Array(kNb + 1);
  for (let ai = 0; ai < a; ai++) {
    const c = anchorIndex[ai]!;
    const co = c * width;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const jo = j * width;
      for (let f = 0; f < width; f++) {
        const diff = rows[jo + f]! - rows[co + f]!;
        s += diff * diff;
      }
      dist[j] = s;
    }
    // The k+1 smallest distances (the anchor itself included) by partial selection.
    selectSmallest(dist, nb);
    const mean = new Float64Array(width);
    for (const j of nb) for (let f = 0; f < width; f++) mean[f]! += rows[j * width + f]! / nb.length;
    const cov = Matrix.zeros(width, width);
    for (const j of nb) {
      for (let f = 0; f < width; f++) {
        const df = rows[j * width + f]! - mean[f]!;
        for (let g = f; g < width; g++) cov.set(f, g, cov.get(f, g) + df * (rows[j * width + g]! - mean[g]!));
      }
    }
    for (let f = 0; f < width; f++) for (let g = 0; g < f; g++) cov.set(f, g, cov.get(g, f));
    const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
    const values = eig.realEigenvalues;
    const vectors = eig.eigenvectorMatrix;
    const top = Math.max(...values);
    const base = ai * width * width;
    // Start from the identity and subtract v v^T for every tangent direction.
    for (let f = 0; f < width; f++) normals[base + f * width + f] = 1;
    let m = 0;
    values.forEach((lambda, e) => {
      if (top <= 0 || lambda < opts.varianceThreshold * top) return;
      m++;
      for (let f = 0; f < width; f++) {
        for (let g = 0; g < width; g++) normals[base + f * width + g]! -= vectors.get(f, e) * vectors.get(g, e);
      }
    });
    dims[ai] = m;
  }
  return { anchorIndex, normalProjectors: normals, tangentDims: dims, width };
}

/** Fill `out` with the indices of the out.length smallest entries of `values`. */
function selectSmallest(values: Float64Array, out: Int32Array): void {
  const k = out.length;
  const best = new Float64Array(k).fill(Infinity);
  out.fill(-1);
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (v >= best[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && best[p - 1]! > v) {
      best[p] = best[p - 1]!;
      out[p] = out[p - 1]!;
      p--;
    }
    best[p] = v;
    out[p] = j;
  }
}
