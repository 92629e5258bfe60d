/**
 * A run made ready to train: the out path checked, the data loaded, the settings resolved against
 * it and every feasibility check passed. `semola train` prepares before it records a run, so a run
 * that cannot train is refused without a failed row in the workspace.
 */
import * as path from 'node:path';
import type { Dataset } from '../data/dataset';
import { resolveConfig, type TrainConfig } from '../engine/config';
import { withStrengthsResolved } from '../engine/losses/strengths';
import { feasibilityProblems, modelChosen, withLayoutDefaults } from '../engine/options/feasibility';
import { defaultPointModel, fixedAtomOrder } from './default-model';
import { loadBasisFile } from './basis-file';
import { loadData } from './load-data';
import type { RunOptions } from './options';
import { checkOutPath } from './out-path';

export interface PreparedRun {
  dataset: Dataset;
  /** The resolved settings: exactly what trains and what the summary records. */
  config: TrainConfig;
  /** Where the reference basis comes from, for the summary. */
  referenceSource: string;
  /** performance.now() when preparing began: the run's setup time counts from here. */
  startedAt: number;
}

export async function prepareRun(opts: RunOptions): Promise<PreparedRun> {
  const startedAt = performance.now();
  if (opts.out) await checkOutPath(opts.out);
  const dataset = await loadData(opts);
  let overrides: Record<string, unknown> = { ...opts.config };
  // Point data without a chosen model: the MLP in atom order for frames of one system with per-atom
  // forces, else the point-cloud model (run/default-model.ts says why, in the run's notes).
  if (dataset.layout.kind === 'points' && !modelChosen(overrides)) {
    const choice = defaultPointModel(dataset);
    overrides.model = { ...((overrides.model as object | undefined) ?? {}), kind: choice.kind };
    dataset.notes = [...(dataset.notes ?? []), choice.reason];
  }
  overrides = withLayoutDefaults(dataset, overrides);
  // Augerino learns widths over a known basis: the dataset's ground truth unless --basis gives one.
  if (overrides.method === 'augerino' && !overrides.fixedBasis && dataset.referenceBasis) overrides.fixedBasis = dataset.referenceBasis;
  // Strengths `auto` is resolved against the data (k > 1 regression): the record says true or false.
  const config = withStrengthsResolved(resolveConfig(overrides as Partial<TrainConfig>), dataset.targetKind);
  let referenceSource = 'built-in ground truth';
  if (opts.reference) {
    dataset.referenceBasis = await loadBasisFile(opts.reference, 'reference');
    referenceSource = path.resolve(opts.reference);
    const d = dataset.layout.d;
    if (dataset.referenceBasis.some((L) => L.length !== d)) throw new Error(`${opts.reference}: reference generators must be ${d} x ${d} for this dataset's layout`);
  }
  // The checks every entry point runs before training (a k far above the mask's free entries never finishes).
  const atomOrderFixed = dataset.layout.kind === 'points' ? fixedAtomOrder(dataset) : undefined;
  const problems = feasibilityProblems({ ...dataset, atomOrderFixed }, config);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { dataset, config, referenceSource, startedAt };
}
