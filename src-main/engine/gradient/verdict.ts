/**
 * The verdict of `--method gradient`: a symmetry is found only where the spectrum has a clear gap
 * exactly at the run's k AND the null-space basis closes under brackets; every other outcome says
 * which of the two failed, with the numbers.
 */
import type { AlgebraMatch, Verdict } from '../verdict/decide';
import type { GradientSpectrum } from './nullspace';

export type VerdictStatus = 'found' | 'not-found' | 'inconclusive';

/** Largest closure residual of a span still called an algebra (lie/algebra CLOSED_RESIDUAL). */
const CLOSED = 0.1;

const fmt = (v: number): string => v.toPrecision(3);

export function decideGradientVerdict(s: GradientSpectrum, closureResidual: number | null, match: AlgebraMatch | null): Verdict & { status: VerdictStatus } {
  const no = (status: VerdictStatus, reason: string): Verdict & { status: VerdictStatus } => ({ status, symmetryFound: false, name: null, similarity: null, reason });
  const shown = s.values
    .slice(0, Math.min(s.values.length, Math.max(s.k, s.nullity) + 2))
    .map(fmt)
    .join(', ');
  const spectrumText = `normalised singular values of the gradient condition (${s.source}, ${s.rows} rows), smallest first: ${shown}`;
  if (s.nullity === 0) {
    return no('not-found', `no symmetry found: no generator satisfies the gradient condition; the smallest normalised singular value is ${fmt(s.values[0]!)} (a symmetry needs at most ${fmt(s.tolerance)}); ${spectrumText}`);
  }
  if (!s.clear) {
    return no(
      'inconclusive',
      `inconclusive: the spectrum has no clear gap: ${s.nullity} value(s) at most ${fmt(s.tolerance)}, ${s.gap === null ? 'and every value is that small' : `the next only ${fmt(s.gap)} times larger (at least ${fmt(s.minGap)} needed)`}; ${spectrumText}`,
    );
  }
  if (s.nullity !== s.k) {
    return no(
      'inconclusive',
      `inconclusive: the data show ${s.nullity} generator(s) (gap ${fmt(s.gap!)}) but the run asked for k = ${s.k}: rerun with --k ${s.nullity}; ${spectrumText}`,
    );
  }
  if (closureResidual !== null && closureResidual > CLOSED) {
    return no(
      'inconclusive',
      `invariance along the learned directions, not a closed algebra: the ${s.k} null directions (gap ${fmt(s.gap!)}) leave their span under brackets (closure residual ${fmt(closureResidual)}, limit ${fmt(CLOSED)}); ${spectrumText}`,
    );
  }
  const named = match ? `; closest known algebra: ${match.name} (similarity ${fmt(match.similarity)})` : '';
  return {
    status: 'found',
    symmetryFound: true,
    name: match?.name ?? null,
    similarity: match?.similarity ?? null,
    reason: `symmetry found: ${s.k} generator(s) satisfy the gradient condition (largest null value ${fmt(s.values[s.k - 1]!)}, next ${fmt(s.gap!)} times larger) and close under brackets (residual ${fmt(closureResidual ?? 0)})${named}; ${spectrumText}`,
  };
}
