/** Per-run rows of `semola reproduce` aggregated into mean +- std tables, and their markdown form. */
import { stat, type Stat } from '../../jobs/sweep/report';
import type { ReproduceMethod } from './experiments';

export interface RunRow {
  method: ReproduceMethod;
  seed: number;
  split: string;
  /** Test MSE with the method's configured inference (averaging when it has generators, else direct). */
  mse: number | null;
  /** Classification: test accuracy with the method's inference (null for regression; absent in older reports). */
  accuracy?: number | null;
  /** E (SPEC Eq. 3) with g from the ground truth, else from the learned basis. */
  equivarianceError: number | null;
  /** Standardized action similarity of the learned basis to the ground truth (SEMoLA only). */
  similarity: number | null;
  symmetryFound: boolean;
  /** The verdict in words, with its numbers (absent in reports written before it was kept). */
  verdictReason?: string;
  trainSeconds: number;
  testSeconds: number;
  /** Epochs the run trained for (absent in reports written before it was kept). */
  epochs?: number;
  /** Weight-sharing model: the permutation group its held-out check accepted (name null: not recognised); null for other models; absent in older reports. */
  permutationGroup?: { name: string | null; order: number } | null;
}

export { stat, type Stat } from '../../jobs/sweep/report';

export interface TableRow {
  method: ReproduceMethod;
  split: string;
  mse: Stat | null;
  /** Classification: test accuracy (null for regression). */
  accuracy?: Stat | null;
  equivarianceError: Stat | null;
  similarity: Stat | null;
  /** Seeds whose verdict was "symmetry found", of all seeds. */
  symmetryFound: { found: number; of: number };
  trainSeconds: Stat;
  testSeconds: Stat;
  /** Epochs of the runs (null when the rows do not record them; absent in older reports). */
  epochs?: number | null;
  /** The permutation groups found, with how many seeds found each (most first); null for methods without permutations. */
  permutationGroups?: { name: string; order: number; seeds: number; of: number }[] | null;
}

export interface ReproduceReport {
  experiment: string;
  description: string;
  data: string;
  command: string;
  backend: string;
  /** The experiment's epochs, used by every method except where `epochsByMethod` says otherwise. */
  epochs: number;
  /** Epochs each method trained for (absent in older reports). */
  epochsByMethod?: Partial<Record<ReproduceMethod, number>>;
  seeds: number[];
  /** Seeds of the methods other than semola, when fewer (absent: `seeds`). */
  baselineSeeds?: number[];
  methods: ReproduceMethod[];
  date: string;
  wallSeconds: number;
  table: TableRow[];
  rows: RunRow[];
  /** Where the runs were recorded: the workspace experiment grouping them and the run ids. */
  recorded?: { experiment: string; runIds: number[] };
}


/** A group's name in the tables: its name, else its order. */
function groupName(g: { name: string | null; order: number }): string {
  return g.name ?? `unnamed group of order ${g.order}`;
}

/** The groups the rows found, with how many rows found each, most first (ties: first found first); null when no row has permutations. */
export function permutationGroups(rows: RunRow[]): { name: string; order: number; seeds: number; of: number }[] | null {
  const withGroup = rows.filter((r) => r.permutationGroup);
  if (withGroup.length === 0) return null;
  const counts = new Map<string, { name: string; order: number; seeds: number; of: number }>();
  for (const r of withGroup) {
    const name = groupName(r.permutationGroup!);
    const c = counts.get(name) ?? { name, order: r.permutationGroup!.order, seeds: 0, of: rows.length };
    c.seeds++;
    counts.set(name, c);
  }
  return [...counts.values()].sort((a, b) => b.seeds - a.seeds);
}

/** The group column: e.g. "S_3 on {x1, x2, x3} 2/3, trivial 1/3"; "-" for methods without permutations. */
export function groupColumn(t: Pick<TableRow, 'permutationGroups'>): string {
  if (!t.permutationGroups) return '-';
  return t.permutationGroups.map((g) => `${g.name} ${g.seeds}/${g.of}`).join(', ');
}

