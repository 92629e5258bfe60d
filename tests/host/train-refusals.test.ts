/**
 * `semola train` refuses each wrong setting of the shared cases with the option table's message,
 * from a --config file and from the flag where the setting has one, before any training starts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Trainer } from '../../src-main/engine/training/trainer';
import { openWorkspace } from '../../src-main/store/index';
import { DATA, REFUSALS } from '../engine/options/refusal-cases';
import { semola } from './semola-cli';

const dir = mkdtempSync(join(tmpdir(), 'semola-refusals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const RUN = ['--data', DATA, '--no-record', '--quiet', '--backend', 'cpu', '--starts', '1'];

async function refused(args: string[], message: string): Promise<void> {
  const train = vi.spyOn(Trainer.prototype, 'train');
  const r = await semola('train', ...args, ...RUN);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain(message);
  expect(r.stdout).not.toMatch(/^backend:/m);
  expect(train).not.toHaveBeenCalled();
}

describe('semola train refuses wrong settings with the table message', () => {
  it.each(REFUSALS)('$name: --config file', async ({ name, json, message }) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, json);
    await refused(['--config', file], message);
  });

  it.each(REFUSALS.filter((c) => c.flags))('$name: flag', async ({ flags, message }) => {
    await refused(flags!, message);
  });

  it('a run that cannot train is refused before it is recorded: no failed row in the workspace', async () => {
    const file = join(dir, 'workspace.sqlite');
    const train = vi.spyOn(Trainer.prototype, 'train');
    const r = await semola('train', '--data', DATA, '--k', '65', '--workspace', file, '--quiet', '--backend', 'cpu', '--starts', '1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('k = 65 generators cannot be independent with only 64 free entries in the full mask (d = 8)');
    expect(train).not.toHaveBeenCalled();
    if (existsSync(file)) {
      const ws = openWorkspace(file);
      try {
        expect(ws.runs.list({ archived: 'all' })).toEqual([]);
      } finally {
        ws.close();
      }
    }
  });

  it('a basis file that holds text names the setting and what it allows', async () => {
    const file = join(dir, 'text-basis.json');
    writeFileSync(file, '{"basis": "abc"}');
    await refused(['--basis', file], 'fixedBasis must be a list of d x d generators of finite numbers ([k][d][d]), got "abc"');
  });
});
