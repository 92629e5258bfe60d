/**
 * How well a model's input gradient matches held-out target gradients (forces): the RMS error per
 * coordinate in data units and relative to the RMS of the data's gradient (0 = exact, 1 = no better
 * than predicting zero force). Computed whether or not the run trained on forces, so an energy-only
 * model's forces can be judged too.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, SampleSet } from '../../data/dataset';
import { disposeInputs, gatherInputs, toTensors } from '../samples';
import type { BaseModel } from '../models/model';
import { inputGradient } from './input-gradient';

export interface ForceError {
  rmse: number;
  relative: number;
  samples: number;
}

export function forceError(model: BaseModel, ds: Dataset, set: SampleSet, column: number): ForceError | null {
  if (!set.targetGradient || set.n === 0 || column < 0) return null;
  const t = toTensors(ds, set);
  let sq = 0;
  let ref = 0;
  let count = 0;
  try {
    for (let s = 0; s < set.n; s += 256) {
      const e = Math.min(set.n, s + 256);
      const [d2, r2, c] = tf.tidy(() => {
        const idx = tf.range(s, e, 1, 'int32') as tf.Tensor1D;
        const x = gatherInputs(t.inputs, idx);
        const target = tf.gather(t.gradient!, idx);
        const g = inputGradient((v) => model.predict(v), x, column);
        const n = x.kind === 'points' ? tf.mul(tf.sum(x.mask), 3) : tf.scalar(target.size);
        return [tf.sum(tf.square(tf.sub(g, target))), tf.sum(tf.square(target)), n];
      });
      sq += d2!.dataSync()[0]!;
      ref += r2!.dataSync()[0]!;
      count += c!.dataSync()[0]!;
      tf.dispose([d2!, r2!, c!]);
    }
  } finally {
    disposeInputs(t.inputs);
    t.targets.dispose();
    t.gradient?.dispose();
  }
  return { rmse: Math.sqrt(sq / Math.max(1, count)), relative: Math.sqrt(sq / Math.max(ref, 1e-30)), samples: set.n };
}
