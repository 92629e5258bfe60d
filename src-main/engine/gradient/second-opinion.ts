/**
 * A second opinion before "no symmetry found". A learned basis that costs accuracy says only that
 * the generators the search ended on are not symmetries: the search may have missed one (the
 * trust study saw 2-body runs end on wrong generators while the rotation was there). The gradient
 * condition on the trained model (discover.ts: grad f . (L x) = 0, or J L x = L f for equivariant
 * targets) does not depend on the augmenter, so where it shows null directions with a clear gap the
 * answer becomes inconclusive, with both findings; where it shows none, "not found" stands with two
 * methods behind it; where it cannot tell (no gap), it is recorded and the answer stands.
 */
import type { Verdict } from '../verdict/decide';
import type { GradientSpectrum } from './nullspace';
import { spectrumText } from './verdict';

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(3) : v.toExponential(2));

/**
 * The verdict after the second opinion: `spectrum` from the trained model's gradients, or the
 * reason it could not be computed. Only a `not-found` verdict changes, and only ever to
 * inconclusive; every other verdict is returned as it is.
 */
export function withGradientSecondOpinion(verdict: Verdict, opinion: { spectrum: GradientSpectrum } | { error: string }): Verdict {
  if (verdict.status !== 'not-found') return verdict;
  if ('error' in opinion) {
    return { ...verdict, checks: [...verdict.checks, { name: 'spectrum', outcome: 'skipped', detail: `second opinion from the model's gradients not made: ${opinion.error}` }] };
  }
  const s = opinion.spectrum;
  if (s.nullity === 0) {
    const detail = `the ${s.source.startsWith('data') ? "data's" : "trained model's"} gradients agree: no generator satisfies the gradient condition (smallest normalised singular value ${fmt(s.values[0]!)}, a symmetry needs at most ${fmt(s.tolerance)}); ${spectrumText(s)}`;
    return { ...verdict, checks: [...verdict.checks, { name: 'spectrum', outcome: 'pass', detail }] };
  }
  if (!s.clear) {
    // Many near-null directions without a gap: the condition cannot separate symmetries from the rest here.
    const detail = `the gradient condition cannot tell here: ${s.nullity} normalised singular value(s) at most ${fmt(s.tolerance)} with no clear gap (${s.gap === null ? 'every value is that small' : `the next only ${fmt(s.gap)} times larger`}, at least ${fmt(s.minGap)} needed); ${spectrumText(s)}`;
    return { ...verdict, checks: [...verdict.checks, { name: 'spectrum', outcome: 'undecided', detail }] };
  }
  const detail = `the ${s.source.startsWith('data') ? "data's" : "trained model's"} gradients show ${s.nullity} direction(s) satisfying the gradient condition (normalised singular value${s.nullity > 1 ? 's' : ''} at most ${fmt(s.tolerance)}${s.gap !== null ? `, the next ${fmt(s.gap)} times larger` : ''}), which the learned generators do not hold: the search may have missed a symmetry (more starts, or --method gradient, can tell); ${spectrumText(s)}`;
  const checks = [...verdict.checks, { name: 'spectrum' as const, outcome: 'fail' as const, detail }];
  const against = verdict.reason.replace(/^no symmetry found: /, '');
  return { ...verdict, status: 'inconclusive', symmetryFound: false, reason: `inconclusive: the learned generators are no symmetry (${against}), but ${detail}`, checks };
}
