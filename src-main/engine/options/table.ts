/**
 * The option table: every run setting once, with what it accepts, its default (per preset, model
 * and method where they differ) and its help. The engine's defaults and validation (resolve.ts),
 * the `semola train` flags (host/cli-options.ts), the New-run form (src-renderer lib/config-fields)
 * and the recorded config all derive from it. Adding a setting is adding one entry here (and its
 * field in TrainConfig, engine/config.ts). Why the defaults differ from the paper: docs/discovery.md.
 */
import { METHOD_NAMES, METHODS, type Method } from '../methods/method';
import { basis, bool, boolOrAuto, choice, int, intList, matrix, num, text, type Setting } from './setting';

export const MODEL_KIND_NAMES = ['mlp', 'pointcloud', 'weight-sharing', 'cnn'] as const;
export const PRESET_NAMES = ['default', 'paper'] as const;
export const MASK_NAMES = ['full', 'blocks2', 'blocks4', 'tied2', 'custom'] as const;
export const ACTIVATION_NAMES = ['auto', 'relu', 'silu', 'tanh'] as const;
export const DENSE_INIT_NAMES = ['he-uniform', 'pytorch'] as const;

/*
 * Images (the CNN, which image datasets get by default) search the 2-D affine algebra: generators
 * normalised to sqrt(2), the norm of the unit rotation [[0, -1, 0], [1, 0, 0], [0, 0, 0]], so a
 * coefficient is an angle in radians and [-pi, pi] allows full turns; fewer augmented copies and
 * group samples, as a CNN step costs far more than an MLP step.
 */
const IMAGE_SCALE = Math.SQRT2;

const weight = (key: string, dflt: number, help: string, label: string | null, paper?: number): Setting =>
  num({ name: `weights.${key}`, min: 0, default: dflt, help, ...(paper !== undefined ? { byPreset: { paper } } : {}), ...(label ? { form: { label, group: 'Loss weights' } } : {}) });

