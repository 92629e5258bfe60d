/**
 * The run's verdict ("was a symmetry found?") as the trainer wrote it into the run summary
 * (summary.verdict, src-main/engine/verdict/decide.ts), read by the store through the summary
 * schema: runs recorded before statuses existed already read as found / not-found there. Runs still
 * training, runs recorded before verdicts existed, and runs whose summary cannot be read have none.
 */
import type { Summary, Verdict } from '../../../src-main/api/schemas';

export function runVerdict(summary: Summary | null | undefined): Verdict | null {
  return summary?.verdict ?? null;
}

/** The reason without its leading "symmetry found:" / "no symmetry found:" / "inconclusive:", which the headline says. */
export function verdictDetail(verdict: Verdict): string {
  return verdict.reason.replace(/^((no )?symmetry found|inconclusive):\s*/i, '');
}

/** The headline: "Symmetry found: so(2)", "No symmetry found" or "Inconclusive". */
export function verdictHeadline(verdict: Verdict): string {
  if (verdict.status === 'found') return `Symmetry found${verdict.name ? `: ${verdict.name}` : ''}`;
  return verdict.status === 'inconclusive' ? 'Inconclusive' : 'No symmetry found';
}

/** "+1.2% (90% interval -0.8% to +3.1%)": what enforcing the generators costs, with its uncertainty. */
export function verdictInterval(verdict: Verdict): string | null {
  const i = verdict.interval;
  if (!i) return null;
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
  return `${pct(i.estimate)} (${Math.round(100 * i.level)}% interval ${pct(i.low)} to ${pct(i.high)})`;
}
