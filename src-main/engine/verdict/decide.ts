/**
 * "Was a symmetry found?", decided on every run, with three possible answers: `found`,
 * `not-found` and `inconclusive`. A confident wrong answer is the worst thing the workbench can print,
 * so "found" needs every check below to pass, and a check that cannot be made is said, not guessed:
 *
 * Preconditions (else inconclusive):
 *   fit        the base model fits the held-out data (R^2 >= minR2; classification: accuracy at least
 *              halfway from chance to the training accuracy): a model that does not fit is invariant
 *              to anything, so its cost says nothing;
 *   samples    at least minSamples held-out samples for the cost test;
 *   generators every generator moves the data (g = I is satisfied at no cost and tests nothing).
 * Evidence against (not-found):
 *   cost       the 90% bootstrap interval of the relative cost of enforcing the generators
 *              (symmetrized against direct held-out loss) lies above maxCost;
 *   data       the data's own labels change along the orbits (vector data, orbit variation above
 *              maxOrbitVariation), or along the generators by their gradients (forces).
 * Data gradients (forces) decide on their own: with a passing gradient test over at least minSamples
 *   held-out samples, fit and cost are the model's and become notes (closure, motion and the starts'
 *   agreement still apply).
 * Doubt (inconclusive):
 *   the interval straddles maxCost, or lies above it while the data test passes (then the cost is
 *   the model's, not the data's: "not found" needs both the cost and the data test against); the data test cannot be decided; the starts of the run found
 *   different spans (agreement below minAgreement among the starts near the best); the span is not
 *   closed under brackets or is rank-deficient (then at most "invariance along the learned
 *   directions, not a closed algebra"); the cost and data tests reject the span as a whole while a
 *   direction inside it, moving the data, is exact or not measurably broken by its own held-out
 *   test (exactness.ts): a smaller symmetry may be there, so not "not found".
 * Defaults and their evidence: reports/trust/study.md (earlier thresholds: reports/verdict/study.md).
 */
import type { Method } from '../config';
import type { VerdictEvidence } from './evidence';
import { ORBIT_VARIATION_OPTIONS } from './orbit';
import type { CostInterval } from './bootstrap';
import { CLOSED_RESIDUAL } from '../lie/algebra/match';
import { unbrokenPart, unbrokenPartDetail, type ExactnessDirection } from './exact-part';

export type VerdictStatus = 'found' | 'not-found' | 'inconclusive';

export interface VerdictCheck {
  name: 'method' | 'fit' | 'samples' | 'generators' | 'cost' | 'data' | 'agreement' | 'closure' | 'spectrum' | 'exactness';
  outcome: 'pass' | 'fail' | 'undecided' | 'skipped';
  detail: string;
}

export interface Verdict {
  status: VerdictStatus;
  /** True exactly when status is `found`. */
  symmetryFound: boolean;
  /** Name of the best-matching known algebra when a symmetry is found, else null. */
  name: string | null;
  /** Its similarity (0..1) when a symmetry is found, else null. */
  similarity: number | null;
  /** In words, with the numbers: the headline, then what decided it. */
  reason: string;
  /** The bootstrap interval of the relative cost of enforcing the generators (null without one). */
  interval: CostInterval | null;
  /** Every check made, in order, with its numbers. */
  checks: VerdictCheck[];
}

