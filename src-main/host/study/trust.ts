/**
 * The trust study (`npm run study:trust`): every built-in with a known answer, several seeds each,
 * trained by `semola train` at its defaults (smaller data or fewer epochs only where a case says so,
 * and the report states it), and each answer judged right, wrong or inconclusive against the truth.
 * Goal: no wrong answer, at least 90% right, every inconclusive one explained by its reason.
 * Runs cases as separate `semola train` processes, `--parallel` at once (default: cores - 1, >= 1).
 * `--quick` is the CI version: two tiny cases, one seed, to keep the mechanism working.
 * Writes reports/trust/study.{md,json} (`--out-dir`).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { WrittenSummary } from '../../summary/schema';

/** What the run should answer. */
export type Truth =
  /**
   * `dimension`: the algebra's, which a found claim must match (a found subalgebra is true but partial);
   * `exact`: the name of the direction that must come out the most exact (summary `exactness`).
   */
  | { kind: 'continuous'; algebra: string; dimension: number; minSubspace: number; exact?: string }
  | { kind: 'none'; why: string }
  | { kind: 'group'; name: RegExp };

export interface StudyCase {
  /** Short name for `--cases=` (labels contain commas, so they cannot be listed). */
  id: string;
  label: string;
  /** `semola train` arguments after `--data`; `{seed}` is replaced by the seed. */
  args: string[];
  truth: Truth;
  /** What differs from the defaults, stated in the report. */
  reduced: string;
}

/** `partial`: a true claim of less than the truth (a subalgebra of it): neither right nor wrong. */
export type Judgement = 'right' | 'wrong' | 'partial' | 'inconclusive';

const seedArgs = (spec: string): string[] => ['--data', spec, '--seed', '{seed}'];

export const CASES: StudyCase[] = [
  { id: '2body-id', label: '2-body, in distribution', args: seedArgs('builtin:nbody2?seed={seed}'), truth: { kind: 'continuous', algebra: 'so(2)', dimension: 1, minSubspace: 0.9 }, reduced: 'none' },
  { id: '2body-ood', label: '2-body, strict out of distribution', args: seedArgs('builtin:nbody2-ood-strict?seed={seed}'), truth: { kind: 'continuous', algebra: 'so(2)', dimension: 1, minSubspace: 0.9 }, reduced: 'none' },
  // Energies and forces: trained on both by default; energy only, the forces still serve the verdict's gradient test.
  { id: 'lj-forces', label: 'LJ cluster (one orientation), energy and forces, k = 3', args: [...seedArgs('builtin:lj-cluster?seed={seed}&frames=2500'), '--k', '3'], truth: { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9 }, reduced: '2500 frames (default 2000): 200 held-out samples need them' },
  { id: 'lj-energy', label: 'LJ cluster, energy only (--forces none), k = 3', args: [...seedArgs('builtin:lj-cluster?seed={seed}&frames=2500'), '--k', '3', '--forces', 'none'], truth: { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9 }, reduced: '2500 frames (default 2000): 200 held-out samples need them' },
  { id: 'lj-gradient', label: 'LJ cluster, --method gradient, k = 3', args: [...seedArgs('builtin:lj-cluster?seed={seed}&frames=2500&temperature=0.2'), '--k', '3', '--method', 'gradient'], truth: { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9 }, reduced: '2500 frames (default 2000), temperature 0.2' },
  { id: 'molecules', label: 'molecules (rigid, rotated), k = 3', args: [...seedArgs('builtin:molecules?seed={seed}&samples=1500'), '--k', '3'], truth: { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9 }, reduced: '1500 samples' },
  { id: 'mixed-axes', label: 'mixed axes (z exact, x and y broken at 0.1), k = 3', args: [...seedArgs('builtin:mixed-axes-xy?seed={seed}'), '--k', '3'], truth: { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9, exact: 'rotation about z' }, reduced: 'none' },
  { id: 's3-cross', label: 'S_3 with cross terms, weight sharing', args: [...seedArgs('builtin:permutation-cross?seed={seed}'), '--model', 'weight-sharing', '--method', 'plain'], truth: { kind: 'group', name: /^S_3 on \{x1, x2, x3\}/ }, reduced: 'none' },
  { id: 'partial-perm', label: 'S_3 on x1..x3 (x1 x2 x3 + x4 - x5^2), weight sharing', args: [...seedArgs('builtin:partial-permutation?seed={seed}'), '--model', 'weight-sharing', '--method', 'plain'], truth: { kind: 'group', name: /^S_3 on \{x1, x2, x3\}/ }, reduced: 'none' },
  { id: 'turns-60', label: 'turns by 60 degrees only (discrete)', args: seedArgs('builtin:discrete-rotation?seed={seed}&folds=6'), truth: { kind: 'none', why: 'invariant to a discrete group only' }, reduced: 'none' },
  { id: 'control', label: 'random smooth function (control)', args: seedArgs('builtin:no-symmetry?seed={seed}'), truth: { kind: 'none', why: 'no symmetry' }, reduced: 'none' },
];

