import { describe, expect, it } from 'vitest';
import type { Summary, Verdict } from '../../src-main/api/schemas';
import { verdictCard } from '../../src-renderer/src/lib/verdict-card';

type Check = Verdict['checks'][number];
const check = (name: Check['name'], outcome: Check['outcome'], detail = ''): Check => ({ name, outcome, detail });
const interval = { level: 0.9, estimate: -0.209, low: -0.249, high: -0.161, resamples: 1000 };
const summary = (over: Record<string, unknown> = {}): Summary =>
  ({ verdictEvidence: { samples: 19 }, starts: null, agreement: null, algebra: { bestMatch: null }, ...over }) as unknown as Summary;

describe('verdictCard', () => {
  it('an inconclusive run is amber and says in one sentence what decided it, with its held-out samples', () => {
    const verdict: Verdict = {
      status: 'inconclusive', symmetryFound: false, name: null, similarity: null, interval,
      reason: 'inconclusive: ...',
      checks: [check('fit', 'fail', 'held-out R^2 = -14.0'), check('samples', 'fail', 'only 19 held-out samples'), check('cost', 'pass'), check('data', 'undecided', 'only 28 orbit points')],
    };
    const card = verdictCard(verdict, summary());
    expect(card.tone).toBe('doubt');
    expect(card.headline).toBe('Inconclusive');
    expect(card.sentence).toBe(
      'Inconclusive: the model does not fit the held-out data well enough to judge symmetry, 19 held-out samples are too few to judge the cost and the data cannot tell whether the labels stay constant along the orbits.',
    );
    expect(card.facts).toEqual([
      { label: 'Cost of enforcing the generators', value: '-20.9% (90% interval -24.9% to -16.1%)' },
      { label: 'Held-out samples', value: '19 (too few)' },
      { label: 'Data test', value: 'cannot decide' },
      { label: 'Starts', value: 'one start' },
      { label: 'Algebra', value: 'no known algebra matches' },
    ]);
  });

  it('an image run whose cost fails says why that alone is inconclusive, not that the interval straddles the limit', () => {
    const detail = 'enforcing the learned generators changes the held-out task loss by +106% (...); within +-0.500 it changes it by +39.8% (...): images have no data test, and on its own the cost cannot tell a missing symmetry from one that holds over a narrower range than the one searched';
    const verdict: Verdict = { status: 'inconclusive', symmetryFound: false, name: null, similarity: null, interval: { ...interval, estimate: 1.06, low: 0.86, high: 1.3 }, reason: 'inconclusive: ...', checks: [check('cost', 'undecided', detail), check('data', 'skipped')] };
    const card = verdictCard(verdict, summary({ verdictEvidence: { samples: 200 } }));
    expect(card.sentence).toMatch(/^Inconclusive: enforcing the generators costs beyond the limit, but images have no data test, and the cost alone cannot tell a missing symmetry from one over a narrower range than searched/);
    expect(card.sentence).not.toMatch(/straddles/);
  });

  it('found is green, names the algebra and how the starts agreed; without a known algebra the headline says so', () => {
    const verdict: Verdict = { status: 'found', symmetryFound: true, name: 'so(2)', similarity: 0.981, interval: { ...interval, estimate: 0.01, low: -0.01, high: 0.031 }, reason: 'symmetry found: ...', checks: [check('cost', 'pass'), check('data', 'pass'), check('agreement', 'pass')] };
    const card = verdictCard(verdict, summary({ verdictEvidence: { samples: 400 }, starts: [{}, {}, {}], agreement: { compared: 3, minSimilarity: 0.97 } }));
    expect(card.tone).toBe('found');
    expect(card.sentence).toBe("Symmetry found (so(2)): enforcing the generators changes the held-out loss by at most +3.1% (90% interval), the data's own test passes, the starts near the best agree, judged on 400 held-out samples.");
    expect(card.facts.find((f) => f.label === 'Starts')!.value).toBe('3; 3 near the best, smallest pairwise similarity 0.97');
    expect(card.facts.find((f) => f.label === 'Algebra')!.value).toBe('so(2) (similarity 0.981)');
    expect(verdictCard({ ...verdict, name: null, similarity: null }, summary()).headline).toBe('Symmetry found, not a known algebra');
  });

  it('not found is red only on evidence against; a method without generators makes no claim (grey)', () => {
    const against: Verdict = { status: 'not-found', symmetryFound: false, name: null, similarity: null, interval, reason: 'no symmetry found: ...', checks: [check('cost', 'fail'), check('data', 'fail', 'labels change along the orbits 0.6 times as much')] };
    const card = verdictCard(against, summary({ verdictEvidence: { samples: 400 }, algebra: { bestMatch: { name: 'so(2)', similarity: 0.93 } } }));
    expect(card.tone).toBe('against');
    expect(card.sentence).toBe("No symmetry found: enforcing the generators raises the held-out loss beyond the limit and the data's labels change along the orbits, judged on 400 held-out samples.");
    expect(card.facts.find((f) => f.label === 'Algebra')!.value).toBe('closest known: so(2) (similarity 0.93), not claimed');
    const plain: Verdict = { status: 'not-found', symmetryFound: false, name: null, similarity: null, interval: null, reason: 'method plain has no generators, so it makes no claim about symmetry', checks: [check('method', 'fail', 'method plain has no generators, so it makes no claim about symmetry')] };
    const none = verdictCard(plain, summary({ verdictEvidence: null, algebra: null }));
    expect(none.tone).toBe('neutral');
    expect(none.sentence).toBe('No symmetry claimed: method plain has no generators, so it makes no claim about symmetry.');
  });

  it('a symmetry found as the algebra generated by exact directions says so, in the sentence and the algebra', () => {
    const verdict: Verdict = { status: 'found', symmetryFound: true, name: 'so(3)', similarity: 0.998, interval: { ...interval, estimate: 0.01, low: -0.02, high: 0.05 }, reason: 'symmetry found: so(3) (dimension 3), generated by ...', checks: [check('cost', 'pass'), check('data', 'skipped'), check('closure', 'pass')] };
    const card = verdictCard(verdict, summary({ verdictEvidence: { samples: 525 }, generatedAlgebra: { status: 'found', from: ['rotation about x', 'rotation about the axis (0.24, 0.86, -0.44)'] } }));
    expect(card.sentence).toBe(
      'Symmetry found (so(3)): generated by the exact directions rotation about x and rotation about the axis (0.24, 0.86, -0.44) of the learned span, which was not found as a whole, enforcing the generators changes the held-out loss by at most +5% (90% interval), no data test applies (judged on the model), judged on 525 held-out samples.',
    );
    expect(card.facts.find((f) => f.label === 'Algebra')!.value).toBe('so(3) (similarity 0.998), generated by exact directions of the learned span');
    // Tried and not found: the learned span's answer, nothing said of the generated one.
    const tried = verdictCard({ ...verdict, status: 'inconclusive', symmetryFound: false, name: null, similarity: null, checks: [check('closure', 'fail')] }, summary({ generatedAlgebra: { status: 'not-found', from: ['rotation about x'] } }));
    expect(tried.facts.find((f) => f.label === 'Algebra')!.value).toBe('no known algebra matches');
  });
});
