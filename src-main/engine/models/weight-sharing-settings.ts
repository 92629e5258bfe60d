/**
 * Settings of the weight-sharing base model (SPEC section 6; `weightSharing` in the run config).
 * The norm weight follows the reference code (0.1); the entropy (0.05) and overlap (0.1) terms are
 * ours (METHODS-REFERENCE section 4 leaves them at 0): without entropy the P_g stay soft, and
 * without overlap the P_g of a point set collapse onto the identity (4 points, S_3 on three of them:
 * five of five P_g round to () at overlap 0, and to S_3's elements at 0.1).
 */
import { defaultSettings } from '../options/resolve';

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

/** The option table's defaults (engine/options/table.ts, `weightSharing.*`). */
export const DEFAULT_WEIGHT_SHARING_SETTINGS: WeightSharingSettings = defaultSettings().weightSharing as WeightSharingSettings;
