/**
 * Do the starts of a run agree? Among the starts whose validation loss is within 10 % of the best
 * (the others lost and say nothing about the answer), the pairwise subspace similarity of their
 * learned algebras on the data's span (1 = the same span of generators, whatever their order,
 * sign or mixing), and for weight sharing whether they found the same permutation group.
 * Data near a lower-dimensional set (2-body orbits that are nearly circular) let different
 * matrices move every sample alike, so each pair is also compared by how it moves the held-out
 * samples (the action similarity, from the data's second moments); a pair agrees when either says so.
 */
import { actionSimilarityWith, subspaceSimilarity, type ActionMetric, type Basis } from '../../engine/evaluation/metrics/reference';
import { visibleBasis } from '../../engine/evaluation/metrics/visible';

/** Starts compared: validation loss at most best + 10 % of |best|. */
export const AGREEMENT_WITHIN = 0.1;

export interface StartOutcome {
  index: number;
  seed: number;
  valLoss: number | null;
  /** The learned basis [k][d][d] restricted to the data's span (empty when the method learns none). */
  basis: Basis;
  /** The learned basis as it is, for the action similarity (absent: not compared by action). */
  fullBasis?: Basis;
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
  /** Per pair: subspace similarity on the data's span, and the action similarity (null without a metric). */
  pairs: { a: number; b: number; similarity: number; action: number | null }[];
  /** Smallest over pairs of the larger of the two similarities; null with fewer than 2 bases. */
  minAgreement: number | null;
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
export function startsAgreement(outcomes: readonly StartOutcome[], projector: number[][] | null, metric: ActionMetric | null = null): StartsAgreement {
  const compared = within(outcomes);
  const pairs: StartsAgreement['pairs'] = [];
  const withBasis = compared.filter((o) => o.basis.length > 0);
  const bases = withBasis.map((o) => (projector ? visibleBasis(o.basis, projector) : o.basis));
  for (let i = 0; i < bases.length; i++) {
    for (let j = i + 1; j < bases.length; j++) {
      const [a, b] = [withBasis[i]!, withBasis[j]!];
      const action = metric && a.fullBasis && b.fullBasis ? actionSimilarityWith(a.fullBasis, b.fullBasis, metric) : null;
      pairs.push({ a: a.index, b: b.index, similarity: subspaceSimilarity(bases[i]!, bases[j]!), action });
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
    minAgreement: pairs.length > 0 ? Math.min(...pairs.map((p) => Math.max(p.similarity, p.action ?? 0))) : null,
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
