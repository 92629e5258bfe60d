import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importQm9Folder } from '../../../src-main/data/qm9/folder';
import { AMMONIA, HCN, METHANE, qm9Name, withLine } from './fixtures';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qm9-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Methane (5 atoms), ammonia (4) and HCN (3), written out of name order, plus files that are not records. */
async function writeThree(): Promise<void> {
  await writeFile(join(dir, qm9Name(5)), HCN);
  await writeFile(join(dir, qm9Name(1)), METHANE);
  await writeFile(join(dir, qm9Name(2)), AMMONIA);
  await writeFile(join(dir, 'README.txt'), 'not a record');
  await mkdir(join(dir, 'sub.xyz'));
}

const f32 = (xs: number[]): number[] => Array.from(Float32Array.from(xs));

describe('importQm9Folder', () => {
  it('imports every .xyz file in name order, padded to maxAtoms with a mask', async () => {
    await writeThree();
    const progress: [number, number][] = [];
    const r = await importQm9Folder(dir, { targets: ['U0', 'gap', 'mu'], onProgress: (d, t) => progress.push([d, t]) });
    expect(r.molecules).toBe(3);
    expect(r.maxAtoms).toBe(5);
    expect(Array.from(r.ids)).toEqual([1, 2, 5]);
    expect(r.species).toEqual(['H', 'C', 'N']);
    expect(r.units).toEqual(['Hartree', 'Hartree', 'D']);
    expect(Array.from(r.targets)).toEqual(f32([-40.47893, 0.5048, 0, -56.525887, 0.3399, 1.6256, -93.411888, 0.3796, 2.8937]));

    expect(r.coords).toHaveLength(3 * 5 * 3);
    expect(r.speciesIndex).toHaveLength(3 * 5);
    expect(r.mask).toHaveLength(3 * 5);
    // C H H H H | N H H H pad | C N H pad pad
    expect(Array.from(r.speciesIndex)).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0]);
    expect(Array.from(r.mask)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0]);
    expect(Array.from(r.coords.subarray(0, 6))).toEqual(f32([-0.0126981359, 1.0858041578, 0.0080009958, 0.002150416, -0.0060313176, 1.9761204e-3]));
    expect(Array.from(r.coords.subarray(15 + 9, 15 + 15))).toEqual(f32([-0.5202777357, 1.3435321258, -0.7755426124, 0, 0, 0]));
    expect(Array.from(r.coords.subarray(30 + 6, 30 + 15))).toEqual(f32([-0.0278050162, 2.2016773228, 0.0148436282, 0, 0, 0, 0, 0, 0]));

    expect(progress[0]).toEqual([0, 3]);
    expect(progress[progress.length - 1]).toEqual([3, 3]);
    expect(progress.map((p) => p[0])).toEqual([0, 1, 2, 3]);
  });

  it('imports only the first `limit` files', async () => {
    await writeThree();
    const r = await importQm9Folder(dir, { targets: ['Cv'], limit: 1 });
    expect(r.molecules).toBe(1);
    expect(r.maxAtoms).toBe(5);
    expect(r.species).toEqual(['H', 'C']);
    expect(Array.from(r.speciesIndex)).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(r.targets)).toEqual(f32([6.469]));
    expect(r.units).toEqual(['cal/(mol K)']);
  });

  it('fails on a bad file with its error, naming that file', async () => {
    await writeThree();
    await writeFile(join(dir, qm9Name(3)), withLine(METHANE, 5, 'Cl\t 1.0117308433\t 1.4637511618\t 2.765748*^-4\t 0.133922\t'));
    await expect(importQm9Folder(dir, { targets: ['U0'] })).rejects.toThrow(
      `${join(dir, qm9Name(3))}:5:1: expected an element of H, C, N, O, F, got "Cl"`,
    );
  });

  it('reports the first bad file in name order when several are bad', async () => {
    for (let i = 1; i <= 300; i++) await writeFile(join(dir, qm9Name(i)), METHANE);
    await writeFile(join(dir, qm9Name(250)), '');
    await writeFile(join(dir, qm9Name(120)), withLine(METHANE, 1, 'x'));
    await writeFile(join(dir, qm9Name(280)), 'x');
    await expect(importQm9Folder(dir, { targets: ['U0'] })).rejects.toThrow(`${join(dir, qm9Name(120))}:1:1: expected the atom count`);
  });

  it('rejects unknown targets listing the valid ones, and bad options', async () => {
    await writeThree();
    await expect(importQm9Folder(dir, { targets: ['U0', 'energy'] })).rejects.toThrow(
      'QM9: unknown target "energy"; valid: A (GHz), B (GHz), C (GHz), mu (D), alpha (Bohr^3), homo (Hartree), lumo (Hartree), gap (Hartree), r2 (Bohr^2), zpve (Hartree), U0 (Hartree), U (Hartree), H (Hartree), G (Hartree), Cv (cal/(mol K))',
    );
    await expect(importQm9Folder(dir, { targets: [] })).rejects.toThrow('QM9: no targets chosen; expected one or more of A (GHz)');
    await expect(importQm9Folder(dir, { targets: ['U0', 'U0'] })).rejects.toThrow('QM9: target "U0" is chosen twice');
    await expect(importQm9Folder(dir, { targets: ['U0'], limit: 0 })).rejects.toThrow('QM9: limit must be a positive integer, got 0');
  });

  it('rejects a missing folder and a folder without .xyz files', async () => {
    await expect(importQm9Folder(join(dir, 'nope'), { targets: ['U0'] })).rejects.toThrow(`${join(dir, 'nope')}: folder not found`);
    await writeFile(join(dir, 'a.txt'), 'x');
    await expect(importQm9Folder(dir, { targets: ['U0'] })).rejects.toThrow(`${dir}: no .xyz files`);
    await expect(importQm9Folder(join(dir, 'a.txt'), { targets: ['U0'] })).rejects.toThrow(`${join(dir, 'a.txt')}: not a folder`);
  });
});
