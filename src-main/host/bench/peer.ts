/**
 * The PyTorch peer of the training step (bench/peer/semola_step.py): runs it with the system's
 * Python and compares its ms per step with this engine's on wasm, recipe by recipe, both on one
 * thread. Skipped, with the reason, where Python or torch is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MeasuredBackend, PeerComparison, PeerRecipe, PeerRow } from './types';

/** From src-main/host/bench to the repository root. */
export const PEER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/peer/semola_step.py');

/**
 * Debian's python3-torch installs for /usr/bin/python3; a python3 found first on PATH (pyenv and
 * the like) often lacks it, so the system one is preferred. SEMOLA_PEER_PYTHON overrides both.
 */
export function peerPython(): string {
  return process.env.SEMOLA_PEER_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

/**
 * The peer's environment: one thread for the BLAS library and OpenMP too. torch.set_num_threads(1)
 * binds PyTorch's own pool only; Debian's torch multiplies through OpenBLAS, which otherwise
 * starts a thread per core (measured: a 320 x 256 x 256 product took 0.65 ms of CPU in 0.33 ms of
 * wall time on 2 cores).
 */
export function peerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
}

export interface PeerOutput {
  torch: string;
  threads: number;
  /** OS threads of the peer process after its timed steps (null where /proc is missing). */
  osThreads?: number | null;
  recipes: Partial<Record<PeerRecipe, { msPerStep: number; steps: number; warmup: number; cpuPerWall?: number; firstStepLosses: Record<string, number> }>>;
}

/** Run the peer script; rejects with its stderr's last line when it fails. */
export function runPeer(args: { steps: number; warmup: number; recipes: readonly PeerRecipe[]; timeoutMs: number }): Promise<PeerOutput> {
  const argv = [PEER_SCRIPT, '--steps', String(args.steps), '--warmup', String(args.warmup), '--recipes', args.recipes.join(',')];
  return new Promise((resolve, reject) => {
    execFile(peerPython(), argv, { timeout: args.timeoutMs, maxBuffer: 1 << 20, env: peerEnv() }, (err, stdout, stderr) => {
      if (err) {
        const lines = stderr.trim().split('\n');
        reject(new Error(lines[lines.length - 1] || err.message));
        return;
      }
      resolve(JSON.parse(stdout) as PeerOutput);
    });
  });
}

function sig(v: number): number {
  return Number(v.toPrecision(4));
}

/** ms per training step of a measured epoch (its validation pass included, as the engine times epochs). */
export function msPerStep(b: MeasuredBackend): number {
  return (1000 * b.secondsPerEpoch) / b.stepsPerEpoch;
}

/**
 * Compare. `ours` holds the wasm measurement of each recipe (absent recipes are left out).
 */
export async function comparePeer(
  ours: Partial<Record<PeerRecipe, MeasuredBackend>>,
  quick: boolean,
  log: (line: string) => void,
  plain: Partial<Record<PeerRecipe, MeasuredBackend>> = {},
): Promise<PeerComparison> {
  const recipes = (Object.keys(ours) as PeerRecipe[]).filter((r) => ours[r]);
  if (recipes.length === 0) return { status: 'skipped', reason: 'the wasm backend was not measured, so there is nothing to compare with' };
  if (!existsSync(PEER_SCRIPT)) return { status: 'skipped', reason: `${PEER_SCRIPT} is missing` };
  const steps = quick ? 5 : 200;
  let out: PeerOutput;
  try {
    log(`peer: ${peerPython()} ${path.relative(process.cwd(), PEER_SCRIPT)} (${recipes.join(', ')}, ${steps} steps each)`);
    out = await runPeer({ steps, warmup: quick ? 1 : 20, recipes, timeoutMs: 10 * 60_000 });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const missing = /No module named 'torch'|ENOENT/.test(reason);
    return { status: missing ? 'skipped' : 'failed', reason: missing ? `PyTorch is not available to ${peerPython()}: ${reason}` : reason };
  }
  const rows: PeerRow[] = recipes.flatMap((recipe) => {
    const peer = out.recipes[recipe];
    if (!peer) return [];
    const mine = msPerStep(ours[recipe]!);
    const before = plain[recipe] ? msPerStep(plain[recipe]) : null;
    return [{
      recipe,
      oursMsPerStep: sig(mine),
      peerMsPerStep: sig(peer.msPerStep),
      ratio: sig(mine / peer.msPerStep),
      ...(before !== null ? { plainMsPerStep: sig(before), plainRatio: sig(before / peer.msPerStep) } : {}),
      ...(peer.cpuPerWall !== undefined ? { peerCpuPerWall: sig(peer.cpuPerWall) } : {}),
    }];
  });
  for (const r of rows) log(`peer: ${r.recipe}: ours ${r.oursMsPerStep} ms/step, PyTorch ${r.peerMsPerStep} ms/step (CPU/wall ${r.peerCpuPerWall ?? '-'}), ratio ${r.ratio}`);
  return {
    status: 'measured',
    torchVersion: out.torch,
    threads: out.threads,
    ...(out.osThreads !== undefined ? { osThreads: out.osThreads } : {}),
    peerSteps: steps,
    rows,
    notes: [
      'ours: the wasm backend (SIMD, one thread), the timed epoch of the recipe divided by its steps (the epoch-end validation pass and basis read included)',
      ...(Object.keys(plain).length > 0 ? ["plain step: the same engine and recipe with the fused paths off (engine/fast-paths.ts: the step the cpu backend runs) on tfjs-backend-wasm's own kernels (engine/wasm-kernels/ off), measured in this run"] : []),
      `peer: PyTorch ${out.torch} on the CPU, torch.set_num_threads(1) and OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = 1 (the BLAS library's threads too: the process ran ${out.osThreads ?? 'an unknown number of'} OS thread${out.osThreads === 1 ? '' : 's'}; CPU seconds per wall second in the table), mean over ${steps} steps after warm-up, random data of the same sizes, torch.linalg.matrix_exp`,
    ],
  };
}
