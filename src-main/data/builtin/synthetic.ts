/**
 * Shared pieces of the synthetic built-ins (discrete rotation, partial permutation, mixed axes,
 * no symmetry): Gaussian inputs in the vector layout, a scalar invariant target, and a test split
 * a quarter the size of the training set drawn from the same seeded stream.
 */
import type { Dataset, SampleSet } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';

export const SAMPLES_PARAM: BuiltinParam = {
  name: 'samples', kind: 'int', default: 4000, min: 10, max: 1_000_000, description: 'training samples (the test split has a quarter as many)',
};
export const SEED_PARAM: BuiltinParam = { name: 'seed', kind: 'int', default: 0, min: 0, max: 4294967295, description: 'random seed' };

/** n samples of `dim` standard-normal inputs and the scalar target `f`. */
export function gaussianSet(n: number, dim: number, rng: Rng, f: (x: number[]) => number): SampleSet {
  const inputs = new Float32Array(n * dim);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: dim }, () => rng.normal());
    inputs.set(x, i * dim);
    targets[i] = f(x);
  }
  return { n, inputs, targets };
}

export interface SyntheticSpec {
  name: string;
  source: string;
  /** Features per block (the size of g) and blocks per sample. */
  d: number;
  blocks: number;
  inputNames: string[];
  samples: number;
  seed: number;
  f: (x: number[]) => number;
  referenceBasis?: number[][][];
  notes: string[];
}

/** An invariant regression dataset with train and test splits from one seeded stream. */
export function syntheticDataset(s: SyntheticSpec): Dataset {
  const rng = new Rng(s.seed);
  const dim = s.d * s.blocks;
  const train = gaussianSet(s.samples, dim, rng, s.f);
  const test = gaussianSet(Math.max(1, Math.floor(s.samples / 4)), dim, rng, s.f);
  return {
    name: s.name,
    source: s.source,
    layout: { kind: 'vector', d: s.d, blocks: s.blocks },
    task: 'invariant',
    targetKind: 'regression',
    inputNames: s.inputNames,
    targetNames: ['y'],
    train,
    test,
    ...(s.referenceBasis ? { referenceBasis: s.referenceBasis } : {}),
    notes: s.notes,
  };
}

/** The rotation generator of the (a, b) coordinate plane in d dimensions: E_ba - E_ab. */
export function planeRotation(d: number, a: number, b: number): number[][] {
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  L[b]![a] = 1;
  L[a]![b] = -1;
  return L;
}
