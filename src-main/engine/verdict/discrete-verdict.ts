/**
 * The verdict of a weight-sharing run (method plain: no Lie generators) from the permutation group
 * its held-out check accepted (discrete/permutation-check.ts): a non-trivial group is found, named,
 * with the held-out losses that support it; the trivial group is "not found" only when the model
 * fits well enough for every swap of two slots to have been tested, else inconclusive.
 */
import type { PermutationCheck } from '../discrete/permutation-check';
import { SCAN_MIN_R2 } from '../discrete/permutation-check';
import type { PermutationGroupSummary } from '../discrete/permutation-summary';
import { VERDICT_THRESHOLDS, type Verdict, type VerdictCheck } from './decide';

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(3) : v.toExponential(2));

export function decideDiscreteVerdict(group: PermutationGroupSummary, check: PermutationCheck, minR2 = VERDICT_THRESHOLDS.minR2): Verdict {
  const r2 = check.r2 ?? null;
  const fit: VerdictCheck | null =
    r2 === null
      ? null
      : r2 >= minR2
        ? { name: 'fit', outcome: 'pass', detail: `the model fits the held-out data (R^2 = ${fmt(r2)})` }
        : { name: 'fit', outcome: 'fail', detail: `the model does not fit the data well enough to judge symmetry (held-out R^2 = ${fmt(r2)}, at least ${fmt(minR2)} needed)` };
  const losses = `held-out loss ${fmt(check.groupLoss)} with the group enforced against ${fmt(check.baselineLoss)} without (limit ${fmt(check.limit)}: +${Math.round(100 * check.options.tolerance)}% and ${check.options.slack}; ${check.samples} held-out samples)`;
  const base = { similarity: null, interval: null } as const;
  if (fit?.outcome === 'fail') {
    return { ...base, status: 'inconclusive', symmetryFound: false, name: null, reason: `inconclusive: ${fit.detail}`, checks: [fit] };
  }
  if (group.order > 1) {
    const name = group.name ?? `a permutation group of order ${group.order}`;
    const cost: VerdictCheck = { name: 'cost', outcome: 'pass', detail: `the permutation group ${name} (order ${group.order}, generators ${group.generatorsNamed.join(' ')}): ${losses}` };
    return { ...base, status: 'found', symmetryFound: true, name, reason: `symmetry found: ${[cost.detail, fit?.detail].filter(Boolean).join('; ')}`, checks: [...(fit ? [fit] : []), cost] };
  }
  // Trivial: every swap was tried only when the scan ran (regression with R^2 >= SCAN_MIN_R2).
  const scanned = r2 !== null && r2 >= SCAN_MIN_R2;
  if (!scanned) {
    const detail = `no learned permutation kept the held-out loss within the limit (${losses}), and ${r2 === null ? 'a classification model' : `a model with held-out R^2 ${fmt(r2)} (at least ${SCAN_MIN_R2} needed)`} is not tested on every swap of two slots: a permutation symmetry may still be there`;
    return { ...base, status: 'inconclusive', symmetryFound: false, name: null, reason: `inconclusive: ${detail}`, checks: [...(fit ? [fit] : []), { name: 'cost', outcome: 'undecided', detail }] };
  }
  const detail = `no learned permutation and no swap of two slots keeps the held-out loss within the limit (${losses})`;
  return { ...base, status: 'not-found', symmetryFound: false, name: null, reason: `no symmetry found: ${detail}; ${fit!.detail}`, checks: [fit!, { name: 'cost', outcome: 'fail', detail }] };
}
