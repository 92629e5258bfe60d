/**
 * Checks a run's settings against its dataset before anything starts, collecting every problem
 * the user can fix in the form: the engine's own config validation, then the combinations that
 * only the dataset can rule out (mask vs dimension, model vs layout and task, basis shape, k vs free
 * entries).
 */
import type { DatasetRecord } from '../../data/record';
import { resolveConfig, type TrainConfig } from '../../engine/config';
import { generatorCountProblem } from '../../engine/lie/masks';
import { METHODS } from '../../engine/methods/method';

export type ConfigCheck = { ok: true; resolved: TrainConfig } | { ok: false; errors: string[] };

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The model the engine picks when the user chose none: point clouds get the point-cloud model. */
export function withLayoutDefaults(record: DatasetRecord, overrides: Record<string, unknown>): Record<string, unknown> {
  const model = overrides['model'] as { kind?: unknown } | undefined;
  if (record.layout.kind !== 'points' || (model !== undefined && model.kind !== undefined)) return overrides;
  return { ...overrides, model: { ...(model ?? {}), kind: 'pointcloud' } };
}

export function checkRunConfig(record: DatasetRecord, overrides: Record<string, unknown>): ConfigCheck {
  let config: TrainConfig;
  try {
    config = resolveConfig(withLayoutDefaults(record, overrides) as Partial<TrainConfig>);
  } catch (e) {
    return { ok: false, errors: [message(e)] };
  }
  const errors: string[] = [];
  const { layout } = record;
  const d = layout.d;
  const homogeneous = layout.kind === 'points' && layout.d === 4;
  if (METHODS[config.method].basis !== 'none') {
    try {
      const problem = generatorCountProblem(config.k, config.mask, d, homogeneous);
      if (problem) errors.push(problem);
    } catch (e) {
      errors.push(`mask: ${message(e)} (this dataset has d = ${d})`);
    }
  }
  // The weight-sharing model takes either layout but pools over its permutations: invariant tasks only.
  const invariant = record.task === 'invariant';
  const orWeightSharing = invariant ? ' or the weight-sharing model' : '';
  if (config.model.kind === 'pointcloud' && layout.kind !== 'points') errors.push(`the point-cloud model needs a points dataset (molecules, trajectories); this one is a feature table: choose the MLP${orWeightSharing}`);
  if (config.model.kind === 'mlp' && layout.kind === 'points') errors.push(`the MLP takes feature vectors; this dataset is a point cloud: choose the point-cloud model${orWeightSharing}`);
  if (config.model.kind === 'weight-sharing' && !invariant) {
    errors.push(
      `the weight-sharing model pools over its permutations, so its outputs are invariant: it takes invariant tasks only, and this dataset's task is ${record.task}: choose the ${layout.kind === 'points' ? 'point-cloud model' : 'MLP'}, or edit the dataset's task if its target does not transform`,
    );
  }
  if (config.fixedBasis !== undefined && config.fixedBasis.some((L) => L.length !== d || L.some((row) => row.length !== d))) {
    errors.push(`the fixed basis must hold ${d} x ${d} generators for this dataset`);
  }
  if (record.targetKind === 'classification' && record.task === 'equivariant') errors.push('a classification target cannot transform with g: use an invariant task');
  if (config.batchSize < 2) errors.push('batchSize must be at least 2 (a batch of one has no spread)');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, resolved: config };
}