export const QUICK_CASES: StudyCase[] = [
  { id: '2body-tiny', label: '2-body (tiny)', args: [...seedArgs('builtin:nbody2?seed={seed}&trajectories=30'), '--epochs', '2', '--starts', '1'], truth: { kind: 'continuous', algebra: 'so(2)', dimension: 1, minSubspace: 0.9 }, reduced: '30 trajectories, 2 epochs, 1 start' },
  { id: 'control-tiny', label: 'control (tiny)', args: [...seedArgs('builtin:no-symmetry?seed={seed}&samples=300'), '--epochs', '2', '--starts', '1'], truth: { kind: 'none', why: 'no symmetry' }, reduced: '300 samples, 2 epochs, 1 start' },
];

/** The cases `--cases=id1,id2` names, in study order; every id must name a case. */
export function selectCases(all: StudyCase[], only: string | undefined): StudyCase[] {
  if (only === undefined) return all;
  const ids = only.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const unknown = ids.filter((id) => !all.some((c) => c.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(`--cases: unknown case ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; the cases are ${all.map((c) => c.id).join(', ')}`);
  }
  return all.filter((c) => ids.includes(c.id));
}

/** Right, wrong or inconclusive, and why. */
export function judge(truth: Truth, s: WrittenSummary): { judgement: Judgement; note: string } {
  const v = s.verdict;
  if (truth.kind === 'group') {
    const name = s.permutationGroup?.name ?? null;
    if (name !== null && truth.name.test(name)) return { judgement: 'right', note: name };
    return { judgement: 'wrong', note: `group ${name ?? 'trivial'}` };
  }
  if (truth.kind === 'none') {
    if (v.status === 'found') return { judgement: 'wrong', note: `claimed ${v.name ?? 'a symmetry'}` };
    return { judgement: v.status === 'not-found' ? 'right' : 'inconclusive', note: v.status };
  }
  // A symmetry found as the algebra generated by the exact directions is that algebra's claim, not the learned span's.
  const generated = v.status === 'found' && s.generatedAlgebra?.status === 'found' && s.generatedAlgebra.reference ? s.generatedAlgebra : null;
  const claimed = generated ? generated.reference : s.reference;
  const dimension = generated ? generated.basis.length : (s.basis?.length ?? 0);
  const subspace = claimed?.visible?.subspace ?? claimed?.subspace ?? null;
  // On data that fill only part of the space, different generators can move every sample alike:
  // the action similarity (how the generators move the held-out samples) then decides.
  const action = claimed?.action ?? null;
  if (v.status === 'found') {
    const ok = (subspace !== null && subspace >= truth.minSubspace) || (action !== null && action >= truth.minSubspace);
    const note = `found ${v.name ?? '(unnamed)'}, dimension ${dimension}, subspace ${subspace?.toFixed(3) ?? '-'}, action ${action?.toFixed(3) ?? '-'}`;
    if (!ok || dimension > truth.dimension) return { judgement: 'wrong', note: ok ? `${note}: more than the truth's ${truth.dimension} dimension(s)` : note };
    // Inside the truth but smaller: what it claims holds, yet it is not the answer.
    if (dimension < truth.dimension) return { judgement: 'partial', note: `${note}: ${dimension} of the truth's ${truth.dimension} dimensions` };
    if (!truth.exact) return { judgement: 'right', note };
    // A symmetry that is exact about one axis only: that axis must come out the most exact.
    const first = s.exactness?.directions[0]?.name ?? null;
    return first === truth.exact ? { judgement: 'right', note: `${note}, most exact: ${first}` } : { judgement: 'wrong', note: `${note}, most exact: ${first ?? 'not measured'} (truth: ${truth.exact})` };
  }
  return { judgement: v.status === 'not-found' ? 'wrong' : 'inconclusive', note: `${v.status}, subspace ${subspace?.toFixed(3) ?? '-'}` };
}

interface Row {
  label: string;
  seed: number;
  judgement: Judgement | 'error';
  note: string;
  reason: string;
  seconds: number;
}

function runOne(args: string[], out: string): Promise<{ code: number; stderr: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../../bin/semola.cjs'), 'train', ...args, '--no-record', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

async function pool<T>(jobs: (() => Promise<T>)[], parallel: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  }));
  return results;
}

