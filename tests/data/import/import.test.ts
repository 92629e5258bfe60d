/**
 * importDataset on every format: committed fixtures written the way ASE and NumPy write them
 * (tests/data/fixtures, NumPy files made by make-npy-fixtures.py), round trips through files
 * written here, and the malformed cases, each failing with file, line (column) and the problem.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../src-main/data/import';
import { AMMONIA, HCN, METHANE, qm9Name } from '../qm9/fixtures';

const FIX = resolve(__dirname, '../fixtures');
const fx = (name: string): string => join(FIX, name);
const f32 = (xs: number[]): number[] => Array.from(Float32Array.from(xs));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semola-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string | Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

describe("the user's units", () => {
  it('replace what the file states, per target (a vector by its name) and for positions, with both sources said, and are part of the hash', async () => {
    const plain = await importDataset(fx('ase-molecules.extxyz'), { targets: 'energy,dipole', testFraction: 0 });
    const { record } = await importDataset(fx('ase-molecules.extxyz'), { targets: 'energy,dipole', testFraction: 0, units: { dipole: 'D', positions: 'Bohr', gap: 'eV' } });
    expect(record.targets).toEqual([
      { name: 'energy', unit: 'eV' },
      { name: 'dipole[0]', unit: 'D' },
      { name: 'dipole[1]', unit: 'D' },
      { name: 'dipole[2]', unit: 'D' },
    ]);
    expect(record.units).toEqual({ source: 'file, else ASE convention; user: dipole, positions', positions: 'Bohr' });
    // Only what names something in this import is recorded (and repeated with it).
    expect(record.options.units).toEqual({ dipole: 'D', positions: 'Bohr' });
    expect(record.notes.at(-1)).toBe('Units set by the user: dipole D (was e*Angstrom), positions Bohr (was Angstrom).');
    expect(record.contentHash).not.toBe(plain.record.contentHash);
  });
});

describe('extended XYZ as ASE writes it', () => {
  it('gives padded point clouds, species apart, targets with the units the file states, else ASE\'s', async () => {
    const { dataset, record } = await importDataset(fx('ase-molecules.extxyz'), { targets: 'energy,dipole', testFraction: 0 });
    expect(record.format).toBe('extxyz');
    expect(record.sampleCount).toBe(3);
    expect(record.layout).toEqual({ kind: 'points', d: 3, maxPoints: 5 });
    expect(record.species).toEqual(['H', 'C', 'O']);
    expect(record.targets).toEqual([
      { name: 'energy', unit: 'eV' },
      // The file is in ASE's layout (Properties=species:S:1:pos:R:3..., pbc): ASE's dipole unit.
      { name: 'dipole[0]', unit: 'e*Angstrom' },
      { name: 'dipole[1]', unit: 'e*Angstrom' },
      { name: 'dipole[2]', unit: 'e*Angstrom' },
    ]);
    expect(record.units).toEqual({ source: 'file, else ASE convention', positions: 'Angstrom' });
    expect(record.sourceFiles).toEqual([fx('ase-molecules.extxyz')]);
    expect(record.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const p = dataset.train.points!;
    // water (O H H, 2 pads) | methane (C H H H H) | water
    expect(Array.from(p.mask)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(p.species)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
    expect(Array.from(p.coords.subarray(3, 6))).toEqual(f32([0, 0.763239, -0.477047]));
    expect(Array.from(dataset.train.targets)).toEqual(f32([-14.22, 0, 0, 0.38, -24.05, 0, 0, 0, -14.1, 0, 0.01, 0.37]));
  });

  it('reads a per-atom column (forces) as an equivariant target in the vector layout', async () => {
    const path = await write('water-forces.extxyz', '3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=-1.0 pbc="F F F"\nO 0 0 0.1 0 0 -0.1\nH 0 0.7 -0.4 0 0.05 0.05\nH 0 -0.7 -0.4 0 -0.05 0.05\n'.repeat(2));
    const { dataset, record } = await importDataset(path, { targets: 'forces', testFraction: 0 });
    expect(record.task).toBe('equivariant');
    expect(record.layout).toEqual({ kind: 'vector', d: 3, blocks: 3 });
    expect(dataset.targetNames.slice(0, 3)).toEqual(['forces[1].x', 'forces[1].y', 'forces[1].z']);
    expect(Array.from(dataset.train.targets.subarray(0, 6))).toEqual(f32([0, 0, -0.1, 0, 0.05, 0.05]));
    expect(Array.from(dataset.train.inputs.subarray(0, 6))).toEqual(f32([0, 0, 0.1, 0, 0.7, -0.4]));
  });

  it('names a missing key with the keys the frame has', async () => {
    await expect(importDataset(fx('ase-molecules.extxyz'), { targets: 'homo' })).rejects.toThrow(
      `${fx('ase-molecules.extxyz')}:2: no value named "homo" on the comment line; available: energy, energy_units, dipole, forces (per atom)`,
    );
  });
});

describe('plain XYZ with numbers on line 2', () => {
  it('maps the numbers to the named targets by position, _ skipping one', async () => {
    const { dataset, record } = await importDataset(fx('plain-energies.xyz'), { targets: '_,gap', testFraction: 0 });
    expect(record.format).toBe('xyz');
    expect(record.targets).toEqual([{ name: 'gap', unit: null }]);
    expect(Array.from(dataset.train.targets)).toEqual(f32([0.31, 0.42]));
  });

  it('fails naming file, line and column for a missing or malformed number', async () => {
    await expect(importDataset(fx('plain-energies.xyz'), { targets: 'a,b,c' })).rejects.toThrow(
      `${fx('plain-energies.xyz')}:2: expected at least 3 numbers on the comment line (--targets a,b,c), got 2: "-14.22 0.31"`,
    );
    const bad = await write('bad-number.xyz', '1\n-1.0 0,5\nH 0 0 0\n');
    await expect(importDataset(bad, { targets: 'e,gap' })).rejects.toThrow(`${bad}:2:6: expected a finite number on the comment line, got "0,5" (decimal comma: write a decimal point)`);
    // Words are not values: the targets count the numbers only.
    const worded = await write('worded.xyz', '1\nstep 7 E -1.5 gap 0.25\nH 0 0 0\n'.repeat(2));
    const w = await importDataset(worded, { targets: '_,e,gap', testFraction: 0 });
    expect(Array.from(w.dataset.train.targets)).toEqual(f32([-1.5, 0.25, -1.5, 0.25]));
    await expect(importDataset(fx('plain-energies.xyz'))).rejects.toThrow('no targets named; pass --targets to name the numbers of the comment line');
  });
});

describe('folders', () => {
  it('imports a QM9 folder with QM9 units and a seeded split', async () => {
    const q = join(dir, 'qm9');
    await mkdir(q);
    await writeFile(join(q, qm9Name(1)), METHANE);
    await writeFile(join(q, qm9Name(2)), AMMONIA);
    await writeFile(join(q, qm9Name(5)), HCN);
    const { dataset, record } = await importDataset(q, { targets: 'U0,gap', testFraction: 0.34 });
    expect(record.format).toBe('qm9');
    expect(record.targets).toEqual([{ name: 'U0', unit: 'Hartree' }, { name: 'gap', unit: 'Hartree' }]);
    expect(record.sourceFiles).toEqual([1, 2, 5].map((i) => join(q, qm9Name(i))));
    expect(record.layout).toEqual({ kind: 'points', d: 3, maxPoints: 5 });
    expect(dataset.train.n + dataset.test!.n).toBe(3);
    expect(dataset.test!.n).toBe(1);
    expect(record.split).toEqual({ kind: 'seeded', seed: 0, fractions: { train: 0.594, validation: 0.066, test: 0.34 }, rule: expect.stringMatching(/records at random \(seed 0\); every QM9 record is a distinct molecule$/) });
    // Same files, same options: same hash; another target: another hash.
    expect((await importDataset(q, { targets: 'U0,gap', testFraction: 0.34 })).record.contentHash).toBe(record.contentHash);
    expect((await importDataset(q, { targets: 'U0', testFraction: 0.34 })).record.contentHash).not.toBe(record.contentHash);
  });

  it('imports a folder of plain XYZ files, naming line-2 numbers with --targets', async () => {
    const f = join(dir, 'xyzs');
    await mkdir(f);
    await writeFile(join(f, 'a.xyz'), '2\n-1.5 3.0\nH 0 0 0\nH 0 0 0.74\n');
    await writeFile(join(f, 'b.xyz'), '3\n-2.5 4.0\nO 0 0 0\nH 0 0.7 0\nH 0 -0.7 0\n');
    const { dataset, record } = await importDataset(f, { targets: 'energy,other', testFraction: 0 });
    expect(record.format).toBe('xyz-folder');
    expect(record.sourceFiles).toEqual([join(f, 'a.xyz'), join(f, 'b.xyz')]);
    expect(Array.from(dataset.train.targets)).toEqual(f32([-1.5, 3, -2.5, 4]));
    await writeFile(join(f, 'c.xyz'), '1\n-2.5\nXx 0 0 0\n');
    await expect(importDataset(f, { targets: 'energy' })).rejects.toThrow(`${join(f, 'c.xyz')}:3:1: expected an element symbol (H to Og, or an atomic number) for atom 1, got "Xx"`);
  });
});

describe('trajectories', () => {
  it('turns an .npy of positions [T, N, 3] (np.save) into next-frame pairs', async () => {
    const { dataset, record } = await importDataset(fx('traj.npy'), { testFraction: 0 });
    expect(record.format).toBe('trajectory-npy');
    expect(record.task).toBe('equivariant');
    expect(record.layout).toEqual({ kind: 'vector', d: 3, blocks: 3 });
    expect(dataset.train.n).toBe(5);
    // Frame t is the base shifted by 0.01 t: the target of window 0 is the input plus 0.01.
    const x = Array.from(dataset.train.inputs.subarray(0, 9));
    const y = Array.from(dataset.train.targets.subarray(0, 9));
    y.forEach((v, k) => expect(v).toBeCloseTo(x[k]! + 0.01, 6));
    const f = await importDataset(fx('traj-f32.npy'), { testFraction: 0 });
    expect(Array.from(f.dataset.train.inputs)).toEqual(Array.from(dataset.train.inputs));
  });

  it('reads n-in / n-out windows with a stride from an .npz (np.savez_compressed)', async () => {
    const { dataset } = await importDataset(fx('traj-compressed.npz'), { nIn: 2, nOut: 1, stride: 2, testFraction: 0 });
    // Frames 0, 2, 4: one window (0, 2) -> 4.
    expect(dataset.train.n).toBe(1);
    expect(dataset.layout).toEqual({ kind: 'vector', d: 3, blocks: 6 });
    expect(dataset.train.targets[0]).toBeCloseTo(0.04, 6);
    expect(dataset.inputNames[0]).toBe('x1@t-2');
    expect(dataset.targetNames[0]).toBe('x1@t+2');
  });

  it('regresses per-frame energy from an .npz (np.savez) on points, species from `numbers`', async () => {
    const { dataset, record } = await importDataset(fx('traj.npz'), { targets: 'energy', testFraction: 0 });
    expect(record.format).toBe('trajectory-npz');
    expect(record.task).toBe('invariant');
    expect(record.species).toEqual(['H', 'O']);
    expect(dataset.train.n).toBe(6);
    expect(Array.from(dataset.train.targets)).toEqual(f32([-76, -76.001, -76.002, -76.003, -76.004, -76.005]));
    expect(Array.from(dataset.train.points!.species.subarray(0, 3))).toEqual([1, 0, 0]);
  });

  it('makes a multi-frame XYZ a trajectory with --n-in, and refuses changing atoms', async () => {
    const frame = (dz: number): string => `2\n\nH 0 0 ${dz}\nH 0 0 ${0.74 + dz}\n`;
    const path = await write('h2-traj.xyz', [0, 0.1, 0.2, 0.3].map(frame).join(''));
    const { dataset, record } = await importDataset(path, { nIn: 1, testFraction: 0 });
    expect(record.format).toBe('trajectory-xyz');
    expect(dataset.train.n).toBe(3);
    expect(dataset.train.targets[2]).toBeCloseTo(0.1, 6);
    const changing = await write('changing.xyz', `${frame(0)}1\n\nH 0 0 0\n`);
    await expect(importDataset(changing, { nIn: 1 })).rejects.toThrow(`${changing}:5: a trajectory keeps its atoms: expected 2 atoms (as in the first frame, line 1), got 1`);
  });
});

describe('tables', () => {
  it('keeps the table behaviour: no test split unless asked, vector layout', async () => {
    const path = await write('t.csv', 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n');
    const { dataset, record } = await importDataset(path);
    expect(record.format).toBe('csv');
    expect(dataset.test).toBeUndefined();
    expect(record.split).toEqual({ kind: 'seeded', seed: 0, fractions: { train: 0.9, validation: 0.1, test: 0 } });
    const held = await importDataset(path, { testFraction: 0.5, seed: 3 });
    expect(held.dataset.train.n + held.dataset.test!.n).toBe(4);
    expect(held.dataset.test!.n).toBe(2);
  });
});

describe('malformed input: file, line (column) and the problem; nothing half-imported', () => {
  const cases: [string, string | Uint8Array, string][] = [
    ['count.xyz', '3\nc\nH 0 0 0\nH 0 0 1\n', ':5:1: expected atom 3 of 3 (the count on line 1), got the end of the file'],
    ['blank.xyz', '1\nc\nH 0 0 0\n\n1\nc\nH 0 0 0\n', ':4:1: expected an atom count, got an empty line (blank lines may only end the file)'],
    ['unknown.xyz', '1\nc\nQq 0 0 0\n', ':3:1: expected an element symbol (H to Og, or an atomic number) for atom 1, got "Qq"'],
    ['nan.xyz', '1\nc\nH nan 0 0\n', ':3:3: expected a finite number for x of atom 1, got "nan" (NaN and Inf are not accepted)'],
    ['props.extxyz', '1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0\n', ':3:8: expected atom 1 of 1 (the count on line 1) with at least 7 columns (Properties=species:S:1:pos:R:3:forces:R:3), got 4 columns: "H 0 0 0"'],
    ['empty.xyz', '', ':1:1: expected an atom count, got an empty file'],
    ['binary.xyz', new Uint8Array([0x31, 0x0a, 0x00, 0xff, 0x10]), ':2:2: expected UTF-8 text, got the byte 0xff: not a text file'],
  ];
  it.each(cases)('%s', async (name, content, message) => {
    const path = await write(name, content);
    await expect(importDataset(path, { targets: 'e' })).rejects.toThrow(`${path}${message}`);
  });

  it('reads CRLF, D and *^ exponents as ASE and Fortran write them', async () => {
    const path = await write('crlf.xyz', '1\r\n1.5D-01 2*^1\r\nH 1.0D+00 0 0\r\n');
    const { dataset } = await importDataset(path, { targets: 'a,b', testFraction: 0 });
    expect(Array.from(dataset.train.targets)).toEqual(f32([0.15, 20]));
    expect(dataset.train.points!.coords[0]).toBe(1);
  });

  it('refuses a truncated and a big-endian .npy, and a mismatched .npz array as a target', async () => {
    await expect(importDataset(fx('traj-truncated.npy'))).rejects.toThrow(`${fx('traj-truncated.npy')}: truncated .npy file: shape (6, 3, 3) of <f8 needs 432 data bytes, found 412`);
    await expect(importDataset(fx('traj-bigendian.npy'))).rejects.toThrow(`${fx('traj-bigendian.npy')}: big-endian data (dtype >f8)`);
    // A member whose length fits neither the frames nor the atoms is no per-frame target; the notes say how it was read.
    await expect(importDataset(fx('traj-mismatch.npz'), { targets: 'energy' })).rejects.toThrow(
      `${fx('traj-mismatch.npz')}: no per-frame array named "energy": energy (5,) was read as shape (5,) fits neither 6 frames nor 3 atoms: kept as metadata; per-frame arrays: none`,
    );
    const pairs = await importDataset(fx('traj-mismatch.npz'));
    expect(pairs.record.notes).toContain('energy (5,): shape (5,) fits neither 6 frames nor 3 atoms: kept as metadata.');
  });

  it('rejects a format that does not fit the path', async () => {
    await expect(importDataset(dir, { format: 'csv' })).rejects.toThrow(`${dir}: is a folder; --format csv takes a file`);
    await expect(importDataset(fx('traj.npy'), { format: 'qm9' })).rejects.toThrow('is a file; --format qm9 takes a folder');
  });
});