export function aggregate(rows: RunRow[]): TableRow[] {
  const keys = [...new Set(rows.map((r) => `${r.method}\u0000${r.split}`))];
  return keys.map((key) => {
    const [method, split] = key.split('\u0000') as [ReproduceMethod, string];
    const rs = rows.filter((r) => r.method === method && r.split === split);
    const epochs = [...new Set(rs.map((r) => r.epochs))];
    return {
      method,
      split,
      mse: stat(rs.map((r) => r.mse)),
      accuracy: stat(rs.map((r) => r.accuracy ?? null)),
      equivarianceError: stat(rs.map((r) => r.equivarianceError)),
      similarity: stat(rs.map((r) => r.similarity)),
      symmetryFound: { found: rs.filter((r) => r.symmetryFound).length, of: rs.length },
      trainSeconds: stat(rs.map((r) => r.trainSeconds))!,
      testSeconds: stat(rs.map((r) => r.testSeconds))!,
      epochs: epochs.length === 1 && epochs[0] !== undefined ? epochs[0] : null,
      permutationGroups: permutationGroups(rs),
    };
  });
}

function pm(s: Stat | null, digits = 3): string {
  if (!s) return '-';
  return `${s.mean.toPrecision(digits)} +- ${s.std.toPrecision(2)}`;
}

/** "10", or with the methods that trained for other epochs: "10 (weight-sharing 100)". */
function epochsText(r: ReproduceReport): string {
  const others = Object.entries(r.epochsByMethod ?? {}).filter(([, e]) => e !== r.epochs);
  if (others.length === 0) return `${r.epochs}`;
  return `${r.epochs} (${others.map(([m, e]) => `${m} ${e}`).join('; ')})`;
}

export function markdownReport(r: ReproduceReport): string {
  // Classification experiments report accuracy where regression ones report MSE.
  const classification = r.table.some((t) => t.accuracy);
  const score = (t: TableRow): string => (classification ? pm(t.accuracy ?? null) : pm(t.mse));
  const seedsText = r.baselineSeeds ? `seeds ${r.seeds.join(', ')} (semola), ${r.baselineSeeds.join(', ')} (the other methods)` : `seeds ${r.seeds.join(', ')}`;
  const lines = [
    `# semola reproduce ${r.experiment}`,
    '',
    r.description,
    '',
    `- command: \`${r.command}\``,
    `- data: \`${r.data}\`; epochs ${epochsText(r)}; ${seedsText}; backend ${r.backend}; ${r.date}`,
    `- wall time of the whole command: ${(r.wallSeconds / 60).toFixed(1)} min`,
    ...(r.recorded ? [`- recorded in the workspace as experiment "${r.recorded.experiment}" (runs ${r.recorded.runIds.join(', ')})`] : []),
    '',
    (classification
      ? 'Mean +- std over seeds (a single seed: std 0). Accuracy: test accuracy with the method\'s inference (averaging over the inference group samples when it has generators, direct otherwise). E: equivariance error (SPEC Eq. 3), g from the ground truth when known. Similarity: |cosine| of the learned generator with the reference (SEMoLA only; the baselines are given it).'
      : 'Mean +- std over seeds. MSE: test mean squared error with the method\'s inference (averaging over 16 group samples when it has generators, direct otherwise). E: equivariance error (SPEC Eq. 3), g from the ground truth when known. Similarity: standardized action similarity of the learned basis to the ground truth (SEMoLA only; the baselines are given it).') +
      ' Found: seeds whose verdict was "symmetry found" (a continuous symmetry). Group: the permutation group the weight-sharing model found (the plain method on that model), with the seeds that found it; "-" for methods without permutations. Times in seconds.',
    '',
    `| method | test split | ${classification ? 'accuracy' : 'MSE'} | E | similarity | found | group | train s | test s |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const t of r.table) {
    lines.push(
      `| ${t.method} | ${t.split} | ${score(t)} | ${pm(t.equivarianceError)} | ${pm(t.similarity)} | ${t.symmetryFound.found}/${t.symmetryFound.of} | ${groupColumn(t)} | ${pm(t.trainSeconds)} | ${pm(t.testSeconds)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
