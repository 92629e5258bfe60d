import { describe, expect, it } from 'vitest';
import { QM9_PROPERTIES, parseQm9, parseQm9Number } from '../../../src-main/data/qm9/qm9';
import { AMMONIA, HCN, METHANE, bytesOf, withLine } from './fixtures';

const F = 'dsgdb9nsd_000001.xyz';
const parse = (text: string) => parseQm9(bytesOf(text), F);

describe('QM9 properties', () => {
  it('lists the 15 scalars of line 2 in file order with units', () => {
    expect(QM9_PROPERTIES.map((p) => p.name)).toEqual([
      'A', 'B', 'C', 'mu', 'alpha', 'homo', 'lumo', 'gap', 'r2', 'zpve', 'U0', 'U', 'H', 'G', 'Cv',
    ]);
    expect(QM9_PROPERTIES.map((p) => p.unit)).toEqual([
      'GHz', 'GHz', 'GHz', 'D', 'Bohr^3', 'Hartree', 'Hartree', 'Hartree', 'Bohr^2', 'Hartree',
      'Hartree', 'Hartree', 'Hartree', 'Hartree', 'cal/(mol K)',
    ]);
    for (const p of QM9_PROPERTIES) expect(p.description.length).toBeGreaterThan(5);
  });
});

describe('QM9 numbers', () => {
  it('reads Mathematica exponents exactly as the E notation', () => {
    expect(parseQm9Number('1.2345*^-6')).toBe(1.2345e-6);
    expect(parseQm9Number(' -2.5*^3')).toBe(-2500);
    expect(parseQm9Number('+7*^+2')).toBe(700);
    expect(parseQm9Number('0.')).toBe(0);
    expect(parseQm9Number('6.02E23')).toBe(6.02e23);
  });

  it('refuses what the strict patterns refuse', () => {
    for (const t of ['', 'nan', 'inf', '-Infinity', '1.0D-03', '1.2*^', '*^3', '1.2*^-6x', '0x10', '1,5', '1e999', '1.2*^999']) {
      expect(parseQm9Number(t), t).toBeUndefined();
    }
  });
});

