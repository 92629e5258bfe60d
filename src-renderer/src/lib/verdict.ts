/**
 * The run's verdict ("was a symmetry found?") as the trainer wrote it into the run summary
 * (summary.verdict, src-main/engine/verdict/decide.ts). Runs still training, and runs recorded before
 * verdicts existed, have none.
 */

export interface RunVerdict {
  symmetryFound: boolean;
  /** The best-matching known algebra, only when a symmetry was found. */
  name: string | null;
  similarity: number | null;
  /** In words, with the numbers behind it. */
  reason: string;
}

export function runVerdict(summary: Record<string, unknown> | null | undefined): RunVerdict | null {
  const v = summary?.['verdict'];
  if (typeof v !== 'object' || v === null) return null;
  const { symmetryFound, name, similarity, reason } = v as Record<string, unknown>;
  if (typeof symmetryFound !== 'boolean' || typeof reason !== 'string') return null;
  return {
    symmetryFound,
    name: typeof name === 'string' ? name : null,
    similarity: typeof similarity === 'number' && Number.isFinite(similarity) ? similarity : null,
    reason,
  };
}

/** The reason without its leading "symmetry found:" / "no symmetry found:", which the headline says. */
export function verdictDetail(verdict: RunVerdict): string {
  return verdict.reason.replace(/^(no )?symmetry found:\s*/i, '');
}
