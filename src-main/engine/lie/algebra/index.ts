/**
 * Algebra analysis of a learned Lie algebra basis L_1..L_k ([k][d][d], acting on column vectors in
 * the input feature order, per block of d features or per point as the layout says): its bracket
 * structure, its Killing form, and which known algebra acting in the same layout it is.
 */
import type { FeatureLayout } from '../../../data/dataset';
import { frobeniusNorm } from '../linalg';
import { alignToKnown, DEFAULT_SNAP_THRESHOLD, echelonForm, snapSmallEntries } from './canonical';
import { knownAlgebras } from './catalogue';
import { checkProjector, isFullSpan, restrictCatalogue, visibleGenerators } from './data-span';
import { dataSpanVerdict, MATCH_THRESHOLD, rankAlgebras, verdict, type ScoredAlgebra } from './match';
import {
  bracket,
  closureResidual,
  coefficientsInSpan,
  generatorDiagnostics,
  killingForm,
  killingSignature,
  orthonormalSpan,
  structureConstants,
} from './structure';

export { knownAlgebras, type KillingSignature, type KnownAlgebra } from './catalogue';
export { MATCH_THRESHOLD, CLOSED_RESIDUAL } from './match';
export { DEFAULT_SNAP_THRESHOLD } from './canonical';
export { KILLING_ZERO_FLOOR, KILLING_ZERO_RELATIVE } from './structure';

export interface AlgebraMatch {
  name: string;
  description: string;
  dim: number;
  similarity: number;
  /** True when the match holds only for the generators restricted to the data's span (options.dataSpan). */
  onDataSpan?: boolean;
}

export interface AlgebraAnalysis {
  k: number;
  d: number;
  /** c[i][j][m]: [L_i, L_j] ~ sum_m c_ij^m L_m (least squares over the span), [k][k][k]. */
  structureConstants: number[][][];
  /** Relative residual of that projection in [0, 1], 0 = closed under brackets (see closureResidual). */
  closureResidual: number;
  /** K_ij = tr(ad_i ad_j) on the given generators, [k][k]; the signature adds up to k. */
  killing: { form: number[][]; signature: { positive: number; negative: number; zero: number } };
  /** Per generator: antisymmetric share in [0, 1] and normalised trace in [-1, 1]. */
  diagnostics: { antisymmetry: number[]; trace: number[] };
  /** Every catalogue entry for the layout, best first (full generators). */
  matches: AlgebraMatch[];
  /** With options.dataSpan (not the whole space): the same on the data's span, dim = what the data see of each algebra. */
  dataSpanMatches?: AlgebraMatch[];
  /** The best match when its similarity is at least MATCH_THRESHOLD (full generators first, else on the data's span), else null. */
  bestMatch: AlgebraMatch | null;
  /** The verdict in words. */
  description: string;
  /** The learned span in a readable basis ([r][d][d]); entries below snapThreshold x the generator's largest are 0. */
  canonical: { basis: number[][][]; snapThreshold: number; matchedTo: string | null };
}

function layoutText(layout: FeatureLayout): string {
  if (layout.kind === 'image') return 'image';
  return layout.kind === 'points' ? `points:${layout.d}` : `vector:${layout.d}`;
}

function checkBasis(basis: readonly (readonly (readonly number[])[])[], layout: FeatureLayout): void {
  const d = layout.d;
  if (basis.length === 0) throw new Error(`analyzeAlgebra: expected a basis of k >= 1 generators, [k][${d}][${d}], got none`);
  basis.forEach((l, i) => {
    const bad = l.length !== d || l.some((row) => row.length !== d);
    if (bad) {
      const cols = l.find((row) => row.length !== d)?.length ?? l[0]?.length ?? 0;
      throw new Error(`analyzeAlgebra: generator ${i} is ${l.length}x${cols}, expected ${d}x${d} for layout ${layoutText(layout)}`);
    }
    l.forEach((row, r) =>
      row.forEach((v, c) => {
        if (!Number.isFinite(v)) throw new Error(`analyzeAlgebra: generator ${i}, row ${r}, column ${c} is ${v}, expected a finite number`);
      }),
    );
  });
}

/** Largest ||[Q_a, Q_b]||_F / sqrt(2) over an orthonormal basis of the span: 0 for an abelian algebra. */
function largestBracket(q: number[][][]): number {
  let best = 0;
  for (let a = 0; a < q.length; a++) for (let b = a + 1; b < q.length; b++) best = Math.max(best, frobeniusNorm(bracket(q[a]!, q[b]!)) / Math.SQRT2);
  return best;
}

