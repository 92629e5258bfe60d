/**
 * Per-generator approximation strengths over the epochs of a run, read from its basis snapshots
 * (a snapshot carries the strengths in effect after its epoch when the run learns them).
 */
import type { Snapshot } from '../../../src-main/api/schemas';

export interface StrengthSeries {
  /** "L1", "L2", ... in generator order. */
  name: string;
  /** [epoch, strength] in epoch order. */
  points: [number, number][];
}

/** One series per generator; empty when no snapshot carries strengths. */
export function strengthSeries(snapshots: readonly Snapshot[]): StrengthSeries[] {
  const withStrengths = snapshots.filter((s) => s.strengths !== null && s.strengths.length > 0).sort((a, b) => a.epoch - b.epoch);
  const k = Math.max(0, ...withStrengths.map((s) => s.strengths!.length));
  return Array.from({ length: k }, (_, j) => ({
    name: `L${j + 1}`,
    points: withStrengths.filter((s) => j < s.strengths!.length).map((s): [number, number] => [s.epoch, s.strengths![j]!]),
  }));
}
