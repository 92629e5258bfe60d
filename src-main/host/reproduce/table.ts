/** Per-run rows of `semola reproduce` aggregated into mean +- std tables, and their markdown form. */
import type { Method } from '../../engine/config';

export interface RunRow {
  method: Method;
  seed: number;
  split: string;
  /** Test MSE with the method's configured inference (averaging when it has generators, else direct). */
  mse: number | null;
  /** E (SPEC Eq. 3) with g from the ground truth, else from the learned basis. */
  equivarianceError: number | null;
  /** Standardized action similarity of the learned basis to the ground truth (SEMoLA only). */
  similarity: number | null;
  symmetryFound: boolean;
  /** The verdict in words, with its numbers (absent in reports written before it was kept). */
  verdictReason?: string;
  trainSeconds: number;
  testSeconds: number;
}

export interface Stat {
  mean: number;
  std: number;
  n: number;
}

export interface TableRow {
  method: Method;
  split: string;
  mse: Stat | null;
  equivarianceError: Stat | null;
  similarity: Stat | null;
  /** Seeds whose verdict was "symmetry found", of all seeds. */
  symmetryFound: { found: number; of: number };
  trainSeconds: Stat;
  testSeconds: Stat;
}

export interface ReproduceReport {
  experiment: string;
  description: string;
  data: string;
  command: string;
  backend: string;
  epochs: number;
  seeds: number[];
  methods: Method[];
  date: string;
  wallSeconds: number;
  table: TableRow[];
  rows: RunRow[];
  /** Where the runs were recorded: the workspace experiment grouping them and the run ids. */
  recorded?: { experiment: string; runIds: number[] };
}

/** Mean and sample standard deviation (n - 1) of the non-null values; null when there are none. */
export function stat(values: (number | null)[]): Stat | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, n: v.length };
}

export function aggregate(rows: RunRow[]): TableRow[] {
  const keys = [...new Set(rows.map((r) => `${r.method}\u0000${r.split}`))];
  return keys.map((key) => {
    const [method, split] = key.split('\u0000') as [Method, string];
    const rs = rows.filter((r) => r.method === method && r.split === split);
    return {
      method,
      split,
      mse: stat(rs.map((r) => r.mse)),
      equivarianceError: stat(rs.map((r) => r.equivarianceError)),
      similarity: stat(rs.map((r) => r.similarity)),
      symmetryFound: { found: rs.filter((r) => r.symmetryFound).length, of: rs.length },
      trainSeconds: stat(rs.map((r) => r.trainSeconds))!,
      testSeconds: stat(rs.map((r) => r.testSeconds))!,
    };
  });
}

function pm(s: Stat | null, digits = 3): string {
  if (!s) return '-';
  return `${s.mean.toPrecision(digits)} +- ${s.std.toPrecision(2)}`;
}

export function markdownReport(r: ReproduceReport): string {
  const lines = [
    `# semola reproduce ${r.experiment}`,
    '',
    r.description,
    '',
    `- command: \`${r.command}\``,
    `- data: \`${r.data}\`; epochs ${r.epochs}; seeds ${r.seeds.join(', ')}; backend ${r.backend}; ${r.date}`,
    `- wall time of the whole command: ${(r.wallSeconds / 60).toFixed(1)} min`,
    ...(r.recorded ? [`- recorded in the workspace as experiment "${r.recorded.experiment}" (runs ${r.recorded.runIds.join(', ')})`] : []),
    '',
    'Mean +- std over seeds. MSE: test mean squared error with the method\'s inference (averaging over 16 group samples when it has generators, direct otherwise). E: equivariance error (SPEC Eq. 3), g from the ground truth when known. Similarity: standardized action similarity of the learned basis to the ground truth (SEMoLA only; the baselines are given it). Found: seeds whose verdict was "symmetry found". Times in seconds.',
    '',
    '| method | test split | MSE | E | similarity | found | train s | test s |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const t of r.table) {
    lines.push(
      `| ${t.method} | ${t.split} | ${pm(t.mse)} | ${pm(t.equivarianceError)} | ${pm(t.similarity)} | ${t.symmetryFound.found}/${t.symmetryFound.of} | ${pm(t.trainSeconds)} | ${pm(t.testSeconds)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
