/**
 * The verdict of `--method gradient`: a symmetry is found only where the spectrum has a clear gap
 * exactly at the run's k AND the null-space basis closes under brackets; every other outcome says
 * which check failed, with the numbers. When the gradients are the trained model's (the data carry
 * none), the model must fit the held-out data first, as for every other method.
 */
import { VERDICT_THRESHOLDS, type AlgebraMatch, type Verdict, type VerdictCheck, type VerdictStatus, type VerdictThresholds } from '../verdict/decide';
import type { GradientSpectrum } from './nullspace';

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(3) : v.toExponential(2));

export interface GradientVerdictInput {
  spectrum: GradientSpectrum;
  /** Where the gradients came from: the data's own, or the trained model's input gradients. */
  source: 'data' | 'model';
  /** Held-out R^2 of the trained model (regression), null when not measured. */
  r2: number | null;
  closureResidual: number | null;
  match: AlgebraMatch | null;
  /** Which directions of the span are exact and which approximate, when measured (verdict/exactness.ts). */
  exactness?: { description: string } | null;
}

export function spectrumText(s: GradientSpectrum): string {
  const shown = s.values
    .slice(0, Math.min(s.values.length, Math.max(s.k, s.nullity) + 2))
    .map(fmt)
    .join(', ');
  return `normalised singular values of the gradient condition (${s.source}, ${s.rows} rows), smallest first: ${shown}`;
}

function spectrumCheck(s: GradientSpectrum): VerdictCheck {
  const text = spectrumText(s);
  if (s.nullity === 0) {
    return { name: 'spectrum', outcome: 'fail', detail: `no generator satisfies the gradient condition: the smallest normalised singular value is ${fmt(s.values[0]!)} (a symmetry needs at most ${fmt(s.tolerance)}); ${text}` };
  }
  if (!s.clear) {
    const gap = s.gap === null ? 'and every value is that small' : `the next only ${fmt(s.gap)} times larger (at least ${fmt(s.minGap)} needed)`;
    return { name: 'spectrum', outcome: 'undecided', detail: `the spectrum has no clear gap: ${s.nullity} value(s) at most ${fmt(s.tolerance)}, ${gap}; ${text}` };
  }
  if (s.nullity !== s.k) {
    return { name: 'spectrum', outcome: 'undecided', detail: `the data show ${s.nullity} generator(s) (gap ${fmt(s.gap!)}) but the run asked for k = ${s.k}: rerun with --k ${s.nullity}; ${text}` };
  }
  return { name: 'spectrum', outcome: 'pass', detail: `${s.k} generator(s) satisfy the gradient condition (largest null value ${fmt(s.values[s.k - 1]!)}, the next ${fmt(s.gap!)} times larger); ${text}` };
}

export function decideGradientVerdict(input: GradientVerdictInput, t: VerdictThresholds = VERDICT_THRESHOLDS): Verdict {
  const { spectrum: s, match } = input;
  const checks: VerdictCheck[] = [];
  if (input.source === 'model' && input.r2 !== null) {
    const ok = input.r2 >= t.minR2;
    checks.push({
      name: 'fit',
      outcome: ok ? 'pass' : 'fail',
      detail: ok
        ? `the model fits the held-out data (R^2 = ${fmt(input.r2)}); its input gradients stand in for the data's`
        : `the model does not fit the data well enough to judge symmetry from its gradients (held-out R^2 = ${fmt(input.r2)}, at least ${fmt(t.minR2)} needed)`,
    });
  }
  const spectrum = spectrumCheck(s);
  checks.push(spectrum);
  if (spectrum.outcome === 'pass' && input.closureResidual !== null && s.k > 1) {
    const ok = input.closureResidual <= t.maxClosureResidual;
    checks.push({
      name: 'closure',
      outcome: ok ? 'pass' : 'fail',
      detail: ok
        ? `the span is closed under brackets (residual ${fmt(input.closureResidual)})`
        : `the span is not closed under brackets (residual ${fmt(input.closureResidual)}, limit ${fmt(t.maxClosureResidual)})`,
    });
  }
  const fit = checks.find((c) => c.name === 'fit' && c.outcome === 'fail');
  const closure = checks.find((c) => c.name === 'closure' && c.outcome === 'fail');
  const answer = (status: VerdictStatus, reason: string): Verdict => ({
    status,
    symmetryFound: status === 'found',
    name: status === 'found' ? (match?.name ?? null) : null,
    similarity: status === 'found' ? (match?.similarity ?? null) : null,
    reason,
    interval: null,
    checks,
  });
  if (fit) return answer('inconclusive', `inconclusive: ${fit.detail}`);
  if (spectrum.outcome === 'fail') return answer('not-found', `no symmetry found: ${spectrum.detail}`);
  if (spectrum.outcome === 'undecided') return answer('inconclusive', `inconclusive: ${spectrum.detail}`);
  if (closure) return answer('inconclusive', `invariance along the learned directions, not a closed algebra: ${closure.detail}; ${spectrum.detail}`);
  const named = match ? `; closest known algebra: ${match.name} (similarity ${fmt(match.similarity)})` : '';
  // A null value under the tolerance can still be an approximate symmetry: say which directions are exact.
  const exactness = input.exactness ? `; of the span, ${input.exactness.description}` : '';
  return answer('found', `symmetry found: ${spectrum.detail}${exactness}${named}`);
}