export interface VerdictThresholds {
  /** Largest relative increase of the held-out task loss when the symmetry is enforced (upper end of the interval). */
  maxCost: number;
  /** Largest label change along orbits relative to arbitrary moves of the same size (verdict-orbit.ts). */
  maxOrbitVariation: number;
  /** Largest change of the target along a generator by its gradients, relative to random generators. */
  maxGradientVariation: number;
  /** Largest change along a direction, relative to random generators, for it to count as exact (else approximate). */
  maxExactVariation: number;
  /**
   * Without data gradients (verdict/move-exactness.ts): largest held-out loss change under a
   * direction's moves, relative to the model's own held-out error (upper end of its 90% interval),
   * for it to count as exact; otherwise a lower end above 0 makes it approximate, else undecided.
   */
  maxExactChange: number;
  /** Smallest held-out R^2 of the base model (regression). */
  minR2: number;
  /** Fewest held-out samples for the cost test. */
  minSamples: number;
  /** Smallest pairwise subspace similarity of the starts near the best. */
  minAgreement: number;
  /** Starts whose validation objective is within this fraction of the best are compared. */
  agreementWindow: number;
  /** Largest closure residual of a span called an algebra. */
  maxClosureResidual: number;
  /** Smallest relative motion of the data by a generator. */
  minMotion: number;
  /**
   * Smallest relative motion of an exact direction (verdict/exactness.ts) for it to count against a
   * "not found": a direction that hardly moves the data is exact at no cost and tells nothing.
   */
  minExactMotion: number;
}

export const VERDICT_THRESHOLDS: VerdictThresholds = {
  maxCost: 0.1,
  maxOrbitVariation: 0.05,
  maxGradientVariation: 0.05,
  maxExactVariation: 1e-3,
  maxExactChange: 0.1,
  minR2: 0.5,
  minSamples: 200,
  minAgreement: 0.9,
  agreementWindow: 0.1,
  // The algebra analysis' own limit: a span it calls "not closed" is never called closed here.
  maxClosureResidual: CLOSED_RESIDUAL,
  minMotion: 1e-3,
  minExactMotion: 0.05,
};

/** The best match of the learned generators among known algebras (from the algebra analysis). */
export interface AlgebraMatch {
  name: string;
  similarity: number;
}

/** The span the verdict judges: its closure under brackets and its rank (from the algebra analysis). */
export interface SpanStructure {
  closureResidual: number;
  rank: number;
  k: number;
}

/** What the starts of a run found (several starts only). */
export interface StartsAgreement {
  /** Starts within `agreementWindow` of the best validation objective, compared pairwise. */
  compared: number;
  /** Smallest pairwise subspace similarity among them (null when fewer than two). */
  minSimilarity: number | null;
  /** Smallest pairwise agreement when the starts were also compared by action: per pair the larger of the two similarities. */
  minAgreement?: number | null;
  /** One line per start, e.g. "seed 1: so(2), val 0.012". */
  found: string[];
  /** How many starts near the best found a symmetry; a "not found" from the best start is doubtful when any did. */
  foundNearBest?: number;
}

export interface VerdictInput {
  method: Method;
  evidence: VerdictEvidence | null;
  match: AlgebraMatch | null;
  structure?: SpanStructure | null;
  agreement?: StartsAgreement | null;
  /**
   * Which directions of the span are exact (verdict/exactness.ts), stated beside the answer; an
   * exact direction that moves the data turns a "not found" for the whole span into inconclusive.
   */
  exactness?: { description: string; decided?: boolean; directions?: ExactnessDirection[] } | null;
  /** What the generators are called in the reason; by default "learned" (semola) or "given". */
  generatorsAre?: string;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(3) : v.toExponential(2));
const pct = (v: number): string => `${v >= 0 ? '+' : ''}${fmt(100 * v)}%`;

function fitCheck(e: VerdictEvidence, t: VerdictThresholds): VerdictCheck | null {
  const fit = e.fit;
  if (!fit) return null;
  if (fit.kind === 'r2') {
    const ok = fit.value >= t.minR2;
    return {
      name: 'fit',
      outcome: ok ? 'pass' : 'fail',
      detail: ok
        ? `the model fits the held-out data (R^2 = ${fmt(fit.value)})`
        : `the model does not fit the data well enough to judge symmetry (held-out R^2 = ${fmt(fit.value)}, at least ${fmt(t.minR2)} needed)`,
    };
  }
  const needed = fit.chance + 0.5 * (fit.train - fit.chance);
  const ok = fit.value >= needed && fit.train > fit.chance;
  return {
    name: 'fit',
    outcome: ok ? 'pass' : 'fail',
    detail: ok
      ? `the model fits the held-out data (accuracy ${fmt(fit.value)}; chance ${fmt(fit.chance)}, training ${fmt(fit.train)})`
      : `the model does not fit the data well enough to judge symmetry (held-out accuracy ${fmt(fit.value)}, at least ${fmt(needed)} needed: halfway from chance ${fmt(fit.chance)} to the training accuracy ${fmt(fit.train)})`,
  };
}

