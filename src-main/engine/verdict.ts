/**
 * "Was a symmetry found?" decided on every run, so that "no symmetry" is a possible answer and no
 * algebra is ever named for generators the data do not respect. Measured on held-out samples of the
 * training distribution (verdict-evidence.ts), a symmetry is reported only when both hold:
 *   1. enforcing the learned generators costs (almost) no accuracy: the symmetrized predictor's
 *      held-out task loss is at most (1 + maxCost) times that of the same model used directly;
 *   2. the data themselves agree: labels change along the learned orbits at most maxOrbitContrast
 *      times as much as between neighbouring samples (vector data; skipped for point clouds).
 *      Orbits that leave the data's support (out-of-distribution training sets) raise it: there
 *      the verdict errs towards "no symmetry", never towards a fabricated one.
 * A model trained with augmentations can be nearly invariant to a wrong group (so its own
 * residual is small); the cost and the data contrast cannot be hidden that way.
 */
import type { Method } from './config';
import type { VerdictEvidence } from './verdict-evidence';

export interface Verdict {
  symmetryFound: boolean;
  /** Name of the best-matching known algebra when a symmetry is found, else null. */
  name: string | null;
  /** Its similarity (0..1) when a symmetry is found, else null. */
  similarity: number | null;
  /** In words, with the numbers. */
  reason: string;
}

export interface VerdictThresholds {
  /** Largest relative increase of the held-out task loss when the symmetry is enforced. */
  maxCost: number;
  /** Largest ratio of label change along orbits to label change between neighbours. */
  maxOrbitContrast: number;
}

export const VERDICT_THRESHOLDS: VerdictThresholds = { maxCost: 0.1, maxOrbitContrast: 1.75 };

/** The best match of the learned generators among known algebras (from the algebra analysis). */
export interface AlgebraMatch {
  name: string;
  similarity: number;
}

const fmt = (v: number): string => v.toPrecision(3);

export function decideVerdict(method: Method, evidence: VerdictEvidence | null, match: AlgebraMatch | null, thresholds: VerdictThresholds = VERDICT_THRESHOLDS): Verdict {
  if (method === 'plain' || !evidence || evidence.averagedError === null) {
    return { symmetryFound: false, name: null, similarity: null, reason: `method ${method} has no generators, so it makes no claim about symmetry` };
  }
  const cost = evidence.averagedError / Math.max(evidence.directError, 1e-12) - 1;
  const costOk = cost <= thresholds.maxCost;
  const contrast = evidence.orbitContrast;
  const contrastOk = contrast === null || contrast <= thresholds.maxOrbitContrast;
  const costText =
    `enforcing the ${method === 'semola' ? 'learned' : 'given'} generators changes the held-out task loss by ${cost >= 0 ? '+' : ''}${fmt(100 * cost)}% ` +
    `(symmetrized ${fmt(evidence.averagedError)} vs direct ${fmt(evidence.directError)}, ${evidence.samples} held-out samples; limit +${fmt(100 * thresholds.maxCost)}%)`;
  const contrastText =
    contrast === null
      ? 'the label contrast along orbits is not measured for point clouds'
      : `labels change ${fmt(contrast)}x as much along the orbits as between neighbouring samples (limit ${fmt(thresholds.maxOrbitContrast)}x; ${fmt(100 * evidence.orbitSupport!)}% of orbit points within the data)`;
  const found = costOk && contrastOk;
  const named = found && match ? `; closest known algebra: ${match.name} (similarity ${fmt(match.similarity)})` : '';
  return {
    symmetryFound: found,
    name: found && match ? match.name : null,
    similarity: found && match ? match.similarity : null,
    reason: `${found ? 'symmetry found' : 'no symmetry found'}: ${costText}; ${contrastText}${named}`,
  };
}
