/**
 * Imported data split by correlation group: trajectory windows by contiguous time blocks, molecules
 * by molecule (conformers together), a single MD trajectory's frames by blocks of frames.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../src-main/data/import';
import { Rng } from '../../../src-main/data/random';
import { npyFile } from '../npy-bytes';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semola-groups-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function disjoint(a: Int32Array | undefined, b: Int32Array | undefined): void {
  const inA = new Set(a);
  for (const g of b ?? []) expect(inA.has(g)).toBe(false);
}

/** Frame t of atom a: x = t (so a window's first input x names its start frame). */
function trajectoryNpy(frames: number, atoms: number): Uint8Array {
  const data = new Float64Array(frames * atoms * 3);
  for (let t = 0; t < frames; t++) for (let a = 0; a < atoms; a++) data.set([t, a, 0.1 * a], (t * atoms + a) * 3);
  return npyFile('<f8', [frames, atoms, 3], data);
}

describe('grouped test splits of imports', () => {
  it('holds out contiguous time blocks of trajectory windows, near the fraction, by seed', async () => {
    const path = join(dir, 'traj.npy');
    await writeFile(path, trajectoryNpy(501, 2));
    for (const seed of [0, 1, 2]) {
      const { dataset, record } = await importDataset(path, { seed, testFraction: 0.2 });
      expect(dataset.groupUnit).toBe('time block');
      disjoint(dataset.train.groups, dataset.test!.groups);
      expect(Math.abs(dataset.test!.n - 100)).toBeLessThanOrEqual(5);
      // A block is a stretch of time: the start frames of a held-out block are consecutive.
      const starts = (set: typeof dataset.train) => Array.from({ length: set.n }, (_, r) => set.inputs[r * 6]!);
      const byBlock = new Map<number, number[]>();
      starts(dataset.test!).forEach((t, r) => byBlock.set(dataset.test!.groups![r]!, [...(byBlock.get(dataset.test!.groups![r]!) ?? []), t]));
      for (const ts of byBlock.values()) expect(ts[ts.length - 1]! - ts[0]!).toBe(ts.length - 1);
      expect(record.split).toMatchObject({ kind: 'seeded', seed, rule: expect.stringMatching(/^test: by time block \(\d+ of 50 groups held out whole/) });
      expect(record.notes.join(' ')).toContain('Validation (cut from train by the trainer): by time block');
      const again = await importDataset(path, { seed, testFraction: 0.2 });
      expect(Array.from(again.dataset.test!.inputs)).toEqual(Array.from(dataset.test!.inputs));
    }
  });

  it('keeps the conformers of a molecule together in an extended XYZ of many molecules', async () => {
    const rng = new Rng(4);
    const symbols = ['C', 'N', 'O', 'H'];
    let text = '';
    const molOf: string[] = [];
    for (let m = 0; m < 30; m++) {
      const atoms = Array.from({ length: 3 + (m % 4) }, (_, a) => symbols[(m + a * (m % 3 + 1)) % 4]!);
      // A distinct species sequence per molecule: a trailing count of H atoms varies with m.
      for (let k = 0; k <= Math.floor(m / 4); k++) atoms.push('H');
      for (let c = 0; c < 4; c++) {
        text += `${atoms.length}\nenergy=${rng.normal().toFixed(4)} mol=${m}\n`;
        atoms.forEach((s, a) => (text += `${s} ${(a + rng.normal() * 0.05).toFixed(4)} ${(rng.normal() * 0.05).toFixed(4)} 0.0\n`));
        molOf.push(atoms.join(''));
      }
    }
    const path = join(dir, 'conformers.extxyz');
    await writeFile(path, text);
    const distinct = new Set(molOf).size;
    expect(distinct).toBeGreaterThanOrEqual(20);
    const { dataset, record } = await importDataset(path, { seed: 1, testFraction: 0.2 });
    expect(dataset.groupUnit).toBe('molecule');
    disjoint(dataset.train.groups, dataset.test!.groups);
    expect(record.notes.join(' ')).toContain(`Correlation groups: ${distinct} molecules (the same atoms in the same order)`);
    expect(Math.abs(dataset.test!.n - 24)).toBeLessThanOrEqual(4);
  });

  it('cuts a single MD trajectory (one molecule, many frames) into blocks of consecutive frames', async () => {
    let text = '';
    for (let t = 0; t < 200; t++) text += `2\nenergy=${(-1 + 0.001 * t).toFixed(4)}\nAr 0 0 ${(t * 0.01).toFixed(3)}\nAr 0 0 ${(3 + t * 0.01).toFixed(3)}\n`;
    const path = join(dir, 'md.extxyz');
    await writeFile(path, text);
    const { dataset } = await importDataset(path, { seed: 0, testFraction: 0.2 });
    expect(dataset.groupUnit).toBe('block of consecutive frames');
    disjoint(dataset.train.groups, dataset.test!.groups);
    // Blocks of 4 frames: every held-out frame's block is wholly held out.
    expect(dataset.test!.n % 4).toBe(0);
    expect(dataset.test!.n).toBe(40);
  });

  it('groups a folder of few molecules by file', async () => {
    const f = join(dir, 'confs');
    await mkdir(f);
    for (let i = 0; i < 25; i++) {
      let text = '';
      for (let c = 0; c < 3; c++) text += `2\n${(-1 - 0.01 * i - 0.001 * c).toFixed(4)}\nH 0 0 0\nH 0 0 ${(0.74 + 0.01 * c).toFixed(3)}\n`;
      await writeFile(join(f, `h2-${String(i).padStart(2, '0')}.xyz`), text);
    }
    const { dataset, record } = await importDataset(f, { targets: 'energy', seed: 2, testFraction: 0.2 });
    expect(dataset.groupUnit).toBe('file');
    disjoint(dataset.train.groups, dataset.test!.groups);
    expect(dataset.test!.n % 3).toBe(0);
    expect(record.split).toMatchObject({ rule: expect.stringMatching(/^test: by file/) });
  });
});