/** How the rows were made: one invocation, or several combined (`--combine`). */
interface Part {
  command: string;
  runs: number;
  parallel: number;
  minutes: number;
  /** Where the part comes from when it is not this tree as it stands (a commit, rows kept), in words. */
  note?: string;
}

function markdown(rows: Row[], cases: StudyCase[], seeds: number[], parts: Part[]): string {
  const count = (j: string): number => rows.filter((r) => r.judgement === j).length;
  const lines = [
    '# Trust study',
    '',
    `Every built-in with a known answer, seeds ${seeds.join(', ')}, trained by \`semola train\` at its defaults except where "reduced" says; ${rows.length} runs on ${availableParallelism()} cores, ${parts.reduce((t, p) => t + p.minutes, 0).toFixed(1)} min in all${parts.length > 1 ? `, in ${parts.length} parts` : ''}.`,
    ...parts.map((p) => `Command: \`${p.command}\` (${p.runs} runs, ${p.parallel} at a time, ${p.minutes.toFixed(1)} min${p.note ? `; ${p.note}` : ''}).`),
    '',
    `**${count('right')} right, ${count('wrong')} wrong, ${count('partial') ? `${count('partial')} partial (a true but smaller algebra than the truth), ` : ''}${count('inconclusive')} inconclusive${count('error') ? `, ${count('error')} failed to run` : ''}** (goal: 0 wrong, at least 90% right, every inconclusive one explained).`,
    '',
    '| case | truth | reduced | right | wrong | partial | inconclusive | per seed |',
    '|---|---|---|---:|---:|---:|---:|---|',
  ];
  for (const c of cases) {
    const rs = rows.filter((r) => r.label === c.label);
    const truth = c.truth.kind === 'continuous' ? c.truth.algebra : c.truth.kind === 'group' ? 'S_3' : `none (${c.truth.why})`;
    const n = (j: string): number => rs.filter((r) => r.judgement === j).length;
    lines.push(`| ${c.label} | ${truth} | ${c.reduced} | ${n('right')} | ${n('wrong')} | ${n('partial')} | ${n('inconclusive')} | ${rs.map((r) => `${r.seed}: ${r.judgement} (${r.note})`).join('; ')} |`);
  }
  lines.push('', '## Every answer that was not right, with its reason', '');
  for (const r of rows.filter((x) => x.judgement !== 'right')) lines.push(`- **${r.label}, seed ${r.seed}** (${r.judgement}): ${r.reason}`);
  return `${lines.join('\n')}\n`;
}

interface StudyFile {
  seeds: number[];
  parts: Part[];
  rows: Row[];
}

