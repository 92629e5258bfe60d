/**
 * A damaged workspace file: refused at open (quick_check) with a message saying what to do, before
 * anything reads or writes it; `semola workspace check` reports it; `semola workspace recover`
 * copies what is readable into a new file that passes integrity_check and opens normally.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src-main/store/index';
import { checkWorkspaceFile } from '../../src-main/store/recover';
import { semola } from '../host/semola-cli';

const dir = mkdtempSync(join(tmpdir(), 'semola-recover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A workspace with two runs and many metric rows (several pages), checkpointed into the main file. */
function makeWorkspace(file: string): void {
  const ws = openWorkspace(file);
  for (let r = 0; r < 2; r++) {
    const run = ws.runs.create({ request: { data: 'builtin:nbody2', config: { epochs: 400 } }, method: 'semola', seed: r, epochs: 400, name: `run ${r}` });
    ws.transaction(() => {
      for (let e = 1; e <= 400; e++) ws.metrics.addEpoch(run.id, e, { 'loss.total': 1 / e, 'loss.task': 2 / e, 'val.loss': 3 / e });
    });
  }
  ws.db.pragma('wal_checkpoint(TRUNCATE)');
  ws.close();
}

/** Overwrites page `page` (1-based, 4096-byte pages) with garbage. */
function smash(file: string, page: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (page - 1) * 4096);
  closeSync(fd);
}

describe('a damaged workspace', () => {
  it('is refused at open, reported by check, and recovered into a new file', async () => {
    const file = join(dir, 'damaged.sqlite');
    makeWorkspace(file);
    expect(checkWorkspaceFile(file)).toMatchObject({ ok: true, problems: [] });
    const pages = statSync(file).size / 4096;
    expect(pages).toBeGreaterThan(8);
    smash(file, Math.floor(pages / 2));
    const before = readFileSync(file);

    expect(() => openWorkspace(file)).toThrow(`${file}: the workspace is damaged (quick_check: `);
    expect(() => openWorkspace(file)).toThrow('semola workspace recover');
    const listed = await semola('runs', 'list', '--workspace', file);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('the workspace is damaged');
    expect(listed.stdout).toBe('');

    const checked = await semola('workspace', 'check', '--workspace', file);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`${file}: damaged`);
    expect(checkWorkspaceFile(file).ok).toBe(false);

    const out = join(dir, 'recovered.sqlite');
    const recovered = await semola('workspace', 'recover', '--workspace', file, '--out', out);
    expect(recovered.code).toBe(0);
    expect(recovered.stdout).toContain(`recovered ${file} into ${out}`);
    // The damaged file is left exactly as it was.
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(checkWorkspaceFile(out)).toMatchObject({ ok: true });
    const ws = openWorkspace(out);
    expect(ws.integrityCheck()).toBe('ok');
    expect((ws.db.pragma('foreign_key_check') as unknown[]).length).toBe(0);
    const runs = ws.runs.list({ archived: 'all' });
    expect(runs.length).toBeGreaterThan(0);
    // Most metric rows survive one lost page.
    const rows = (ws.db.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number }).n;
    expect(rows).toBeGreaterThan(0);
    ws.close();

    const again = await semola('workspace', 'recover', '--workspace', file, '--out', out);
    expect(again.stderr).toContain(`--out ${out}: already exists`);
  });
});
