/**
 * A weight-sharing run's summary as the store reads it: the stored test summary with the
 * permutation keys as the trainer writes them (engine summarizePermutations): five slots x1..x5,
 * G = 5 learned P_g. (x1 x2 x3) and (x1 x2) are confident and accepted by the held-out check,
 * (x4 x5) is confident but rejected, (x1 x5) is not confident. The group is S_3 on {x1, x2, x3}.
 */
import type { PermutationCheck } from '../../src-main/engine/discrete/permutation-check';
import { summarizePermutations } from '../../src-main/engine/discrete/permutation-summary';
import type { Summary } from '../../src-main/summary/schema';
import { storedSummary } from '../fixtures/stored-summary';

const POINTS = ['x1', 'x2', 'x3', 'x4', 'x5'];

function soft(p: number[], weight: number): number[][] {
  const rest = (1 - weight) / (p.length - 1);
  return p.map((image) => p.map((_, j) => (j === image ? weight : rest)));
}

/** The permutation keys alone, as JSON (what the trainer adds to the summary). */
export function permutationKeys(): Record<string, unknown> {
  const P = [soft([0, 1, 2, 3, 4], 1), soft([1, 2, 0, 3, 4], 0.9), soft([1, 0, 2, 3, 4], 0.8), soft([4, 1, 2, 3, 0], 0.3), soft([0, 1, 2, 4, 3], 0.7)];
  const check: PermutationCheck = {
    baselineLoss: 0.05,
    groupLoss: 0.055,
    limit: 0.0675,
    candidates: [
      { g: 1, loss: 0.052, accepted: true, reason: null },
      { g: 2, loss: 0.051, accepted: true, reason: null },
      { g: 4, loss: 0.22, accepted: false, reason: 'enforcing it raises the held-out loss to 0.22 (limit 0.0675)' },
    ],
    accepted: [1, 2],
    options: { tolerance: 0.25, slack: 5e-3 },
    samples: 100,
  };
  return JSON.parse(JSON.stringify(summarizePermutations(P, POINTS, 0.5, check))) as Record<string, unknown>;
}

export function weightSharingSummary(): Summary {
  return storedSummary({
    basis: [],
    basisVisible: [],
    algebra: null,
    verdict: { status: 'not-found', symmetryFound: false, name: null, similarity: null, reason: 'no symmetry found: no basis learned', interval: null, checks: [] },
    ...permutationKeys(),
  });
}
