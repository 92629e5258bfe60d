/**
 * Which loss curves a chart draws, and how: by default each term's weighted contribution to the
 * total (what the optimiser sees), raw terms on request; terms that are ~0 throughout, or weighted
 * by 0, are left out and named in a note; validation shares the colour of its training term.
 *
 * Metric names (src-main/jobs/recorder.ts): `loss.<term>`, `val.loss` (the task loss on validation),
 * `start.<i>.` before them for the starts of a run.
 */

export interface LossName {
  /** What comes before the metric: "", "start.2.". */
  group: string;
  /** The loss term; validation's is `task`. */
  term: string;
  validation: boolean;
}

/** A term's weight in the total, per term name; `total` and `modelReg` enter it as they are. */
export type TermWeights = Record<string, number>;

export interface LossCurve {
  name: string;
  /** Train and validation of one term in one group share it (and so their colour). */
  colourKey: string;
  validation: boolean;
  epochs: number[];
  values: number[];
}

export interface LossCurves {
  curves: LossCurve[];
  /** Series left out, with why, e.g. "orth (at most 3e-17: numerically 0)". */
  hidden: string[];
  /** Groups shown raw because their weights are unknown. */
  unweighted: string[];
}

/** Relative to the largest loss value on the chart, a term this small throughout is round-off. */
export const NEGLIGIBLE = 1e-10;

export function parseLossName(name: string): LossName | null {
  const m = /^(.*?)(loss\.([\w.]+)|val\.loss)$/.exec(name);
  if (!m) return null;
  return m[3] === undefined ? { group: m[1]!, term: 'task', validation: true } : { group: m[1]!, term: m[3], validation: false };
}

/**
 * The weights the trainer multiplies each term by (src-main/engine/losses/terms.ts), from a run's
 * resolved settings by dotted key: Augerino's `aug` slot holds its width bonus.
 */
export function termWeights(method: string, settings: Record<string, unknown> | undefined): TermWeights {
  // Unknown weights (NaN) leave the term raw, and the chart says so.
  const w = (key: string): number => (typeof settings?.[key] === 'number' ? (settings[key] as number) : Number.NaN);
  return {
    total: 1,
    modelReg: 1,
    task: w('weights.task'),
    equiv: w('weights.equiv'),
    aug: method === 'augerino' ? w('augerino.widthBonus') : w('weights.aug'),
    orth: w('weights.orth'),
    sparse: w('weights.sparse'),
    mixing: w('weights.mixing'),
    manifold: w('weights.manifold'),
    forces: w('weights.forces'),
  };
}

/**
 * The weights of every group a run's series have: the starts of a run share its settings but the
 * seed, and so its weights.
 */
export function runTermWeights(method: string, settings: Record<string, unknown> | undefined, seriesNames: readonly string[]): Record<string, TermWeights> {
  const w = termWeights(method, settings);
  const groups = new Set(seriesNames.map((name) => parseLossName(name)?.group ?? ''));
  return Object.fromEntries([...groups, ''].map((g) => [g, w]));
}

const label = (n: LossName): string => `${n.group}${n.validation ? 'val.loss' : n.term}`;

/**
 * The curves to draw from `series` (by metric name). `weights` by group: a group without them is
 * drawn raw and listed in `unweighted`.
 */
export function lossCurves(
  series: Record<string, { epochs: number[]; values: number[] }>,
  options: { weighted: boolean; weights: Record<string, TermWeights> },
): LossCurves {
  const parsed = Object.keys(series)
    .map((name) => ({ name, n: parseLossName(name) }))
    .filter((x): x is { name: string; n: LossName } => x.n !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  const hidden: string[] = [];
  const unweighted = new Set<string>();
  const scaled = parsed.flatMap(({ name, n }) => {
    const raw = series[name]!;
    if (!options.weighted) return [{ name, n, values: raw.values, epochs: raw.epochs }];
    const weight = options.weights[n.group]?.[n.term];
    if (weight === undefined || !Number.isFinite(weight)) {
      unweighted.add(n.group);
      return [{ name, n, values: raw.values, epochs: raw.epochs }];
    }
    if (weight === 0) {
      hidden.push(`${label(n)} (weight 0)`);
      return [];
    }
    return [{ name, n, values: weight === 1 ? raw.values : raw.values.map((v) => weight * v), epochs: raw.epochs }];
  });
  const largest = Math.max(0, ...scaled.map((s) => maxAbs(s.values)));
  const curves: LossCurve[] = [];
  for (const s of scaled) {
    const top = maxAbs(s.values);
    if (top === 0 || top <= NEGLIGIBLE * largest) {
      hidden.push(top === 0 ? `${label(s.n)} (0 throughout)` : `${label(s.n)} (at most ${top.toExponential(0)}: numerically 0)`);
      continue;
    }
    curves.push({ name: s.name, colourKey: `${s.n.group}${s.n.term}`, validation: s.n.validation, epochs: s.epochs, values: s.values });
  }
  return { curves, hidden: hidden.sort(), unweighted: [...unweighted] };
}

function maxAbs(values: readonly number[]): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}
