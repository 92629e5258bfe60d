/**
 * What every importer and built-in simulator hands to the engine: plain typed arrays plus the
 * feature layout that says how a candidate group element g (d x d) acts on a sample.
 * No tensors here: `data/` knows arrays, `engine/` turns them into tensors.
 */
import type { DatasetRecord } from './record';

/**
 * How g acts on a sample.
 * - `vector`: the input row is `blocks` consecutive groups of `d` features (e.g. timesteps of a
 *   state); g acts on each group alike: x_t -> g x_t. inputDim = blocks * d.
 * - `points`: the sample is a point cloud of up to `maxPoints` points of dimension 3 (`d` = 3) or
 *   homogeneous 4 (`d` = 4, g acts on [p; 1], last row of every generator masked to 0).
 * - `image`: the sample is an image [height, width, channels] (inputs row-major, channels last);
 *   g is a 2-D affine map of the image plane in homogeneous normalised coordinates (u, v, 1)
 *   (d = 3, last row of every generator masked to 0), applied by bilinear resampling.
 */
export type FeatureLayout =
  | { kind: 'vector'; d: number; blocks: number }
  | { kind: 'points'; d: 3 | 4; maxPoints: number }
  | { kind: 'image'; d: 3; height: number; width: number; channels: number };

export type TaskKind = 'invariant' | 'equivariant';
export type TargetKind = 'regression' | 'classification';

/** Point clouds with varying point counts, padded to maxPoints. */
export interface PointSet {
  /** [n, maxPoints, 3], zeros where padded. */
  coords: Float32Array;
  /** [n, maxPoints] species index per point (0 where padded). */
  species: Int32Array;
  /** [n, maxPoints] 1 for a real point, 0 for padding. */
  mask: Float32Array;
  maxPoints: number;
  numSpecies: number;
}

/** One split of a dataset: n samples. */
export interface SampleSet {
  n: number;
  /** [n, inputDim] row-major, for the `vector` and `image` layouts. Empty for `points`. */
  inputs: Float32Array;
  /** Point clouds, for the `points` layout. */
  points?: PointSet;
  /** [n, targetDim] row-major. For classification: one column of class indices. */
  targets: Float32Array;
  /**
   * Gradient of the first target with respect to the inputs, where the data carry it (an energy
   * with per-atom forces: gradient = -forces). Same shape as the inputs: [n, inputDim] for `vector`,
   * [n, maxPoints, 3] for `points` (zeros where padded). Described by `Dataset.targetGradient`.
   */
  targetGradient?: Float32Array;
  /**
   * Correlation group of each sample [n] (the trajectory a window came from, the molecule a
   * conformer belongs to): held-out splits keep a group whole, never scattering near-duplicates.
   */
  groups?: Int32Array;
}

/** A known permutation symmetry: the full symmetric group S_m on the listed slots, the rest fixed. */
export interface ReferencePermutations {
  kind: 'symmetric';
  /** 0-based feature (vector) or point indices the group permutes. */
  slots: number[];
  /** Group order, m! for S_m. */
  order: number;
  /** As the weight-sharing summary names a group, e.g. `S_3 on {x1, x2, x3}`. */
  name: string;
}

export interface Dataset {
  /** Short name, e.g. `builtin:nbody2` or a file name. */
  name: string;
  /** Where it came from, for provenance (file paths or the builtin spec). */
  source: string;
  layout: FeatureLayout;
  task: TaskKind;
  targetKind: TargetKind;
  /** Number of classes, for classification. */
  numClasses?: number;
  /** Class names by index, where the source names them (image folders; digits '0'..'9'). */
  classNames?: string[];
  inputNames: string[];
  targetNames: string[];
  train: SampleSet;
  /** A held-out test split when the source defines one (built-ins, --test-data). */
  test?: SampleSet;
  /**
   * True when `test` was drawn from the same samples as `train` (an import's seeded split), so it
   * shares the training distribution: the verdict may pool it with a validation split too small to
   * judge alone. Absent for a separate test file or a built-in's own (possibly shifted) test split.
   */
  testDrawnLikeTrain?: boolean;
  /**
   * Present when the splits carry `targetGradient`: which target it differentiates, where it came
   * from (e.g. `forces` negated) and its unit (target unit per input unit), null when not stated.
   */
  targetGradient?: { target: string; source: string; unit: string | null };
  /** Ground-truth Lie algebra basis [k][d][d], when known (built-ins). */
  referenceBasis?: number[][][];
  /**
   * Per generator of `referenceBasis`: true where the data are exactly symmetric under it, false
   * where the symmetry is only approximate (broken by a known small term). Absent: all exact.
   */
  referenceExact?: boolean[];
  /** Ground-truth discrete symmetry, when known: the permutation group of some features (built-ins). */
  referencePermutations?: ReferencePermutations;
  /** What one correlation group of `SampleSet.groups` is, in words (e.g. `trajectory`, `molecule`). */
  groupUnit?: string;
  /** Free-form notes shown to the user (units, split rule). */
  notes?: string[];
  /** What the importer recorded (files, hash, units, split); absent for built-ins. */
  record?: DatasetRecord;
}

export function inputDim(layout: FeatureLayout): number {
  if (layout.kind === 'image') return layout.height * layout.width * layout.channels;
  return layout.kind === 'vector' ? layout.d * layout.blocks : layout.maxPoints * 3;
}
