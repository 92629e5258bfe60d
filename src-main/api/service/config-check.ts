/**
 * Checks a run's settings against its dataset before anything starts, collecting every problem
 * the user can fix in the form: the option table's checks (engine/options), then the same
 * feasibility checks every other entry point runs (mask vs d, model vs layout and task, basis shape,
 * k vs free entries).
 */
import type { DatasetRecord } from '../../data/record';
import type { TrainConfig } from '../../engine/config';
import { feasibilityProblems, withLayoutDefaults } from '../../engine/options/feasibility';
import { resolveSettings } from '../../engine/options/resolve';

export type ConfigCheck = { ok: true; resolved: TrainConfig } | { ok: false; errors: string[] };


export function checkRunConfig(record: DatasetRecord, overrides: Record<string, unknown>): ConfigCheck {
  const r = resolveSettings(withLayoutDefaults(record, overrides));
  if (!r.ok) return { ok: false, errors: r.problems };
  const config = r.config as unknown as TrainConfig;
  const errors = feasibilityProblems(record, config);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, resolved: config };
}