function costCheck(e: VerdictEvidence, t: VerdictThresholds, who: string): VerdictCheck {
  const estimate = (e.averagedError ?? e.directError) / Math.max(e.directError, 1e-12) - 1;
  // Evidence recorded before intervals existed: the point estimate alone.
  const i = e.costInterval ?? { level: 0, estimate, low: estimate, high: estimate, resamples: 0 };
  const level = i.resamples > 0 ? `${Math.round(100 * i.level)}%` : 'no';
  const base = `enforcing the ${who} generators changes the held-out task loss by ${pct(i.estimate)}`;
  const range = `${level} interval ${pct(i.low)} to ${pct(i.high)} over ${e.samples} held-out samples; limit ${pct(t.maxCost)}`;
  if (i.high <= t.maxCost) return { name: 'cost', outcome: 'pass', detail: `${base} (${range})` };
  const narrow = e.narrowCost ?? null;
  if (i.low > t.maxCost && narrow && narrow.interval.high <= t.maxCost) {
    // Images seen within a range of angles need not be invariant over the whole searched range.
    const n = narrow.interval;
    return {
      name: 'cost',
      outcome: 'undecided',
      detail: `${base} over the whole coefficient range (${range}), but ${pct(n.estimate)} with coefficients within +-${fmt(narrow.range)} (interval ${pct(n.low)} to ${pct(n.high)}): the symmetry may hold over a narrower range than the one searched, and these images cannot tell which`,
    };
  }
  if (i.low > t.maxCost) {
    const within = narrow ? `; within +-${fmt(narrow.range)} it changes it by ${pct(narrow.interval.estimate)} (interval ${pct(narrow.interval.low)} to ${pct(narrow.interval.high)})` : '';
    return { name: 'cost', outcome: 'fail', detail: `${base} (${range})${within}` };
  }
  return { name: 'cost', outcome: 'undecided', detail: `${base} (${range}): the interval straddles the limit` };
}

function dataCheck(e: VerdictEvidence, t: VerdictThresholds): VerdictCheck {
  const g = e.gradientTest ?? null;
  if (g) {
    const worst = Math.max(...g.variation.map((v) => (Number.isFinite(v) ? v : Infinity)));
    const values = g.variation.map(fmt).join(', ');
    // Below 0 the change is under what random directions show by chance: no "-0.02 times as much".
    if (worst <= 0) {
      return { name: 'data', outcome: 'pass', detail: `by the data's gradients the target does not change measurably along the generators (relative change ${values} against random directions, limit ${fmt(t.maxGradientVariation)}; ${g.samples} samples)` };
    }
    return {
      name: 'data',
      outcome: worst <= t.maxGradientVariation ? 'pass' : 'fail',
      detail: `by the data's gradients the target changes along the generators ${values} times as much as along random ones (limit ${fmt(t.maxGradientVariation)}; ${g.samples} samples)`,
    };
  }
  const points = e.orbitVariationPoints ?? null;
  if (points === null) return { name: 'data', outcome: 'skipped', detail: 'not measured: no data test applies (point clouds or images without target gradients): judged on the model alone' };
  const v = e.orbitVariation;
  if (v === null) {
    return {
      name: 'data',
      outcome: 'undecided',
      detail: `whether labels stay constant along the orbits cannot be decided from these data: ${
        points < ORBIT_VARIATION_OPTIONS.minPoints
          ? `only ${points} orbit points land within the data (at least ${ORBIT_VARIATION_OPTIONS.minPoints} needed)`
          : 'the orbits move samples no farther than the gap between neighbouring samples'
      }`,
    };
  }
  if (v <= 0) {
    return { name: 'data', outcome: 'pass', detail: `labels do not change measurably along the orbits (relative variation ${fmt(v)} against arbitrary moves of the same size, limit ${fmt(t.maxOrbitVariation)}; ${points} orbit points within the data)` };
  }
  return {
    name: 'data',
    outcome: v <= t.maxOrbitVariation ? 'pass' : 'fail',
    detail: `labels change along the orbits ${fmt(v)} times as much as over arbitrary moves of the same size (limit ${fmt(t.maxOrbitVariation)}; ${points} orbit points within the data)`,
  };
}

