import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedKeys, editedImportOptions, editedName } from '../../src-main/data/edit';
import { importDataset } from '../../src-main/data/import';
import type { DatasetRecord } from '../../src-main/data/record';
import { axisOf, columnStats, coordinateBlocks, suggestFor, type DatasetSuggestions, type SourceView } from '../../src-main/data/suggest';
import { readSourceView } from '../../src-main/data/suggest-source';

const dir = mkdtempSync(join(tmpdir(), 'semola-suggest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Imports a file and returns its record with the suggestions for it (or for a draft edit). */
async function suggest(path: string, options: Parameters<typeof importDataset>[1] = {}, draft?: Parameters<typeof suggestFor>[2]) {
  const { record } = await importDataset(path, options);
  const withPath: DatasetRecord = { ...record, options: { ...record.options, path } };
  return { record: withPath, s: suggestFor(withPath, await readSourceView(withPath), draft) };
}

const pick = (s: DatasetSuggestions, field: string) => s.suggestions.filter((x) => x.field === field).map((x) => x.value);

/** 3 points (x1..z3), an energy that depends on them, a class column 0..2, a constant column. */
function pointsTable(rows: number): string {
  const lines = ['x1,y1,z1,x2,y2,z2,x3,y3,z3,phase,energy,label'];
  for (let r = 0; r < rows; r++) {
    const p = Array.from({ length: 9 }, (_, k) => Math.sin(r * 1.3 + k * 0.7).toFixed(4));
    const e = p.reduce((s, v) => s + Number(v) ** 2, 0).toFixed(4);
    lines.push([...p, '1', e, String(r % 3)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('column kinds and coordinate groups', () => {
  it('tells constant, class-like and numeric columns apart', () => {
    expect(columnStats([2, 2, 2, 2]).kind).toBe('constant');
    expect(columnStats([0, 1, 2, 0, 1, 2]).kind).toBe('integer');
    expect(columnStats([0, 1, 2, 0, 1, 2.5]).kind).toBe('numeric');
    // Whole numbers, but nearly one value per row: a count, not a class label.
    expect(columnStats([1, 2, 3, 4, 5, 6]).kind).toBe('numeric');
  });

  it('reads x1,y1,z1 / p1x / pos[x] as coordinates of points and finds the block size', () => {
    expect(axisOf('x1')).toEqual({ key: '1', axis: 'x' });
    expect(axisOf('p2y')).toEqual({ key: 'p2', axis: 'y' });
    expect(axisOf('pos[z]')).toEqual({ key: 'pos', axis: 'z' });
    expect(axisOf('energy')).toBeNull();
    expect(coordinateBlocks(['x1', 'y1', 'z1', 'x2', 'y2', 'z2'])).toBe(3);
    expect(coordinateBlocks(['x1', 'y1', 'x2', 'y2'])).toBe(2);
    expect(coordinateBlocks(['x1', 'y1', 'z2', 'x2', 'y2', 'z1'])).toBeNull();
    expect(coordinateBlocks(['a', 'b', 'c'])).toBeNull();
  });
});

describe('tables', () => {
  it('suggests points:3-style blocks, the class column, dropping the constant column, and classification', async () => {
    const path = write('points.csv', pointsTable(60));
    const { s } = await suggest(path, { targets: 'energy' });
    expect(s.editable).toEqual(['inputs', 'targets', 'layout', 'task', 'targetKind', 'groupBy']);
    const kinds = Object.fromEntries(s.properties.map((p) => [p.name, p.kind]));
    expect(kinds).toMatchObject({ x1: 'numeric', phase: 'constant', label: 'integer', energy: 'numeric' });
    expect(s.properties.find((p) => p.name === 'energy')?.role).toBe('target');
    expect(s.properties.find((p) => p.name === 'label')?.role).toBe('input');
    // The class column and the column beside the coordinate groups are both target candidates.
    expect(pick(s, 'targets')).toEqual(expect.arrayContaining(['label', 'energy']));
    expect(s.suggestions.find((x) => x.field === 'targets' && x.value === 'label')?.reason).toMatch(/3 distinct whole numbers/);
    // Inputs without the constant column (and without the target).
    const inputs = s.suggestions.find((x) => x.field === 'inputs');
    expect(inputs?.value).toBe('x1,y1,z1,x2,y2,z2,x3,y3,z3,label');
    expect(inputs?.reason).toMatch(/phase holds 1 in every row/);
    // With label among the inputs the names are not pure points: the whole row.
    expect(pick(s, 'layout')).toEqual(['vector']);
    expect(pick(s, 'task')).toEqual(['invariant']);
    expect(s.equivariant.possible).toBe(false);
    expect(pick(s, 'targetKind')).toEqual(['regression']);
  });

  it('with a draft of coordinate inputs and the class target: vector:3 and classification', async () => {
    const path = write('points2.csv', pointsTable(60));
    const { s } = await suggest(path, { targets: 'energy' }, { inputs: 'x1,y1,z1,x2,y2,z2,x3,y3,z3', targets: 'label' });
    expect(s.current).toMatchObject({ inputs: 'x1,y1,z1,x2,y2,z2,x3,y3,z3', targets: 'label' });
    expect(pick(s, 'layout')).toEqual(['vector:3']);
    expect(s.suggestions.find((x) => x.field === 'layout')?.reason).toMatch(/3 3-D points/);
    expect(pick(s, 'targetKind')).toEqual(['classification']);
    expect(s.properties.find((p) => p.name === 'phase')?.role).toBe('unused');
  });

  it('pairs of columns give vector:2, and targets that are points like the inputs give equivariant', async () => {
    const lines = ['x1,y1,x2,y2,x1n,y1n,x2n,y2n'];
    for (let r = 0; r < 20; r++) {
      const v = Array.from({ length: 4 }, (_, k) => Math.cos(r + k).toFixed(3));
      lines.push([...v, ...v.map((x) => (Number(x) * 0.9).toFixed(3))].join(','));
    }
    const path = write('pairs.csv', `${lines.join('\n')}\n`);
    const { s } = await suggest(path, { inputs: 'x1,y1,x2,y2', targets: 'x1n,y1n,x2n,y2n', task: 'equivariant', layout: 'vector:2' });
    expect(pick(s, 'layout')).toEqual(['vector:2']);
    expect(s.equivariant.possible).toBe(true);
    expect(pick(s, 'task')).toEqual(['equivariant']);
    // Three targets are not whole blocks of two: equivariance impossible, and said why.
    const odd = suggestFor({ ...(await suggest(path)).record }, await readSourceView((await suggest(path)).record), { inputs: 'x1,y1,x2,y2', targets: 'x1n,y1n,x2n' });
    expect(odd.equivariant).toEqual({ possible: false, reason: expect.stringMatching(/3 target\(s\) are not blocks of the inputs' 2 features/) });
  });

  it('an unknown column in a draft is an error naming it and the columns there are', async () => {
    const { record } = await suggest(write('small.csv', 'a,b\n1,2\n3,4\n'));
    const view = await readSourceView(record);
    expect(() => suggestFor(record, view, { targets: 'nope' })).toThrow(/targets "nope": no column named "nope". Available: 0:a, 1:b/);
  });
});

describe('a group column', () => {
  /** 30 trajectories of 4 rows: traj_id, a point (x, y) and an energy. */
  const trajTable = (): string => {
    const lines = ['traj_id,x,y,e'];
    for (let r = 0; r < 120; r++) lines.push([Math.floor(r / 4), Math.cos(r).toFixed(3), Math.sin(r * 0.7).toFixed(3), (r % 7) * 0.1].join(','));
    return `${lines.join('\n')}\n`;
  };

  it('suggests an id-like column of repeating whole numbers as the group column; once chosen it is neither input nor target', async () => {
    const path = write('traj.csv', trajTable());
    const { record, s } = await suggest(path);
    expect(s.editable).toContain('groupBy');
    expect(pick(s, 'groupBy')).toEqual(['traj_id']);
    expect(s.suggestions.find((x) => x.field === 'groupBy')?.reason).toMatch(/^traj_id names a group \(trajectory, molecule\) that several rows share: hold out whole groups/);
    // Not chosen yet: the id is an input, as the importer reads the table.
    expect(s.properties.find((p) => p.name === 'traj_id')?.role).toBe('input');
    const chosen = suggestFor(record, await readSourceView(record), { groupBy: 'traj_id' });
    expect(chosen.properties.map((p) => [p.name, p.role])).toEqual([['traj_id', 'group'], ['x', 'input'], ['y', 'input'], ['e', 'target']]);
    expect(pick(chosen, 'groupBy')).toEqual([]);
    // A column of distinct numbers, or one not named like an id, is not suggested.
    const { s: other } = await suggest(write('ids.csv', 'id,x,e\n1,0.1,1\n2,0.2,2\n3,0.3,3\n4,0.4,4\n'));
    expect(pick(other, 'groupBy')).toEqual([]);
  });

  it('an edit sets and clears the group column; the import then holds out by it', async () => {
    const path = write('traj2.csv', trajTable());
    const { record } = await suggest(path, { testFraction: 0.25 });
    const o = editedImportOptions(record, { groupBy: 'traj_id' });
    expect(o).toMatchObject({ groupBy: 'traj_id', testFraction: 0.25 });
    const { record: after, dataset } = await importDataset(path, o);
    expect(dataset.inputNames).toEqual(['x', 'y']);
    expect(after.split).toMatchObject({ rule: expect.stringMatching(/^test: by "traj_id" group/) });
    expect(changedKeys(record, after)).toEqual(['groupBy']);
    const { record: cleared } = await importDataset(path, editedImportOptions({ ...after, options: { ...after.options, path } }, { groupBy: '' }));
    expect(cleared.options.groupBy).toBeUndefined();
    expect(cleared.inputNames).toEqual(['traj_id', 'x', 'y']);
  });
});

describe('molecules and trajectories', () => {
  const frame = (e: number, f: number, shift: number) =>
    `3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=${e} charge=0 energy_unit=eV\n` +
    `O ${shift} 0 0 ${f} 0 0\nH 0.96 ${shift} 0 0 ${f} 0\nH -0.24 0.93 ${shift} 0 0 ${f}\n`;

  it('extended XYZ: per-frame keys with units, per-atom forces as an equivariant target, points layouts', async () => {
    const path = write('water.extxyz', [0, 1, 2, 3, 4, 5].map((i) => frame(-10 - i * 0.1, 0.1 * i, i * 0.01)).join(''));
    const { s } = await suggest(path);
    // Six frames of the same atoms: next-frame prediction (n-in / n-out) is offered too.
    expect(s.editable).toEqual(['targets', 'layout', 'stride', 'nIn', 'nOut']);
    const byName = Object.fromEntries(s.properties.map((p) => [p.name, p]));
    expect(byName.energy).toMatchObject({ scope: 'frame', kind: 'numeric', unit: 'eV', role: 'target', samples: [-10, -10.1, -10.2] });
    expect(byName.charge).toMatchObject({ kind: 'constant', role: 'unused' });
    expect(byName.forces).toMatchObject({ scope: 'atom', kind: 'per-atom', width: 3 });
    expect(pick(s, 'targets')).toEqual(['energy', 'forces']);
    expect(pick(s, 'layout')).toEqual(['points:3', 'points:4', 'vector']);
    expect(s.equivariant.possible).toBe(false);
    const forces = suggestFor((await suggest(path)).record, await readSourceView((await suggest(path)).record), { targets: 'forces' });
    expect(pick(forces, 'layout')).toEqual(['vector']);
    expect(forces.equivariant.possible).toBe(true);
  });

  it('plain XYZ: the numbers of the comment line by position', async () => {
    const path = write('plain.xyz', '2\n-1.5 0.25\nH 0 0 0\nH 0 0 0.74\n2\n-1.4 0.3\nH 0 0 0\nH 0 0 0.75\n');
    const { s } = await suggest(path, { targets: 'energy' });
    expect(s.properties.map((p) => [p.name, p.role])).toEqual([
      ['energy', 'target'],
      ['value 2', 'unused'],
    ]);
  });

  it('trajectories: next-frame settings, per-frame arrays as targets, stride for long runs', () => {
    const record = { name: 't.npz', format: 'trajectory-npz', sourceFiles: ['t.npz'], sampleCount: 0, contentHash: 'h', layout: { kind: 'vector', d: 3, blocks: 6 }, inputNames: [], targets: [], task: 'equivariant', targetKind: 'regression', split: { kind: 'seeded', seed: 0, fractions: { train: 0.72, validation: 0.08, test: 0.2 } }, options: { stride: 1, nIn: 1, nOut: 1 }, notes: ['n'] } as DatasetRecord;
    const long: SourceView = { kind: 'trajectory', frames: 50_000, atoms: 3, perFrame: [{ name: 'energy', width: 1, unit: null, values: Array.from({ length: 50 }, (_, i) => i * 0.1) }] };
    const s = suggestFor(record, long);
    expect(s.editable).toEqual(['targets', 'layout', 'stride', 'nIn', 'nOut']);
    expect(pick(s, 'stride')).toEqual([5]);
    expect(s.suggestions.find((x) => x.field === 'stride')?.reason).toMatch(/every 5-th frame keeps about 10000/);
    expect(pick(s, 'nIn')).toEqual([1, 3]);
    expect(pick(s, 'targets')).toEqual(['energy']);
    expect(s.equivariant.possible).toBe(true);
    const short = suggestFor(record, { kind: 'trajectory', frames: 8, atoms: 3, perFrame: [] });
    expect(pick(short, 'stride')).toEqual([]);
    expect(pick(short, 'nIn')).toEqual([1]);
    const perFrame = suggestFor(record, long, { targets: 'energy' });
    expect(perFrame.equivariant.possible).toBe(false);
    expect(pick(perFrame, 'layout')).toEqual(['points:3']);
  });
});

describe('edited import options', () => {
  it("keep the record's split and format, replace the edited keys, and '' restores a default", async () => {
    const { record } = await suggest(write('split.csv', pointsTable(20)), { targets: 'energy', seed: 7, testFraction: 0.3 });
    const o = editedImportOptions(record, { targets: 'label', targetKind: 'classification', layout: '' });
    expect(o).toMatchObject({ format: 'csv', seed: 7, testFraction: 0.3, targets: 'label', targetKind: 'classification' });
    expect(o.layout).toBeUndefined();
    const { record: after } = await importDataset(record.sourceFiles[0]!, { ...o, inputs: 'x1,y1,z1,x2,y2,z2,x3,y3,z3' });
    expect(after.sampleCount).toBe(20);
    expect(after.notes.join(' ')).toMatch(/seed 7\): 6 test samples/);
    expect(changedKeys(record, after)).toEqual(['inputs', 'targets', 'targetKind']);
    expect(editedName('split.csv', ['targets'])).toBe('split.csv (edited: targets)');
    expect(editedName('split.csv (edited: targets)', ['layout'])).toBe('split.csv (edited: layout)');
  });
  it('turn the frames of an extended XYZ file into next-frame pairs when targets are cleared and n-in is set', async () => {
    const frame = (z: number) => `2\nProperties=species:S:1:pos:R:3 energy=${-z} pbc="F F F"\nH 0 0 ${z}\nH 0 0 ${0.74 + z}\n`;
    const { record } = await suggest(write('h2.extxyz', [0, 0.1, 0.2, 0.3, 0.4].map(frame).join('')), { testFraction: 0 });
    expect(record.format).toBe('extxyz');
    const o = editedImportOptions(record, { targets: '', nIn: 2, nOut: 1 });
    expect(o).toMatchObject({ format: 'trajectory-xyz', nIn: 2, nOut: 1 });
    expect(o.targets).toBeUndefined();
    const { record: after, dataset } = await importDataset(record.sourceFiles[0]!, o);
    expect(after.format).toBe('trajectory-xyz');
    expect(after.task).toBe('equivariant');
    expect(dataset.train.n).toBe(3);
    // Cleared targets alone fall back to the importer's default (energy): the same dataset.
    expect(editedImportOptions(record, { targets: '' }).format).toBe('extxyz');
  });
});
