/**
 * The lj-cluster measurements behind the README ("Energies and forces"): so(3) from Lennard-Jones
 * trajectories that never turn, by --method gradient (the data's forces), by semola trained on
 * energies and forces, and by semola on energies alone (--forces none), k = 3, points:3, default
 * settings otherwise (one start per run), over seeds with the cluster size and temperature varied.
 * Run: `npm run study:lj-forces -- [--quick]`; writes reports/gradient/lj-cluster.{md,json} with
 * the command's runtime.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { runTrain } from '../../run/train';
import type { WrittenSummary as Summary } from '../../summary/schema';

interface Case {
  name: string;
  config: Record<string, unknown>;
  /** Seeds run; each seed has its own cluster (SYSTEMS). */
  seeds: number[];
}

/** Cluster size and reduced temperature per seed (0.3 is near melting). */
const SYSTEMS: Record<number, { atoms: number; temperature: number }> = {
  0: { atoms: 13, temperature: 0.1 },
  1: { atoms: 9, temperature: 0.05 },
  2: { atoms: 16, temperature: 0.2 },
  3: { atoms: 20, temperature: 0.3 },
  4: { atoms: 13, temperature: 0.05 },
};

// With the data's forces the gradient method's basis does not depend on the trained model (it only
// gives the test metrics), so one epoch keeps those runs short. Energy-only runs are the slowest
// (the on-distribution term's anchors): three seeds keep the study within 15 minutes.
const CASES: Case[] = [
  { name: 'gradient (forces), 1 epoch', config: { method: 'gradient', k: 3, epochs: 1 }, seeds: [0, 1, 2, 3, 4] },
  { name: 'semola + forces', config: { k: 3 }, seeds: [0, 1, 2, 3, 4] },
  { name: 'semola, energy only', config: { k: 3, forces: 'none' }, seeds: [0, 1, 3] },
];

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const t0 = performance.now();
  const rows: { case: string; seed: number; atoms: number; temperature: number; model: string; subspace: number; closure: number | null; r2: number | null; forceError: number | null; status: string; reason: string; seconds: number }[] = [];
  for (const c of CASES) {
    for (const seed of quick ? [0] : c.seeds) {
      const { atoms, temperature } = SYSTEMS[seed]!;
      const data = `builtin:lj-cluster?atoms=${atoms}&temperature=${temperature}&seed=${seed}${quick ? '&frames=200' : ''}`;
      const s: Summary = await runTrain({ data, backend: 'wasm', config: { ...c.config, seed, ...(quick ? { epochs: 2 } : {}) } });
      const v = s.verdict as Summary['verdict'] & { status?: string };
      const fit = (s.verdictEvidence as { fit?: { kind: string; value: number } } | null)?.fit;
      rows.push({
        case: c.name,
        seed,
        atoms,
        temperature,
        model: s.config.model.kind,
        subspace: s.reference!.subspace,
        closure: s.algebra?.closureResidual ?? null,
        r2: fit?.kind === 'r2' ? fit.value : null,
        forceError: s.forces?.testError?.relative ?? null,
        status: v.status ?? (v.symmetryFound ? 'found' : 'not-found'),
        reason: v.reason,
        seconds: s.timings.seconds,
      });
      process.stderr.write(`${c.name} seed ${seed} (${atoms} atoms, T ${temperature}): subspace ${s.reference!.subspace.toFixed(3)}, ${rows.at(-1)!.status} (${s.timings.seconds.toFixed(0)} s)\n`);
    }
  }
  const minutes = (performance.now() - t0) / 60000;
  const f = (v: number | null, p = 3): string => (v === null ? '-' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : v.toFixed(p));
  const md = [
    '# so(3) from Lennard-Jones trajectories that never turn',
    '',
    `Command: \`npm run study:lj-forces${quick ? ' -- --quick' : ''}\` (wasm backend, ${minutes.toFixed(1)} min on this machine, one run at a time).`,
    `Data: \`builtin:lj-cluster\` (${quick ? '200' : '2000'} frames, NVE, zero linear and angular momentum: every frame near one orientation); the cluster size and temperature vary with the seed.`,
    'Settings: the defaults, k = 3, points:3, one start per run (`semola train` trains 3 by default). The default model for these data is the MLP on',
    'the coordinates in atom order (frames of one system with per-atom forces). `subspace`: so(3) subspace similarity of the basis (1 = the span',
    'of so(3)); `closure`: closure residual of the span (0 = closed; the verdict calls at most 0.2 an algebra); `R^2`: the model\'s held-out R^2;',
    '`force err`: the model\'s held-out gradient error relative to the data\'s RMS.',
    '',
    '| case | seed | atoms | T | model | subspace | closure | R^2 | force err | verdict | seconds |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.case} | ${r.seed} | ${r.atoms} | ${r.temperature} | ${r.model} | ${f(r.subspace)} | ${f(r.closure)} | ${f(r.r2)} | ${f(r.forceError)} | ${r.status} | ${r.seconds.toFixed(0)} |`),
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
