import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELEMENT_SYMBOLS, atomicNumber, elementSymbol } from '../../../src-main/data/xyz/elements';
import { numberToken } from '../../../src-main/data/xyz/extxyz-comment';
import { XyzParseError, parseXyz, type XyzFile } from '../../../src-main/data/xyz/xyz';
import { extxyzFrame, generateExtxyz, rng } from './generate';

const F = 'traj.xyz';
const enc = new TextEncoder();
const parse = (text: string): XyzFile => parseXyz(enc.encode(text), F);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)));

/** The message parseXyz throws for `input`. */
function errorOf(input: string | Uint8Array): string {
  try {
    parseXyz(typeof input === 'string' ? enc.encode(input) : input, F);
  } catch (e) {
    expect(e).toBeInstanceOf(XyzParseError);
    return (e as Error).message;
  }
  throw new Error('expected an XyzParseError, got none');
}

const WATER = '3\nwater\nO 0.0 0.0 0.1192\nH 0.0 0.7632 -0.4770\nH 0.0 -0.7632 -0.4770\n';

describe('the periodic table', () => {
  it('has the 118 standard symbols, H to Og', () => {
    expect(ELEMENT_SYMBOLS).toHaveLength(118);
    expect(new Set(ELEMENT_SYMBOLS).size).toBe(118);
    expect([atomicNumber('H'), atomicNumber('C'), atomicNumber('Fe'), atomicNumber('U'), atomicNumber('Og')]).toEqual([1, 6, 26, 92, 118]);
    expect([elementSymbol(1), elementSymbol(79), elementSymbol(0), elementSymbol(119)]).toEqual(['H', 'Au', undefined, undefined]);
    expect(atomicNumber('CL')).toBeUndefined();
  });
});

