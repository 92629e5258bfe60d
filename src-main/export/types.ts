/**
 * What an export of a discovered symmetry holds. The algebra analysis, the verdict and the run
 * provenance are typed structurally here (the fields this module reads), so the export does not
 * depend on the modules that produce them.
 */
import type { FeatureLayout } from '../data/dataset';

export type ExportFormat = 'json' | 'latex' | 'npy' | 'npz';

export interface AlgebraSummary {
  /** c[i][j][l]: [L_i, L_j] ~ sum_l c_ijl L_l, [k][k][k]. */
  structureConstants: number[][][];
  /** How far the commutators leave span{L}: relative residual of the least-squares fit, >= 0. */
  closureResidual: number;
  bestMatch: { name: string; similarity: number } | null;
  description: string;
  /** The same span in a readable basis [r][d][d] (entries below snapThreshold x the generator's largest are 0), when analysed. */
  canonical?: { basis: number[][][]; snapThreshold: number; matchedTo: string | null } | null;
}

export interface Verdict {
  /** found / not-found / inconclusive (absent in exports of runs recorded before statuses existed). */
  status?: 'found' | 'not-found' | 'inconclusive';
  symmetryFound: boolean;
  name: string | null;
  similarity: number | null;
  reason: string;
}

export interface Provenance {
  runId: string | null;
  config: unknown;
  seed: number;
  datasetHash: string | null;
  appVersion: string;
  /** ISO 8601 time of the export. */
  createdAt: string;
}

export interface ExportInput {
  /** Normalised basis as used in training, [k][d][d]; acts on column vectors: x -> expm(sum t_i L_i) x. */
  basis: number[][][];
  /** Before normalisation, when known, [k][d][d]. */
  rawBasis?: number[][][];
  /** 0/1 [d][d]: entries every generator may use. */
  mask: number[][] | null;
  /** How the basis was normalised, e.g. 'per-generator frobenius'. */
  normalisation: string;
  layout: FeatureLayout;
  /** Input feature order (all blocks for `vector:D`). */
  featureNames: string[];
  /** Per-generator approximation strengths, [k], when learned. */
  strengths: number[] | null;
  algebra: AlgebraSummary | null;
  verdict: Verdict | null;
  provenance: Provenance;
}

export interface LatexOptions {
  /** Decimal places of numeric entries (default 3). */
  precision?: number;
  /** Entries with |x| below this are written as 0 (default 10^-precision). */
  snapThreshold?: number;
  /** Write entries near 0, +-1, +-1/2, +-sqrt(2)/2, +-sqrt(3)/2 symbolically (default true). */
  symbolic?: boolean;
  /** How close an entry must be to a symbolic value (default 10^-precision / 2: never more than the decimals claim). */
  symbolicTolerance?: number;
  /** Coefficients t [k] of the group element exp(sum t_i L_i) shown (default t_i = 1). */
  groupElement?: number[];
  /** A fragment to paste into an existing document instead of a complete one (default false). */
  fragment?: boolean;
}

export interface ExportOptions extends LatexOptions {
  /** Element type of the .npy/.npz arrays (default float32). */
  dtype?: 'float32' | 'float64';
}

export interface ExportResult {
  fileName: string;
  bytes: Uint8Array;
  mediaType: string;
}
