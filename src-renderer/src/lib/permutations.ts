/**
 * What a weight-sharing run learned, read from its summary (`permutations` and `permutationGroup`,
 * written by the trainer; null for other models): the soft P_g, their roundings and confidences,
 * and the permutation group the accepted roundings generate. The summary crosses a process
 * boundary as plain JSON, so it is checked here rather than trusted.
 */

export interface RunPermutations {
  /** [G][n][n], the fixed identity first. */
  soft: number[][][];
  /** Each P_g's rounding in cycle notation with the slots' names, e.g. "(x1 x2 x3)". */
  rounded: string[];
  confidence: number[];
  /** The g whose rounding entered the group. */
  used: number[];
  minConfidence: number;
  /** Why the held-out check left a confident rounding out, by g (absent when the run was not checked). */
  rejected: Map<number, string>;
  checked: boolean;
  group: {
    /** e.g. "S_3 on {x1, x2, x3}"; null when not recognised. */
    name: string | null;
    order: number;
    /** The slots' names: input features, or points p1..pN. */
    points: string[];
    generatorsNamed: string[];
    /** 0-based slots, fixed slots as singletons. */
    orbits: number[][];
  };
}

/** One learned P_g (g >= 1) as the table shows it. */
export interface LearnedPermutationRow {
  g: number;
  cycles: string;
  confidence: number;
  used: boolean;
  /** Why it stayed out of the group; null when it is in. */
  reason: string | null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNumber);
const isMatrix = (v: unknown, n: number): v is number[][] => Array.isArray(v) && v.length === n && v.every((row) => isNumberArray(row) && row.length === n);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The run's learned permutations and group, or null when the summary has none (or a malformed one). */
export function runPermutations(summary: Record<string, unknown> | null | undefined): RunPermutations | null {
  const p = summary?.['permutations'];
  const g = summary?.['permutationGroup'];
  if (typeof p !== 'object' || p === null || typeof g !== 'object' || g === null) return null;
  const { soft, rounded, confidence, used, minConfidence, check } = p as Record<string, unknown>;
  const { name, order, points, generatorsNamed, orbits } = g as Record<string, unknown>;
  if (!isStringArray(points) || points.length === 0) return null;
  const n = points.length;
  if (!Array.isArray(soft) || soft.length === 0 || !soft.every((m) => isMatrix(m, n))) return null;
  // The roundings in cycle notation with the slots' names, as the engine wrote them.
  const named = (rounded as { named?: unknown } | null)?.named;
  if (!isStringArray(named) || named.length !== soft.length) return null;
  if (!isNumberArray(confidence) || confidence.length !== soft.length || !isNumberArray(used) || !isNumber(minConfidence)) return null;
  if (!isNumber(order) || !isStringArray(generatorsNamed) || !Array.isArray(orbits) || !orbits.every(isNumberArray)) return null;
  const rejected = new Map<number, string>();
  const candidates = (check as { candidates?: unknown } | null)?.candidates;
  if (Array.isArray(candidates)) {
    for (const c of candidates as { g?: unknown; accepted?: unknown; reason?: unknown }[]) {
      if (isNumber(c.g) && c.accepted === false) rejected.set(c.g, typeof c.reason === 'string' ? c.reason : 'the held-out data did not support it');
    }
  }
  return {
    soft: soft as number[][][],
    rounded: named,
    confidence,
    used,
    minConfidence,
    rejected,
    checked: typeof check === 'object' && check !== null,
    group: { name: typeof name === 'string' ? name : null, order, points, generatorsNamed, orbits: orbits as number[][] },
  };
}

/** The orbits as named sets, moved slots first: "{x1, x2, x3}", then the fixed ones. */
export function namedOrbits(perms: RunPermutations): { moved: string[]; fixed: string[] } {
  const { orbits, points } = perms.group;
  const name = (i: number): string => points[i] ?? String(i + 1);
  return {
    moved: orbits.filter((o) => o.length > 1).map((o) => `{${o.map(name).join(', ')}}`),
    fixed: orbits.filter((o) => o.length === 1).map((o) => name(o[0]!)),
  };
}

/** The learned P_g, g = 1..G-1 (P_0 is the fixed identity), with their roundings and whether they entered the group. */
export function learnedRows(perms: RunPermutations): LearnedPermutationRow[] {
  const used = new Set(perms.used);
  return perms.rounded.slice(1).map((cycles, k) => {
    const g = k + 1;
    const confidence = perms.confidence[g]!;
    const inGroup = used.has(g);
    const reason = inGroup
      ? null
      : confidence < perms.minConfidence
        ? `confidence below ${perms.minConfidence}`
        : (perms.rejected.get(g) ?? (perms.checked ? 'the held-out data did not support it' : 'not used'));
    return { g, cycles, confidence, used: inGroup, reason };
  });
}

/** The one line that says what the panel shows. */
export function groupRule(perms: RunPermutations): string {
  const support = perms.checked ? ' that the held-out data support' : '';
  return `Each learned P_g is rounded to its nearest permutation; the roundings with confidence ≥ ${perms.minConfidence}${support} generate the group.`;
}

/** Heatmap cells [column, row from the bottom, value] of an n x n matrix, row 0 drawn on top. */
export function heatmapCells(P: number[][]): [number, number, number][] {
  const n = P.length;
  return P.flatMap((row, i) => row.map((v, j): [number, number, number] => [j, n - 1 - i, Number(v.toFixed(4))]));
}
