/**
 * Held-out data that are really held out: imported frames of one system (an MD trajectory), files
 * of several frames, molecules named by a key and trajectory windows are split by whole time blocks,
 * files or molecules, never by single correlated rows.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../src-main/data/import';
import type { SampleSet } from '../../../src-main/data/dataset';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semola-held-out-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An extended XYZ frame; x of the first atom carries the frame number so rows can be traced back. */
function frame(species: string[], t: number, info = ''): string {
  const atoms = species.map((s, a) => `${s} ${a === 0 ? t : a} ${0.1 * a} ${0.2 * a} 0.5 -0.5 0.25`);
  return `${species.length}\nProperties=species:S:1:pos:R:3:forces:R:3 energy=${-1 - 0.001 * t}${info} pbc="F F F"\n${atoms.join('\n')}\n`;
}

/** The frame number of every row of a set (x of its first atom, points layout). */
function frameNumbers(set: SampleSet, maxPoints: number): number[] {
  return Array.from({ length: set.n }, (_, r) => Math.round(set.points!.coords[r * maxPoints * 3]!));
}

describe('held-out splits respect correlation', () => {
  it('an MD trajectory (same atoms in every frame) is held out in whole time blocks, test and validation', async () => {
    const path = join(dir, 'md.extxyz');
    await writeFile(path, Array.from({ length: 200 }, (_, t) => frame(['Ar', 'Ar', 'Ar'], t)).join(''));
    const { dataset, record } = await importDataset(path);
    expect(record.split).toMatchObject({ kind: 'seeded', rule: expect.stringMatching(/^test: by time block \(\d+ of 50 groups held out whole, 40 samples/) });
    expect(dataset.groupUnit).toBe('time block');
    const test = frameNumbers(dataset.test!, 3);
    expect(test).toHaveLength(40);
    // Whole blocks of 4 consecutive frames: every held-out frame's block is held out entirely.
    for (const t of test) for (let k = 4 * Math.floor(t / 4); k < 4 * Math.floor(t / 4) + 4; k++) expect(test).toContain(k);
    const train = frameNumbers(dataset.train, 3);
    expect(Array.from(dataset.train.groups!)).toEqual(train.map((t) => Math.floor(t / 4)));
    expect(record.notes.some((n) => n.startsWith('Correlation groups: only 1 distinct molecule(s): 50 blocks of up to 4 consecutive frames'))).toBe(true);
  });

  it('frames of a few molecules interleaved are held out in blocks of consecutive frames of one molecule', async () => {
    const path = join(dir, 'mixed.extxyz');
    await writeFile(path, Array.from({ length: 100 }, (_, t) => frame(t % 2 ? ['C', 'H', 'H'] : ['O', 'H', 'H'], t)).join(''));
    const { dataset, record } = await importDataset(path);
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by time block \(\d+ of 50 groups held out whole, 20 samples/) });
    // Blocks of 2 frames of one molecule: frames 4k and 4k + 2 (O), 4k + 1 and 4k + 3 (C).
    const test = frameNumbers(dataset.test!, 3);
    for (const t of test) expect(test).toContain(t % 4 < 2 ? t + 2 : t - 2);
    expect(record.notes.some((n) => n.startsWith('Correlation groups: only 2 distinct molecule(s)'))).toBe(true);
  });

  it('many different molecules in one file are held out by molecule (the same atoms in the same order)', async () => {
    const path = join(dir, 'many.extxyz');
    const species = (m: number): string[] => ['C', ...Array.from({ length: 1 + (m % 25) }, () => 'H')];
    await writeFile(path, Array.from({ length: 100 }, (_, t) => frame(species(t % 25), t)).join(''));
    const { dataset, record } = await importDataset(path);
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by molecule \(5 of 25 groups held out whole, 20 samples/) });
    const molecules = (set: SampleSet): Set<number> => new Set(Array.from({ length: set.n }, (_, r) => Math.round(set.points!.coords[r * set.points!.maxPoints * 3]!) % 25));
    const held = molecules(dataset.test!);
    for (const m of molecules(dataset.train)) expect(held.has(m)).toBe(false);
  });

  it('conformers named by mol_id are held out by molecule, not by conformer', async () => {
    const path = join(dir, 'conformers.extxyz');
    await writeFile(path, Array.from({ length: 60 }, (_, t) => frame(t % 3 ? ['C', 'H', 'H'] : ['O', 'H', 'H'], t, ` mol_id=m${Math.floor(t / 5)}`)).join(''));
    const { dataset, record } = await importDataset(path);
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by molecule \(\d+ of 12 groups held out whole/) });
    const test = new Set(frameNumbers(dataset.test!, 3).map((t) => Math.floor(t / 5)));
    const train = new Set(frameNumbers(dataset.train, 3).map((t) => Math.floor(t / 5)));
    expect(test.size).toBeGreaterThan(0);
    for (const m of test) expect(train.has(m)).toBe(false);
  });

  it('a folder of files with several frames each is held out by file', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder);
    for (let f = 0; f < 10; f++) await writeFile(join(folder, `m${f}.xyz`), Array.from({ length: 3 }, (_, k) => frame(['N', 'H', 'H'], 3 * f + k)).join(''));
    const { dataset, record } = await importDataset(folder, { targets: 'energy' });
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by file \(2 of 10 groups held out whole, 6 samples/) });
    const test = new Set(frameNumbers(dataset.test!, 3).map((t) => Math.floor(t / 3)));
    const train = new Set(frameNumbers(dataset.train, 3).map((t) => Math.floor(t / 3)));
    expect(test.size).toBe(2);
    for (const m of test) expect(train.has(m)).toBe(false);
  });

  it('next-frame windows of one trajectory are held out in time blocks at least a window long', async () => {
    const path = join(dir, 'windows.extxyz');
    await writeFile(path, Array.from({ length: 300 }, (_, t) => frame(['Ar', 'Ar'], t)).join(''));
    const { dataset, record } = await importDataset(path, { nIn: 2, nOut: 1 });
    expect(dataset.groupUnit).toBe('time block');
    // 298 windows in blocks of 6 (= ceil(298 / 50)): each group is one stretch of consecutive windows.
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by time block \(\d+ of 50 groups held out whole/) });
    const starts = (set: SampleSet): number[] => Array.from({ length: set.n }, (_, r) => Math.round(set.inputs[r * 12]!));
    const test = starts(dataset.test!);
    for (const w of test) for (let k = 6 * Math.floor(w / 6); k < Math.min(298, 6 * Math.floor(w / 6) + 6); k++) expect(test).toContain(k);
  });

  it("a table's group column (--group-by) holds out whole groups, test and validation, and is not an input", async () => {
    // 40 trajectories of 10 rows; x carries the trajectory number, so rows can be traced back.
    const path = join(dir, 'pairs.csv');
    const rows = Array.from({ length: 400 }, (_, r) => `${Math.floor(r / 10)},${Math.floor(r / 10) + 0.01 * (r % 10)},${r % 10},${r}`);
    await writeFile(path, `traj_id,x,y,e\n${rows.join('\n')}\n`);
    const { dataset, record } = await importDataset(path, { groupBy: 'traj_id', testFraction: 0.2, seed: 3 });
    expect(dataset.inputNames).toEqual(['x', 'y']);
    expect(dataset.targetNames).toEqual(['e']);
    expect(dataset.groupUnit).toBe('"traj_id" group');
    expect(record.options).toMatchObject({ groupBy: 'traj_id', testFraction: 0.2 });
    expect(record.split).toMatchObject({ kind: 'seeded', rule: expect.stringMatching(/^test: by "traj_id" group \(8 of 40 groups held out whole, 80 samples/) });
    const traj = (set: SampleSet): number[] => Array.from({ length: set.n }, (_, r) => Math.floor(set.inputs[r * 2]!));
    const test = new Set(traj(dataset.test!));
    expect(test.size).toBe(8);
    expect(traj(dataset.train).some((t) => test.has(t))).toBe(false);
    // The validation split (the trainer's) sees the same groups: whole trajectories again.
    expect(Array.from(new Set(dataset.train.groups!)).length).toBe(32);
    const { validationSplit } = await import('../../../src-main/data/split');
    const v = validationSplit(dataset.train.n, 0.1, 0, dataset.train.groups, dataset.groupUnit);
    expect(v.byGroup).toBe(true);
    const trainTraj = traj(dataset.train);
    const held = new Set(v.val.map((i) => trainTraj[i]));
    expect(v.train.some((i) => held.has(trainTraj[i]!))).toBe(false);
    expect(v.rule).toMatch(/^validation: by "traj_id" group \(\d+ of 32 groups held out whole/);
    // Without --group-by the id is an input, and the import says what that means.
    const plain = await importDataset(path);
    expect(plain.dataset.inputNames).toEqual(['traj_id', 'x', 'y']);
    expect(plain.record.notes.some((n) => /^Column "traj_id" looks like an id of a group .* Name it with --group-by/.test(n))).toBe(true);
  });

  it('refuses a group column that is also an input or target, names one that does not exist, and files that are not tables', async () => {
    const path = join(dir, 'small.csv');
    await writeFile(path, 'g,x,y\n0,1,2\n1,3,4\n');
    await expect(importDataset(path, { groupBy: 'g', inputs: 'g,x' })).rejects.toThrow(/small\.csv: column "g" is the group column; it cannot also be an input/);
    await expect(importDataset(path, { groupBy: 'run' })).rejects.toThrow(/small\.csv: group column "run": no column named "run"\. Available: 0:g, 1:x, 2:y/);
    const xyz = join(dir, 'one.extxyz');
    await writeFile(xyz, frame(['Ar', 'Ar'], 0));
    await expect(importDataset(xyz, { groupBy: 'g' })).rejects.toThrow(/one\.extxyz: --group-by names a column of a table \(CSV, TSV, \.npy, \.npz\); this is an XYZ file/);
  });
});
