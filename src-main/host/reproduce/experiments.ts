/**
 * The experiments `semola reproduce` knows: one training set per experiment, the held-out test
 * sets every trained model is evaluated on, and the known basis the fixed-basis and Augerino
 * baselines are given (the ground truth, as in the paper's "+ GT aug" rows).
 */
import type { Dataset, SampleSet } from '../../data/dataset';
import { loadBuiltin } from '../../data/builtin/index';
import type { Method } from '../../engine/config';
import { METHOD_NAMES } from '../../engine/methods/method';

export interface TestSplit {
  name: string;
  set: SampleSet;
}

/**
 * A row of the reproduce tables: an engine method on the experiment's MLP, or `weight-sharing`, the
 * plain method on the weight-sharing base model (discrete permutation symmetries; it trains with the
 * model's own defaults, 100 epochs, unless --epochs is given).
 */
export type ReproduceMethod = Method | 'weight-sharing';
/**
 * The methods the paper's tables compare, trained and scored alike. Method gradient finds its
 * generators after training (run/evaluate-run.ts), which these tables do not do: use `semola train`.
 */
const TABLE_METHODS: Method[] = METHOD_NAMES.filter((m) => m !== 'gradient');
export const REPRODUCE_METHODS: readonly ReproduceMethod[] = [...TABLE_METHODS, 'weight-sharing'];

export interface Experiment {
  name: string;
  /** One line for the report. */
  description: string;
  defaultEpochs: number;
  defaultMethods: ReproduceMethod[];
  /** The training data (and its ground truth) and the test splits, built for a scale (1 = the committed size). */
  build(quick: boolean): { train: Dataset; tests: TestSplit[]; knownBasis: number[][][] | null; spec: string };
}

const ALL_METHODS: Method[] = TABLE_METHODS;

function synthetic(name: string, description: string, defaultMethods: ReproduceMethod[] = ALL_METHODS): Experiment {
  return {
    name,
    description,
    defaultEpochs: 10,
    defaultMethods,
    build: (quick) => {
      const spec = `builtin:${name}?samples=${quick ? 400 : 4000}`;
      const train = loadBuiltin(spec);
      return { train, tests: [{ name: 'test', set: train.test! }], knownBasis: train.referenceBasis ?? null, spec };
    },
  };
}

/**
 * The paper's RotatedMNIST on the built-in digits: the CNN on 28 x 28 images, k = 1 in the 2-D affine
 * algebra. In distribution: train and test turned over the full turn; out of distribution: trained
 * within +-45 degrees, tested beyond it, with a test set within the training range beside it.
 */
function rotatedDigits(split: 'id' | 'ood'): Experiment {
  const ood = split === 'ood';
  return {
    name: ood ? 'rotated-digits-ood' : 'rotated-digits',
    description: ood
      ? 'Digits turned within +-45 degrees for training; tested beyond 45 degrees (out of distribution) and within it (in distribution). Classification with the CNN; the reference is the rotation of the image plane.'
      : 'Digits turned uniformly over the full turn, for training and test. Classification with the CNN; the reference is the rotation of the image plane.',
    defaultEpochs: 20,
    defaultMethods: ALL_METHODS,
    build: (quick) => {
      const samples = quick ? 120 : 2000;
      const testSamples = quick ? 40 : 1000;
      const spec = `builtin:rotated-digits?samples=${samples}&testSamples=${testSamples}&split=${split}`;
      const train = loadBuiltin(spec);
      const tests: TestSplit[] = [{ name: ood ? 'out-of-distribution' : 'in-distribution', set: train.test! }];
      if (ood) tests.push({ name: 'in-distribution', set: loadBuiltin(`builtin:rotated-digits?samples=${testSamples}&testSamples=20&split=ood&seed=1000`).train });
      return { train, tests, knownBasis: train.referenceBasis ?? null, spec };
    },
  };
}

export const EXPERIMENTS: Experiment[] = [
  {
    name: 'nbody2',
    description:
      '2-body orbits, 1 -> 1 step. Trained on windows with body 1 in the top-left/bottom-right quadrants; tested in distribution (the same quadrants, trajectories never seen) and out of distribution (the other two quadrants).',
    defaultEpochs: 10,
    defaultMethods: ALL_METHODS,
    build: (quick) => {
      const trajectories = quick ? 40 : 400;
      const spec = `builtin:nbody2-ood?trajectories=${trajectories}`;
      const train = loadBuiltin(spec);
      // Fresh trajectories (another data seed): their train-quadrant windows are in-distribution test data.
      const fresh = loadBuiltin(`builtin:nbody2-ood?trajectories=${Math.max(4, Math.round(trajectories / 4))}&seed=1000`);
      return {
        train,
        tests: [
          { name: 'in-distribution', set: fresh.train },
          { name: 'out-of-distribution', set: train.test! },
        ],
        knownBasis: train.referenceBasis ?? null,
        spec,
      };
    },
  },
  synthetic('discrete-rotation', 'y = x3 / (1 + mod(atan2(x2, x1), 2 pi / 7)): only rotations by multiples of 2 pi / 7 leave y unchanged; the reference is the continuous rotation containing them.'),
  synthetic(
    'partial-permutation',
    'y = x1 x2 x3 + x4 - x5^2: invariant to permutations of x1..x3; the reference is the rotation about (1, 1, 1) containing the cyclic ones. The weight-sharing model looks for the discrete group itself (S_3 on {x1, x2, x3}).',
    [...ALL_METHODS, 'weight-sharing'],
  ),
  synthetic('mixed-axes', '3 points in 3-D, y exactly invariant to rotations about z and approximately (eps = 0.2) about x; the reference is the rotation about z.'),
  synthetic('no-symmetry', 'y a fixed random tanh network of 4 inputs: no symmetry; the right answer is "no symmetry found".', ['semola', 'plain']),
  rotatedDigits('id'),
  rotatedDigits('ood'),
];

export function findExperiment(name: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (!e) throw new Error(`unknown experiment "${name}"; valid: ${EXPERIMENTS.map((x) => x.name).join(', ')}`);
  return e;
}
