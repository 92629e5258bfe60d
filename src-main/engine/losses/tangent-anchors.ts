/**
 * The manifold term's fixed anchors (SPEC: on-distribution term): training samples with the
 * projectors onto the normal space of the data manifold there, estimated once in standardized units.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, SampleSet } from '../../data/dataset';
import { Rng } from '../../data/random';
import type { TrainConfig } from '../config';
import type { Inputs } from '../layouts';
import { estimateTangents } from './manifold';
import { flatRows, gatherInputs, type Scales } from '../samples';

export interface TangentAnchors {
  anchors: Inputs;
  /** [count, F, F] projectors onto the normal space at each anchor. */
  normals: tf.Tensor3D;
  count: number;
}

/** trainSet: the training split as arrays; inputs: the same split as tensors. */
export function tangentAnchors(dataset: Dataset, trainSet: SampleSet, inputs: Inputs, scales: Scales, config: TrainConfig): TangentAnchors {
  const { rows, width } = flatRows(dataset, trainSet);
  const scaled = new Float32Array(rows.length);
  const fs = scales.featureScale;
  for (let i = 0; i < rows.length; i++) scaled[i] = rows[i]! / fs[i % width]!;
  const t = estimateTangents(scaled, trainSet.n, width, config.manifold, new Rng(config.seed + 41));
  const idx = tf.tensor1d(t.anchorIndex, 'int32');
  const anchors = gatherInputs(inputs, idx);
  idx.dispose();
  return { anchors, normals: tf.tensor3d(t.normalProjectors, [t.anchorIndex.length, width, width]), count: t.anchorIndex.length };
}