function agreementCheck(a: StartsAgreement, t: VerdictThresholds): VerdictCheck {
  if (a.minSimilarity === null) return { name: 'agreement', outcome: 'pass', detail: `one start near the best (${a.found.join('; ')})` };
  const byAction = a.minAgreement !== undefined && a.minAgreement !== null;
  const value = byAction ? a.minAgreement! : a.minSimilarity;
  const ok = value >= t.minAgreement;
  const measure = byAction
    ? `smallest pairwise similarity ${fmt(value)} (per pair the larger of the subspace similarity on the data's span and how alike they move the held-out samples; subspace alone ${fmt(a.minSimilarity)})`
    : `smallest pairwise subspace similarity ${fmt(value)}`;
  return {
    name: 'agreement',
    outcome: ok ? 'pass' : 'fail',
    detail: `${a.compared} starts near the best ${ok ? 'agree' : 'disagree'}: ${measure} (at least ${fmt(t.minAgreement)} needed; ${a.found.join('; ')})`,
  };
}

function closureCheck(s: SpanStructure, t: VerdictThresholds): VerdictCheck {
  if (s.rank < s.k) return { name: 'closure', outcome: 'fail', detail: `the ${s.k} generators span only ${s.rank} dimensions (rank-deficient)` };
  const ok = s.closureResidual <= t.maxClosureResidual;
  return {
    name: 'closure',
    outcome: ok ? 'pass' : 'fail',
    detail: ok
      ? `the span is closed under brackets (residual ${fmt(s.closureResidual)})`
      : `the span is not closed under brackets (residual ${fmt(s.closureResidual)}, limit ${fmt(t.maxClosureResidual)})`,
  };
}

