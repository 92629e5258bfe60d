/**
 * Matching on the data's span. Samples that fill only a subspace of R^d (the 2-body states satisfy
 * q2 = -q1, p2 = -p1) leave a generator's action on the rest undetermined: no loss term can learn
 * it. Restricted to the span (L P, P the projector onto the span of the samples, as in
 * metrics/visible.ts) a learned generator can be a known algebra although the full matrices are not.
 */
import { frobeniusNorm, matMul } from '../linalg';
import type { KnownAlgebra } from './catalogue';
import { orthonormalSpan, type Basis } from './structure';

/** A learned generator whose visible part is below this fraction of its size is invisible on the data. */
const INVISIBLE = 1e-6;

export function checkProjector(projector: readonly (readonly number[])[], d: number): void {
  const bad = projector.length !== d || projector.some((row) => row.length !== d || row.some((v) => !Number.isFinite(v)));
  if (bad) throw new Error(`analyzeAlgebra: dataSpan must be a ${d}x${d} projector of finite numbers (metrics/visible.ts dataSpanProjector), got ${projector.length} rows`);
}

/** True when P is (numerically) the identity: the data fill every direction, nothing to restrict. */
export function isFullSpan(projector: readonly (readonly number[])[]): boolean {
  const d = projector.length;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += (projector[i] as readonly number[])[i] as number;
  return trace > d - 0.5;
}

/** L_i P for the generators visible on the data, [k'][d][d] (k' <= k). */
export function visibleGenerators(basis: Basis, projector: readonly (readonly number[])[]): number[][][] {
  return basis.map((l) => ({ l, lp: matMul(l, projector) })).filter(({ l, lp }) => frobeniusNorm(lp) > INVISIBLE * frobeniusNorm(l)).map(({ lp }) => lp);
}

export interface RestrictedAlgebra {
  /** For scoring: an orthonormal basis of span{K_m P}, dim = its rank. */
  algebra: KnownAlgebra;
  /** K_m P, for the canonical form. */
  textbook: number[][][];
}

/** Every catalogue entry restricted to the data span; entries invisible on it are dropped. */
export function restrictCatalogue(catalogue: readonly KnownAlgebra[], projector: readonly (readonly number[])[]): RestrictedAlgebra[] {
  const out: RestrictedAlgebra[] = [];
  for (const a of catalogue) {
    const textbook = a.basis.map((k) => matMul(k, projector));
    const span = orthonormalSpan(visibleGenerators(a.basis, projector));
    if (span.length === 0) continue;
    out.push({ algebra: { ...a, basis: span, dim: span.length }, textbook });
  }
  return out;
}
