/**
 * A sweep on a real single-node Slurm cluster (munged, slurmctld, slurmd from the Debian packages,
 * started by tests/slurm/cluster.sh with the configuration template beside it): 2 settings x 2
 * seeds on a built-in, 2 epochs. Collected, the workspace holds 4 done runs with their sweep and
 * grid point; a task killed with scancel comes back failed with its reason and Slurm state and is
 * resubmitted; the same sweep through the local executor gives the same numbers for the same seeds.
 * Skipped only where the Slurm and munge binaries are absent (CI installs them: .ci/run).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/workspace';
import { semola } from '../host/semola-cli';

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];
const missing = BINARIES.filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0);
const here = path.dirname(new URL(import.meta.url).pathname);
const cluster = path.join(here, 'cluster.sh');

if (missing.length > 0) {
  console.warn(`tests/slurm: skipped: the Slurm/munge binaries ${missing.join(', ')} are not installed (Debian: apt-get install slurmctld slurmd munge slurm-client)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const SPEC = {
  name: 'slurm test',
  datasets: ['builtin:nbody2?trajectories=10'],
  base: { backend: 'cpu', epochs: 2, batchSize: 32, model: { kind: 'mlp', hidden: [16] }, manifold: { anchors: 64 }, evalPoints: 20, evalGroupSamples: 2, inferenceSamples: 2 },
  grid: { k: [1, 2] },
  seeds: 2,
  starts: 1,
};

async function untilIdle(jobIds: string[], seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const out = execFileSync('squeue', ['-h', '-j', jobIds.join(','), '-o', '%i'], { encoding: 'utf8' }).trim();
    if (out === '') return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`Slurm jobs ${jobIds.join(',')} still queued or running after ${seconds} s`);
}

async function untilRunning(task: string, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const out = execFileSync('squeue', ['-h', '-r', '-o', '%i %T'], { encoding: 'utf8' });
    if (out.split('\n').some((l) => l.trim() === `${task} RUNNING`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Slurm task ${task} did not start within ${seconds} s`);
}

const jobIdOf = (stdout: string): string => /Slurm job (\d+)/.exec(stdout)![1]!;

describe.skipIf(missing.length > 0)('sweeps on a single-node Slurm cluster', () => {
  let dir: string;
  const oldConf = process.env.SLURM_CONF;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'semola-slurm-'));
    const [ctld, slurmd] = [await freePort(), await freePort()];
    execFileSync(cluster, ['start', path.join(dir, 'cluster'), String(ctld), String(slurmd)], { stdio: ['ignore', 'pipe', 'inherit'] });
    process.env.SLURM_CONF = path.join(dir, 'cluster', 'slurm.conf');
    writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(SPEC));
  }, 60_000);

  afterAll(() => {
    // Every job of this cluster, then every daemon, even when a test failed.
    try {
      // Only on this test's cluster (never a real one the machine may also talk to).
      if (process.env.SLURM_CONF === path.join(dir, 'cluster', 'slurm.conf')) spawnSync('scancel', ['--user', process.env.USER ?? 'root'], { stdio: 'ignore' });
    } finally {
      spawnSync(cluster, ['stop', path.join(dir, 'cluster')], { stdio: 'inherit' });
      if (oldConf === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = oldConf;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('submits 2 settings x 2 seeds as one array job, collects 4 done runs with sweep and grid point, a scancel-ed task failed and resubmitted; local gives the same numbers', async () => {
    const ws = path.join(dir, 'slurm.sqlite');
    const dry = await semola('sweep', path.join(dir, 'spec.json'), '--executor', 'slurm', '--workspace', ws, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('#SBATCH --array=0-3');
    expect(dry.stdout).toContain('--bundle "$ROOT/bundles/task-$TASK" --no-record');

    const sub = await semola('sweep', path.join(dir, 'spec.json'), '--executor', 'slurm', '--workspace', ws);
    expect(sub.code, sub.stderr).toBe(0);
    const job = jobIdOf(sub.stdout);
    // Kill task 3 once it runs (a task canceled while still pending leaves no trace without accounting).
    await untilRunning(`${job}_3`, 240);
    execFileSync('scancel', [`${job}_3`]);
    await untilIdle([job], 240);

    const first = await semola('sweep', 'collect', '1', '--workspace', ws);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('3 ingested (tasks 0, 1, 2), 1 failed (tasks 3)');
    let w = openWorkspace(ws);
    try {
      const killed = w.runs.sweepTask(1, 3)!;
      expect(killed.status).toBe('failed');
      expect(killed.error).toMatch(new RegExp(`Slurm job ${job}_3 ended without a result \\(Slurm state CANCELLED`));
    } finally {
      w.close();
    }
    // Collecting again changes nothing.
    expect((await semola('sweep', 'collect', '1', '--workspace', ws)).stdout).toContain('0 ingested, 1 failed (tasks 3)');

    const again = await semola('sweep', 'resubmit', '1', '--failed', '--workspace', ws);
    expect(again.code, again.stderr).toBe(0);
    await untilIdle([jobIdOf(again.stdout)], 240);
    expect((await semola('sweep', 'collect', '1', '--workspace', ws)).stdout).toContain('1 ingested (tasks 3)');

    const local = path.join(dir, 'local.sqlite');
    const ran = await semola('sweep', path.join(dir, 'spec.json'), '--workspace', local, '--parallel', '1', '--quiet');
    expect(ran.code, ran.stderr).toBe(0);

    w = openWorkspace(ws);
    const l = openWorkspace(local);
    try {
      const runs = w.runs.list({ experimentId: 1 }).sort((a, b) => a.sweepTask! - b.sweepTask!);
      expect(runs.map((r) => [r.status, r.sweepTask, r.gridPoint!.label, r.seed])).toEqual([
        ['done', 0, 'k=1', 0],
        ['done', 1, 'k=1', 1],
        ['done', 2, 'k=2', 0],
        ['done', 3, 'k=2', 1],
      ]);
      for (const r of runs) {
        const twin = l.runs.sweepTask(1, r.sweepTask!)!;
        expect(twin.status).toBe('done');
        const s = r.summary as { metrics: { test: { mse: number }; validation: { loss: number } }; basis: number[][][] };
        const t = twin.summary as typeof s;
        expect(s.metrics.test.mse).toBe(t.metrics.test.mse);
        expect(s.metrics.validation.loss).toBe(t.metrics.validation.loss);
        expect(s.basis).toEqual(t.basis);
        // The ingested run has the rows a local run has: every epoch's metrics, snapshots, the last checkpoint.
        expect(w.metrics.series(r.id, 'loss.total').map((p) => p.value)).toEqual(l.metrics.series(twin.id, 'loss.total').map((p) => p.value));
        expect(w.snapshots.list(r.id).length).toBe(l.snapshots.list(twin.id).length);
        expect(w.artifacts.latestCheckpoint(r.id)?.epoch).toBe(2);
      }
    } finally {
      w.close();
      l.close();
    }
  }, 600_000);
});
