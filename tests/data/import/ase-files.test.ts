/**
 * Importing files as scientists have them, written by ASE and NumPy outside this project
 * (tests/fixtures/ase_fixtures.py): a molecule set with SMILES, a trajectory with energy and
 * forces, periodic cells, an MD .npz with constant members, and a (trajectories, T, 8) state
 * array. Every value checked against what ASE / NumPy read back. Skipped, with the reason, where
 * no python has ASE.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../src-main/data/import';
import { seededSplit } from '../../../src-main/data/split';
import { readSourceView } from '../../../src-main/data/suggest-source';
import { suggestFor } from '../../../src-main/data/suggest';
import { aseFixtures, findAsePython, type AseExpected } from '../ase/ase-python';

const found = findAsePython();
if ('reason' in found) console.warn(`ASE import tests skipped: ${found.reason}`);

const f32 = (xs: number[]): number[] => Array.from(new Float32Array(xs));

describe.skipIf('reason' in found)('files written by ASE and NumPy', () => {
  let fx: AseExpected;
  const at = (name: string): string => join(fx.dir, name);
  beforeAll(() => {
    fx = aseFixtures((found as { python: string }).python);
  });

  it('imports a molecule set with SMILES: groups by molecule, ASE units, nothing guessed', async () => {
    const { dataset, record } = await importDataset(at('molecules-smiles.extxyz'), { targets: 'energy_ref', testFraction: 0 });
    expect(record.format).toBe('extxyz');
    expect(record.sampleCount).toBe(24);
    expect(record.units).toEqual({ source: 'ASE convention', positions: 'Angstrom' });
    // energy_ref is no name ASE gives a unit: unknown, not guessed.
    expect(record.targets).toEqual([{ name: 'energy_ref', unit: null }]);
    expect(Array.from(dataset.train.targets)).toEqual(f32(fx.files['molecules-smiles.extxyz']!.map((f) => f.info.energy_ref as number)));
    // Four conformers of each of six molecules: one group per molecule.
    expect(Array.from(dataset.train.groups!)).toEqual(Array.from({ length: 24 }, (_, i) => Math.floor(i / 4)));
    expect(record.notes.some((n) => n.startsWith('Groups: frames with the same mol_id are one molecule (6 groups)'))).toBe(true);
    expect(dataset.targetGradient).toBeUndefined();
  });

  it('pairs an energy with its forces: the gradient is -forces, in eV/Angstrom', async () => {
    const { dataset, record } = await importDataset(at('trajectory-forces.extxyz'));
    expect(record.targets).toEqual([{ name: 'energy', unit: 'eV' }]);
    expect(record.targetGradient).toEqual({ target: 'energy', source: '-forces', unit: 'eV/Angstrom' });
    const split = seededSplit(6, 0, 0.2);
    const frames = fx.files['trajectory-forces.extxyz']!;
    for (const [set, idx] of [[dataset.train, split.train], [dataset.test!, split.test]] as const) {
      expect(set.targetGradient!.length).toBe(set.n * 5 * 3);
      idx.forEach((frame, r) => {
        const forces = frames[frame]!.results.forces as number[];
        expect(Array.from(set.targetGradient!.subarray(r * 15, (r + 1) * 15))).toEqual(f32(forces.map((x) => -x)));
        expect(set.targets[r]).toBe(Math.fround(frames[frame]!.results.energy as number));
      });
    }
    // Time and temperature vary too, but are never offered as invariant targets of positions.
    const s = suggestFor(record, await readSourceView(record));
    const offered = s.suggestions.filter((x) => x.field === 'targets').map((x) => x.value);
    expect(offered).toContain('energy');
    expect(offered).not.toContain('time_fs');
    expect(offered).not.toContain('temperature');
    expect(s.properties.find((p) => p.name === 'time_fs')?.unit).toBe('fs');
  });

  it('keeps periodic cells and pbc in the record and says periodic images are not used yet', async () => {
    const { record } = await importDataset(at('periodic.extxyz'), { targets: 'e_coh', testFraction: 0 });
    const cu = fx.files['periodic.extxyz']![0]!;
    expect(record.cell).toEqual({ lattice: cu.cell, pbc: [true, true, false], sameInEveryFrame: false });
    expect(record.notes.some((n) => n.includes('periodic images are not used yet'))).toBe(true);
  });

  it('reads an MD .npz with constant members: metadata, species from symbols, notes per member', async () => {
    const md = fx.arrays['md.npz']!;
    const { dataset, record } = await importDataset(at('md.npz'));
    expect(record.format).toBe('trajectory-npz');
    expect(record.species).toEqual(['H', 'C']);
    expect(record.metadata).toMatchObject({ masses: md.masses!.values, symbols: md.symbols!.values, dt: 0.5, cell: md.cell!.values });
    expect(record.cell).toEqual({ lattice: md.cell!.values, pbc: [true, true, true], sameInEveryFrame: true });
    for (const name of Object.keys(md)) expect(record.notes.some((n) => n.startsWith(`${name} (`)), name).toBe(true);
    expect(record.notes).toContain('masses (5,): per atom, constant: kept as metadata.');
    expect(dataset.train.n + dataset.test!.n).toBe(39);
    // Per-frame energy with the forces as its gradient, values as NumPy holds them.
    const e = await importDataset(at('md.npz'), { targets: 'energy', testFraction: 0 });
    expect(e.record.targetGradient).toEqual({ target: 'energy', source: '-forces', unit: null });
    expect(Array.from(e.dataset.train.targets)).toEqual(f32(md.energy!.values as number[]));
    expect(Array.from(e.dataset.train.targetGradient!.subarray(0, 30))).toEqual(f32((md.forces!.values as number[]).slice(0, 30).map((x) => -x)));
    const s = suggestFor(e.record, await readSourceView(e.record));
    const offered = s.suggestions.filter((x) => x.field === 'targets').map((x) => x.value);
    // time, temperature and step vary over the trajectory too; they are never offered.
    expect(offered.sort()).toEqual(['energy', 'forces']);
  });

  it('turns a (trajectories, T, 8) state array into next-frame pairs, held out by time block', async () => {
    const st = fx.arrays['states.npy']!['']!;
    expect(st.shape).toEqual([3, 30, 8]);
    const values = st.values as number[];
    const { dataset, record } = await importDataset(at('states.npy'), { layout: 'vector:2' });
    expect(record.layout).toEqual({ kind: 'vector', d: 2, blocks: 4 });
    expect(record.options.axes).toBe('runs,frames,features');
    expect(dataset.train.n + dataset.test!.n).toBe(3 * 29);
    // Each window found by its input frame: its target is the next frame, and its group a stretch of one run.
    const where = new Map<string, [number, number]>();
    for (let run = 0; run < 3; run++) for (let start = 0; start < 29; start++) where.set(f32(values.slice((run * 30 + start) * 8, (run * 30 + start + 1) * 8)).join(), [run, start]);
    const sides = [dataset.train, dataset.test!].map((set) =>
      Array.from({ length: set.n }, (_, r) => {
        const [run, start] = where.get(Array.from(set.inputs.subarray(r * 8, r * 8 + 8)).join())!;
        const base = (run * 30 + start) * 8;
        expect(Array.from(set.targets.subarray(r * 8, r * 8 + 8))).toEqual(f32(values.slice(base + 8, base + 16)));
        return { run, start, group: set.groups![r]! };
      }),
    );
    const all = sides.flat();
    // Three runs are too few to hold out whole: each is cut into blocks of consecutive windows (2 here).
    for (const a of all) for (const b of all) if (a.group === b.group) expect([b.run, Math.floor(b.start / 2)]).toEqual([a.run, Math.floor(a.start / 2)]);
    const trainGroups = new Set(sides[0]!.map((w) => w.group));
    expect(sides[1]!.length).toBeGreaterThan(0);
    expect(sides[1]!.some((w) => trainGroups.has(w.group))).toBe(false);
    expect(record.split).toMatchObject({ kind: 'seeded', rule: expect.stringMatching(/^test: by time block \(\d+ of 45 groups held out whole/) });
    expect(dataset.groupUnit).toBe('time block');
    // The other axis order, as asked: 3 frames of 30 bodies of 8 values.
    const other = await importDataset(at('states.npy'), { axes: 'frames,bodies,features', testFraction: 0 });
    expect(other.record.layout).toEqual({ kind: 'vector', d: 8, blocks: 30 });
    expect(other.dataset.train.n).toBe(2);
    expect(Array.from(other.dataset.train.groups!)).toEqual([0, 0]);
    await expect(importDataset(at('states.npy'), { layout: 'vector:3' })).rejects.toThrow("--layout vector:3: next-frame prediction takes vector or vector:k with k dividing a frame's 8 values (default vector:8)");
  });
});
