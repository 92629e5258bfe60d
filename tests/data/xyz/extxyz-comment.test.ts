import { describe, expect, it } from 'vitest';
import {
  CommentCache,
  ExtxyzSyntaxError,
  numberToken,
  parseExtxyzBoolean,
  parseExtxyzNumber,
  parseKeyValues,
  parseProperties,
  readCommentLine,
} from '../../../src-main/data/xyz/extxyz-comment';

const ASE_LINE =
  'Lattice="5.0 0.0 0.0 0.0 5.0 0.0 0.0 0.0 5.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=-12.5 pbc="T T F" dipole="0.1 0.2 0.3"';

/** The ExtxyzSyntaxError `f()` throws, as `column: detail`. */
function syntaxError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ExtxyzSyntaxError) return `${e.column}: ${e.detail}`;
    throw e;
  }
  throw new Error('expected an ExtxyzSyntaxError, got none');
}

const info = (line: string) => readCommentLine(line).info;

describe('numbers and booleans of extended XYZ', () => {
  it('reads Fortran D and Mathematica *^ exponents as E', () => {
    expect(numberToken('1.0D-03')).toBe(1.0e-3);
    expect(numberToken('1.0d-03')).toBe(1.0e-3);
    expect(numberToken('-2.5D+2')).toBe(-250);
    expect(numberToken('1.2*^-5')).toBe(1.2e-5);
    expect(numberToken('7*^3')).toBe(7000);
    expect(numberToken('6.02E23')).toBe(6.02e23);
    expect(numberToken('.5')).toBe(0.5);
    expect(numberToken('5.')).toBe(5);
    expect(parseExtxyzNumber('  -0.25 ')).toBe(-0.25);
  });

  it('refuses NaN, Inf, overflow and foreign notations', () => {
    for (const t of ['', 'nan', 'NaN', 'inf', '-Infinity', '1e999', '1D999', '1.2*^999', '0x10', '1,5', '1.2*^', 'D3', '1.0Q3', '1e', '.', '-']) {
      expect(numberToken(t), t).toBeUndefined();
    }
  });

  it('knows the spec booleans and nothing else', () => {
    for (const t of ['T', 'True', 'true', 'TRUE']) expect(parseExtxyzBoolean(t)).toBe(true);
    for (const t of ['F', 'False', 'false', 'FALSE']) expect(parseExtxyzBoolean(t)).toBe(false);
    for (const t of ['t', 'f', 'yes', '1', 'tRUE']) expect(parseExtxyzBoolean(t)).toBeUndefined();
  });
});

describe('parseKeyValues (ASE rules)', () => {
  it('splits an ASE comment line into typed pairs with their columns', () => {
    const pairs = parseKeyValues(ASE_LINE);
    expect(pairs.map((p) => p.key)).toEqual(['Lattice', 'Properties', 'energy', 'pbc', 'dipole']);
    expect(pairs[0]).toMatchObject({ column: 1, valueColumn: 9, form: 'value', value: [5, 0, 0, 0, 5, 0, 0, 0, 5] });
    expect(pairs[1]).toMatchObject({ column: 47, valueColumn: 58, value: 'species:S:1:pos:R:3:forces:R:3' });
    expect(pairs[2]).toMatchObject({ value: -12.5 });
    expect(pairs[3]).toMatchObject({ value: [true, true, false] });
    expect(pairs[4]).toMatchObject({ value: [0.1, 0.2, 0.3] });
  });

  it('keeps = inside a value: SMILES as ASE writes them', () => {
    expect(info('smiles=C=C other=O=C=O a==b')).toEqual({ smiles: 'C=C', other: 'O=C=O', a: '=b' });
  });

  it('reads flags as true, T / F as booleans, integers, reals (Python rules) and text', () => {
    expect(info('is_relaxed energy=1 n=-3 ok=T bad=F yes=True name=bulk_Si x=1_000 y=.5 z=1.0D-03')).toEqual({
      is_relaxed: true, energy: 1, n: -3, ok: true, bad: false, yes: 'True', name: 'bulk_Si', x: 1000, y: 0.5, z: '1.0D-03',
    });
    const v = info('a=nan b=-inf c=1e999');
    expect(v.a).toBeNaN();
    expect([v.b, v.c]).toEqual([-Infinity, Infinity]);
  });

  it('allows spaces around = and tabs between pairs, and glues quoted runs', () => {
    expect(info('a = 1\tb =2  c= "x y" d=x"y z"w e=\'q r\' f={1 2} g=[3,4] h=1,2')).toEqual({
      a: 1, b: 2, c: 'x y', d: 'xy zw', e: 'q r', f: [1, 2], g: [3, 4], h: [1, 2],
    });
  });

  it('takes the character after a backslash as it is', () => {
    expect(info('name="say \\"hi\\"\\\\ there\\nnext" path=a\\ b')).toEqual({ name: 'say "hi"\\ therennext', path: 'a b' });
  });

  it('types several words: numbers, booleans, else text; _JSON values', () => {
    expect(info('a="1" b="-1.5 2 3" c="T F" d="hello world" e="1 x" j="_JSON [1, 2]" k="_JSON {\\"a\\": 1}"')).toEqual({
      a: 1, b: [-1.5, 2, 3], c: [true, false], d: 'hello world', e: '1 x', j: [1, 2], k: '{"a":1}',
    });
  });

  it('lets a later key replace an earlier one, keeps uid as text', () => {
    expect(info('a=1 b=2 a=3 uid=007')).toEqual({ a: 3, b: 2, uid: '007' });
  });

  it('stores __proto__ as an ordinary key', () => {
    const v = info('__proto__="1 2 3" a=1');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual([1, 2, 3]);
  });

  it('refuses what ASE refuses, at the column', () => {
    expect(syntaxError(() => parseKeyValues('=1 a=2'))).toBe('1: expected a key before "=", got "=" at the start of the line');
    expect(syntaxError(() => parseKeyValues('a=1 stress="1 2 3"'))).toBe('12: expected 9 numbers for stress (a 3x3 matrix), got 3 values');
    expect(syntaxError(() => parseKeyValues('virial=abc'))).toBe('8: expected 9 numbers for virial (a 3x3 matrix), got "abc"');
    expect(syntaxError(() => parseKeyValues('j="_JSON [1, 2"'))).toMatch(/^3: expected JSON after "_JSON ", got "\[1, 2"/);
  });
});