export function decideVerdict(input: VerdictInput, thresholds: VerdictThresholds = VERDICT_THRESHOLDS): Verdict {
  const { method, evidence: e, match } = input;
  const t = thresholds;
  if (method === 'plain' || !e || e.averagedError === null) {
    const detail = `method ${method} has no generators, so it makes no claim about symmetry`;
    return { status: 'not-found', symmetryFound: false, name: null, similarity: null, reason: detail, interval: null, checks: [{ name: 'method', outcome: 'fail', detail }] };
  }
  const who = input.generatorsAre ?? (method === 'semola' ? 'learned' : 'given');
  const checks: VerdictCheck[] = [];
  const fit = fitCheck(e, t);
  if (fit) checks.push(fit);
  checks.push(
    e.samples >= t.minSamples
      ? { name: 'samples', outcome: 'pass', detail: `${e.samples} held-out samples${e.heldOut ? ` from ${e.heldOut}` : ''}` }
      : { name: 'samples', outcome: 'fail', detail: `only ${e.samples} held-out samples: at least ${t.minSamples} are needed to judge the cost (more data, or a larger validation fraction)` },
  );
  const motion = e.motion ?? null;
  if (motion) {
    const still = motion.map((m, j) => ({ m, j })).filter(({ m }) => !(m >= t.minMotion));
    checks.push(
      still.length === 0
        ? { name: 'generators', outcome: 'pass', detail: `every generator moves the data (relative motion ${motion.map(fmt).join(', ')})` }
        : { name: 'generators', outcome: 'fail', detail: `generator ${still.map(({ j }) => j + 1).join(', ')} does not move the data (relative motion ${still.map(({ m }) => fmt(m)).join(', ')}): g = I costs nothing, so enforcing it tests nothing` },
    );
  }
  checks.push(costCheck(e, t, who), dataCheck(e, t));
  if (input.agreement) checks.push(agreementCheck(input.agreement, t));
  if (input.structure && input.structure.k > 1) checks.push(closureCheck(input.structure, t));
  else if (input.structure && input.structure.rank < 1) checks.push(closureCheck(input.structure, t));

  const cost = checks.find((c) => c.name === 'cost')!;
  const data = checks.find((c) => c.name === 'data')!;
  // The data's own test (model-free: their gradients, or their labels along the orbits) says the
  // target does not change along the generators; a costly symmetrized model then shows that the
  // model does not follow the data along them (a trajectory that never turns has no moved inputs),
  // not that the data lack the symmetry. "Not found" needs both to say so: in the trust study every
  // right "not found" had both failing, and the wrong ones on 2-body had the data test passing.
  if (cost.outcome === 'fail' && data.outcome === 'pass') {
    cost.outcome = 'undecided';
    cost.detail += e.gradientTest
      ? ': the data\'s gradients show no change along the generators, so the cost is the model\'s, which was not trained on inputs moved that far'
      : ': the data\'s labels do not change along the orbits, so the cost is the model\'s (it does not follow the data along them), not evidence that the data lack the symmetry';
  }
  // Images have no data test, and a confident classifier pays for any averaging: the true rotation
  // (fixed basis, 16 x 16 digits seen within +-45 degrees, 8 epochs), enforced within +-29 degrees,
  // raised the held-out cross-entropy from 0.063 to 0.103 nats (+63 %), over full turns +288 % (a 6
  // turned half a turn is a 9). The cost alone cannot tell a missing symmetry from one that holds
  // over a narrower range than the one searched.
  if (cost.outcome === 'fail' && data.outcome === 'skipped' && e.images) {
    cost.outcome = 'undecided';
    cost.detail += ': images have no data test, and on its own the cost cannot tell a missing symmetry from one that holds over a narrower range than the one searched';
  }
  // The data's gradients are exact derivatives of the target, not a model's: when they show no change
  // along every generator over enough held-out samples, they decide on their own, and the model's
  // fit and cost (how well it learned the target, how it extrapolates) become notes. This is how a
  // trajectory that never leaves one orientation shows its rotations (LieGG's infinitesimal condition).
  const byGradients = !!e.gradientTest && data.outcome === 'pass' && e.gradientTest.samples >= t.minSamples;
  const modelSide = (c: VerdictCheck): boolean => byGradients && (c.name === 'fit' || c.name === 'cost');
  const preconditionFailed = checks.some((c) => ['fit', 'samples', 'generators'].includes(c.name) && c.outcome === 'fail' && !modelSide(c));
  const against = [cost, data].filter((c) => c.outcome === 'fail');
  const doubts = checks.filter((c) => !modelSide(c) && (c.name === 'cost' || c.name === 'data' ? c.outcome === 'undecided' : c.outcome === 'fail') && !['fit', 'samples', 'generators'].includes(c.name));
  let status: VerdictStatus;
  let decisive: VerdictCheck[];
  if (preconditionFailed) {
    status = 'inconclusive';
    decisive = checks.filter((c) => ['fit', 'samples', 'generators'].includes(c.name) && c.outcome === 'fail');
  } else if (against.length > 0) {
    status = 'not-found';
    decisive = against;
  } else if (doubts.length > 0) {
    status = 'inconclusive';
    decisive = doubts;
  } else {
    status = 'found';
    decisive = checks.filter((c) => !modelSide(c) && (c.outcome === 'pass' || c.name === 'data'));
  }
  // A span rejected as a whole may hold a smaller symmetry (exact-part.ts): inconclusive, naming it.
  const part = status === 'not-found' ? unbrokenPart(input.exactness, t.minExactMotion) : [];
  if (part.length > 0) {
    const detail = unbrokenPartDetail(part, input.exactness!.directions!.length, who);
    return {
      status: 'inconclusive',
      symmetryFound: false,
      name: null,
      similarity: null,
      reason: `inconclusive: ${detail}; against the whole span: ${decisive.map((c) => c.detail).join('; ')}; of the span, ${input.exactness!.description}`,
      interval: e.costInterval ?? null,
      checks: [...checks, { name: 'exactness', outcome: 'undecided', detail }],
    };
  }
  const found = status === 'found';
  const headline = found ? (byGradients ? "symmetry found by the data's gradients" : 'symmetry found') : status === 'not-found' ? 'no symmetry found' : 'inconclusive';
  const closure = checks.find((c) => c.name === 'closure');
  const notAlgebra = status === 'inconclusive' && !preconditionFailed && closure?.outcome === 'fail' && against.length === 0 && doubts.every((c) => c.name === 'closure');
  const lead = notAlgebra ? `invariance along the ${who} directions, not a closed algebra` : headline;
  const named = found && match ? `; closest known algebra: ${match.name} (similarity ${fmt(match.similarity)})` : '';
  const rest = checks.filter((c) => !decisive.includes(c) && c.outcome !== 'pass' && !modelSide(c)).map((c) => c.detail);
  const model = checks.filter((c) => modelSide(c) && !decisive.includes(c) && c.outcome !== 'pass');
  if (model.length > 0) rest.push(`the model's own tests do not decide it (the data's gradients do): ${model.map((c) => c.detail).join('; ')}`);
  if (input.exactness && status !== 'not-found') rest.push(`of the span, ${input.exactness.description}`);
  return {
    status,
    symmetryFound: found,
    name: found && match ? match.name : null,
    similarity: found && match ? match.similarity : null,
    reason: `${lead}: ${[...decisive.map((c) => c.detail), ...rest].join('; ')}${named}`,
    interval: e.costInterval ?? null,
    checks,
  };
}

