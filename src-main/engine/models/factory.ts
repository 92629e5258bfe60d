/**
 * The base model a run trains, from `model.kind` and the dataset's layout: the MLP reads feature
 * vectors, the point-cloud model point sets, and the weight-sharing model either (SPEC 6).
 */
import { inputDim, type Dataset } from '../../data/dataset';
import type { Rng } from '../../data/random';
import type { TrainConfig } from '../config';
import type { Scales } from '../samples';
import { MlpModel } from './mlp';
import type { BaseModel } from './model';
import type { Activation } from './dense';
import { PointCloudModel } from './pointcloud';
import { CnnModel } from './cnn';
import { WeightSharingBaseModel } from './weight-sharing-base';

/** One mean and one spread for all columns: the pooled moments of the per-column ones. */
function pooledMoments(mean: Float32Array, std: Float32Array): { mean: number; std: number } {
  const n = Math.max(1, mean.length);
  const m = mean.reduce((s, v) => s + v, 0) / n;
  const variance = mean.reduce((s, v, j) => s + std[j]! ** 2 + (v - m) ** 2, 0) / n;
  return { mean: m, std: Math.sqrt(variance) > 1e-12 ? Math.sqrt(variance) : 1 };
}

/** activation: of the MLP and point-cloud models' hidden layers (the weight-sharing model keeps its own). */
export function createBaseModel(dataset: Dataset, config: TrainConfig, scales: Scales, outDim: number, rng: Rng, activation: Activation = 'relu'): BaseModel {
  const layout = dataset.layout;
  const kind = config.model.kind;
  const init = config.model.init ?? 'he-uniform';
  if (kind === 'cnn' || layout.kind === 'image') {
    if (layout.kind !== 'image') throw new Error(`the CNN reads images; this dataset has the ${layout.kind} layout`);
    if (kind === 'mlp') return new MlpModel(inputDim(layout), outDim, config.model.hidden, { ...scales }, rng, activation, init);
    if (kind !== 'cnn') throw new Error(`model "${kind}" does not read images: use cnn (or mlp on the flattened pixels)`);
    return new CnnModel({ height: layout.height, width: layout.width, channels: layout.channels, widths: config.model.channels ?? [16, 32, 32], outDim, pixelMean: scales.inputMean[0] ?? 0, pixelStd: scales.inputStd[0] ?? 1 }, rng);
  }
  if (kind === 'weight-sharing') {
    if (dataset.task === 'equivariant') {
      throw new Error('the weight-sharing model pools over its permutations, so its outputs are invariant: it takes invariant tasks only (use mlp for an equivariant one)');
    }
    const points = layout.kind === 'points' ? dataset.train.points! : null;
    const pooled = pooledMoments(scales.inputMean, scales.inputStd);
    return new WeightSharingBaseModel(
      {
        kind: layout.kind,
        n: points ? points.maxPoints : layout.d * (layout.kind === 'vector' ? layout.blocks : 1),
        numSpecies: points?.numSpecies ?? 0,
        inputMean: points ? 0 : pooled.mean,
        inputScale: points ? (scales.featureScale[0] ?? 1) : pooled.std,
        targetMean: scales.targetMean,
        targetStd: scales.targetStd,
        outDim,
      },
      config.weightSharing,
      rng,
    );
  }
  if (kind === 'pointcloud' && layout.kind !== 'points') {
    throw new Error(`model "${kind}" does not take the ${layout.kind} layout: use mlp (or weight-sharing) for vector data and pointcloud (or weight-sharing) for points`);
  }
  if (kind === 'mlp' && layout.kind === 'points') {
    // The point set read as one vector of coordinates in atom order: for data whose atoms keep
    // their identity (an MD trajectory), not for sets of different molecules.
    return new MlpModel(layout.maxPoints * 3, outDim, config.model.hidden, { ...scales }, rng, activation, init);
  }
  if (layout.kind === 'points') {
    return new PointCloudModel(
      {
        numSpecies: dataset.train.points!.numSpecies,
        outDim,
        embedding: 16,
        pointHidden: config.model.hidden,
        readoutHidden: config.model.hidden.slice(-1),
        coordScale: scales.featureScale[0] ?? 1,
        targetMean: scales.targetMean,
        targetStd: scales.targetStd,
        activation,
        init,
      },
      rng,
    );
  }
  return new MlpModel(layout.d * layout.blocks, outDim, config.model.hidden, { ...scales }, rng, activation, init);
}
