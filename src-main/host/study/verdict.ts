/**
 * The study behind the "symmetry found?" verdict (docs/verdict.md): every built-in with a known
 * answer, trained small on the wasm backend with several seeds, and the verdict's evidence for each
 * run. Run: `npx tsx src-main/host/study/verdict.ts [--seeds=3] [--cases=nbody2-ood|no-symmetry]`;
 * writes reports/verdict/study.{md,json}.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadBuiltin } from '../../data/builtin/index';
import { Rng } from '../../data/random';
import { selectBackend } from '../../engine/backend';
import { resolveConfig, type Method, type TrainConfig } from '../../engine/config';
import { compareWithReference } from '../../engine/evaluation/evaluate';
import { subset } from '../../engine/samples';
import { Trainer } from '../../engine/training/trainer';
import { decideVerdict, VERDICT_THRESHOLDS } from '../../engine/verdict/decide';
import { VERDICT_DRAWS, verdictEvidence, type VerdictEvidence } from '../../engine/verdict/evidence';
import { ORBIT_VARIATION_OPTIONS } from '../../engine/verdict/orbit';

/** The answer a run should give: a continuous symmetry or none; null where the truth is a discrete group. */
type Expected = boolean | null;

interface Case {
  data: string;
  label: string;
  method: Method;
  /** `reference`: the dataset's ground-truth basis; `random`: a seeded random one; or a given basis. */
  basis?: 'reference' | 'random' | number[][][];
  expected: Expected;
}

/** Rotation in the (x1, x2) plane of R^d: a true-looking generator for data it does not fit. */
function planeRotation(d: number): number[][][] {
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  L[0]![1] = -1;
  L[1]![0] = 1;
  return [L];
}

const NBODY = 'trajectories=100';
export const CASES: Case[] = [
  { data: `builtin:nbody2?${NBODY}`, label: 'nbody2', method: 'semola', expected: true },
  { data: `builtin:nbody2?${NBODY}`, label: 'nbody2', method: 'fixed-basis', basis: 'reference', expected: true },
  { data: `builtin:nbody2-ood?${NBODY}`, label: 'nbody2-ood', method: 'semola', expected: true },
  { data: `builtin:nbody2-ood?${NBODY}`, label: 'nbody2-ood', method: 'fixed-basis', basis: 'reference', expected: true },
  { data: 'builtin:mixed-axes?samples=1000&points=2', label: 'mixed-axes', method: 'semola', expected: true },
  { data: 'builtin:mixed-axes?samples=1000&points=2', label: 'mixed-axes', method: 'fixed-basis', basis: 'reference', expected: true },
  { data: 'builtin:no-symmetry?samples=1000', label: 'no-symmetry', method: 'semola', expected: false },
  { data: 'builtin:no-symmetry?samples=1000', label: 'no-symmetry', method: 'fixed-basis', basis: 'random', expected: false },
  { data: 'builtin:no-symmetry?samples=1000', label: 'no-symmetry', method: 'fixed-basis', basis: planeRotation(4), expected: false },
  { data: 'builtin:discrete-rotation?samples=1000', label: 'discrete-rotation', method: 'semola', expected: null },
  { data: 'builtin:discrete-rotation?samples=1000', label: 'discrete-rotation', method: 'fixed-basis', basis: planeRotation(3), expected: null },
  { data: 'builtin:partial-permutation?samples=1000', label: 'partial-permutation', method: 'semola', expected: null },
  { data: 'builtin:molecules?samples=1000', label: 'molecules', method: 'semola', expected: true },
];

export interface StudyRow {
  data: string;
  method: Method;
  basis: string;
  seed: number;
  expected: Expected;
  found: boolean;
  /** Relative change of the held-out task loss when the generators are enforced. */
  cost: number | null;
  evidence: VerdictEvidence | null;
  /** Action similarity of SEMoLA's basis to the ground truth, when there is one. */
  similarity: number | null;
  reason: string;
  seconds: number;
}

function basisName(b: Case['basis']): string {
  if (b === undefined) return 'learned';
  return typeof b === 'string' ? b : 'rotation x1-x2';
}

function randomBasis(d: number, seed: number): number[][][] {
  const rng = new Rng(seed + 97);
  return [Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()))];
}

