/**
 * What a training run reports per epoch (the loss terms, the basis, strengths and widths), its
 * cancellation error, and the per-epoch RNG that makes a resumed run repeat an uninterrupted one.
 */
import { Rng } from '../../data/random';

export const LOSS_TERMS = ['total', 'task', 'equiv', 'aug', 'orth', 'sparse', 'manifold'] as const;
export type LossTerm = (typeof LOSS_TERMS)[number];

export interface EpochEvent {
  epoch: number;
  epochs: number;
  /** Mean of every loss term over the epoch's steps (weighted total included). */
  losses: Record<LossTerm, number> & {
    /** The base model's own weighted regularisers (weight sharing), only for models that have them. */
    modelReg?: number;
    /** The mixing penalty (losses/objective.ts mixingTerm), only for runs that weigh it. */
    mixing?: number;
    /** The force term (engine/gradient/force-term.ts), only for runs trained on forces. */
    forces?: number;
  };
  /** Validation task loss (direct inference), in the same units as `losses.task`. */
  valLoss: number | null;
  /** Current normalised basis [k][d][d] (empty for the plain method). */
  basis: number[][][];
  seconds: number;
  steps: number;
  /** With `strengths.enabled`: lambda_j per generator in effect after the epoch (SPEC section 5). */
  strengths?: number[];
  /** With `strengths.enabled`: mean residual R_j per generator over the epoch, standardized units. */
  residuals?: number[];
  /** Augerino: the learned width theta_i per generator. */
  widths?: number[];
}

export class CanceledError extends Error {
  constructor() {
    super('training canceled');
    this.name = 'CanceledError';
  }
}

/** Per-epoch RNG: seed and epoch alone decide the shuffle and the coefficients. */
export function epochRng(seed: number, epoch: number, stream: number): Rng {
  return new Rng(seed * 1_000_003 + epoch * 7919 + stream * 104_729);
}
