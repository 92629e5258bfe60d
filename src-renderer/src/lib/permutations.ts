/**
 * What a weight-sharing run learned, read from its summary (`permutations` and `permutationGroup`,
 * written by the trainer; null for other models): the soft P_g, their roundings and confidences,
 * and the permutation group the accepted roundings generate. The store read the summary through
 * the summary schema (shapes included: soft [G][n][n], one rounding and confidence per P_g, n slots),
 * so the typed fields are used as they are.
 */
import type { Summary } from '../../../src-main/api/schemas';

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

/** The run's learned permutations and group, or null when the summary has none. */
export function runPermutations(summary: Summary | null | undefined): RunPermutations | null {
  const p = summary?.permutations;
  const g = summary?.permutationGroup;
  if (!p || !g) return null;
  const rejected = new Map<number, string>();
  for (const c of p.check?.candidates ?? []) {
    if (!c.accepted) rejected.set(c.g, c.reason ?? 'the held-out data did not support it');
  }
  return {
    soft: p.soft,
    rounded: p.rounded.named,
    confidence: p.confidence,
    used: p.used,
    minConfidence: p.minConfidence,
    rejected,
    checked: p.check !== null,
    group: { name: g.name, order: g.order, points: g.points, generatorsNamed: g.generatorsNamed, orbits: g.orbits },
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
