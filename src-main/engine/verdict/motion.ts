/**
 * How far each generator moves the data: RMS of ||L x|| over RMS of ||x||, over the held-out
 * samples (each d-block of a vector, each real point of a point cloud). A generator that does not move
 * the data (an all-zero basis, or one acting only where the data are zero) makes g = I, which every
 * model satisfies at no cost, so enforcing it tests nothing.
 */
import type { FeatureLayout, SampleSet } from '../../data/dataset';
import { pixelGrid } from '../image/resample';

/** Relative motion per generator of `basis` [k][d][d] on `set`; 0 = does not move the data. */
export function relativeMotion(basis: number[][][], layout: FeatureLayout, set: SampleSet): number[] {
  const d = layout.d;
  const vectors: number[][] = [];
  if (layout.kind === 'vector') {
    const width = d * layout.blocks;
    for (let i = 0; i < set.n; i++) {
      for (let b = 0; b < layout.blocks; b++) vectors.push(Array.from(set.inputs.subarray(i * width + b * d, i * width + (b + 1) * d)));
    }
  } else if (layout.kind === 'image') {
    // g moves the image plane: its points are the pixels' (u, v, 1).
    const grid = pixelGrid(layout.height, layout.width);
    for (let p = 0; p < grid.length; p += 3) vectors.push([grid[p]!, grid[p + 1]!, 1]);
  } else {
    const pts = set.points!;
    for (let i = 0; i < set.n * pts.maxPoints; i++) {
      if (!(pts.mask[i]! > 0)) continue;
      const p = Array.from(pts.coords.subarray(i * 3, i * 3 + 3));
      vectors.push(d === 4 ? [...p, 1] : p);
    }
  }
  let norm2 = 0;
  for (const x of vectors) for (const v of x) norm2 += v * v;
  return basis.map((L) => {
    let moved2 = 0;
    for (const x of vectors) {
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += L[r]![c]! * x[c]!;
        moved2 += s * s;
      }
    }
    return norm2 > 0 ? Math.sqrt(moved2 / norm2) : 0;
  });
}
