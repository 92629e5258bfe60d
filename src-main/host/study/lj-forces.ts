/**
 * The lj-cluster measurements behind the README ("Energies and forces"): so(3) from a 13-atom
 * Lennard-Jones trajectory that never turns, by --method gradient (the data's forces), by semola
 * trained on energies and forces, and by semola on energies alone (--forces none), over seeds and
 * temperatures, k = 3, points:3, default settings otherwise. Run: `npm run study:lj-forces --
 * [--quick]`; writes reports/gradient/lj-cluster.{md,json} with the command's runtime.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { runTrain } from '../../run/train';
import type { WrittenSummary as Summary } from '../../summary/schema';

interface Case {
  name: string;
  config: Record<string, unknown>;
  /** Seeds run (the temperature cycles with them). */
  seeds: number[];
}

// With the data's forces the gradient method's basis does not depend on the trained model (it only
// gives the test metrics), so one epoch keeps those runs short.
const CASES: Case[] = [
  { name: 'gradient (forces), 1 epoch', config: { method: 'gradient', k: 3, epochs: 1 }, seeds: [0, 1, 2] },
  { name: 'semola + forces', config: { k: 3 }, seeds: [0] },
  { name: 'semola, energy only', config: { k: 3, forces: 'none' }, seeds: [0] },
];

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  const temperatures = quick ? [0.1] : [0.05, 0.1, 0.2];
  const rows: { case: string; seed: number; temperature: number; subspace: number; closure: number | null; forceError: number | null; testMse: number | null; status: string; reason: string; seconds: number }[] = [];
  for (const c of CASES) {
    for (const [i, seed] of (quick ? [0] : c.seeds).entries()) {
      const temperature = temperatures[i % temperatures.length]!;
      const data = `builtin:lj-cluster?temperature=${temperature}&seed=${seed}${quick ? '&frames=200' : ''}`;
      const s: Summary = await runTrain({ data, backend: 'wasm', config: { ...c.config, seed, ...(quick ? { epochs: 2 } : {}) } });
      const v = s.verdict as Summary['verdict'] & { status?: string };
      rows.push({
        case: c.name,
        seed,
        temperature,
        subspace: s.reference!.subspace,
        closure: s.algebra?.closureResidual ?? null,
        forceError: s.forces?.testError?.relative ?? null,
        testMse: s.metrics.test.mse,
        status: v.status ?? (v.symmetryFound ? 'found' : 'not-found'),
        reason: v.reason,
        seconds: s.timings.seconds,
      });
      process.stderr.write(`${c.name} seed ${seed} T ${temperature}: subspace ${s.reference!.subspace.toFixed(3)} (${s.timings.seconds.toFixed(0)} s)\n`);
    }
  }
  const minutes = (performance.now() - t0) / 60000;
  const f = (v: number | null, p = 3): string => (v === null ? '-' : v.toFixed(p));
  const md = [
    '# so(3) from a Lennard-Jones trajectory that never turns',
    '',
    `Command: \`npm run study:lj-forces${quick ? ' -- --quick' : ''}\` (wasm backend, ${minutes.toFixed(1)} min on this machine).`,
    'Data: `builtin:lj-cluster` (13 atoms, 2000 frames, NVE, zero linear and angular momentum), the temperature varied with the seed.',
    'Settings: the defaults, k = 3, points:3 (point-cloud model). `subspace`: so(3) subspace similarity of the basis (1 = the span of so(3));',
    '`closure`: closure residual of the span (0 = closed); `force err`: held-out gradient error relative to the data\'s RMS.',
    '',
    '| case | seed | T | subspace | closure | force err | test MSE | verdict | seconds |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.case} | ${r.seed} | ${r.temperature} | ${f(r.subspace)} | ${f(r.closure)} | ${f(r.forceError)} | ${f(r.testMse, 4)} | ${r.status} | ${r.seconds.toFixed(0)} |`),
    '',
    'Verdicts in full:',
    '',
    ...rows.map((r) => `- ${r.case}, seed ${r.seed}: ${r.reason}`),
    '',
  ].join('\n');
  await mkdir('reports/gradient', { recursive: true });
  await writeFile(`reports/gradient/lj-cluster${quick ? '-quick' : ''}.md`, md);
  await writeFile(`reports/gradient/lj-cluster${quick ? '-quick' : ''}.json`, `${JSON.stringify({ minutes, rows }, null, 2)}\n`);
  process.stdout.write(md);
}

void main();
