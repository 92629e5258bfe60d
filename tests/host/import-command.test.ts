/** `semola import`: the record as a readable summary and as JSON, through the command's action. */
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src-main/host/cli';
import { formatRecord, runImport } from '../../src-main/host/import-command';

const FIX = resolve(__dirname, '../data/fixtures');

afterEach(() => {
  vi.restoreAllMocks();
});

async function cli(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await buildProgram().parseAsync(['node', 'semola', 'import', ...args]);
  return out;
}

describe('semola import', () => {
  it('prints format, samples, layout, species, targets with units, split and hash', async () => {
    const out = await cli([resolve(FIX, 'ase-molecules.extxyz'), '--targets', 'energy', '--test-fraction', '0']);
    expect(out).toContain('format: extxyz\n');
    expect(out).toContain('samples: 3 (train + validation 3, test 0)\n');
    expect(out).toContain('layout: points:3 (up to 5 points, padded with a mask)\n');
    expect(out).toContain('species: H, C, O\n');
    expect(out).toContain('targets: energy [eV]\n');
    expect(out).toMatch(/content hash: sha256 [0-9a-f]{64}\n/);
  });

  it('--json prints the record, the same as runImport gives', async () => {
    const args = [resolve(FIX, 'traj.npz'), '--n-in', '2', '--stride', '1', '--seed', '4'];
    const record = JSON.parse(await cli([...args, '--json'])) as { format: string; options: Record<string, unknown>; contentHash: string };
    const direct = await runImport(args[0]!, { nIn: 2, stride: 1, seed: 4 });
    expect(record).toEqual(JSON.parse(JSON.stringify(direct.record)));
    expect(record.format).toBe('trajectory-npz');
    expect(record.options).toMatchObject({ nIn: 2, nOut: 1, stride: 1, seed: 4 });
    expect(formatRecord(direct.record, { train: direct.dataset.train.n, test: direct.dataset.test?.n ?? 0 })).toContain('task: equivariant regression');
  });

  it('rejects an unknown --format', async () => {
    await expect(cli([resolve(FIX, 'traj.npy'), '--format', 'pdb'])).rejects.toThrow(/argument 'pdb' is invalid/);
  });
});