/** One report from several parts run at different times (e.g. `--cases=...` each): rows in case order. */
async function combine(dirs: string[], outDir: string): Promise<number> {
  const files = await Promise.all(dirs.map(async (d) => JSON.parse(await readFile(path.join(d, 'study.json'), 'utf8')) as StudyFile));
  const rows = files.flatMap((f) => f.rows);
  const cases = CASES.filter((c) => rows.some((r) => r.label === c.label));
  const order = (r: Row): number => cases.findIndex((c) => c.label === r.label) * 1000 + r.seed;
  rows.sort((a, b) => order(a) - order(b));
  const seeds = [...new Set(files.flatMap((f) => f.seeds))].sort((a, b) => a - b);
  const parts = files.flatMap((f) => f.parts);
  await write(outDir, { seeds, parts, rows }, cases);
  return 0;
}

async function write(outDir: string, study: StudyFile, cases: StudyCase[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'study.json'), `${JSON.stringify(study, null, 2)}\n`);
  await writeFile(path.join(outDir, 'study.md'), markdown(study.rows, cases, study.seeds, study.parts));
  process.stderr.write(`wrote ${outDir}/study.md\n`);
}

/**
 * The study's flags, `--name=value` or `--name value`; an unknown one is refused (a mistyped
 * --out-dir once let a spot check overwrite the committed study).
 */
export function studyFlags(argv: string[]): { flag: (name: string) => string | undefined; quick: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { combine: { type: 'string' }, 'out-dir': { type: 'string' }, seeds: { type: 'string' }, cases: { type: 'string' }, parallel: { type: 'string' }, quick: { type: 'boolean' } },
  });
  return { flag: (name) => values[name as keyof typeof values] as string | undefined, quick: values.quick === true };
}

async function main(argv: string[]): Promise<number> {
  const { flag, quick } = studyFlags(argv);
  const parts = flag('combine');
  if (parts) return combine(parts.split(','), flag('out-dir') ?? 'reports/trust');
  // --seeds=N: seeds 0..N-1; --seeds=2,3: those seeds (to rerun some rows of a part).
  const seedFlag = flag('seeds') ?? String(quick ? 1 : 5);
  const seeds = seedFlag.includes(',') ? seedFlag.split(',').map(Number) : Array.from({ length: Number(seedFlag) }, (_, i) => i);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`--seeds: a count or a comma-separated list of seeds, got ${seedFlag}`);
  const cases = selectCases(quick ? QUICK_CASES : CASES, flag('cases'));
  const parallel = Math.max(1, Number(flag('parallel') ?? availableParallelism() - 1));
  const outDir = flag('out-dir') ?? 'reports/trust';
  const tmp = await mkdtemp(path.join(tmpdir(), 'semola-trust-'));
  const t0 = performance.now();
  const jobs = cases.flatMap((c) =>
    seeds.map((seed) => async (): Promise<Row> => {
      const out = path.join(tmp, `${cases.indexOf(c)}-${seed}.json`);
      const run = await runOne(c.args.map((a) => a.replaceAll('{seed}', String(seed))), out);
      if (run.code !== 0) return { label: c.label, seed, judgement: 'error', note: 'failed', reason: run.stderr.trim().split('\n').slice(-3).join(' '), seconds: run.seconds };
      const summary = JSON.parse(await readFile(out, 'utf8')) as WrittenSummary;
      const { judgement, note } = judge(c.truth, summary);
      process.stderr.write(`${c.label} seed ${seed}: ${judgement} (${note}) ${run.seconds.toFixed(0)} s\n`);
      return { label: c.label, seed, judgement, note, reason: summary.verdict.reason, seconds: run.seconds };
    }),
  );
  const rows = await pool(jobs, parallel);
  await rm(tmp, { recursive: true, force: true });
  const minutes = (performance.now() - t0) / 60000;
  const command = `npm run study:trust -- ${argv.filter((a, i) => !a.startsWith('--out-dir') && argv[i - 1] !== '--out-dir').join(' ')}`.trim();
  await write(outDir, { seeds, parts: [{ command, runs: rows.length, parallel, minutes }], rows }, cases);
  return rows.some((r) => r.judgement === 'error') ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
