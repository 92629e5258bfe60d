/**
 * Settings of the weight-sharing base model (SPEC section 6; `weightSharing` in the run config).
 * The norm weight follows the reference code (0.1); the entropy (0.05) and overlap (0.1) terms are
 * ours (METHODS-REFERENCE section 4 leaves them at 0): without entropy the P_g stay soft, and
 * without overlap the P_g of a point set collapse onto the identity (4 points, S_3 on three of them:
 * five of five P_g round to () at overlap 0, and to S_3's elements at 0.1).
 */

export interface WeightSharingSettings {
  /** Group elements G, the identity included (the first R_g is fixed to it). */
  groupSize: number;
  /** Canonical filters psi_o, C. */
  channels: number;
  /** Width of the tanh head after pooling over g; 0: a linear head (no head to absorb a wrong symmetry). */
  hidden: number;
  /** Std of the N(0, s^2) initial logits: small starts every learned R_g near the uniform average. */
  logitScale: number;
  /** Weight of mean(LSE_row(Lambda)^2 + LSE_col(Lambda)^2) (0.1 in the reference). */
  normWeight: number;
  /** Weight of the entropy -sum R log R of the learned R_g: pushes towards hard permutations. */
  entropyWeight: number;
  /** Weight of the mean overlap between the R_g: keeps slots from collapsing onto one element. */
  overlapWeight: number;
  /** Rounded P_g with less confidence than this (mean weight on the rounding) stay out of the reported group. */
  minConfidence: number;
}

export const DEFAULT_WEIGHT_SHARING_SETTINGS: WeightSharingSettings = {
  groupSize: 6,
  channels: 16,
  hidden: 0,
  logitScale: 0.1,
  normWeight: 0.1,
  entropyWeight: 0.05,
  overlapWeight: 0.1,
  minConfidence: 0.5,
};

export function validateWeightSharing(s: WeightSharingSettings): void {
  const where = 'weightSharing';
  if (!Number.isInteger(s.groupSize) || s.groupSize < 1) throw new Error(`${where}.groupSize must be a positive integer, got ${s.groupSize}`);
  if (!Number.isInteger(s.channels) || s.channels < 1) throw new Error(`${where}.channels must be a positive integer, got ${s.channels}`);
  if (!Number.isInteger(s.hidden) || s.hidden < 0) throw new Error(`${where}.hidden must be an integer >= 0 (0: linear head), got ${s.hidden}`);
  if (!(Number.isFinite(s.logitScale) && s.logitScale >= 0)) throw new Error(`${where}.logitScale must be a finite number >= 0, got ${s.logitScale}`);
  for (const key of ['normWeight', 'entropyWeight', 'overlapWeight'] as const) {
    if (!(Number.isFinite(s[key]) && s[key] >= 0)) throw new Error(`${where}.${key} must be a finite number >= 0, got ${s[key]}`);
  }
  if (!(s.minConfidence >= 0 && s.minConfidence <= 1)) throw new Error(`${where}.minConfidence must be in [0, 1], got ${s.minConfidence}`);
}

/**
 * Training defaults of a run with the weight-sharing model, used where the run does not set them:
 * the Sinkhorn logits move slowly at the MLP's lr 1e-3 (20 epochs of it leave every P_g near the
 * uniform average), so the model trains at 1e-2 in batches of 128 for 100 epochs.
 */
export const WEIGHT_SHARING_RUN_DEFAULTS = { lr: 1e-2, batchSize: 128, epochs: 100 } as const;