describe('parseXyz: extended XYZ', () => {
  it('reads an ASE frame: Lattice, Properties with forces, energy, pbc, dipole', () => {
    const file = parseXyz(fixture('ase-two-frames.extxyz'), 'ase-two-frames.extxyz');
    expect(file.fileName).toBe('ase-two-frames.extxyz');
    expect(file.frames).toHaveLength(2);
    const f = file.frames[0]!;
    expect(f.atomCount).toBe(3);
    expect(f.line).toBe(1);
    expect(f.species).toEqual(['O', 'H', 'H']);
    expect(Array.from(f.positions)).toEqual([0, 0, 0.119262, 0, 0.763239, -0.477047, 0, -0.763239, -0.477047]);
    expect(f.lattice).toEqual([5, 0, 0, 0, 5, 0, 0, 0, 5]);
    expect(f.pbc).toEqual([true, true, false]);
    expect(f.info).toEqual({ energy: -12.5, dipole: [0.1, 0.2, 0.3] });
    expect(Object.keys(f.arrays)).toEqual(['forces']);
    const forces = f.arrays.forces!;
    expect(forces.type).toBe('R');
    expect(forces.width).toBe(3);
    expect(Array.from(forces.values as Float64Array)).toEqual([0, 0, -0.25, 0, 0.125, 0.125, 0, -0.125, 0.125]);
    expect(f.comment.startsWith('Lattice="5.0 0.0 0.0')).toBe(true);
    const g = file.frames[1]!;
    expect(g.line).toBe(6);
    expect(g.atomCount).toBe(2);
    expect(g.info).toEqual({ energy: -3.25, dipole: [0, 0, -0.5] });
    expect(Array.from(g.arrays.forces!.values as Float64Array)).toEqual([0, 0, 1.5, 0, 0, -1.5]);
  });

  it('reads frames whose atom count changes', () => {
    const file = parse(
      '1\nProperties=species:S:1:pos:R:3 e=1\nHe 0 0 0\n' +
        '3\nProperties=species:S:1:pos:R:3 e=2\nC 0 0 0\nO 1.16 0 0\nO -1.16 0 0\n' +
        '0\nProperties=species:S:1:pos:R:3 e=3\n' +
        '2\nProperties=species:S:1:pos:R:3 e=4\nH 0 0 0\nH 0 0 0.74\n',
    );
    expect(file.frames.map((f) => f.atomCount)).toEqual([1, 3, 0, 2]);
    expect(file.frames.map((f) => f.line)).toEqual([1, 4, 9, 11]);
    expect(file.frames.map((f) => f.info.e)).toEqual([1, 2, 3, 4]);
    expect(file.frames[1]!.species).toEqual(['C', 'O', 'O']);
    expect(Array.from(file.frames[1]!.positions)).toEqual([0, 0, 0, 1.16, 0, 0, -1.16, 0, 0]);
    expect(file.frames[2]!.positions).toHaveLength(0);
    expect(Array.from(file.frames[3]!.positions)).toEqual([0, 0, 0, 0, 0, 0.74]);
  });

  it('reads I, L and S columns of any width, and Z standing in for species', () => {
    const file = parse(
      '2\nProperties=Z:I:1:pos:R:3:tags:I:2:fixed:L:3:label:S:1 config_type="two atoms"\n' +
        '8 0 0 0 -3 7 T F True site_a\n' +
        '1 0 0 1 +4 0 false FALSE TRUE a_rather_long_site_label\n',
    );
    const f = file.frames[0]!;
    expect(f.species).toEqual(['O', 'H']);
    expect(Object.keys(f.arrays)).toEqual(['tags', 'fixed', 'label']);
    expect(f.arrays.tags).toEqual({ type: 'I', width: 2, values: new Float64Array([-3, 7, 4, 0]) });
    expect(f.arrays.fixed).toEqual({ type: 'L', width: 3, values: new Float64Array([1, 0, 1, 0, 0, 1]) });
    expect(f.arrays.label).toEqual({ type: 'S', width: 1, values: ['site_a', 'a_rather_long_site_label'] });
    expect(f.info).toEqual({ config_type: 'two atoms' });
  });

  it('keeps Z as an array when species is there too', () => {
    const f = parse('1\nProperties=species:S:1:pos:R:3:Z:I:1\nFe 0 0 0 26\n').frames[0]!;
    expect(f.species).toEqual(['Fe']);
    expect(f.arrays.Z).toEqual({ type: 'I', width: 1, values: new Float64Array([26]) });
  });

  it('reads Fortran D and Mathematica *^ exponents exactly as E in atom columns; the comment line keeps them as text, as ASE does', () => {
    const f = parse('1\nProperties=species:S:1:pos:R:3:q:R:1 e=-1.5D+01\nC 1.0D-03 2.5d2 1.2*^-5 -3*^2\n').frames[0]!;
    expect(Array.from(f.positions)).toEqual([1.0e-3, 2.5e2, 1.2e-5]);
    expect(Array.from(f.arrays.q!.values as Float64Array)).toEqual([-300]);
    expect(f.info.e).toBe('-1.5D+01');
  });

  it('reads a quoted comment value with escapes', () => {
    const f = parse('1\nProperties=species:S:1:pos:R:3 note="a \\"quoted\\" word\\\\ and\\nline"\nH 0 0 0\n').frames[0]!;
    // ASE takes the character after a backslash as it is: \n is n.
    expect(f.info.note).toBe('a "quoted" word\\ andnline');
  });

  it('without Properties reads species x y z and ignores further columns', () => {
    const f = parse('2\nenergy=-1.5 Lattice="4 0 0 0 4 0 0 0 4"\nNa 0 0 0 extra\nCl 2 2 2 0.5 x\n').frames[0]!;
    expect(f.species).toEqual(['Na', 'Cl']);
    expect(Array.from(f.positions)).toEqual([0, 0, 0, 2, 2, 2]);
    expect(f.info).toEqual({ energy: -1.5 });
    expect(f.pbc).toEqual([true, true, true]);
    expect(f.arrays).toEqual({});
  });
});