/**
 * The axis n of the rotation part of one generator acting on 3-D points (points:3, points:4, vector:3):
 * A = (L - L^T) / 2 on the first three features, n = (A_21, A_02, A_10) / |.|, sign chosen so the
 * largest component is positive. Null for any other case or a generator without rotation part.
 */
function rotationAxis(basis: number[][][], layout: FeatureLayout): number[] | null {
  if (basis.length !== 1 || !(layout.kind === 'points' || layout.d === 3)) return null;
  const l = basis[0]!;
  const anti = (i: number, j: number): number => (l[i]![j]! - l[j]![i]!) / 2;
  const n = [anti(2, 1), anti(0, 2), anti(1, 0)];
  const norm = Math.hypot(...n);
  if (!(norm > 0)) return null;
  const lead = n.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
  return n.map((v) => (Math.sign(lead) * v) / norm + 0);
}

function asMatch(s: ScoredAlgebra, onDataSpan = false): AlgebraMatch {
  return { name: s.algebra.name, description: s.algebra.description, dim: s.algebra.dim, similarity: s.similarity, ...(onDataSpan ? { onDataSpan } : {}) };
}

export interface AnalyzeOptions {
  /** Fraction of a generator's largest entry below which the canonical form shows 0 (default 0.05). */
  snapThreshold?: number;
  /**
   * Projector [d][d] onto the span of the samples (metrics/visible.ts `dataSpanProjector`). When
   * the full generators match nothing, they are matched again restricted to it (L P against K P).
   */
  dataSpan?: number[][];
}

/** Analyse a learned basis [k][d][d] acting in `layout`. */
export function analyzeAlgebra(basis: number[][][], layout: FeatureLayout, options: AnalyzeOptions = {}): AlgebraAnalysis {
  checkBasis(basis, layout);
  const snapThreshold = options.snapThreshold ?? DEFAULT_SNAP_THRESHOLD;
  if (!(snapThreshold >= 0 && snapThreshold < 1)) throw new Error(`analyzeAlgebra: snapThreshold must be in [0, 1), got ${snapThreshold}`);
  const k = basis.length;
  const c = structureConstants(basis);
  const signature = killingSignature(basis);
  const span = orthonormalSpan(basis);
  const residual = closureResidual(basis);
  const catalogue = knownAlgebras(layout);
  const ranked = rankAlgebras(basis, catalogue);
  const matches: AlgebraMatch[] = ranked.map((s) => asMatch(s));
  const best = ranked[0] && ranked[0].similarity >= MATCH_THRESHOLD ? ranked[0] : null;
  const projector = options.dataSpan;
  if (projector) checkProjector(projector, layout.d);
  const visible = projector && !isFullSpan(projector) ? visibleGenerators(basis, projector) : null;
  const restricted = projector && visible && visible.length > 0 ? restrictCatalogue(catalogue, projector) : [];
  const rankedOnSpan = visible && visible.length > 0 ? rankAlgebras(visible, restricted.map((r) => r.algebra)) : null;
  const bestOnSpan = !best && rankedOnSpan?.[0] && rankedOnSpan[0].similarity >= MATCH_THRESHOLD ? rankedOnSpan[0] : null;
  let description = verdict({
    ranked,
    rank: span.length,
    closureResidual: residual,
    // The verdict speaks of the span: leave out the zeros that only say generators are dependent.
    signature: { ...signature, zero: signature.zero - (k - span.length) },
    bracketSize: largestBracket(span),
    rotationAxis: rotationAxis(basis, layout),
  });
  let readable = best ? alignToKnown(basis, coefficientsInSpan(basis, best.algebra.basis)) : echelonForm(basis);
  if (bestOnSpan && visible) {
    description = dataSpanVerdict(bestOnSpan, ranked.find((r) => r.algebra.name === bestOnSpan.algebra.name));
    // What the data see, written in the restricted textbook generators K_m P.
    const textbook = restricted.find((r) => r.algebra.name === bestOnSpan.algebra.name)!.textbook;
    readable = alignToKnown(visible, coefficientsInSpan(visible, textbook));
  }
  return {
    k,
    d: layout.d,
    structureConstants: c,
    closureResidual: residual,
    killing: { form: killingForm(c), signature },
    diagnostics: generatorDiagnostics(basis),
    matches,
    ...(rankedOnSpan ? { dataSpanMatches: rankedOnSpan.map((s) => asMatch(s, true)) } : {}),
    bestMatch: best ? asMatch(best) : bestOnSpan ? asMatch(bestOnSpan, true) : null,
    description,
    canonical: { basis: snapSmallEntries(readable, snapThreshold), snapThreshold, matchedTo: (best ?? bestOnSpan)?.algebra.name ?? null },
  };
}
