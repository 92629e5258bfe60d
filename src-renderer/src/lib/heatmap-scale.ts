/**
 * The colour scale of generator heatmaps, symmetric about 0: by default the largest |entry| over
 * every recorded epoch, so a colour means the same value wherever the scrubber is; per epoch on request.
 */
import { maxAbs } from './matrix';

export function heatmapScale(snapshots: readonly { basis: number[][][] }[], current: number[][][], fixed: boolean): number {
  const m = fixed ? Math.max(0, ...snapshots.map((s) => maxAbs(s.basis))) : maxAbs(current);
  return Math.max(1e-9, m);
}