describe('parseXyz: plain XYZ', () => {
  it('keeps the comment and leaves info empty', () => {
    const file = parse(WATER);
    expect(file.frames).toHaveLength(1);
    const f = file.frames[0]!;
    expect(f.comment).toBe('water');
    expect(f.info).toEqual({});
    expect(f.arrays).toEqual({});
    expect(f.lattice).toBeUndefined();
    expect(f.pbc).toBeUndefined();
    expect(f.species).toEqual(['O', 'H', 'H']);
    expect(Array.from(f.positions)).toEqual([0, 0, 0.1192, 0, 0.7632, -0.477, 0, -0.7632, -0.477]);
  });

  it('reads atomic numbers as species, tabs as separators, and ignores extra columns (fixture)', () => {
    const f = parseXyz(fixture('methane-plain.xyz'), 'methane-plain.xyz').frames[0]!;
    expect(f.species).toEqual(['C', 'H', 'H', 'H', 'H']);
    expect(f.positions[0]).toBe(-0.0126981359);
    expect(f.positions[14]).toBe(0.906397);
    expect(f.comment).toBe('methane, plain XYZ with a partial-charge column');
    expect(f.info).toEqual({});
  });

  it('accepts CRLF, a missing final newline, trailing blank lines and a UTF-8 byte order mark', () => {
    const ref = parse(WATER);
    const variants = [
      WATER.replace(/\n/g, '\r\n'),
      WATER.slice(0, -1),
      WATER.replace(/\n/g, '\r\n').slice(0, -2),
      `${WATER}\n\n  \n\t\n`,
      `${WATER.replace(/\n/g, '\r\n')}\r\n\r\n`,
      `\uFEFF${WATER}`,
    ];
    for (const v of variants) expect(parse(v), JSON.stringify(v)).toEqual(ref);
  });

  it('reads an empty comment line and a blank one', () => {
    expect(parse('1\n\nH 0 0 0\n').frames[0]!.comment).toBe('');
    expect(parse('1\n   \nH 0 0 0\n').frames[0]!.comment).toBe('   ');
  });

  it('keeps non-ASCII text in comments', () => {
    expect(parse('1\nÅngström, 25 °C\nH 0 0 0\n').frames[0]!.comment).toBe('Ångström, 25 °C');
  });
});

describe('parseXyz: numbers', () => {
  it('converts every number exactly as the strict pattern and the engine would', () => {
    const r = rng(7);
    const digits = (n: number): string => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
    const tokens: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const sign = ['', '-', '+'][Math.floor(r() * 3)]!;
      const int = digits(Math.floor(r() * 12));
      const frac = digits(Math.floor(r() * 14));
      let mant = r() < 0.5 || int === '' ? `${int}.${frac}` : int;
      if (mant === '.') mant = '0.5';
      const e = Math.floor(r() * 80) - 40;
      const exp = ['', '', `e${e}`, `E+${Math.abs(e)}`, `D${e}`, `*^${e}`][Math.floor(r() * 6)]!;
      tokens.push(`${sign}${mant}${exp}`);
    }
    tokens.push('0', '-0', '-0.0', '00012', '5.', '.5', '123456789012345', '1234567890123456789', '0.1', '0.30000000000000004', '9007199254740993', '1e22', '1e23', '1.7976931348623157e308', '5e-324', '1e-400');
    const lines = tokens.map((t) => `H ${t} 0 0`);
    const file = parse(`${tokens.length}\nnumbers\n${lines.join('\n')}\n`);
    const pos = file.frames[0]!.positions;
    tokens.forEach((t, a) => {
      const want = numberToken(t.replace(/[dD]/, 'e').replace('*^', 'e'));
      expect(want, t).toBeDefined();
      expect(Object.is(pos[3 * a], want), `${t}: ${pos[3 * a]} vs ${want}`).toBe(true);
    });
  });
});

