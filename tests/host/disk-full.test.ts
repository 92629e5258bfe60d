/**
 * A full disk during `semola train`: the run fails with "disk full: ... free ... `semola resume ID`"
 * (no stack trace), read-only commands still answer while the disk is full and the file stays
 * intact; once space is freed, `semola resume` finishes the run with the numbers of an
 * uninterrupted one (one start, and several). A run that finished when the disk filled keeps its
 * summary in a file and says where. Uses a 3 MB tmpfs made here; skipped where mounting is not
 * allowed (not root, or no tmpfs). The disk is filled at a pause point (src-main/store/fault-point.ts)
 * so that the write that fails is the one meant.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/index';
import { semola } from './semola-cli';
import { expectSameNumbers, pausedAt, spawnSemola } from '../jobs/fault-helpers';

const mountPoint = mkdtempSync(join(tmpdir(), 'semola-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}
const PARENT = join(__dirname, '../jobs/fixtures/queue-parent.ts');
const TSX = createRequire(__filename).resolve('tsx/cjs');
const outside = mkdtempSync(join(tmpdir(), 'semola-full-twins-'));
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** Fill the file system of `folder` to the last byte; returns the filler file. */
function fill(folder: string): string {
  const filler = join(folder, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [256 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

const TINY = { model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 20, evalGroupSamples: 2 };

function trainArgs(ws: string, starts: number): string[] {
  const config = join(outside, 'tiny.json');
  if (!existsSync(config)) writeFileSync(config, JSON.stringify(TINY));
  return ['train', '--data', 'builtin:nbody2?trajectories=8', '--epochs', '4', '--seed', '3', '--k', '1', '--starts', String(starts), '--parallel', '1', '--config', config, '--backend', 'cpu', '--quiet', '--workspace', ws];
}

/** The uninterrupted run's summary (trained outside the small file system). */
async function twinSummary(name: string, starts: number): Promise<unknown> {
  const file = join(outside, `${name}.sqlite`);
  const r = await spawnSemola(trainArgs(file, starts)).exited;
  expect(r.code, r.stderr).toBe(0);
  const ws = openWorkspace(file);
  try {
    return ws.runs.require(1).summary;
  } finally {
    ws.close();
  }
}

function doneSummary(file: string): unknown {
  const ws = openWorkspace(file);
  try {
    expect(ws.integrityCheck()).toBe('ok');
    const run = ws.runs.require(1);
    expect(run.status, run.error ?? '').toBe('done');
    return run.summary;
  } finally {
    ws.close();
  }
}

describe.skipIf(!mounted)('disk full (3 MB tmpfs)', () => {
  it('fails the run with a plain message, and keeps read-only commands working while the disk is full', async () => {
    const file = join(mountPoint, 'ws.sqlite');
    openWorkspace(file).close();
    // Leave about 300 KB: enough to open the workspace, not enough for a run's records.
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(2700 * 1024));
    // As a user runs it: its own process, which ends (so the run is found interrupted afterwards).
    const bin = join(__dirname, '../../bin/semola.cjs');
    const child = spawnSync(process.execPath, [bin, 'train', '--data', 'builtin:nbody2?trajectories=10', '--epochs', '30', '--batch-size', '32', '--backend', 'cpu', '--quiet', '--workspace', file], { encoding: 'utf8' });
    const train = { code: child.status, stderr: child.stderr };
    expect(train.code).toBe(1);
    expect(train.stderr).toMatch(/^semola: disk full: could not record run 1 in .*ws\.sqlite \(\d+ MB free\); what was recorded before is kept .* free some space and `semola resume 1`\n$/m);
    expect(train.stderr).not.toMatch(/\n\s+at |SqliteError/);
    const list = await semola('runs', 'list', '--workspace', file);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^1\s+interrupted/m);

    const ws = openWorkspace(file);
    expect(ws.integrityCheck()).toBe('ok');
    ws.close();
  }, 240_000);

  it('a run stopped by a full disk resumes once space is freed, to the numbers of an uninterrupted run (one start and two)', async () => {
    for (const [starts, at] of [[1, '2'], [2, '0.2']] as const) {
      const folder = join(mountPoint, `resume-${starts}`);
      mkdirSync(folder);
      const file = join(folder, 'ws.sqlite');
      const marker = join(outside, `resume-${starts}.paused`);
      // The disk fills while the checkpoint of epoch 2 (start 0's, with two starts) is being written.
      const running = spawnSemola(trainArgs(file, starts), `checkpoint-write:${at}:${marker}`);
      const pid = await pausedAt(marker, running);
      const filler = fill(mountPoint);
      process.kill(pid, 'SIGCONT');
      const r = await running.exited;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^semola: disk full: could not record run 1 in .*ws\.sqlite \(0 MB free\); .* free some space and `semola resume 1`\n$/m);
      expect(r.stderr).not.toMatch(/\n\s+at |SqliteError/);
      rmSync(filler);
      const resumed = await semola('resume', '1', '--workspace', file, '--quiet');
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(starts === 1 ? /run 1: resuming after epoch 1\n/ : /run 1: resuming 2 starts: start 0 after epoch 1, start 1 from the start/);
      expectSameNumbers(doneSummary(file), await twinSummary(`twin-${starts}`, starts));
      rmSync(folder, { recursive: true });
    }
  }, 240_000);

  it('a run that finished as the disk filled keeps its summary in a file, says where, and is recorded by resume once space is freed', async () => {
    const folder = join(mountPoint, 'finished');
    mkdirSync(folder);
    const file = join(folder, 'ws.sqlite');
    const marker = join(outside, 'finished.paused');
    // No --out: the workspace was the only place the summary was going to.
    const running = spawnSemola(trainArgs(file, 1), `run-finish:1:${marker}`);
    const pid = await pausedAt(marker, running);
    const filler = fill(mountPoint);
    process.kill(pid, 'SIGCONT');
    const r = await running.exited;
    expect(r.code).toBe(1);
    const said = /^semola: disk full: run 1 finished but could not be recorded in .*ws\.sqlite \(0 MB free\); its summary is kept in (\S+\.json)\. To record the run, free some space and `semola resume 1`/m.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    expect(r.stderr).not.toMatch(/\n\s+at |SqliteError/);
    // Beside the workspace there was no room: the copy is in the system's temp folder.
    const kept = said![1]!;
    expect(kept.startsWith(tmpdir())).toBe(true);
    const summary = JSON.parse(readFileSync(kept, 'utf8')) as { history: unknown[]; run: { id: number } };
    expect(summary.history).toHaveLength(4);
    expect(summary.run.id).toBe(1);
    rmSync(kept);
    const twin = await twinSummary('twin-finished', 1);
    expectSameNumbers(summary, twin);

    rmSync(filler);
    const resumed = await semola('resume', '1', '--workspace', file, '--quiet');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/run 1: resuming after epoch 4\n/);
    expectSameNumbers(doneSummary(file), twin);
  }, 180_000);

  it("the app's queue: a run finishing as the disk fills keeps its summary in a file", async () => {
    const folder = join(mountPoint, 'queue');
    mkdirSync(folder);
    const file = join(folder, 'ws.sqlite');
    const marker = join(outside, 'queue.paused');
    // A stand-in for the app's main process (tests/jobs/fixtures/queue-parent.ts): one tiny run.
    const parent = spawn(process.execPath, ['--require', TSX, PARENT, file, '1', JSON.stringify({ epochs: 2 })], { env: { ...process.env, SEMOLA_FAULT_PAUSE: `run-finish:1:${marker}` }, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null }>((resolve) => parent.on('close', (code) => resolve({ code })));
    const running = { pid: parent.pid!, exited: exited.then((e) => ({ ...e, signal: null, stdout: '', stderr: '' })) };
    const pid = await pausedAt(marker, running);
    const filler = fill(mountPoint);
    process.kill(pid, 'SIGCONT');
    // The parent neither crashes nor hangs: it reports and goes on (here: ends, its queue idle).
    expect((await exited).code).toBe(0);
    const kept = readdirSync(tmpdir()).filter((f) => f.startsWith('ws.sqlite.run-1-summary-'));
    expect(kept).toHaveLength(1);
    const summary = JSON.parse(readFileSync(join(tmpdir(), kept[0]!), 'utf8')) as { history: unknown[] };
    expect(summary.history).toHaveLength(2);
    rmSync(join(tmpdir(), kept[0]!));
    rmSync(filler);
    const ws = openWorkspace(file);
    expect(ws.integrityCheck()).toBe('ok');
    expect(ws.runs.require(1).status).toBe('interrupted');
    ws.close();
  }, 120_000);
});
