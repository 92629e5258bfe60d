/**
 * A full disk during `semola train`: the run fails with "disk full: ... free ... `semola resume ID`"
 * (no stack trace), read-only commands still answer while the disk is full and the file stays
 * intact. Uses a 3 MB tmpfs made here; skipped where mounting is not
 * allowed (not root, or no tmpfs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/index';
import { semola } from './semola-cli';

const mountPoint = mkdtempSync(join(tmpdir(), 'semola-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

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
  }, 180_000);
});
