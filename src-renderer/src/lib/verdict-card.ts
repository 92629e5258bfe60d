/**
 * The verdict card's content: the status, one sentence saying what decided it, and the numbers to
 * weigh it by (the cost interval, the held-out samples, the data test, the starts, the algebra).
 * Colour follows the evidence: green only for "found", red only when the evidence is against,
 * amber for "inconclusive", grey when no claim is made (a method without generators).
 */
import type { Summary, Verdict } from '../../../src-main/api/schemas';
import { formatNumber } from './format';
import { verdictDetail } from './verdict';

type Check = Verdict['checks'][number];

export type VerdictTone = 'found' | 'against' | 'doubt' | 'neutral';

export interface VerdictFact {
  label: string;
  value: string;
}

export interface VerdictCard {
  status: Verdict['status'];
  tone: VerdictTone;
  headline: string;
  sentence: string;
  facts: VerdictFact[];
  checks: { name: string; outcome: Check['outcome']; detail: string }[];
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${formatNumber(100 * x, 3)}%`;

/** Why the check went the way it did, short enough to join into one sentence. */
function phrase(c: Check, samples: number | null): string {
  const against = c.outcome === 'fail';
  switch (c.name) {
    case 'fit':
      return 'the model does not fit the held-out data well enough to judge symmetry';
    case 'samples':
      return `${samples ?? 'too few'} held-out samples are too few to judge the cost`;
    case 'generators':
      return 'a generator does not move the data, so enforcing it tests nothing';
    case 'cost':
      if (against) return 'enforcing the generators raises the held-out loss beyond the limit';
      if (/the cost is the model's/.test(c.detail)) return "enforcing the generators costs beyond the limit, but the data's own test passes, so the cost is the model's";
      if (/images have no data test/.test(c.detail)) {
        return 'enforcing the generators costs beyond the limit, but images have no data test, and the cost alone cannot tell a missing symmetry from one over a narrower range than searched';
      }
      return 'the cost of enforcing the generators is uncertain (its interval straddles the limit)';
    case 'data':
      if (against) return /gradients/.test(c.detail) ? "the data's gradients change along the generators" : "the data's labels change along the orbits";
      return 'the data cannot tell whether the labels stay constant along the orbits';
    case 'agreement':
      return /found a symmetry the best start did not/.test(c.detail) ? 'a start as good as the best found a symmetry the best did not' : 'the starts near the best disagree on the span they found';
    case 'closure':
      return /rank-deficient/.test(c.detail) ? 'the generators are not independent' : 'the span is not closed under brackets, so it is no algebra';
    case 'spectrum':
      return 'the gradient condition has no clear null space';
    default:
      return c.detail;
  }
}

const joinAnd = (parts: string[]): string => (parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);

export function verdictCard(verdict: Verdict, summary: Summary | null): VerdictCard {
  const e = summary?.verdictEvidence ?? null;
  const samples = e?.samples ?? null;
  const checks = verdict.checks;
  const method = checks.find((c) => c.name === 'method');
  const noClaim = method !== undefined && method.outcome === 'fail';
  const tone: VerdictTone = noClaim ? 'neutral' : verdict.status === 'found' ? 'found' : verdict.status === 'not-found' ? 'against' : 'doubt';
  const headline = noClaim ? 'No symmetry claimed' : verdict.status === 'found' ? (verdict.name ? `Symmetry found: ${verdict.name}` : 'Symmetry found, not a known algebra') : verdict.status === 'not-found' ? 'No symmetry found' : 'Inconclusive';

  let because: string;
  if (noClaim) because = method.detail;
  else if (verdict.status === 'found') {
    const i = verdict.interval;
    const generated = generatedFrom(summary);
    because = [
      ...(generated ? [generated] : []),
      i ? `enforcing the generators changes the held-out loss by at most ${pct(i.high)} (${Math.round(100 * i.level)}% interval)` : 'enforcing the generators costs nothing measurable',
      checks.find((c) => c.name === 'data')?.outcome === 'pass' ? "the data's own test passes" : "no data test applies (judged on the model)",
      ...(checks.some((c) => c.name === 'agreement') ? ['the starts near the best agree'] : []),
    ].join(', ');
  } else {
    const decisive = verdict.status === 'not-found' ? checks.filter((c) => (c.name === 'cost' || c.name === 'data') && c.outcome === 'fail') : checks.filter((c) => c.outcome === 'fail' || c.outcome === 'undecided');
    // Runs recorded without their checks: the trainer's own words.
    because = decisive.length > 0 ? joinAnd([...new Set(decisive.map((c) => phrase(c, samples)))]) : verdictDetail(verdict);
  }
  // A sentence that already says the samples are too few does not repeat their number.
  const tooFew = checks.some((c) => c.name === 'samples' && c.outcome === 'fail');
  const lead = verdict.status === 'found' && verdict.name ? `Symmetry found (${verdict.name})` : headline;
  const sentence = `${lead}: ${because}${samples !== null && !noClaim && !tooFew ? `, judged on ${samples} held-out samples` : ''}.`;

  const facts: VerdictFact[] = [];
  const i = verdict.interval;
  if (i) facts.push({ label: 'Cost of enforcing the generators', value: `${pct(i.estimate)} (${Math.round(100 * i.level)}% interval ${pct(i.low)} to ${pct(i.high)})` });
  if (samples !== null) facts.push({ label: 'Held-out samples', value: `${samples}${checks.find((c) => c.name === 'samples')?.outcome === 'fail' ? ' (too few)' : ''}` });
  const data = checks.find((c) => c.name === 'data');
  if (data) facts.push({ label: 'Data test', value: { pass: 'passes', fail: 'against', undecided: 'cannot decide', skipped: 'none applies' }[data.outcome] });
  facts.push({ label: 'Starts', value: startsText(summary) });
  facts.push({ label: 'Algebra', value: algebraText(verdict, summary) });
  return { status: verdict.status, tone, headline, sentence, facts, checks: checks.map((c) => ({ name: c.name, outcome: c.outcome, detail: c.detail })) };
}

function startsText(summary: Summary | null): string {
  const starts = summary?.starts ?? null;
  const a = summary?.agreement ?? null;
  if (!starts || starts.length < 2) return 'one start';
  if (!a || a.minSimilarity === null) return `${starts.length}; one near the best`;
  return `${starts.length}; ${a.compared} near the best, smallest pairwise similarity ${formatNumber(a.minSimilarity, 3)}`;
}

function algebraText(verdict: Verdict, summary: Summary | null): string {
  const generated = verdict.status === 'found' ? generatedFrom(summary) : null;
  if (verdict.status === 'found' && verdict.name) return `${verdict.name} (similarity ${formatNumber(verdict.similarity, 3)})${generated ? ', generated by exact directions of the learned span' : ''}`;
  if (generated) return 'not a known algebra, generated by exact directions of the learned span';
  const m = summary?.algebra?.bestMatch ?? null;
  if (m) return `closest known: ${m.name} (similarity ${formatNumber(m.similarity, 3)}), not claimed`;
  return summary?.algebra ? 'no known algebra matches' : 'none (no generators)';
}

/** A symmetry found as the algebra the learned span's exact directions generate (docs/verdict.md, rule 6): from what. */
function generatedFrom(summary: Summary | null): string | null {
  const g = summary?.generatedAlgebra ?? null;
  if (!g || g.status !== 'found') return null;
  return `generated by the exact ${g.from.length > 1 ? 'directions' : 'direction'} ${joinAnd(g.from)} of the learned span${g.ideal ? ' (as the motions their names say)' : ''}, which was not found as a whole`;
}

/** What the card says before a verdict exists, by the run's status. */
export function pendingVerdictText(status: string): string {
  if (status === 'queued' || status === 'running') return 'The verdict (was a symmetry found?) is decided on held-out data when the run ends.';
  if (status === 'canceled') return 'No verdict: the run was cancelled before it ended.';
  if (status === 'failed') return 'No verdict: the run failed.';
  if (status === 'interrupted') return 'No verdict yet: the run was interrupted; resume it to finish.';
  return 'No verdict: this run was recorded before verdicts existed.';
}
