/**
 * The New run form's fields: the config key each sets (dotted path), how its text is read, and
 * the explanation shown in its tooltip. Values left empty take the preset's default. The methods
 * and backends come from their one list each (src-main/api/choices.ts).
 */
import { BACKEND_HELP, METHOD_NAMES, METHODS_HELP, METHODS_WITH_GIVEN_BASIS } from '../../../src-main/api/choices';

export { BACKEND_HELP };

export type FieldKind = 'int' | 'number' | 'choice' | 'intList';

export interface ConfigField {
  key: string;
  label: string;
  kind: FieldKind;
  choices?: string[];
  help: string;
  group: 'Method' | 'Generators' | 'Weight sharing' | 'Loss weights' | 'Training';
}

export const CONFIG_FIELDS: ConfigField[] = [
  { key: 'preset', label: 'Preset', kind: 'choice', choices: ['default', 'paper'], group: 'Method', help: "default: the settings that discover symmetries reliably on held-out data; paper: the published recipe (cosine augmentation term, no manifold term, constant initialisation)." },
  { key: 'method', label: 'Method', kind: 'choice', choices: [...METHOD_NAMES], group: 'Method', help: `${METHODS_HELP}. ${METHODS_WITH_GIVEN_BASIS.join(' and ')} augment with a given basis.` },
  { key: 'model.kind', label: 'Base model', kind: 'choice', choices: ['mlp', 'pointcloud', 'weight-sharing'], group: 'Method', help: "mlp reads flat feature vectors (tables); pointcloud reads point clouds (molecules, trajectories) and is chosen automatically for them; weight-sharing learns G soft permutation matrices shared over the inputs' slots (the features of a vector or the points of a point set) and reports the discrete permutation group it finds. Weight sharing takes invariant tasks only, and trains at lr 1e-2, batch 128, 100 epochs unless set here." },
  { key: 'model.hidden', label: 'Hidden layers', kind: 'intList', group: 'Method', help: 'Widths of the hidden layers, comma separated, e.g. 256,256,256.' },
  { key: 'k', label: 'Generators k', kind: 'int', group: 'Generators', help: 'Number of Lie algebra generators learned: the dimension of the symmetry group searched for (1 for a rotation in a plane, 3 for so(3)).' },
  { key: 'mask.name', label: 'Mask', kind: 'choice', choices: ['full', 'blocks2', 'blocks4', 'tied2'], group: 'Generators', help: 'Which entries of every generator may be non-zero: full (all), blocks2/blocks4 (block-diagonal 2x2 or 4x4 blocks), tied2 (one 2x2 block repeated on every 2-vector). Needs d divisible by the block size.' },
  { key: 'nAug', label: 'Augmentations', kind: 'int', group: 'Generators', help: 'Augmented copies g x of each sample per step, with g = exp(sum t_i L_i) for random coefficients t.' },
  { key: 'weightSharing.groupSize', label: 'Group elements G', kind: 'int', group: 'Weight sharing', help: 'Weight-sharing model: how many soft permutations P_g it learns, the fixed identity included (default 6). The reported group is the one their confident roundings generate, so it may be larger than G; a G at least the order you expect (6 for S_3) leaves room for every element.' },
  { key: 'weightSharing.entropyWeight', label: 'Entropy weight', kind: 'number', group: 'Weight sharing', help: 'Weight-sharing model: weight of the entropy of the P_g, which pushes them towards hard permutations (default 0.05). At 0 they tend to stay soft, with confidences too low to enter the group; large values harden them early, before the data has shaped them.' },
  { key: 'weights.task', label: 'Task', kind: 'number', group: 'Loss weights', help: 'Weight of the prediction loss on the original samples.' },
  { key: 'weights.equiv', label: 'Equivariance', kind: 'number', group: 'Loss weights', help: 'Weight of the loss on augmented samples: the model must predict the transformed target (equivariant task) or the same target (invariant task) for g x.' },
  { key: 'weights.aug', label: 'Augmentation', kind: 'number', group: 'Loss weights', help: 'Weight of the term that keeps generators from collapsing to the identity (cosine or motion floor, see the preset).' },
  { key: 'weights.orth', label: 'Orthogonality', kind: 'number', group: 'Loss weights', help: 'Weight of the penalty on overlapping generators (keeps the k generators independent).' },
  { key: 'weights.sparse', label: 'Sparsity', kind: 'number', group: 'Loss weights', help: 'Weight of the L1 penalty on generator entries (favours readable generators).' },
  { key: 'weights.manifold', label: 'Manifold', kind: 'number', group: 'Loss weights', help: 'Weight of the term keeping augmented samples on the data manifold (0 in the paper preset).' },
  { key: 'epochs', label: 'Epochs', kind: 'int', group: 'Training', help: 'Passes over the training split.' },
  { key: 'batchSize', label: 'Batch size', kind: 'int', group: 'Training', help: 'Samples per optimisation step (at least 2).' },
  { key: 'lr', label: 'Learning rate', kind: 'number', group: 'Training', help: 'Adam learning rate of the model, in (0, 10).' },
  { key: 'basisLr', label: 'Basis learning rate', kind: 'number', group: 'Training', help: 'Adam learning rate of the generators; the paper uses the model learning rate.' },
  { key: 'lrSchedule', label: 'Schedule', kind: 'choice', choices: ['constant', 'cosine'], group: 'Training', help: 'constant (paper) or cosine: both learning rates decay to 0 over the run.' },
  { key: 'valFraction', label: 'Validation fraction', kind: 'number', group: 'Training', help: 'Share of the training samples held out to report the validation loss, in [0, 0.9).' },
  { key: 'seed', label: 'Seed', kind: 'int', group: 'Training', help: 'Random seed: the same seed and backend give the same numbers.' },
];


