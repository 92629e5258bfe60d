/**
 * The structure of the span the verdict judges: its rank (generators that are numerically
 * dependent add nothing) and its closure under brackets (a span that is not closed is no Lie algebra,
 * whatever the cost of enforcing it).
 */
import { closureResidual } from '../lie/algebra/structure';
import { orthonormalBasis } from '../lie/linalg';
import type { SpanStructure } from './decide';

/** Rank counts directions above `tol` times the largest singular value of the flattened generators. */
export function spanStructure(basis: number[][][], tol = 1e-3): SpanStructure {
  const rank = orthonormalBasis(basis.map((L) => L.flat()), tol).length;
  return { closureResidual: rank > 1 ? closureResidual(basis) : 0, rank, k: basis.length };
}
