/**
 * What an export of a discovered symmetry holds. The algebra analysis and the verdict are the
 * summary's (engine declarations); an export needs only part of the analysis, so the interactive
 * analysis of a snapshot (api) can be exported too.
 */
import type { FeatureLayout } from '../data/dataset';
import type { AlgebraSummary } from '../engine/lie/algebra/summary';
import type { Verdict } from '../engine/verdict/decide';

/** What an export states of the run's verdict: the answer and its reason (status absent in exports of older runs). */
export type ExportedVerdict = Pick<Verdict, 'symmetryFound' | 'name' | 'similarity' | 'reason'> & { status?: Verdict['status'] };

export type ExportFormat = 'json' | 'latex' | 'npy' | 'npz';

/** The part of the algebra analysis an export shows: structure, closure, best match and (when analysed) the readable basis. */
export type ExportedAlgebra = Pick<AlgebraSummary, 'structureConstants' | 'closureResidual' | 'description'> & {
  bestMatch: Pick<NonNullable<AlgebraSummary['bestMatch']>, 'name' | 'similarity'> | null;
  canonical?: AlgebraSummary['canonical'] | null;
};

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
  /** Units of the data the basis was learned on (positions, targets), when the import recorded them. */
  units?: { source: string | null; positions: string | null; targets: Record<string, string | null> };
  /** Per-generator approximation strengths, [k], when learned. */
  strengths: number[] | null;
  algebra: ExportedAlgebra | null;
  verdict: ExportedVerdict | null;
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
