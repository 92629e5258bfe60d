/**
 * The checks a run's settings need its dataset for: the generators the mask can hold, the model
 * against the layout and task, the basis against d. Every entry point runs these same functions
 * before training (`semola train` and --config files through runTrain, the API's run check, the
 * New-run form), so a run one of them refuses is refused by all with the same message.
 */
import { generatorCountProblem } from '../lie/masks';
import { METHODS, type Method } from '../methods/method';

/** What of a dataset the checks read (a DatasetRecord, a loaded Dataset or the API's summary). */
export interface DataShape {
  layout: { kind: 'vector' | 'points' | 'image'; d: number };
  task: 'invariant' | 'equivariant';
  targetKind: 'regression' | 'classification';
  /** Points only: whether every frame holds the same atoms in one order (known once the data are loaded). */
  atomOrderFixed?: boolean;
}

/** What of a resolved config the checks read. */
export interface FeasibilityView {
  method: Method;
  k: number;
  mask: { name: string; matrix?: number[][] };
  model: { kind: string };
  fixedBasis?: number[][][];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Whether these overrides name a model kind. */
export function modelChosen(overrides: Record<string, unknown>): boolean {
  const model = overrides['model'];
  return typeof model === 'object' && model !== null && Object.prototype.hasOwnProperty.call(model, 'kind') && (model as { kind?: unknown }).kind !== undefined;
}

/**
 * The model a run gets when it names none: point clouds get the point-cloud model (a loaded MD
 * trajectory with forces may get the MLP in atom order first: run/default-model.ts), images the CNN.
 */
export function withLayoutDefaults(shape: Pick<DataShape, 'layout'>, overrides: Record<string, unknown>): Record<string, unknown> {
  const model = overrides['model'];
  if (shape.layout.kind === 'vector' || modelChosen(overrides)) return overrides;
  return { ...overrides, model: { ...(typeof model === 'object' && model !== null ? model : {}), kind: shape.layout.kind === 'image' ? 'cnn' : 'pointcloud' } };
}

/** Every reason these settings cannot train on this dataset; empty when they can. */
export function feasibilityProblems(shape: DataShape, config: FeasibilityView): string[] {
  const errors: string[] = [];
  const { layout } = shape;
  const d = layout.d;
  if (METHODS[config.method].basis !== 'none') {
    try {
      const problem = generatorCountProblem(config.k, config.mask as Parameters<typeof generatorCountProblem>[1], d, (layout.kind === 'points' && d === 4) || layout.kind === 'image');
      if (problem) errors.push(problem);
    } catch (e) {
      errors.push(`mask: ${message(e)} (this dataset has d = ${d})`);
    }
  }
  // The weight-sharing model takes either layout but pools over its permutations: invariant tasks only.
  const invariant = shape.task === 'invariant';
  const orWeightSharing = invariant ? ' or the weight-sharing model' : '';
  const kind = config.model.kind;
  if (kind === 'cnn' && layout.kind !== 'image') errors.push(`the CNN reads images; this dataset has the ${layout.kind} layout: choose the ${layout.kind === 'points' ? 'point-cloud model' : 'MLP'}`);
  if (layout.kind === 'image' && (kind === 'pointcloud' || kind === 'weight-sharing')) errors.push(`the ${kind} model does not read images: choose the CNN (or the MLP on the flattened pixels)`);
  else if (kind === 'pointcloud' && layout.kind !== 'points') errors.push(`the point-cloud model needs a points dataset (molecules, trajectories); this one is a feature table: choose the MLP${orWeightSharing}`);
  // The MLP reads a point cloud as its coordinates in atom order: only frames of one system keep one.
  if (kind === 'mlp' && layout.kind === 'points' && shape.atomOrderFixed === false) {
    errors.push(`the MLP reads the coordinates in atom order, so it needs every frame to hold the same atoms in one order; these frames differ in atoms, order or count: choose the point-cloud model${orWeightSharing}`);
  }
  if (kind === 'weight-sharing' && !invariant) {
    errors.push(
      `the weight-sharing model pools over its permutations, so its outputs are invariant: it takes invariant tasks only, and this dataset's task is ${shape.task}: choose the ${layout.kind === 'points' ? 'point-cloud model' : 'MLP'}, or edit the dataset's task if its target does not transform`,
    );
  }
  if (config.fixedBasis !== undefined && config.fixedBasis.some((L) => L.length !== d || L.some((row) => row.length !== d))) {
    errors.push(`the fixed basis must hold ${d} x ${d} generators for this dataset`);
  }
  if (shape.targetKind === 'classification' && shape.task === 'equivariant') errors.push('a classification target cannot transform with g: use an invariant task');
  return errors;
}
