/** The verdict of a weight-sharing run from the permutation group its held-out check kept: every path. */
import { describe, expect, it } from 'vitest';
import type { PermutationCheck } from '../../../src-main/engine/discrete/permutation-check';
import type { PermutationGroupSummary } from '../../../src-main/engine/discrete/permutation-summary';
import { decideDiscreteVerdict } from '../../../src-main/engine/verdict/discrete-verdict';

const check = (r2: number | null, groupLoss = 0.007): PermutationCheck => ({
  baselineLoss: 0.008,
  groupLoss,
  limit: 0.015,
  candidates: [],
  accepted: [],
  options: { tolerance: 0.25, slack: 5e-3 },
  samples: 400,
  completion: null,
  scan: null,
  r2,
});
const s3: PermutationGroupSummary = { name: 'S_3 on {a, b, c}', order: 6, degree: 5, points: ['a', 'b', 'c', 'u', 'v'], generators: ['(1 3)', '(1 2)'], generatorsNamed: ['(a c)', '(a b)'], elements: [], elementImages: [], orbits: [[0, 1, 2], [3], [4]] };
const trivial: PermutationGroupSummary = { ...s3, name: 'trivial', order: 1, generators: [], generatorsNamed: [], orbits: [[0], [1], [2], [3], [4]] };

describe('decideDiscreteVerdict', () => {
  it('finds a non-trivial group, naming it with the held-out losses that support it', () => {
    const v = decideDiscreteVerdict(s3, check(0.99));
    expect(v).toMatchObject({ status: 'found', symmetryFound: true, name: 'S_3 on {a, b, c}' });
    expect(v.reason).toBe('symmetry found: the permutation group S_3 on {a, b, c} (order 6, generators (a c) (a b)): held-out loss 0.00700 with the group enforced against 0.00800 without (limit 0.0150: +25% and 0.005; 400 held-out samples); the model fits the held-out data (R^2 = 0.990)');
  });

  it('says not found for the trivial group only when every swap was tested (R^2 >= 0.9)', () => {
    const v = decideDiscreteVerdict(trivial, check(0.95, 0.008));
    expect(v.status).toBe('not-found');
    expect(v.reason).toMatch(/^no symmetry found: no learned permutation and no swap of two slots keeps the held-out loss within the limit/);
  });

  it('is inconclusive for the trivial group when the swaps were not all tested, or the model does not fit', () => {
    const mid = decideDiscreteVerdict(trivial, check(0.7, 0.008));
    expect(mid.status).toBe('inconclusive');
    expect(mid.reason).toMatch(/a model with held-out R\^2 0\.700 \(at least 0\.9 needed\) is not tested on every swap of two slots: a permutation symmetry may still be there$/);
    expect(decideDiscreteVerdict(trivial, check(null, 0.008)).reason).toMatch(/a classification model is not tested on every swap/);
    const poor = decideDiscreteVerdict(s3, check(0.3));
    expect(poor).toMatchObject({ status: 'inconclusive', symmetryFound: false, name: null });
    expect(poor.reason).toBe('inconclusive: the model does not fit the data well enough to judge symmetry (held-out R^2 = 0.300, at least 0.500 needed)');
  });
});