describe('parseProperties', () => {
  it('reads name:type:count triplets of any width', () => {
    expect(parseProperties('species:S:1:pos:R:3:forces:R:3:tags:I:1:fixed:L:3:labels:S:2', 12)).toEqual([
      { name: 'species', type: 'S', width: 1, column: 12 },
      { name: 'pos', type: 'R', width: 3, column: 24 },
      { name: 'forces', type: 'R', width: 3, column: 32 },
      { name: 'tags', type: 'I', width: 1, column: 43 },
      { name: 'fixed', type: 'L', width: 3, column: 52 },
      { name: 'labels', type: 'S', width: 2, column: 62 },
    ]);
  });

  it('refuses bad types, counts and triplets at their columns', () => {
    expect(syntaxError(() => parseProperties('species:S:1:pos:X:3'))).toBe('17: expected the type of "pos" to be S, I, R or L, got "X"');
    expect(syntaxError(() => parseProperties('species:S:1:pos:R:0'))).toBe('19: expected the column count of "pos" (a positive integer), got "0"');
    // One or two fields after the last triplet are ignored, as ASE ignores them.
    expect(parseProperties('species:S:1:pos:R').map((c) => c.name)).toEqual(['species']);
    expect(syntaxError(() => parseProperties('species:S:1:species:S:1'))).toBe('13: expected each Properties name once, got "species" again');
  });
});

describe('readCommentLine', () => {
  it('takes Lattice, pbc and Properties out of info', () => {
    const h = readCommentLine(ASE_LINE);
    expect(h.extended).toBe(true);
    expect(h.lattice).toEqual([5, 0, 0, 0, 5, 0, 0, 0, 5]);
    expect(h.pbc).toEqual([true, true, false]);
    expect(h.properties?.map((c) => `${c.name}:${c.type}:${c.width}`)).toEqual(['species:S:1', 'pos:R:3', 'forces:R:3']);
    expect(h.info).toEqual({ energy: -12.5, dipole: [0.1, 0.2, 0.3] });
  });

  it('defaults pbc to all true with a Lattice, and reads pbc in its other spellings', () => {
    expect(readCommentLine('Lattice="1 0 0 0 1 0 0 0 1"').pbc).toEqual([true, true, true]);
    expect(readCommentLine('a=1').pbc).toBeUndefined();
    expect(readCommentLine('pbc="1 0 1"').pbc).toEqual([true, false, true]);
    expect(readCommentLine('pbc=[T, F, F]').pbc).toEqual([true, false, false]);
    expect(readCommentLine('pbc=F').pbc).toEqual([false, false, false]);
    expect(readCommentLine('Lattice={2 0 0 0 2 0 0 0 2}').lattice).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 2]);
  });

  it('keeps free text as a plain comment', () => {
    for (const line of ['', 'water molecule', 'gdb 1\t157.7118\t157.70997', 'step 5, E: -12.5 (kcal/mol)']) {
      const h = readCommentLine(line);
      expect(h.extended, line).toBe(false);
      expect(h.info).toEqual({});
    }
  });

  it('refuses Properties the importer cannot read, and bad pbc', () => {
    expect(syntaxError(() => readCommentLine('a=1 Properties=species:S:1:forces:R:3'))).toBe('16: expected a pos:R:3 column in Properties, got "species:S:1:forces:R:3"');
    expect(syntaxError(() => readCommentLine('Properties=species:S:1:pos:R:2'))).toBe('24: expected pos:R:3 in Properties, got pos:R:2');
    expect(syntaxError(() => readCommentLine('Properties=species:I:1:pos:R:3'))).toBe('12: expected species:S:1 in Properties, got species:I:1');
    expect(syntaxError(() => readCommentLine('Properties=pos:R:3:charge:R:1'))).toBe('12: expected a species:S:1 (or Z:I:1) column in Properties, got "pos:R:3:charge:R:1"');
    expect(syntaxError(() => readCommentLine('Properties=species:S:1:pos:R:3 pbc="T T"'))).toBe('36: expected three booleans for pbc (e.g. "T T F"), got "T T"');
    expect(syntaxError(() => readCommentLine('Properties="species:S:1:pos:Q:3"'))).toBe('29: expected the type of "pos" to be S, I, R or L, got "Q"');
  });

  it('with a cache, gives each frame its own copies of repeated values', () => {
    const cache = new CommentCache();
    const a = readCommentLine(ASE_LINE, cache);
    const b = readCommentLine(ASE_LINE, cache);
    expect(b).toEqual(a);
    expect(b.lattice).not.toBe(a.lattice);
    expect(b.info.dipole).not.toBe(a.info.dipole);
    expect(b.properties).toBe(a.properties);
    // The same Properties at another place in the line: columns follow it.
    expect(readCommentLine(`x=1 ${ASE_LINE}`, cache).properties?.[0]?.column).toBe(a.properties![0]!.column + 4);
  });
});
