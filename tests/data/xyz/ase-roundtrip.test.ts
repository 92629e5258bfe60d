/**
 * The extended XYZ reader against ASE itself: files written by ASE (molecules with SMILES and
 * other string info, a trajectory with energy / forces / momenta / stress, periodic cells,
 * per-atom string, integer and logical columns) must read to exactly what ASE reads back, and
 * comment lines with ASE's quirks must split and type as ASE's key_val_str_to_dict does, or be
 * refused where ASE refuses them. Skipped, with the reason, where no python has ASE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtxyzSyntaxError, parseKeyValues } from '../../../src-main/data/xyz/extxyz-comment';
import { parseXyz } from '../../../src-main/data/xyz/xyz';
import { aseFixtures, dumped, findAsePython, type AseExpected } from '../ase/ase-python';

const found = findAsePython();
if ('reason' in found) console.warn(`ASE round-trip tests skipped: ${found.reason}`);

/** Deep equality with numbers compared to 1e-15 relative (int64 values beyond 2^53 round in JS). */
function expectSame(ours: unknown, ase: unknown, where: string): void {
  if (typeof ase === 'number' && typeof ours === 'number') {
    expect(Math.abs(ours - ase), `${where}: ${ours} vs ${ase}`).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(ase)));
  } else if (Array.isArray(ase)) {
    expect(Array.isArray(ours), `${where}: ${JSON.stringify(ours)} is not a list`).toBe(true);
    const o = ours as unknown[];
    expect(o.length, `${where}: length`).toBe(ase.length);
    ase.forEach((x, i) => expectSame(o[i], x, `${where}[${i}]`));
  } else if (ase !== null && typeof ase === 'object') {
    // ASE's _JSON objects: kept here as their JSON text.
    expect(typeof ours, `${where}: an object kept as JSON text`).toBe('string');
    expect(JSON.parse(ours as string), where).toEqual(ase);
  } else {
    expect(ours, where).toEqual(ase);
  }
}

describe.skipIf('reason' in found)('extended XYZ read as ASE reads it', () => {
  let fx: AseExpected;
  beforeAll(() => {
    fx = aseFixtures((found as { python: string }).python);
  });

  it('splits and types comment lines as ASE does, and refuses what ASE refuses', () => {
    expect(fx.lines.length).toBeGreaterThan(20);
    for (const [line, expected] of fx.lines) {
      if ('error' in expected && Object.keys(expected).length === 1) {
        expect(() => parseKeyValues(line), `${line} (ASE: ${String(expected.error)})`).toThrow(ExtxyzSyntaxError);
        continue;
      }
      const ours = Object.fromEntries(parseKeyValues(line).map((p) => [p.key, dumped(p.value)]));
      expect(Object.keys(ours), line).toEqual(Object.keys(expected));
      for (const k of Object.keys(expected)) expectSame(ours[k], expected[k], `${line} -> ${k}`);
    }
  });

  it('reads every frame, array and value of files ASE wrote as ASE reads them back', () => {
    const names = Object.keys(fx.files);
    expect(names).toEqual(['molecules-smiles.extxyz', 'trajectory-forces.extxyz', 'periodic.extxyz', 'per-atom.extxyz']);
    for (const name of names) {
      const file = parseXyz(new Uint8Array(readFileSync(join(fx.dir, name))), name);
      const frames = fx.files[name]!;
      expect(file.frames.length, name).toBe(frames.length);
      frames.forEach((ase, t) => {
        const f = file.frames[t]!;
        const where = `${name} frame ${t}`;
        expect(f.species, where).toEqual(ase.symbols);
        expect(Array.from(f.positions), where).toEqual(ase.positions);
        expect(f.lattice ?? [0, 0, 0, 0, 0, 0, 0, 0, 0], where).toEqual(ase.cell);
        expect(f.pbc ?? [false, false, false], where).toEqual(ase.pbc);
        // ASE 3.22 keeps energy and stress in info as well as in the calculator's results.
        expect(Object.keys(f.info).sort(), where).toEqual(Object.keys(ase.info).sort());
        for (const [k, v] of Object.entries(ase.info)) expectSame(dumped(f.info[k]), v, `${where} info.${k}`);
        // Per-atom columns: ASE puts forces into the calculator's results, the rest into arrays.
        const aseArrays: Record<string, unknown[]> = Object.fromEntries(Object.entries(ase.arrays).map(([k, a]) => [k, a.values]));
        if (ase.results.forces !== undefined) aseArrays.forces = ase.results.forces as unknown[];
        expect(Object.keys(f.arrays).sort(), where).toEqual(Object.keys(aseArrays).sort());
        for (const [k, a] of Object.entries(f.arrays)) {
          const values = a.type === 'L' ? Array.from(a.values as Float64Array, (x) => x === 1) : Array.from(a.values as ArrayLike<unknown>);
          expect(values, `${where} ${k}`).toEqual(aseArrays[k]);
        }
        if (ase.results.energy !== undefined) expect(f.info.energy, where).toBe(ase.results.energy);
      });
    }
    // The cases the issue names are in the files.
    const smiles = parseXyz(new Uint8Array(readFileSync(join(fx.dir, 'molecules-smiles.extxyz'))), 'm').frames.map((f) => f.info.smiles);
    expect([...new Set(smiles)]).toEqual(['C=C', 'CCO', 'O', 'O=C=O', 'N', 'C']);
  });
});