async function runCase(c: Case, seed: number, epochs: number): Promise<StudyRow> {
  const t0 = performance.now();
  const ds = loadBuiltin(c.data);
  const d = ds.layout.d;
  const fixedBasis = c.basis === 'reference' ? ds.referenceBasis! : c.basis === 'random' ? randomBasis(d, seed) : c.basis;
  const config: Partial<TrainConfig> = { method: c.method, epochs, seed, model: { kind: ds.layout.kind === 'points' ? 'pointcloud' : 'mlp', hidden: [64, 64] }, lr: 3e-3, basisLr: 3e-3, ...(fixedBasis ? { fixedBasis } : {}) } as Partial<TrainConfig>;
  const trainer = new Trainer(ds, resolveConfig(config));
  try {
    await trainer.train();
    const evidence = verdictEvidence(trainer, subset(ds, ds.train, trainer.valIndex));
    const verdict = decideVerdict({ method: c.method, evidence, match: null });
    const similarity = c.method === 'semola' && ds.referenceBasis && ds.test ? compareWithReference(trainer.augmenter!.basisArray(), ds.referenceBasis, ds, ds.test, seed).action ?? null : null;
    const cost = evidence.averagedError === null ? null : evidence.averagedError / Math.max(evidence.directError, 1e-12) - 1;
    return { data: c.data, method: c.method, basis: basisName(c.basis), seed, expected: c.expected, found: verdict.symmetryFound, cost, evidence, similarity, reason: verdict.reason, seconds: (performance.now() - t0) / 1000 };
  } finally {
    trainer.dispose();
  }
}

const f3 = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toPrecision(3));

export function studyTable(rows: StudyRow[]): string {
  const lines = [
    '| data | method | basis | seed | expected | found | cost | orbit variation (points) | orbit contrast | similarity | s |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const e = r.evidence;
    const expected = r.expected === null ? 'discrete' : r.expected ? 'yes' : 'no';
    const variation = e?.orbitVariationPoints === null || !e ? '-' : `${f3(e.orbitVariation)} (${e.orbitVariationPoints}/${e.samples * VERDICT_DRAWS})`;
    lines.push(`| ${r.data} | ${r.method} | ${r.basis} | ${r.seed} | ${expected} | ${r.found ? 'yes' : 'no'} | ${r.cost === null ? '-' : `${r.cost >= 0 ? '+' : ''}${(100 * r.cost).toFixed(1)}%`} | ${variation} | ${f3(e?.orbitContrast)} | ${f3(r.similarity)} | ${r.seconds.toFixed(1)} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const seeds = Array.from({ length: Number(arg('seeds') ?? 3) }, (_, i) => i);
  const only = arg('cases')?.split('|');
  const epochs = Number(arg('epochs') ?? 10);
  const backend = await selectBackend('wasm');
  const t0 = performance.now();
  const rows: StudyRow[] = [];
  for (const c of CASES.filter((x) => !only || only.includes(x.label))) {
    for (const seed of seeds) {
      const row = await runCase(c, seed, epochs);
      rows.push(row);
      process.stderr.write(`${c.label} ${c.method} ${row.basis} seed ${seed}: found ${row.found} (${row.seconds.toFixed(1)} s) ${row.reason}\n`);
    }
  }
  const command = `npx tsx src-main/host/study/verdict.ts ${process.argv.slice(2).join(' ')}`.trim();
  const table = studyTable(rows);
  const header = [
    '# Verdict study',
    '',
    `- command: \`${command}\``,
    `- backend ${backend.name}; epochs ${epochs}; seeds ${seeds.join(', ')}; MLP 64-64 (point-cloud model for molecules), lr 3e-3; ${new Date().toISOString()}; ${((performance.now() - t0) / 60000).toFixed(1)} min`,
    `- found iff cost <= +${100 * VERDICT_THRESHOLDS.maxCost}% and orbit variation <= ${VERDICT_THRESHOLDS.maxOrbitVariation} (measured on at least ${ORBIT_VARIATION_OPTIONS.minPoints} orbit points within the data, else undecided and not found); orbit contrast (all orbit points, not used) for comparison`,
    '',
  ].join('\n');
  if (!only) {
    await mkdir('reports/verdict', { recursive: true });
    await writeFile('reports/verdict/study.md', `${header}\n${table}\n`);
    await writeFile('reports/verdict/study.json', `${JSON.stringify({ command, backend: backend.name, epochs, seeds, thresholds: VERDICT_THRESHOLDS, rows }, null, 2)}\n`);
  }
  process.stdout.write(`${header}\n${table}\n`);
}

if (process.argv[1]?.endsWith('verdict.ts')) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
