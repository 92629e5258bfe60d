/**
 * The run's verdict ("was a symmetry found?") as the trainer wrote it into the run summary
 * (summary.verdict, src-main/engine/verdict/decide.ts). Runs still training, and runs recorded before
 * verdicts existed, have none.
 */

export type VerdictStatus = 'found' | 'not-found' | 'inconclusive';

export interface RunVerdict {
  /** Runs recorded before statuses existed read as found / not-found from symmetryFound. */
  status: VerdictStatus;
  symmetryFound: boolean;
  /** The best-matching known algebra, only when a symmetry was found. */
  name: string | null;
  similarity: number | null;
  /** In words, with the numbers behind it. */
  reason: string;
  /** Bootstrap interval of the relative cost of enforcing the generators, when measured. */
  interval: { level: number; estimate: number; low: number; high: number } | null;
}

const STATUSES: readonly string[] = ['found', 'not-found', 'inconclusive'];

function intervalOf(v: unknown): RunVerdict['interval'] {
  if (typeof v !== 'object' || v === null) return null;
  const { level, estimate, low, high } = v as Record<string, unknown>;
  const nums = [level, estimate, low, high];
  return nums.every((x) => typeof x === 'number' && Number.isFinite(x)) ? { level: level as number, estimate: estimate as number, low: low as number, high: high as number } : null;
}

export function runVerdict(summary: Record<string, unknown> | null | undefined): RunVerdict | null {
  const v = summary?.['verdict'];
  if (typeof v !== 'object' || v === null) return null;
  const { symmetryFound, name, similarity, reason, status, interval } = v as Record<string, unknown>;
  if (typeof symmetryFound !== 'boolean' || typeof reason !== 'string') return null;
  return {
    status: typeof status === 'string' && STATUSES.includes(status) ? (status as VerdictStatus) : symmetryFound ? 'found' : 'not-found',
    symmetryFound,
    interval: intervalOf(interval),
    name: typeof name === 'string' ? name : null,
    similarity: typeof similarity === 'number' && Number.isFinite(similarity) ? similarity : null,
    reason,
  };
}

/** The reason without its leading "symmetry found:" / "no symmetry found:" / "inconclusive:", which the headline says. */
export function verdictDetail(verdict: RunVerdict): string {
  return verdict.reason.replace(/^((no )?symmetry found|inconclusive):\s*/i, '');
}

/** The headline: "Symmetry found: so(2)", "No symmetry found" or "Inconclusive". */
export function verdictHeadline(verdict: RunVerdict): string {
  if (verdict.status === 'found') return `Symmetry found${verdict.name ? `: ${verdict.name}` : ''}`;
  return verdict.status === 'inconclusive' ? 'Inconclusive' : 'No symmetry found';
}

/** "+1.2% (90% interval -0.8% to +3.1%)": what enforcing the generators costs, with its uncertainty. */
export function verdictInterval(verdict: RunVerdict): string | null {
  const i = verdict.interval;
  if (!i) return null;
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
  return `${pct(i.estimate)} (${Math.round(100 * i.level)}% interval ${pct(i.low)} to ${pct(i.high)})`;
}