/** In the order of the recorded config's keys. */
export const OPTIONS: readonly Setting[] = [
  choice({ name: 'preset', choices: PRESET_NAMES, default: 'default', flag: { name: '--preset', value: 'name' }, form: { label: 'Preset', group: 'Method' },
    help: 'default: the settings that discover symmetries reliably on held-out data; paper: the published recipe (cosine augmentation term, no manifold term, constant initialisation).' }),
  choice({ name: 'method', choices: METHOD_NAMES, default: 'semola', flag: { name: '--method', value: 'name' }, form: { label: 'Method', group: 'Method' },
    help: `${METHOD_NAMES.map((m) => `${m}: ${METHODS[m].summary}`).join('; ')}. fixed-basis and augerino augment with a given basis (--basis, or the dataset's known one); gradient adds the spectrum to the summary.` }),
  int({ name: 'k', min: 1, default: 1, flag: { name: '--k', value: 'N' }, form: { label: 'Generators k', group: 'Generators' },
    help: 'Number of Lie algebra generators learned: the dimension of the symmetry group searched for (1 for a rotation in a plane, 3 for so(3)); at most the free entries of the mask.' }),
  choice({ name: 'mask.name', choices: MASK_NAMES, default: 'full', form: { label: 'Mask', group: 'Generators' },
    help: 'Which entries of every generator may be non-zero: full (all), blocks2/blocks4 (block-diagonal 2x2 or 4x4 blocks), tied2 (one 2x2 block repeated on every 2-vector), custom (mask.matrix). Needs d divisible by the block size.' }),
  matrix({ name: 'mask.matrix', default: undefined, help: 'The 0/1 matrix [d][d] of a custom mask (--mask FILE.json).' }),
  int({ name: 'epochs', min: 1, default: 20, byModel: { 'weight-sharing': 100 }, flag: { name: '--epochs', value: 'N' }, form: { label: 'Epochs', group: 'Training' },
    help: 'Passes over the training split (weight-sharing model: 100 unless set).' }),
  int({ name: 'batchSize', min: 2, default: 64, byModel: { 'weight-sharing': 128 }, flag: { name: '--batch-size', value: 'N' }, form: { label: 'Batch size', group: 'Training' },
    help: 'Samples per optimisation step, at least 2 (a batch of one has no spread; weight-sharing model: 128 unless set).' }),
  num({ name: 'lr', above: 0, below: 10, default: 1e-3, byModel: { 'weight-sharing': 1e-2 }, flag: { name: '--lr', value: 'X' }, form: { label: 'Learning rate', group: 'Training' },
    help: 'Adam learning rate of the model (the --lr flag sets the basis rate too; weight-sharing model: 1e-2 unless set).' }),
  num({ name: 'basisLr', above: 0, below: 10, default: 1e-3, byModel: { cnn: 1e-2 }, form: { label: 'Basis learning rate', group: 'Training' },
    help: 'Adam learning rate of the generators; the paper uses the model learning rate (CNN: 1e-2, as an image run takes few, costly steps).' }),
  num({ name: 'adamEpsilon', above: 0, below: 1e-3, default: 1e-7, help: "Adam's epsilon for the model and the basis: 1e-7 is tfjs's default, 1e-8 PyTorch's." }),
  choice({ name: 'lrSchedule', choices: ['constant', 'cosine'], default: 'constant', form: { label: 'Schedule', group: 'Training' },
    help: 'constant (paper) or cosine: both learning rates decay to 0 over the run, per step.' }),
  int({ name: 'nAug', min: 1, default: 4, byModel: { cnn: 2 }, flag: { name: '--n-aug', value: 'N' }, form: { label: 'Augmentations', group: 'Generators' },
    help: 'Augmented copies g x of each sample per step, with g = exp(sum t_i L_i) for random coefficients t (CNN: 2 unless set).' }),
  int({ name: 'seed', default: 0, flag: { name: '--seed', value: 'N' }, form: { label: 'Seed', group: 'Training' },
    help: 'Random seed: the same seed and backend give the same numbers.' }),
  num({ name: 'valFraction', min: 0, below: 0.9, default: 0.1, form: { label: 'Validation fraction', group: 'Training' },
    help: 'Share of the training samples held out to report the validation loss.' }),
  int({ name: 'valSplitSeed', nullMeans: 'the seed', default: null,
    help: 'Seed of the validation split; null: the seed. The starts of a run share it so their validation losses compare.' }),
  choice({ name: 'model.kind', choices: MODEL_KIND_NAMES, default: 'mlp', flag: { name: '--model', value: 'kind' }, form: { label: 'Base model', group: 'Method' },
    help: "mlp reads flat feature vectors (tables); cnn reads images and is chosen automatically for them; pointcloud reads point clouds (molecules, trajectories) and is chosen automatically for them; weight-sharing learns G soft permutation matrices shared over the inputs' slots (the features of a vector or the points of a point set) and reports the discrete permutation group it finds (the summary gets permutations and permutationGroup). Weight sharing takes invariant tasks only, and trains at lr 1e-2, batch 128, 100 epochs unless set." }),
  intList({ name: 'model.hidden', default: [256, 256, 256], form: { label: 'Hidden layers', group: 'Method' },
    help: 'Widths of the hidden layers of the MLP and point-cloud models, comma separated, e.g. 256,256,256.' }),
  intList({ name: 'model.channels', default: [16, 32, 32], form: { label: 'CNN channels', group: 'Method' },
    help: 'Output channels of the CNN\'s 3 x 3 convolutions, comma separated (2 x 2 max pooling after all but the last, then global average pooling and a linear head).' }),
  choice({ name: 'model.init', choices: DENSE_INIT_NAMES, default: 'he-uniform', form: { label: 'Initialisation', group: 'Advanced' },
    help: "Initial weights of the MLP and point-cloud models' dense layers: he-uniform, U(+-sqrt(6/fan_in)) with zero biases (the default so far); pytorch, nn.Linear's U(+-1/sqrt(fan_in)) for weights and biases, which trained the 2-body MLP to a lower test error (reports/bench/accuracy.md)." }),
  choice({ name: 'model.activation', choices: ACTIVATION_NAMES, default: 'auto', form: { label: 'Activation', group: 'Advanced' },
    help: "Activation of the MLP and point-cloud models: auto is silu when forces are trained (a ReLU network's gradient is piecewise constant), else relu." }),
  text({ name: 'forces', allowed: 'auto, none or the name of the data\'s gradient (e.g. forces)', default: 'auto', flag: { name: '--forces', value: 'NAME|none' }, form: { label: 'Forces', group: 'Method' },
    help: "Train on the data's target gradient too (energies and forces): auto when the data carry one for the target, none never (and --method gradient then uses the model's gradients), or the gradient's name (e.g. forces) to require it." }),
  num({ name: 'gradientMethod.tolerance', above: 0, below: 1, default: 0.05, help: 'Method gradient: singular values below this share of the largest count as null.' }),
  num({ name: 'gradientMethod.minGap', above: 1, default: 5, help: 'Method gradient: the gap (ratio) between the last null and the first non-null singular value that counts as clear.' }),
  int({ name: 'gradientMethod.samples', min: 1, default: 4000, help: 'Method gradient: samples whose gradients enter the condition.' }),
  int({ name: 'weightSharing.groupSize', min: 1, default: 6, form: { label: 'Group elements G', group: 'Weight sharing' },
    help: 'Weight-sharing model: how many soft permutations P_g it learns, the fixed identity included (default 6). The reported group is the one their confident roundings generate, so it may be larger than G; a G at least the order you expect (6 for S_3) leaves room for every element.' }),
  int({ name: 'weightSharing.channels', min: 1, default: 16, help: 'Weight-sharing model: canonical filters psi_o (C).' }),
  int({ name: 'weightSharing.hidden', min: 0, default: 0, help: 'Weight-sharing model: width of the tanh head after pooling over g; 0: a linear head.' }),
  num({ name: 'weightSharing.logitScale', min: 0, default: 0.1, help: 'Weight-sharing model: std of the initial logits (small starts every P_g near the uniform average).' }),
  num({ name: 'weightSharing.normWeight', min: 0, default: 0.1, help: 'Weight-sharing model: weight of the row and column log-sum-exp penalty (0.1 in the reference).' }),
  num({ name: 'weightSharing.entropyWeight', min: 0, default: 0.05, form: { label: 'Entropy weight', group: 'Weight sharing' },
    help: 'Weight-sharing model: weight of the entropy of the P_g, which pushes them towards hard permutations (default 0.05). At 0 they tend to stay soft, with confidences too low to enter the group; large values harden them early, before the data has shaped them.' }),
  num({ name: 'weightSharing.overlapWeight', min: 0, default: 0.1, help: 'Weight-sharing model: weight of the mean overlap between the P_g (keeps them from collapsing onto one element).' }),
  num({ name: 'weightSharing.minConfidence', min: 0, max: 1, default: 0.5, help: 'Weight-sharing model: rounded P_g with less confidence than this stay out of the reported group.' }),
  weight('task', 1, 'Weight of the prediction loss on the original samples.', 'Task'),
  weight('equiv', 1, 'Weight of the loss on augmented samples: the model must predict the transformed target (equivariant task) or the same target (invariant task) for g x.', 'Equivariance'),
  weight('aug', 0.1, 'Weight of the term that keeps generators from collapsing to the identity (cosine or motion floor, see the preset).', 'Augmentation'),
  weight('orth', 0.01, 'Weight of the penalty on overlapping generators (keeps the k generators independent).', 'Orthogonality'),
  weight('sparse', 0.001, 'Weight of the L1 penalty on generator entries (favours readable generators).', 'Sparsity'),
  num({ name: 'weights.mixing', min: 0, default: 0, byModel: { cnn: 0.01 }, form: { label: 'Mixing', group: 'Loss weights' },
    help: "Weight of the penalty on generators that mix the parts rotations of the space keep apart (rotation, uniform scaling, stretch, translation): 1 for one part, more for a mix. Where the data cannot tell a rotation from a rotation with a slight stretch it picks the rotation, without favouring any direction of the space. CNN (images): 0.01; other models 0 (not measured there): docs/discovery.md, \"Images\"." }),
  num({ name: 'weights.manifold', min: 0, default: 1, byPreset: { paper: 0 }, form: { label: 'Manifold', group: 'Loss weights' },
    help: 'Weight of the term keeping augmented samples on the data manifold (0 in the paper preset); manifold.judge says how it is measured.' }),
  weight('forces', 1, "Weight of the force term: the model's input gradient against the data's target gradient, standardized.", null),
  choice({ name: 'equivariance', choices: ['label', 'consistency'], default: 'label', form: { label: 'Equivariance loss', group: 'Advanced' },
    help: 'label: d(f(gx), rho(g) y) (REMUL form); consistency: d(f(gx), rho(g) f(x)).' }),
  choice({ name: 'augTerm', choices: ['cosine', 'motion'], default: 'motion', byPreset: { paper: 'cosine' }, form: { label: 'Augmentation term', group: 'Advanced' },
    help: 'cosine: |mean cos(gx, x)| (paper); motion: a floor on how far each generator moves the data (ours).' }),
  num({ name: 'motionFloor', above: 0, default: 0.5, help: 'Motion term: relative motion below which a generator is penalised (1 = a unit-rate rotation).' }),
  bool({ name: 'standardizedLosses', default: true, byPreset: { paper: false }, form: { label: 'Standardized losses', group: 'Advanced' },
    help: 'Judge the loss terms in standardized units (features divided by their spread); false in the paper preset.' }),
  choice({ name: 'init', choices: ['constant', 'random'], default: 'random', byPreset: { paper: 'constant' }, form: { label: 'Initialisation', group: 'Advanced' },
    help: 'How the generators start: random (ours) or constant (paper), at initValue.' }),
  num({ name: 'initValue', default: 1e-2, help: 'Scale of the initial generator entries.' }),
  choice({ name: 'normalization', choices: ['per-generator', 'joint'], default: 'per-generator', form: { label: 'Normalisation', group: 'Advanced' },
    help: 'How the generators are normalised: each to the same norm (per-generator) or the basis as a whole (joint).' }),
  num({ name: 'scale', above: 0, nullMeans: 'sqrt(d)', default: null, byModel: { cnn: IMAGE_SCALE },
    help: 'Frobenius norm of each normalised generator; null means sqrt(d). CNN (images): sqrt(2), the unit rotation\'s, so coefficients are angles in radians.' }),
  choice({ name: 'coefficients.distribution', choices: ['uniform', 'normal'], default: 'uniform', form: { label: 'Coefficients', group: 'Advanced' },
    help: 'Distribution of the coefficients t of g = exp(sum t_i L_i): uniform on [low, high], or normal with std high.' }),
  num({ name: 'coefficients.low', default: -1, byModel: { cnn: -Math.PI }, form: { label: 'Coefficient low', group: 'Advanced' }, help: 'Lower end of the uniform coefficient range (below high; CNN: -pi, a full turn for images).' }),
  num({ name: 'coefficients.high', default: 1, byModel: { cnn: Math.PI }, form: { label: 'Coefficient high', group: 'Advanced' }, help: 'Upper end of the uniform coefficient range, or the std of the normal one (> 0; CNN: pi).' }),
  int({ name: 'rangeWarmupEpochs', min: 0, default: 0, byModel: { cnn: 3 },
    help: 'Epochs over which the coefficient range grows linearly, step by step, from 10% to 100% (CNN: 3: at full turns a generator that is not yet a rotation throws most images out of the frame, where the loss has no slope).' }),
  int({ name: 'basisWarmupEpochs', min: 0, default: 0, byModel: { cnn: 1 },
    help: 'Epochs at the start in which the model learns the task alone: no group moves, the basis frozen; the coefficient range warm-up begins after them. At most epochs - 1: the basis always learns in the last epoch (CNN: 1: a model that cannot classify yet gives the basis no direction, and one trained on moves along the random first generator learns to ignore them).' }),
  num({ name: 'basisGradClip', min: 0, default: 0, help: 'Largest global norm of the basis gradient per step (0: no clipping).' }),
  int({ name: 'manifold.anchors', min: 1, default: 2048, help: 'Manifold term: anchor samples whose tangent spaces are estimated.' }),
  int({ name: 'manifold.neighbours', min: 1, default: 16, help: 'Manifold term: neighbours per anchor for its tangent space.' }),
  num({ name: 'manifold.varianceThreshold', min: 0, max: 1, default: 0.05, help: 'Manifold term: share of the local variance below which a direction is normal to the data.' }),
  int({ name: 'manifold.batch', min: 1, default: 128, help: 'Manifold term: augmented samples checked per step.' }),
  choice({ name: 'manifold.judge', choices: ['tangents', 'data-model'], default: 'tangents', byModel: { cnn: 'data-model' },
    help: "Manifold term: what judges whether a move keeps samples in the data. tangents: the share of each generator's motion that leaves the data's local tangent spaces, estimated from neighbours (vectors, points). data-model (CNN default): a copy of the base model taken when the moves begin, which goes on learning the task on the unmoved samples alone, scores samples moved by g and by g^-1 within manifold.range (the lower loss of the two); the basis learns from it, and the equivariance term then trains the base model only (pixel tangent spaces cannot be estimated from neighbours, and a model trained on the moves learns whatever they do: docs/discovery.md, \"Images\")." }),
  num({ name: 'manifold.range', above: 0, default: 0.5, byModel: { cnn: 0.75 },
    help: 'Manifold term, data-model judge: the coefficient half-range of the moves it scores (the range warm-up applies below it). CNN (images): 0.75, a turn of 43 degrees: the judge takes the lower loss of g and g^-1, so data seen over +-43 degrees of an orbit stay in it, and moves this wide tell the rotation from its stretched neighbours better than 0.5 did (measured on digits seen within +-30 and +-45 degrees and on Fashion-MNIST: docs/discovery.md, "Images"). The verdict on images also measures the cost within it.' }),
  choice({ name: 'inference', choices: ['averaging', 'direct'], default: 'averaging', flag: { name: '--inference', value: 'strategy' }, form: { label: 'Inference', group: 'Advanced' },
    help: 'Test predictions: averaging over group samples, or direct.' }),
  int({ name: 'inferenceSamples', min: 1, nullMeans: "nAug, the paper's choice", default: 16, byPreset: { paper: null }, byModel: { cnn: 8 },
    help: 'Group samples averaged per prediction (ours: 16, measured in docs/discovery.md); null means nAug, the paper\'s choice.' }),
  int({ name: 'evalGroupSamples', min: 1, default: 20, byModel: { cnn: 8 }, help: 'Group samples per test point for the equivariance errors (M; CNN: 8).' }),
  int({ name: 'evalPoints', min: 1, default: 1000, byModel: { cnn: 500 }, help: 'Test points used for the equivariance errors (a seeded subsample when the test set is larger).' }),
  boolOrAuto({ name: 'strengths.enabled', default: 'auto', flag: { name: '--strengths', value: '' }, form: { label: 'Strengths', group: 'Method' },
    help: 'One equivariance term per generator with a learned strength (PER); the summary gets strengths and residuals. auto (the default): on for k > 1 on regression targets; the run records what it resolved to.' }),
  int({ name: 'strengths.adjustEpoch', min: 0, default: 0, help: 'Strengths: the epoch at which they are adjusted (0: half the epochs).' }),
  int({ name: 'strengths.window', min: 0, default: 0, help: 'Strengths: epochs whose residual minima the rule reads (0: half the adjust epoch).' }),
  num({ name: 'strengths.power', above: 0, default: 2, help: "Strengths: the power p of PER's rule lambda_j (R_min / R_j)^p." }),
  num({ name: 'augerino.initialWidth', default: 0, help: 'Augerino: coefficient widths are softplus(w), w starting here.' }),
  num({ name: 'augerino.widthBonus', min: 0, default: 0.01, help: 'Augerino: the loss minus this times the norm of the widths.' }),
  basis({ name: 'fixedBasis', default: undefined, form: { label: 'Fixed basis (JSON)', group: 'Advanced' },
    help: 'The given basis of fixed-basis and augerino, [k][d][d] (--basis FILE.json); augerino takes the dataset\'s known one when none is given.' }),
  int({ name: 'starts', scope: 'run', min: 1, default: 1, byMethod: { semola: 3, augerino: 3 }, form: { label: 'Starts', group: 'Training' },
    help: 'Starts with seeds seed, seed+1000, ... (same validation split); the best by validation loss is kept. Methods that learn a basis default to 3, the others to 1.' }),
];

