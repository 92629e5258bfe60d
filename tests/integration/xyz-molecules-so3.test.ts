/**
 * End to end from a file: a few molecules under random rigid rotations and translations, with a
 * rotation-invariant energy, written as extended XYZ the way ASE writes it, imported through
 * importDataset (points:3, padded molecules of different sizes, seeded test split), trained with
 * the point-cloud model and k = 3. SEMoLA must find a 3-generator algebra whose span is so(3).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coulombEnergy, euclideanAlgebra, randomRotation } from '../../src-main/data/builtin/molecules';
import { importDataset, type ImportedDataset } from '../../src-main/data/import';
import { Rng } from '../../src-main/data/random';
import { selectBackend } from '../../src-main/engine/backend';
import { resolveConfig } from '../../src-main/engine/config';
import { compareWithReference } from '../../src-main/engine/evaluation/evaluate';
import { Trainer } from '../../src-main/engine/training/trainer';

const ELEMENTS = ['H', 'C', 'N'];
const f = (v: number): string => v.toFixed(8).padStart(16);

/** `samples` frames: one of `molecules` random molecules (5-8 atoms), rotated, translated, with its energy. */
function writeFrames(samples: number, molecules: number, seed: number): string {
  const rng = new Rng(seed);
  const mols = Array.from({ length: molecules }, () => {
    const atoms = 5 + rng.int(4);
    return { species: Array.from({ length: atoms }, () => rng.int(3)), positions: Array.from({ length: atoms }, () => [rng.normal(), rng.normal(), rng.normal()]) };
  });
  const parts: string[] = [];
  for (let i = 0; i < samples; i++) {
    const m = mols[rng.int(molecules)]!;
    const rot = randomRotation(rng);
    const shift = [rng.normal(), rng.normal(), rng.normal()];
    const pts = m.positions.map((q) => q.map((v) => v + 0.05 * rng.normal()));
    const energy = coulombEnergy(m.species, pts);
    parts.push(`${pts.length}\nProperties=species:S:1:pos:R:3 energy=${energy.toFixed(8)} pbc="F F F"\n`);
    for (let a = 0; a < pts.length; a++) {
      const q = pts[a]!;
      const p = [0, 1, 2].map((c) => rot[c]![0]! * q[0]! + rot[c]![1]! * q[1]! + rot[c]![2]! * q[2]! + shift[c]!);
      parts.push(`${ELEMENTS[m.species[a]!]!.padEnd(2)} ${f(p[0]!)}${f(p[1]!)}${f(p[2]!)}\n`);
    }
  }
  return parts.join('');
}

describe('extended XYZ molecules -> importDataset -> SEMoLA, points:3, k = 3', () => {
  let dir = '';
  let imported: ImportedDataset;
  beforeAll(async () => {
    await selectBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'semola-xyz-so3-'));
    const file = join(dir, 'rigid.extxyz');
    await writeFile(file, writeFrames(2500, 4, 3));
    imported = await importDataset(file, { targets: 'energy', layout: 'points:3', seed: 0 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports padded point clouds with species apart and a seeded 20% test split in whole blocks', () => {
    const { dataset, record } = imported;
    expect(record.format).toBe('extxyz');
    expect(record.sampleCount).toBe(2500);
    expect(dataset.layout.kind).toBe('points');
    // Four molecules are too few to hold out whole: blocks of 50 consecutive frames of one molecule, about 20 %.
    expect(dataset.train.n + dataset.test!.n).toBe(2500);
    expect(dataset.test!.n).toBeGreaterThan(450);
    expect(dataset.test!.n).toBeLessThan(550);
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by time block /) });
    expect(record.species).toEqual(['H', 'C', 'N']);
    // Written in ASE's layout, so its energy carries ASE's unit.
    expect(record.targets).toEqual([{ name: 'energy', unit: 'eV' }]);
  });

  it('learns an algebra spanning so(3)', async () => {
    const ds = imported.dataset;
    const seed = 0;
    const trainer = new Trainer(ds, resolveConfig({ k: 3, seed, epochs: 8, model: { kind: 'pointcloud', hidden: [64, 64] } }));
    try {
      await trainer.train();
      const basis = trainer.augmenter!.basisArray();
      const ref = compareWithReference(basis, euclideanAlgebra(3), ds, ds.test!, seed);
      console.log(`xyz molecules: so(3) subspace similarity ${ref.subspace.toFixed(3)}, action ${ref.action!.toFixed(3)}`);
      expect(basis).toHaveLength(3);
      expect(ref.subspace).toBeGreaterThanOrEqual(0.9);
    } finally {
      trainer.dispose();
    }
  });
});
