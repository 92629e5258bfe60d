/** The second opinion before "not found": a learned basis that costs accuracy is no proof that the data have no symmetry. */
import { describe, expect, it } from 'vitest';
import { withGradientSecondOpinion } from '../../../src-main/engine/gradient/second-opinion';
import type { GradientSpectrum } from '../../../src-main/engine/gradient/nullspace';
import type { Verdict } from '../../../src-main/engine/verdict/decide';

const notFound: Verdict = {
  status: 'not-found',
  symmetryFound: false,
  name: null,
  similarity: null,
  reason: 'no symmetry found: enforcing the learned generators changes the held-out task loss by +56.7% (90% interval +42.4% to +73.1%; limit +10.0%)',
  interval: { estimate: 0.567, low: 0.424, high: 0.731, samples: 380, level: 0.9 } as unknown as Verdict['interval'],
  checks: [{ name: 'cost', outcome: 'fail', detail: 'the cost interval lies above +10%' }],
};

const spectrum = (values: number[], nullity: number, gap: number | null): GradientSpectrum => ({
  values, nullity, gap, clear: gap !== null && gap >= 5, gapAtK: null, k: 1, rows: 400, tolerance: 0.05, minGap: 5, source: 'model: Jacobian of the trained model',
});

describe('withGradientSecondOpinion', () => {
  it('turns "not found" into inconclusive when the model\'s gradients show a null direction, keeping both findings', () => {
    const v = withGradientSecondOpinion(notFound, { spectrum: spectrum([0.004, 0.31, 0.6, 1], 1, 77.5) });
    expect(v.status).toBe('inconclusive');
    expect(v.symmetryFound).toBe(false);
    expect(v.reason).toMatch(/^inconclusive: the learned generators are no symmetry \(enforcing .* \+56\.7%.*\), but the trained model's gradients show 1 direction\(s\) satisfying the gradient condition/);
    expect(v.reason).toMatch(/0\.00400, 0\.310/);
    expect(v.checks.at(-1)).toMatchObject({ name: 'spectrum', outcome: 'fail' });
    expect(v.interval).toBe(notFound.interval);
  });

  it('keeps "not found" when the gradients agree (no null direction), and says so in the checks', () => {
    const v = withGradientSecondOpinion(notFound, { spectrum: spectrum([0.21, 0.4, 0.7, 1], 0, null) });
    expect(v.status).toBe('not-found');
    expect(v.reason).toBe(notFound.reason);
    expect(v.checks.at(-1)).toMatchObject({ name: 'spectrum', outcome: 'pass' });
    expect(v.checks.at(-1)!.detail).toMatch(/agree: no generator satisfies the gradient condition \(smallest normalised singular value 0\.210/);
  });

  it('records a spectrum without a clear gap as undecided and keeps "not found" (the condition cannot tell there)', () => {
    const v = withGradientSecondOpinion(notFound, { spectrum: spectrum([2.5e-4, 2.6e-4, 0.04, 0.048, 0.054, 1], 4, 1.2) });
    expect(v.status).toBe('not-found');
    expect(v.checks.at(-1)).toMatchObject({ name: 'spectrum', outcome: 'undecided' });
    expect(v.checks.at(-1)!.detail).toMatch(/cannot tell here: 4 normalised singular value\(s\) at most 0\.0500 with no clear gap \(the next only 1\.20 times larger/);
  });

  it('records a second opinion that could not be made, and never touches other verdicts', () => {
    const v = withGradientSecondOpinion(notFound, { error: 'every gradient is zero' });
    expect(v.status).toBe('not-found');
    expect(v.checks.at(-1)).toMatchObject({ name: 'spectrum', outcome: 'skipped' });
    for (const status of ['found', 'inconclusive'] as const) {
      const other = { ...notFound, status, symmetryFound: status === 'found' };
      expect(withGradientSecondOpinion(other, { spectrum: spectrum([0.001, 0.5, 1], 1, 500) })).toBe(other);
    }
  });
});
