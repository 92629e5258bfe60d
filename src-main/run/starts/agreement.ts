/**
 * Do the starts of a run agree? Among the starts whose validation loss is within 10 % of the best
 * (the others lost and say nothing about the answer), the pairwise subspace similarity of their
 * learned algebras on the data's span (1 = the same span of generators, whatever their order,
 * sign or mixing), and for weight sharing whether they found the same permutation group.
 */
import { subspaceSimilarity, type Basis } from '../../engine/evaluation/metrics/reference';
import { visibleBasis } from '../../engine/evaluation/metrics/visible';

/** Starts compared: validation loss at most best + 10 % of |best|. */
export const AGREEMENT_WITHIN = 0.1;

export interface StartOutcome {
  index: number;
  seed: number;
  valLoss: number | null;
  /** The learned basis [k][d][d] (empty when the method learns none). */
  basis: Basis;
  /** The verdict's name and status, for the one-line account of what the start found. */
  verdict: { status: string; name: string | null };
  /** Weight sharing: the elements of the permutation group found (as cycle strings), else null. */
  groupElements: string[] | null;
  groupName: string | null;
}

export interface StartsAgreement {
  /** How many starts were compared (those within AGREEMENT_WITHIN of the best validation loss). */
  compared: number;
  /** Their indices. */
  indices: number[];
  /** Smallest pairwise subspace similarity on the data's span; null with fewer than 2 bases to compare. */
  minSimilarity: number | null;
  pairs: { a: number; b: number; similarity: number }[];
  /** Weight sharing: did every compared start find the same group? null when none found a group. */
  groupsAgree: boolean | null;
  /** One line per start (all of them): seed, validation loss, what it found. */
  found: string[];
  /** How many of the compared starts found a symmetry (verdict found). */
  foundNearBest: number;
}

function within(outcomes: readonly StartOutcome[]): StartOutcome[] {
  const losses = outcomes.map((o) => o.valLoss).filter((v): v is number => v !== null && Number.isFinite(v));
  if (losses.length === 0) return [...outcomes];
  const best = Math.min(...losses);
  const limit = best + AGREEMENT_WITHIN * Math.abs(best);
  return outcomes.filter((o) => o.valLoss !== null && o.valLoss <= limit);
}

function foundLine(o: StartOutcome): string {
  const loss = o.valLoss === null ? '-' : o.valLoss.toPrecision(4);
  const group = o.groupElements ? `, group ${o.groupName ?? 'not recognised'} (order ${o.groupElements.length})` : '';
  return `start ${o.index} (seed ${o.seed}, validation loss ${loss}): ${o.verdict.status}${o.verdict.name ? ` ${o.verdict.name}` : ''}${group}`;
}

/**
 * `projector` restricts every basis to the data's span (L P) before comparing; pass null when the
 * bases are already restricted (the summary's basisVisible).
 */
export function startsAgreement(outcomes: readonly StartOutcome[], projector: number[][] | null): StartsAgreement {
  const compared = within(outcomes);
  const pairs: StartsAgreement['pairs'] = [];
  const withBasis = compared.filter((o) => o.basis.length > 0);
  const bases = withBasis.map((o) => (projector ? visibleBasis(o.basis, projector) : o.basis));
  for (let i = 0; i < bases.length; i++) {
    for (let j = i + 1; j < bases.length; j++) {
      pairs.push({ a: withBasis[i]!.index, b: withBasis[j]!.index, similarity: subspaceSimilarity(bases[i]!, bases[j]!) });
    }
  }
  const groups = compared.map((o) => o.groupElements).filter((g): g is string[] => g !== null);
  const key = (g: string[]): string => [...g].sort().join(' ');
  const groupsAgree = groups.length === 0 ? null : groups.every((g) => key(g) === key(groups[0]!));
  return {
    compared: compared.length,
    indices: compared.map((o) => o.index),
    minSimilarity: pairs.length > 0 ? Math.min(...pairs.map((p) => p.similarity)) : null,
    pairs,
    groupsAgree,
    found: outcomes.map(foundLine),
    foundNearBest: compared.filter((o) => o.verdict.status === 'found').length,
  };
}

/** The start with the smallest validation loss (the first on ties; the first when none has one). */
export function bestStart(outcomes: readonly StartOutcome[]): number {
  let best = 0;
  outcomes.forEach((o, i) => {
    const b = outcomes[best]!.valLoss;
    if (o.valLoss !== null && Number.isFinite(o.valLoss) && (b === null || !Number.isFinite(b) || o.valLoss < b)) best = i;
  });
  return best;
}