describe('parseXyz: errors name the file, line and column', () => {
  it('empty file', () => {
    expect(errorOf('')).toBe('traj.xyz:1:1: expected an atom count, got an empty file');
    expect(errorOf('\n  \n\n')).toBe('traj.xyz:1:1: expected an atom count, got an empty file');
  });

  it('binary content: NUL bytes, control bytes, invalid UTF-8', () => {
    expect(errorOf('3\nwater\nO 0.0 0\x000 0.1\n')).toBe('traj.xyz:3:8: expected text, got a NUL byte: not a text file');
    expect(errorOf('\x00\x01\x02\x03')).toBe('traj.xyz:1:1: expected text, got a NUL byte: not a text file');
    expect(errorOf('1\nx\x07y\nH 0 0 0\n')).toBe('traj.xyz:2:2: expected text, got the control character 0x07: not a text file');
    expect(errorOf(new Uint8Array([0x31, 0x0a, 0x63, 0x0a, 0x48, 0x20, 0xff, 0x20, 0x30, 0x20, 0x30, 0x0a]))).toBe(
      'traj.xyz:3:3: expected UTF-8 text, got the byte 0xff: not a text file',
    );
    expect(errorOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'traj.xyz:1:1: expected UTF-8 text, got the byte 0x89: not a text file',
    );
    // Invalid UTF-8 in a comment, after valid non-ASCII text: the column counts characters.
    expect(errorOf(new Uint8Array([0x31, 0x0a, 0xc3, 0x85, 0x20, 0xc3, 0x0a, 0x48, 0x20, 0x30, 0x20, 0x30, 0x20, 0x30, 0x0a]))).toBe(
      'traj.xyz:2:3: expected UTF-8 text, got the byte 0xc3: not a text file',
    );
    // In columns that plain XYZ does not read.
    expect(errorOf('1\nc\nH 0 0 0 ok \x00\n')).toBe('traj.xyz:3:12: expected text, got a NUL byte: not a text file');
  });

  it('a blank line where a count is expected, between frames or before the first', () => {
    expect(errorOf(`${WATER}\n${WATER}`)).toBe('traj.xyz:6:1: expected an atom count, got an empty line (blank lines may only end the file)');
    expect(errorOf(`${WATER}\n \n${WATER}`)).toBe('traj.xyz:6:1: expected an atom count, got an empty line (blank lines may only end the file)');
    expect(errorOf(`\n${WATER}`)).toBe('traj.xyz:1:1: expected an atom count, got an empty line (blank lines may only end the file)');
  });

  it('a count line that is not a count', () => {
    expect(errorOf('3 atoms\nc\n')).toBe('traj.xyz:1:1: expected an atom count (a non-negative integer), got "3 atoms"');
    expect(errorOf('  -1\nc\n')).toBe('traj.xyz:1:3: expected an atom count (a non-negative integer), got "-1"');
    expect(errorOf('2.0\nc\n')).toBe('traj.xyz:1:1: expected an atom count (a non-negative integer), got "2.0"');
  });

  it('a frame that ends before its comment line', () => {
    expect(errorOf(`${WATER}2`)).toBe('traj.xyz:7:1: expected the comment line of the frame whose count is on line 6, got the end of the file');
  });

  it('atoms running out: at the end of the file, at a blank line, or at the next count', () => {
    expect(errorOf('4\nwater\nO 0.0 0.0 0.1192\nH 0.0 0.7632 -0.4770\nH 0.0 -0.7632 -0.4770\n')).toBe(
      'traj.xyz:6:1: expected atom 4 of 4 (the count on line 1), got the end of the file',
    );
    expect(errorOf('4\nwater\nO 0.0 0.0 0.1192\nH 0.0 0.7632 -0.4770\nH 0.0 -0.7632 -0.4770')).toBe(
      'traj.xyz:6:1: expected atom 4 of 4 (the count on line 1), got the end of the file',
    );
    expect(errorOf('4\nwater\nO 0.0 0.0 0.1192\nH 0.0 0.7632 -0.4770\nH 0.0 -0.7632 -0.4770\n\n')).toBe(
      'traj.xyz:6:1: expected atom 4 of 4 (the count on line 1), got an empty line',
    );
    expect(errorOf(`4\nwater\nO 0.0 0.0 0.1192\nH 0.0 0.7632 -0.4770\nH 0.0 -0.7632 -0.4770\n${WATER}`)).toBe(
      'traj.xyz:6:2: expected atom 4 of 4 (the count on line 1) with at least 4 columns (species x y z), got 1 column: "3"',
    );
    expect(
      errorOf('2\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 0 0 0\n1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 0 0 0\n'),
    ).toBe(
      'traj.xyz:4:2: expected atom 2 of 2 (the count on line 1) with at least 7 columns (Properties=species:S:1:pos:R:3:forces:R:3), got 1 column: "1"',
    );
  });

  it('an atom line too many', () => {
    expect(errorOf('2\nwater\nO 0.0 0.0 0.1192\nH 0.0 0.7632 -0.4770\nH 0.0 -0.7632 -0.4770\n')).toBe(
      'traj.xyz:5:1: expected an atom count (a non-negative integer), got "H 0.0 -0.7632 -0.4770" (the frame at line 1 declares 2 atoms: one atom line too many?)',
    );
  });

  it('an unknown element symbol, with its line and column', () => {
    expect(errorOf('2\nc\nH 0 0 0\n  Xx 0 0 0\n')).toBe('traj.xyz:4:3: expected an element symbol (H to Og, or an atomic number) for atom 2, got "Xx"');
    // ASE capitalises symbols: CL and h are Cl and H.
    expect(parse('2\nc\nCL 0 0 0\nh 1 0 0\n').frames[0]!.species).toEqual(['Cl', 'H']);
    expect(errorOf('1\nc\nC1 0 0 0\n')).toBe('traj.xyz:3:1: expected an element symbol (H to Og, or an atomic number) for atom 1, got "C1"');
    expect(errorOf('1\nc\n119 0 0 0\n')).toBe('traj.xyz:3:1: expected an atomic number from 1 to 118 for atom 1, got "119"');
    expect(errorOf('1\nProperties=species:S:1:pos:R:3\n6 0 0 0\n')).toBe('traj.xyz:3:1: expected an element symbol (H to Og) for atom 1, got "6"');
    expect(errorOf('1\nProperties=Z:I:1:pos:R:3\n0 0 0 0\n')).toBe('traj.xyz:3:1: expected an atomic number from 1 to 118 for Z of atom 1, got "0"');
  });

  it('NaN, Inf and malformed numbers', () => {
    expect(errorOf('1\nc\nH 0.0 nan 0\n')).toBe('traj.xyz:3:7: expected a finite number for y of atom 1, got "nan" (NaN and Inf are not accepted)');
    expect(errorOf('1\nc\nH 0.0 0 -Infinity\n')).toBe('traj.xyz:3:9: expected a finite number for z of atom 1, got "-Infinity" (NaN and Inf are not accepted)');
    expect(errorOf('1\nc\nH 1e999 0 0\n')).toBe('traj.xyz:3:3: expected a finite number for x of atom 1, got "1e999" (too large for a double)');
    expect(errorOf('1\nc\nH 1,5 0 0\n')).toBe('traj.xyz:3:3: expected a finite number for x of atom 1, got "1,5" (decimal comma: write a decimal point)');
    expect(errorOf('1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 0 NaN 0\n')).toBe(
      'traj.xyz:3:11: expected a finite number for forces[1] of atom 1, got "NaN" (NaN and Inf are not accepted)',
    );
    expect(errorOf('1\nProperties=species:S:1:pos:R:3:n:I:1:ok:L:1\nH 0 0 0 1.5 T\n')).toBe('traj.xyz:3:9: expected an integer for n of atom 1, got "1.5"');
    expect(errorOf('1\nProperties=species:S:1:pos:R:3:n:I:1:ok:L:1\nH 0 0 0 1 yes\n')).toBe('traj.xyz:3:11: expected T or F for ok of atom 1, got "yes"');
  });

  it('Properties that do not match the columns of an atom line', () => {
    const head = '2\nProperties=species:S:1:pos:R:3:forces:R:3 energy=1\nH 0 0 0 0 0 0\n';
    expect(errorOf(`${head}H 0 0 0 0 0\n`)).toBe(
      'traj.xyz:4:12: expected atom 2 of 2 (the count on line 1) with at least 7 columns (Properties=species:S:1:pos:R:3:forces:R:3), got 6 columns: "H 0 0 0 0 0"',
    );
    // Columns after the Properties ones are ignored, as ASE ignores them.
    expect(Array.from(parse(`${head}H 0 0 0 0 0 0 9\n`).frames[0]!.arrays.forces!.values as Float64Array)).toEqual(new Array(6).fill(0));
    expect(errorOf('1\nc\nH 0 0\n')).toBe('traj.xyz:3:6: expected atom 1 of 1 (the count on line 1) with at least 4 columns (species x y z), got 3 columns: "H 0 0"');
  });

  it('a comment line ASE refuses', () => {
    expect(errorOf(`${WATER}1\nLattice="1 0 0 0 1 0"\nH 0 0 0\n`)).toBe('traj.xyz:7:9: expected 9 numbers for Lattice (a 3x3 matrix), got 6 values');
    expect(errorOf('1\n=1 a=2\nH 0 0 0\n')).toBe('traj.xyz:2:1: expected a key before "=", got "=" at the start of the line');
    // An unclosed quote runs to the end of the line, as in ASE.
    expect(parse('1\nProperties=species:S:1:pos:R:3 energy="1.5\nH 0 0 0\n').frames[0]!.info.energy).toBe(1.5);
  });

  it('a lone carriage return', () => {
    expect(errorOf('1\rc\rH 0 0 0\r')).toBe('traj.xyz:1:2: expected a line break (LF or CRLF) or text, got a lone carriage return (CR)');
  });
});

