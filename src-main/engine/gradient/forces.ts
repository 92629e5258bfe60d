/**
 * Whether a run trains on the data's target gradient (energies and forces together), and with which
 * activation: decided once from the data and the config, and stated in the run's output and summary.
 */
import type { Dataset } from '../../data/dataset';
import type { TrainConfig } from '../config';

export type HiddenActivation = 'relu' | 'silu' | 'tanh';

export interface ForcesPlan {
  /** The force term is in the loss. */
  used: boolean;
  /** The gradient's source (e.g. `forces`) when the data carry one, else null. */
  source: string | null;
  /** Which target column it differentiates (when used). */
  targetIndex: number;
  weight: number;
  /** In words: why it is used or not. */
  reason: string;
  /** The hidden activation the base model uses. */
  activation: HiddenActivation;
}

export function planForces(ds: Dataset, config: TrainConfig): ForcesPlan {
  const requested = config.forces.trim();
  const weight = config.weights.forces ?? 1;
  const info = ds.targetGradient;
  const hasData = info !== undefined && ds.train.targetGradient !== undefined;
  const source = hasData ? info.source : null;
  const off = (reason: string): ForcesPlan => ({ used: false, source, targetIndex: -1, weight, reason, activation: resolvedActivation(config, false) });
  const refuse = (why: string): never => {
    throw new Error(`--forces ${requested}: ${why}`);
  };
  if (requested === 'none') return off('not trained on forces: switched off (--forces none)');
  if (!hasData) {
    if (requested !== 'auto') refuse('the data carry no target gradient (an extended XYZ file with per-atom forces, or a built-in such as lj-cluster, does)');
    return off('not trained on forces: the data carry no target gradient');
  }
  if (requested !== 'auto' && requested !== info.source) refuse(`the data's target gradient is "${info.source}"; use --forces ${info.source} or --forces none`);
  const targetIndex = ds.targetNames.indexOf(info.target);
  const why =
    targetIndex < 0
      ? `the data's ${info.source} are the gradient of ${info.target}, which is not a target of this run`
      : ds.targetKind !== 'regression'
        ? 'a classification target has no gradient to match'
        : config.model.kind === 'weight-sharing'
          ? 'the weight-sharing model is not trained on forces (use mlp or pointcloud)'
          : weight <= 0
            ? 'weights.forces is 0'
            : null;
  if (why) {
    if (requested !== 'auto') refuse(why);
    return off(`not trained on forces: ${why}`);
  }
  return {
    used: true,
    source,
    targetIndex,
    weight,
    reason: `trained on ${info.target} and ${info.source} together (weight ${weight}; --forces none switches it off)`,
    activation: resolvedActivation(config, true),
  };
}

/** `auto`: silu when forces are trained (a smooth gradient), relu otherwise (the paper's model). */
export function resolvedActivation(config: TrainConfig, forces: boolean): HiddenActivation {
  const a = config.model.activation ?? 'auto';
  return a === 'auto' ? (forces ? 'silu' : 'relu') : a;
}
