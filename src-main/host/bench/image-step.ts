/**
 * The image training step: SEMoLA with the CNN on 28 x 28 turned digits at the image defaults
 * (batch 64, 2 augmented copies, the resampling and convolutions with their own gradients), one
 * warm-up epoch then one timed epoch of a few steps.
 */
import { loadBuiltin } from '../../data/builtin/index';
import { resolveConfig } from '../../engine/config';
import { withLayoutDefaults } from '../../engine/options/feasibility';
import { Trainer } from '../../engine/training/trainer';

export interface ImageStepTiming {
  seconds: number;
  batch: number;
  copies: number;
  steps: number;
}

export async function timeImageStep(steps: number): Promise<ImageStepTiming> {
  // valFraction 0.1 of the samples is held out: size the set so an epoch has `steps` full batches.
  const samples = Math.ceil((steps * 64) / 0.9) + 1;
  const ds = loadBuiltin(`rotated-digits?samples=${samples}&testSamples=10&size=28`);
  const config = resolveConfig(withLayoutDefaults(ds, { epochs: 2, k: 1 }) as never);
  const trainer = new Trainer(ds, config);
  try {
    const events = await trainer.train();
    const timed = events[events.length - 1]!;
    return { seconds: timed.seconds / timed.steps, batch: config.batchSize, copies: config.nAug, steps: timed.steps };
  } finally {
    trainer.dispose();
  }
}