describe('parseQm9', () => {
  it('reads methane (dsgdb9nsd_000001) with trailing tabs and *^ exponents', () => {
    const m = parse(METHANE);
    expect(m.id).toBe(1);
    expect(m.atomCount).toBe(5);
    expect(m.species).toEqual(['C', 'H', 'H', 'H', 'H']);
    expect(m.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(m.positions)).toEqual([
      -0.0126981359, 1.0858041578, 0.0080009958,
      0.002150416, -0.0060313176, 1.9761204e-3,
      1.0117308433, 1.4637511618, 2.765748e-4,
      -0.540815069, 1.4475266138, -0.8766437152,
      -0.5238136345, 1.4379326443, 0.9063972942,
    ]);
    expect(Array.from(m.charges)).toEqual([-0.535689, 0.133921, 0.133922, 0.133923, 0.133923]);
    expect(m.properties).toEqual({
      A: 157.7118, B: 157.70997, C: 157.70699, mu: 0, alpha: 13.21, homo: -0.3877, lumo: 0.1171,
      gap: 0.5048, r2: 35.3641, zpve: 0.044749, U0: -40.47893, U: -40.476062, H: -40.475117,
      G: -40.498597, Cv: 6.469,
    });
    expect(m.frequencies).toEqual([1341.307, 1341.3284, 1341.365, 1562.6731, 1562.7453, 3038.3205, 3151.6034, 3151.6788, 3151.7078]);
    expect(m.smiles).toEqual(['C', 'C']);
    expect(m.inchi).toEqual(['InChI=1S/CH4/h1H4', 'InChI=1S/CH4/h1H4']);
  });

  it('reads ammonia (3n-6 frequencies) and linear HCN (3n-5)', () => {
    const nh3 = parseQm9(bytesOf(AMMONIA), 'dsgdb9nsd_000002.xyz');
    expect(nh3.species).toEqual(['N', 'H', 'H', 'H']);
    expect(nh3.frequencies).toHaveLength(6);
    const hcn = parseQm9(bytesOf(HCN), 'dsgdb9nsd_000005.xyz');
    expect(hcn.id).toBe(5);
    expect(hcn.properties.A).toBe(0);
    expect(hcn.frequencies).toHaveLength(4);
    expect(hcn.smiles).toEqual(['C#N', 'C#N']);
  });

  it('accepts CRLF line endings, no trailing tabs, no final newline and trailing blank lines', () => {
    const ref = parse(METHANE);
    expect(parse(METHANE.replace(/\n/g, '\r\n'))).toEqual(ref);
    expect(parse(METHANE.replace(/\t\n/g, '\n'))).toEqual(ref);
    expect(parse(METHANE.trimEnd())).toEqual(ref);
    expect(parse(`${METHANE}\n\n  \n`)).toEqual(ref);
    expect(parse(METHANE.replace('gdb 1\t', 'gdb\t1\t'))).toEqual(ref);
  });

  it('rejects an empty file', () => {
    expect(() => parse('')).toThrow(`${F}:1: expected the atom count, got an empty file`);
    expect(() => parse('\n \n\t\n')).toThrow(`${F}:1: expected the atom count, got an empty file`);
  });

  it('rejects binary data (NUL bytes) at its line and column', () => {
    const b = bytesOf(METHANE);
    b[METHANE.indexOf('H\t 1.0117')] = 0;
    expect(() => parseQm9(b, F)).toThrow(`${F}:5:1: expected text (an .xyz file), got a NUL byte`);
    expect(() => parseQm9(new Uint8Array([0x35, 0x0a, 0x67, 0x01]), F)).toThrow(`${F}:2:2: expected text (an .xyz file), got the control byte 0x01`);
    expect(() => parseQm9(new Uint8Array([0x35, 0x0a, 0xff, 0xfe]), F)).toThrow(`${F}:2:1: expected ASCII or UTF-8 text, got the byte 0xff`);
  });

  it('rejects a count line that is not a positive integer', () => {
    expect(() => parse(withLine(METHANE, 1, '5.0'))).toThrow(`${F}:1:1: expected the atom count (a positive integer), got "5.0"`);
    expect(() => parse(withLine(METHANE, 1, 'five'))).toThrow(`${F}:1:1: expected the atom count (a positive integer), got "five"`);
    expect(() => parse(withLine(METHANE, 1, '0'))).toThrow(`${F}:1:1: expected the atom count`);
    expect(() => parse(withLine(METHANE, 1, '5\t5'))).toThrow(`${F}:1:1: expected the atom count (a positive integer), got "5\\t5"`);
    expect(() => parse(withLine(METHANE, 1, ''))).toThrow(`${F}:1:1: expected the atom count (a positive integer), got an empty line`);
  });

  it('rejects a missing gdb tag or id', () => {
    expect(() => parse(withLine(METHANE, 2, METHANE.split('\n')[1]!.replace('gdb 1', 'gbd 1')))).toThrow(
      `${F}:2:1: expected "gdb <id>" and 15 properties, got "gbd 1\\t157.7118`,
    );
    expect(() => parse(withLine(METHANE, 2, METHANE.split('\n')[1]!.replace('gdb 1', '1')))).toThrow(`${F}:2:1: expected "gdb <id>"`);
    expect(() => parse(withLine(METHANE, 2, METHANE.split('\n')[1]!.replace('gdb 1', 'gdb x1')))).toThrow(
      `${F}:2:5: expected the molecule id after "gdb" (a positive integer), got "x1"`,
    );
    expect(() => parse('5\n')).toThrow(`${F}:2: expected "gdb <id>" and 15 properties, got the end of the file`);
  });

  it('rejects a wrong number of properties', () => {
    const head = METHANE.split('\n')[1]!;
    expect(() => parse(withLine(METHANE, 2, head.replace('\t6.469\t', '\t')))).toThrow(
      `${F}:2: expected 15 properties after "gdb 1" (A, B, C, mu, alpha, homo, lumo, gap, r2, zpve, U0, U, H, G, Cv), got 14`,
    );
    expect(() => parse(withLine(METHANE, 2, `${head}1.5\t`))).toThrow(`${F}:2: expected 15 properties after "gdb 1"`);
    expect(() => parse(withLine(METHANE, 2, head.replace(/\t/g, ' ')))).toThrow(`${F}:2:5: expected the molecule id after "gdb" (a positive integer), got "1 157.7118 157.70997`);
  });

  it('rejects non-finite or foreign numbers with the line, column and name of the field', () => {
    const head = METHANE.split('\n')[1]!;
    expect(() => parse(withLine(METHANE, 2, head.replace('\t13.21\t', '\tnan\t')))).toThrow(
      `${F}:2:${head.indexOf('13.21') + 1}: expected a finite number for property alpha, got "nan" (NaN and Inf are not accepted)`,
    );
    expect(() => parse(withLine(METHANE, 2, head.replace('\t6.469\t', '\t6.469D0\t')))).toThrow(
      /:2:\d+: expected a finite number for property Cv, got "6.469D0" \(Fortran exponent/,
    );
    expect(() => parse(withLine(METHANE, 2, head.replace('\t0.\t', '\t\t')))).toThrow(
      `${F}:2:${head.indexOf('0.\t13') + 1}: expected a finite number for property mu, got "" (the field is empty)`,
    );
    expect(() => parse(withLine(METHANE, 4, 'H\t 0.002150416\t-inf\t 1.9761204*^-3\t 0.133921\t'))).toThrow(
      `${F}:4:16: expected a finite number for y of atom 2, got "-inf"`,
    );
    expect(() => parse(withLine(METHANE, 6, 'H\t-0.540815069\t 1.4475266138\t-0.8766437152\t 1e999\t'))).toThrow(
      `${F}:6:45: expected a finite number for the Mulliken charge of atom 4, got "1e999" (too large for a double)`,
    );
    expect(() => parse(withLine(METHANE, 8, '1341.307\t1341.3284\tNaN\t1562.6731\t1562.7453\t3038.3205\t3151.6034\t3151.6788\t3151.7078\t'))).toThrow(
      `${F}:8:20: expected a finite number for frequency 3, got "NaN"`,
    );
  });

  it('rejects an atom line with the wrong number of columns', () => {
    expect(() => parse(withLine(METHANE, 4, 'H\t 0.002150416\t-0.0060313176\t 1.9761204*^-3\t'))).toThrow(
      `${F}:4: expected atom 2 of 5 (element, x, y, z, charge) as 5 tab-separated fields, got 4 fields: "H\\t 0.002150416`,
    );
    expect(() => parse(withLine(METHANE, 4, 'H 0.002150416 -0.0060313176 0.0019761204 0.133921'))).toThrow(
      `${F}:4: expected atom 2 of 5 (element, x, y, z, charge) as 5 tab-separated fields, got 1 field`,
    );
    expect(() => parse(withLine(METHANE, 3, 'C\t-0.0126981359\t 1.0858041578\t 0.0080009958\t-0.535689\t1\t'))).toThrow(
      `${F}:3: expected atom 1 of 5 (element, x, y, z, charge) as 5 tab-separated fields, got 6 fields`,
    );
    expect(() => parse(withLine(METHANE, 5, ''))).toThrow(`${F}:5: expected atom 3 of 5 (element, x, y, z, charge) as 5 tab-separated fields, got 0 fields: an empty line`);
  });

  it('rejects elements other than H, C, N, O, F', () => {
    expect(() => parse(withLine(METHANE, 5, 'Cl\t 1.0117308433\t 1.4637511618\t 2.765748*^-4\t 0.133922\t'))).toThrow(
      `${F}:5:1: expected an element of H, C, N, O, F, got "Cl"`,
    );
    expect(() => parse(withLine(METHANE, 3, 'c\t-0.0126981359\t 1.0858041578\t 0.0080009958\t-0.535689\t'))).toThrow(`${F}:3:1: expected an element of H, C, N, O, F, got "c"`);
  });

  it('rejects fewer atom lines than the count', () => {
    expect(() => parse(withLine(METHANE, 7))).toThrow(
      `${F}:7:1: expected atom 5 of 5 (element, x, y, z, charge), got a line of 9 numbers: the file has fewer atom lines than its atom count 5`,
    );
    expect(() => parse(withLine(METHANE, 1, '7'))).toThrow(`${F}:8:1: expected atom 6 of 7 (element, x, y, z, charge), got a line of 9 numbers`);
    expect(() => parse(METHANE.split('\n').slice(0, 5).join('\n'))).toThrow(
      `${F}:6: expected atom 4 of 5 (element, x, y, z, charge), got the end of the file`,
    );
    expect(() => parse(withLine(METHANE, 1, '999999999'))).toThrow(`${F}:8:1: expected atom 6 of 999999999`);
  });

  it('rejects more atom lines than the count', () => {
    expect(() => parse(withLine(METHANE, 1, '4'))).toThrow(
      `${F}:7:1: expected the harmonic frequencies, got an atom line "H\\t-0.5238136345`,
    );
  });

  it('rejects a wrong number of frequencies', () => {
    expect(() => parse(withLine(METHANE, 8, '1341.307\t1341.3284\t1341.365\t'))).toThrow(
      `${F}:8: expected 9 harmonic frequencies (3n-6 for n = 5 atoms; 10 if linear), got 3`,
    );
    expect(() => parse(withLine(HCN, 6, '768.4076\t768.4087\t'))).toThrow(`${F}:6: expected 3 harmonic frequencies (3n-6 for n = 3 atoms; 4 if linear), got 2`);
    expect(() => parse(withLine(HCN, 6, ''))).toThrow(`${F}:6: expected 3 harmonic frequencies (3n-6 for n = 3 atoms; 4 if linear), got 0`);
  });

  it('rejects missing trailing lines', () => {
    const lines = METHANE.split('\n');
    expect(() => parse(lines.slice(0, 7).join('\n'))).toThrow(
      `${F}:8: expected the line of 9 (or 10, if linear) harmonic frequencies, got the end of the file`,
    );
    expect(() => parse(lines.slice(0, 8).join('\n'))).toThrow(`${F}:9: expected two SMILES (GDB-17 and relaxed geometry), got the end of the file`);
    expect(() => parse(`${lines.slice(0, 9).join('\n')}\n\n`)).toThrow(
      `${F}:10: expected two InChI strings (GDB-17 and relaxed geometry), got the end of the file`,
    );
  });

  it('rejects malformed SMILES and InChI lines and content after the InChI line', () => {
    expect(() => parse(withLine(METHANE, 9, 'C\t'))).toThrow(`${F}:9: expected two tab-separated SMILES (GDB-17 and relaxed geometry), got "C"`);
    expect(() => parse(withLine(METHANE, 9, 'C C'))).toThrow(`${F}:9: expected two tab-separated SMILES`);
    expect(() => parse(withLine(METHANE, 10, 'InChI=1S/CH4/h1H4'))).toThrow(`${F}:10: expected two tab-separated InChI strings`);
    expect(() => parse(withLine(METHANE, 10, 'InChI=1S/CH4/h1H4\tCH4\t'))).toThrow(`${F}:10:19: expected an InChI string (InChI=...), got "CH4"`);
    expect(() => parse(withLine(METHANE, 11, 'gdb 2'))).toThrow(`${F}:11: expected the end of the file after the InChI line, got "gdb 2"`);
  });
});
