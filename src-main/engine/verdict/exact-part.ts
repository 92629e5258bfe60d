/**
 * The part of a rejected span that may still be a symmetry. The cost and data tests judge the
 * learned span as a whole; when they reject it, a direction inside it that moves the data and is
 * exact by its own held-out test (exactness.ts), or not measurably broken (its interval still holds
 * 0), is a smaller symmetry the whole-span tests rejected together with the broken rest (an exact
 * rotation about z inside a learned so(3) whose x and y are broken). "No symmetry" would be wrong
 * about it, and it has not passed the whole-span tests alone: the answer is inconclusive, naming it.
 */
import type { CostInterval } from './bootstrap';

/** A direction of the learned span as exactness.ts measured it (the parts the verdict reads). */
export interface ExactnessDirection {
  name: string | null;
  exact: boolean;
  verdict?: 'exact' | 'approximate' | 'undecided';
  /** How far it moves the held-out samples, relative. */
  motion?: number;
  /** Held-out moves: the loss change with its interval. */
  change?: CostInterval;
}

const verdictOf = (d: ExactnessDirection): 'exact' | 'approximate' | 'undecided' => d.verdict ?? (d.exact ? 'exact' : 'approximate');

/** The directions that are exact or not measurably broken and move the data at least `minMotion`. */
export function unbrokenPart(exactness: { decided?: boolean; directions?: ExactnessDirection[] } | null | undefined, minMotion: number): ExactnessDirection[] {
  if (!exactness || exactness.decided === false) return [];
  const unbroken = (d: ExactnessDirection): boolean => verdictOf(d) === 'exact' || (verdictOf(d) === 'undecided' && d.change !== undefined && d.change.low <= 0);
  return (exactness.directions ?? []).filter((d) => unbroken(d) && (d.motion ?? 0) >= minMotion);
}

/** The sentence for an unbroken part of `total` directions (`who`: learned or given). */
export function unbrokenPartDetail(part: ExactnessDirection[], total: number, who: string): string {
  const names = part.map((d) => `${d.name ?? 'a mixed direction'}${verdictOf(d) === 'undecided' ? ' (not measurably broken at this fit)' : ''}`).join(', ');
  if (part.length === total) {
    return `no direction of the ${who} span is measurably broken by its own held-out moves (${names}), but enforcing the span changes the held-out loss beyond the limit: the two tests disagree`;
  }
  const several = part.length > 1;
  return `the ${who} span as a whole is no symmetry, but part of it ${part.some((d) => verdictOf(d) === 'exact') ? 'is exact' : 'may be'}: ${names} (train with k = ${part.length}, or give ${several ? 'these generators' : 'this generator'} with --method fixed-basis, to test ${several ? 'them' : 'it'} alone)`;
}