describe('parseXyz: a long trajectory', () => {
  it('reads 2,000 generated ASE frames of 13 atoms', () => {
    const frames = 2000;
    const bytes = generateExtxyz(frames, 13, 3);
    const file = parseXyz(bytes, 'long.extxyz');
    expect(file.frames).toHaveLength(frames);
    let atoms = 0;
    file.frames.forEach((f, i) => {
      atoms += f.atomCount;
      expect(f.atomCount).toBe(13);
      expect(f.line).toBe(1 + i * 15);
      expect(f.species).toHaveLength(13);
      expect(f.positions).toHaveLength(39);
      expect(f.arrays.forces!.values).toHaveLength(39);
      expect(f.info.step).toBe(i);
      expect(f.lattice).toEqual([10, 0, 0, 0, 10, 0, 0, 0, 10]);
      expect(f.pbc).toEqual([true, true, true]);
    });
    expect(atoms).toBe(frames * 13);
    // Spot-check values against the text of frame 1234, regenerated.
    const r = rng(3);
    let text = '';
    for (let i = 0; i <= 1234; i++) text = extxyzFrame(i, 13, r);
    const lines = text.trim().split('\n');
    const f = file.frames[1234]!;
    expect(f.comment).toBe(lines[1]);
    lines.slice(2).forEach((line, a) => {
      const cols = line.trim().split(/\s+/);
      expect(f.species[a]).toBe(cols[0]);
      expect(Array.from(f.positions.subarray(3 * a, 3 * a + 3))).toEqual(cols.slice(1, 4).map((c) => numberToken(c)));
      expect(Array.from((f.arrays.forces!.values as Float64Array).subarray(3 * a, 3 * a + 3))).toEqual(cols.slice(4, 7).map((c) => numberToken(c)));
    });
  });
});
