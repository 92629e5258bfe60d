/**
 * The `algebra` part of the run summary (README, "Summary JSON"): the algebra analysis without the
 * per-generator details a script rarely needs (the Killing form itself, every catalogue score).
 */
import type { FeatureLayout } from '../../../data/dataset';
import { analyzeAlgebra, type AlgebraAnalysis } from './index';

export interface AlgebraSummary {
  /** c[i][j][m]: [L_i, L_j] ~ sum_m c_ij^m L_m. */
  structureConstants: number[][][];
  /** 0 = the span is closed under brackets, 1 = brackets leave it entirely. */
  closureResidual: number;
  killingSignature: { positive: number; negative: number; zero: number };
  /** The known algebra the learned span matches (similarity >= 0.9), else null; `onDataSpan`: only restricted to the data's span. */
  bestMatch: { name: string; description: string; similarity: number; onDataSpan: boolean } | null;
  /** The verdict in words: "so(3) (rotations of every point about the origin), similarity 0.98". */
  description: string;
  canonical: AlgebraAnalysis['canonical'];
}

export function algebraSummary(a: AlgebraAnalysis): AlgebraSummary {
  const m = a.bestMatch;
  return {
    structureConstants: a.structureConstants,
    closureResidual: a.closureResidual,
    killingSignature: a.killing.signature,
    bestMatch: m ? { name: m.name, description: m.description, similarity: m.similarity, onDataSpan: m.onDataSpan === true } : null,
    description: a.description,
    canonical: a.canonical,
  };
}

/**
 * The analysis of a learned basis [k][d][d] for the summary, matched on the data's span too when
 * `dataSpan` (projector [d][d]) is given; null when the method learned none (k = 0).
 */
export function analyzeLearnedBasis(basis: number[][][], layout: FeatureLayout, dataSpan?: number[][] | null): AlgebraAnalysis | null {
  return basis.length > 0 ? analyzeAlgebra(basis, layout, dataSpan ? { dataSpan } : {}) : null;
}
