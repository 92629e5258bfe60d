/** Shared by the image discovery tests: how close the generator a CNN run learns is to the rotation. */
import type { Dataset } from '../../src-main/data/dataset';
import { resolveConfig, type TrainConfig } from '../../src-main/engine/config';
import { Trainer } from '../../src-main/engine/training/trainer';

/** |cos| of a 3 x 3 affine generator with the rotation [[0, -1, 0], [1, 0, 0], [0, 0, 0]]. */
export function rotationCosine(L: number[][]): number {
  return Math.abs(L[1]![0]! - L[0]![1]!) / Math.SQRT2 / Math.hypot(...L.flat());
}

/** |cos| with the rotation of the generator learnt at the CNN defaults, k = 1, 10 epochs (and `over`). */
export async function learnedRotationCosine(dataset: Dataset, over: Partial<TrainConfig>): Promise<number> {
  const trainer = new Trainer(dataset, resolveConfig({ model: { kind: 'cnn' }, k: 1, epochs: 10, ...over } as Partial<TrainConfig>));
  try {
    await trainer.train();
    const basis = await trainer.augmenter!.readBasis();
    return rotationCosine(basis[0]!);
  } finally {
    trainer.dispose();
  }
}
