/**
 * Which known algebra a learned basis is: span similarity against every catalogue entry, and the
 * verdict in words.
 */
import { subspaceSimilarity } from '../../evaluation/metrics/reference';
import type { KillingSignature, KnownAlgebra } from './catalogue';
import type { Basis } from './structure';

/**
 * A learned span is called a known algebra when their similarity (below) is at least 0.9. For equal
 * dimensions that is a mean cos^2 of 0.9 over the principal angles (an average angle of about 18
 * degrees), what a generator blurred by noise of a third of its own size still reaches
 * (cos^2 = 1 / (1 + 0.33^2)); a random span of the same dimension k in the d^2 entries scores
 * k / d^2 on average (1/3 for so(3) in 3 x 3). A span one dimension larger or smaller than the
 * algebra scores at most (m - 1) / m, m the larger dimension, which stays below 0.9 up to m = 9
 * (so(3) plus a stray generator: 3/4), so there neither a subalgebra nor a sum with something else
 * passes for the algebra itself; from m = 10 on (so(5), so(8)) the catalogue's exact entry still
 * outranks its neighbours.
 */
export const MATCH_THRESHOLD = 0.9;

export interface ScoredAlgebra {
  algebra: KnownAlgebra;
  /** Sum of cos^2 of the principal angles / max(k, dim): 1 only for the same span. */
  similarity: number;
  /** Sum of cos^2 / k: 1 when the learned span lies inside the algebra, whatever its size. */
  containment: number;
}

/**
 * `subspaceSimilarity` divides the sum of cos^2 by min(k, dim), so a single rotation scores 1
 * against all of so(3); naming an algebra needs the symmetric version, divided by max(k, dim).
 */
export function scoreAgainst(basis: Basis, algebra: KnownAlgebra): ScoredAlgebra {
  const k = basis.length;
  const overlap = subspaceSimilarity(basis, algebra.basis) * Math.min(k, algebra.dim);
  return { algebra, similarity: overlap / Math.max(k, algebra.dim), containment: overlap / k };
}

/** Every catalogue entry scored, best first (ties keep the catalogue's order of preference). */
export function rankAlgebras(basis: Basis, catalogue: readonly KnownAlgebra[]): ScoredAlgebra[] {
  return catalogue
    .map((a, order) => ({ scored: scoreAgainst(basis, a), order }))
    .sort((x, y) => y.scored.similarity - x.scored.similarity || x.order - y.order)
    .map((x) => x.scored);
}

/**
 * Closure residual up to which the verdict calls the learned span closed under brackets: 10% of
 * the largest possible bracket. Noise of relative size s on the generators of a closed algebra
 * leaves a residual of about s (measured over the catalogue), so this admits noise up to about 0.1.
 */
export const CLOSED_RESIDUAL = 0.1;

/** The abstract algebra a closed span is isomorphic to, from its dimension and Killing signature (only unambiguous cases). */
function isomorphismType(r: number, sig: KillingSignature, abelian: boolean): string | null {
  if (abelian) return r === 1 ? null : `abelian (R^${r})`;
  const key = `${r}:${sig.positive},${sig.negative},${sig.zero}`;
  const types: Record<string, string> = {
    '3:0,3,0': 'so(3) (Killing form negative definite)',
    '3:2,1,0': 'sl(2) = so(1,2) (Killing form of signature (2, 1))',
    '6:0,6,0': 'so(4) = so(3) + so(3) (Killing form negative definite)',
    '6:3,3,0': 'so(1,3) (Killing form of signature (3, 3))',
  };
  return types[key] ?? null;
}

export interface VerdictInput {
  ranked: ScoredAlgebra[];
  /** Dimension of the learned span. */
  rank: number;
  closureResidual: number;
  signature: KillingSignature;
  /** Largest bracket of two orthonormal generators relative to the Böttcher-Wenzel bound. */
  bracketSize: number;
  /** For a single generator acting on 3-D points: the unit axis of its rotation part, else null. */
  rotationAxis: number[] | null;
}

const fmt = (x: number): string => x.toFixed(2);

/** "so(3) (rotations of every point about the origin), similarity 0.98", or "no known algebra ...". */
export function verdict(v: VerdictInput): string {
  const best = v.ranked[0];
  if (best && best.similarity >= MATCH_THRESHOLD) return `${best.algebra.name} (${best.algebra.description}), similarity ${fmt(best.similarity)}`;
  const parts = [best ? `no known algebra (best candidate: ${best.algebra.name}, similarity ${fmt(best.similarity)})` : 'no known algebra (none catalogued for this layout)'];
  // The smallest catalogued algebra that contains the learned span, when one does.
  const inside = v.ranked
    .filter((s) => s.algebra.dim > v.rank && s.containment >= MATCH_THRESHOLD)
    .sort((x, y) => x.algebra.dim - y.algebra.dim || y.containment - x.containment)[0];
  if (inside) {
    const axis = v.rotationAxis && inside.algebra.name.startsWith('so(3)') ? `, a rotation about the axis (${v.rotationAxis.map((x) => fmt(Math.abs(x) < 0.005 ? 0 : x)).join(', ')})` : '';
    parts.push(`a ${v.rank}-dimensional subalgebra of ${inside.algebra.name} (${inside.algebra.description}; containment ${fmt(inside.containment)})${axis}`);
  }
  if (v.closureResidual > CLOSED_RESIDUAL) {
    parts.push(`not closed under brackets (residual ${fmt(v.closureResidual)})`);
  } else {
    const type = isomorphismType(v.rank, v.signature, v.bracketSize <= CLOSED_RESIDUAL);
    if (type) parts.push(`closed under brackets, isomorphic to ${type}`);
  }
  return parts.join('; ');
}

/**
 * When the full generators match nothing but their restriction to the data's span does: the
 * known algebra as the data see it, and what the same algebra scores over all features.
 */
export function dataSpanVerdict(onSpan: ScoredAlgebra, full: ScoredAlgebra | undefined): string {
  const rest = full ? ` (${fmt(full.similarity)} over all features: the generators differ from it only where no sample lies)` : '';
  return `${onSpan.algebra.name} (${onSpan.algebra.description}) on the data's span, similarity ${fmt(onSpan.similarity)}${rest}`;
}
