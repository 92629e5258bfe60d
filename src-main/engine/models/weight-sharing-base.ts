/**
 * The weight-sharing model as a base model of the trainer (SPEC 6): the permutations act on the n
 * features of a vector, or on the point slots of a `points` layout (each point carrying its scaled
 * coordinates and species one-hot, zeroed where padded). Inputs are standardized by one scale for
 * all slots, never per column: per-column constants would differ slightly between features the
 * data treat alike and so break the very permutation symmetry the model is to find.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../data/random';
import type { Inputs } from '../layouts';
import type { BaseModel } from './model';
import { entropyRegulariser, normRegulariser, overlapRegulariser, WeightSharingModel } from './weight-sharing';
import type { WeightSharingSettings } from './weight-sharing-settings';

export interface WeightSharingSlots {
  /** `vector`: the slots are features; `points`: they are point slots with coordinates and species. */
  kind: 'vector' | 'points';
  n: number;
  /** Species one-hot width (points only). */
  numSpecies: number;
  /** Vector: subtracted from every feature; points: 0 (coordinates keep their origin). */
  inputMean: number;
  /** Vector: one std for all features; points: the coordinates' RMS. */
  inputScale: number;
  targetMean: Float32Array;
  targetStd: Float32Array;
  outDim: number;
}

export class WeightSharingBaseModel implements BaseModel {
  readonly kind = 'weight-sharing';
  readonly core: WeightSharingModel;
  readonly variables: tf.Variable[];
  private readonly settings: WeightSharingSettings;
  private readonly slots: WeightSharingSlots;
  private readonly outMean: tf.Tensor1D;
  private readonly outStd: tf.Tensor1D;
  /** The soft permutations of the step in progress (duringStep), shared by its predictions and regulariser. */
  private stepR: tf.Tensor3D | null = null;

  constructor(slots: WeightSharingSlots, settings: WeightSharingSettings, rng: Rng) {
    this.slots = slots;
    this.settings = settings;
    const features = slots.kind === 'vector' ? 1 : 3 + slots.numSpecies;
    const { groupSize, channels, hidden, logitScale } = settings;
    this.core = new WeightSharingModel({ n: slots.n, features, outDim: slots.outDim, groupSize, channels, hidden, logitScale }, rng);
    this.variables = this.core.variables;
    this.outMean = tf.tensor1d(slots.targetMean);
    this.outStd = tf.tensor1d(slots.targetStd);
  }

  /** Slot-major features [m, n * F] in standardized units. */
  private features(x: Inputs): tf.Tensor2D {
    const s = this.slots;
    if (x.kind !== s.kind) throw new Error(`this weight-sharing model permutes ${s.kind === 'vector' ? 'features of vectors' : 'points'}; got ${x.kind} inputs`);
    if (x.kind === 'vector') return tf.div(tf.sub(x.x, s.inputMean), s.inputScale) as tf.Tensor2D;
    const m = x.coords.shape[0];
    const perPoint = tf.concat([tf.div(x.coords, s.inputScale), x.species], 2);
    return tf.reshape(tf.mul(perPoint, tf.expandDims(x.mask, 2)), [m, -1]) as tf.Tensor2D;
  }

  duringStep<T>(fn: () => T): T {
    // Created inside the caller's gradient scope, which disposes it with the step's other tensors.
    this.stepR = this.core.permutations();
    try {
      return fn();
    } finally {
      this.stepR = null;
    }
  }

  predict(x: Inputs): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.mul(this.core.predict(this.features(x), this.stepR ?? undefined), this.outStd), this.outMean) as tf.Tensor2D);
  }

  regularization(): tf.Scalar | null {
    const { normWeight, entropyWeight, overlapWeight } = this.settings;
    if (this.settings.groupSize < 2 || normWeight + entropyWeight + overlapWeight === 0) return null;
    return tf.tidy(() => {
      const R = this.stepR ?? this.core.permutations();
      const learned = tf.slice(R, [1, 0, 0], [-1, -1, -1]) as tf.Tensor3D;
      return tf.addN([
        tf.mul(normWeight, normRegulariser(this.core.logits)),
        tf.mul(entropyWeight, entropyRegulariser(learned)),
        tf.mul(overlapWeight, overlapRegulariser(R)),
      ]) as tf.Scalar;
    });
  }

  softPermutations(): number[][][] {
    return this.core.permutationsArray();
  }

  dispose(): void {
    this.core.dispose();
    this.outMean.dispose();
    this.outStd.dispose();
  }
}
