/**
 * Whether point data keep one atom order: every frame holds the same atoms (no padding) with the
 * same species in the same order, as the frames of one MD trajectory do. The MLP reads such frames
 * as coordinates in atom order; sets of different molecules need the point-cloud model.
 */
import type { Dataset, SampleSet } from './dataset';

/** True when every frame holds the same atoms (no padding) with the same species in the same order. */
export function fixedAtomOrder(ds: Dataset): boolean {
  const sets: SampleSet[] = [ds.train, ...(ds.test ? [ds.test] : [])];
  const first = ds.train.points;
  if (!first || first.maxPoints < 1 || ds.train.n < 1) return false;
  const p = first.maxPoints;
  const ref = first.species.subarray(0, p);
  for (const set of sets) {
    const pts = set.points;
    if (!pts || pts.maxPoints !== p) return false;
    for (let i = 0; i < set.n * p; i++) {
      if (!(pts.mask[i]! > 0) || pts.species[i] !== ref[i % p]) return false;
    }
  }
  return true;
}