/** Reads a field's text; undefined for empty, an error message for text of the wrong kind. */
export function parseField(field: ConfigField, text: string): { value?: unknown; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  switch (field.kind) {
    case 'int':
      return /^[+-]?\d+$/.test(t) ? { value: Number(t) } : { error: `${field.label}: expected a whole number, got "${t}"` };
    case 'number':
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? { value: Number(t) } : { error: `${field.label}: expected a number, got "${t}"` };
    case 'intList': {
      const parts = t.split(',').map((p) => p.trim());
      return parts.every((p) => /^\d+$/.test(p)) ? { value: parts.map(Number) } : { error: `${field.label}: expected whole numbers separated by commas, got "${t}"` };
    }
    case 'choice':
      return field.choices?.includes(t) ? { value: t } : { error: `${field.label}: expected one of ${field.choices?.join(', ')}, got "${t}"` };
  }
}

/** Nested overrides from dotted keys: {'weights.aug': 0.1} -> {weights: {aug: 0.1}}. */
export function nestOverrides(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = out;
    parts.slice(0, -1).forEach((p) => {
      at[p] = (at[p] as Record<string, unknown> | undefined) ?? {};
      at = at[p] as Record<string, unknown>;
    });
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** The value at a dotted path of a nested object. */
export function valueAt(obj: Record<string, unknown> | null, key: string): unknown {
  let at: unknown = obj;
  for (const p of key.split('.')) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[p] : undefined;
  return at;
}

/** Shortcuts that fill the form; the paper preset is the published recipe. */
export const FORM_PRESETS: { name: string; help: string; values: Record<string, string> }[] = [
  { name: 'Default', help: 'The workbench defaults.', values: { preset: 'default' } },
  { name: 'Paper', help: 'The settings of the SEMoLA paper (SPEC sections 1-4).', values: { preset: 'paper' } },
  { name: 'Quick look', help: 'A few epochs of a small model, to check a dataset in seconds.', values: { preset: 'default', epochs: '3', 'model.hidden': '32,32', batchSize: '64' } },
];
