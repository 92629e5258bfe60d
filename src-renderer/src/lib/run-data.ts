/** One line saying what a finished run trained on: task, targets with their units, positions, samples. */
import type { Summary } from '../../../src-main/api/schemas';

const withUnit = (name: string, unit: string | null | undefined): string => (unit ? `${name} (${unit})` : `${name} (unit not stated)`);

export function runDataLine(dataset: Summary['dataset']): string {
  const units = dataset.units;
  const targets = dataset.targets;
  // Next-frame prediction has a target per coordinate of the next frames: named by count, not listed.
  const targetText =
    targets.length <= 4
      ? `${targets.length === 1 ? 'target' : 'targets'} ${targets.map((t) => (units ? withUnit(t, units.targets[t]) : t)).join(', ')}`
      : `${targets.length} targets (${targets[0]} ... ${targets[targets.length - 1]})`;
  const parts = [`${dataset.task} ${dataset.targetKind}`, targetText];
  if (units?.positions) parts.push(`positions in ${units.positions}`);
  if (units?.source) parts.push(`units: ${units.source}`);
  else if (units) parts.push('units not stated');
  parts.push(`${dataset.trainSamples} train, ${dataset.validationSamples} validation, ${dataset.testSamples} test samples`);
  return parts.join(' · ');
}