/**
 * The verdict of a run's best start, weighed against what all its starts found: a symmetry the
 * starts near the best do not agree on is no longer "found" but inconclusive, listing what each found;
 * nor is "not found" when a start near the best found one (the search missed it, the data may not).
 */
export function withAgreement(verdict: Verdict, agreement: StartsAgreement, thresholds: VerdictThresholds = VERDICT_THRESHOLDS): Verdict {
  const check = agreementCheck(agreement, thresholds);
  const checks = [...verdict.checks.filter((c) => c.name !== 'agreement'), check];
  // The best start found nothing, but a start as good as it did: the search, not the data, decided.
  if (verdict.status === 'not-found' && (agreement.foundNearBest ?? 0) > 0) {
    const n = agreement.foundNearBest!;
    const detail = `${n} of the ${agreement.compared} starts near the best found a symmetry the best start did not (${agreement.found.join('; ')})`;
    const against = verdict.reason.replace(/^no symmetry found:\s*/, '');
    return { ...verdict, status: 'inconclusive', checks: [...verdict.checks.filter((c) => c.name !== 'agreement'), { name: 'agreement', outcome: 'fail', detail }], reason: `inconclusive: ${detail}; the best start alone: ${against}` };
  }
  if (check.outcome === 'pass' || verdict.status !== 'found') return { ...verdict, checks };
  const detail = verdict.reason.replace(/^symmetry found( by the data's gradients)?:\s*/, '');
  return { ...verdict, status: 'inconclusive', symmetryFound: false, name: null, similarity: null, checks, reason: `inconclusive: ${check.detail}; the best start alone: ${detail}` };
}