/** Checks across settings, after each has been accepted on its own; each returns its refusal or null. */
export interface Rule {
  names: readonly string[];
  problem: (c: ResolvedView) => string | null;
}

/** The fields the rules read. */
export interface ResolvedView {
  method: Method;
  mask: { name: string; matrix?: unknown };
  coefficients: { distribution: string; low: number; high: number };
  fixedBasis?: unknown;
  strengths: { enabled: boolean | 'auto' };
}

export const RULES: readonly Rule[] = [
  { names: ['coefficients.low', 'coefficients.high'], problem: ({ coefficients: co }) => (co.distribution === 'uniform' && !(co.low < co.high) ? `coefficients: low (${co.low}) must be below high (${co.high})` : null) },
  { names: ['coefficients.high'], problem: ({ coefficients: co }) => (co.distribution === 'normal' && !(co.high > 0) ? `coefficients: the normal distribution needs high (its std) > 0, got ${co.high}` : null) },
  { names: ['mask.matrix'], problem: ({ mask }) => (mask.name === 'custom' && mask.matrix === undefined ? 'mask: a custom mask needs mask.matrix (--mask FILE.json)' : null) },
  { names: ['fixedBasis'], problem: (c) => (c.method === 'fixed-basis' && c.fixedBasis === undefined ? 'method fixed-basis needs a basis (--basis FILE.json)' : null) },
  { names: ['fixedBasis'], problem: (c) => (c.method === 'augerino' && c.fixedBasis === undefined ? 'method augerino needs a basis to learn widths over (--basis FILE.json, or a dataset with a known ground truth)' : null) },
  { names: ['strengths.enabled'], problem: (c) => (c.strengths.enabled === true && METHODS[c.method].basis === 'none' ? `strengths need generators: use them with semola, fixed-basis or augerino, not ${c.method}` : null) },
];

export const OPTION_BY_NAME: ReadonlyMap<string, Setting> = new Map(OPTIONS.map((s) => [s.name, s]));

export function option(name: string): Setting {
  const s = OPTION_BY_NAME.get(name);
  if (!s) throw new Error(`no setting "${name}" in the option table`);
  return s;
}
