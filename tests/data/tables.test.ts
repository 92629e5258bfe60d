import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { readNpy, readNpz, readTable, readTextTable } from '../../src-main/data/tables';
import { concat, npyDict, npyFile, npyHeader, text } from './npy-bytes';

const csv = (s: string, name = 'data.csv') => readTextTable(text(s), name);

describe('text tables', () => {
  it('reads CSV with a header', () => {
    const t = csv('x,y,z\n1,2,3\n4,5.5,-6e-1\n');
    expect(t.columns).toEqual(['x', 'y', 'z']);
    expect(t.rows).toBe(2);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5.5, -0.6]);
  });

  it('reads CSV without a header, naming columns c0, c1, ...', () => {
    const t = csv('1,2\n3,4');
    expect(t.columns).toEqual(['c0', 'c1']);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
  });

  it('reads TSV, semicolons and whitespace-aligned columns', () => {
    expect(Array.from(csv('a\tb\n1\t2\n3\t4\n', 'data.tsv').data)).toEqual([1, 2, 3, 4]);
    expect(csv('a;b\n1;2\n', 'data.csv').columns).toEqual(['a', 'b']);
    const w = csv('  x    y   z\n  1.0  2.0 3.0\n -4.0  5.0 6.0\n', 'data.txt');
    expect(w.columns).toEqual(['x', 'y', 'z']);
    expect(Array.from(w.data)).toEqual([1, 2, 3, -4, 5, 6]);
  });

  it('accepts CRLF, blank trailing lines, a byte-order mark, comments and quoted names', () => {
    const t = csv('\ufeff# exported\r\n"q1x","q1y"\r\n1,2\r\n\r\n3,4\r\n\r\n\r\n');
    expect(t.columns).toEqual(['q1x', 'q1y']);
    expect(t.rows).toBe(2);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
  });

  it('names an empty header cell (a pandas index column) by its position', () => {
    expect(csv(',x,y\n0,1,2\n').columns).toEqual(['c0', 'x', 'y']);
  });

  it('reports a bad value with file, line, column, name and value', () => {
    const lines = ['q1x,q1y,p1x', ...Array.from({ length: 12 }, (_, i) => `${i},${i},${i}`), '1,2,abc', '4,5,6'];
    expect(() => csv(lines.join('\n'))).toThrow('data.csv:14: column 3 ("p1x"): expected a number, got "abc"');
  });

  it('keeps line numbers exact across comments, blank lines and CRLF', () => {
    const s = 'a,b\r\n# note\r\n1,2\r\n\r\n3,x\r\n';
    expect(() => csv(s)).toThrow('data.csv:5: column 2 ("b"): expected a number, got "x"');
    expect(() => csv('1 2\n\n3 zz\n', 'w.txt')).toThrow('w.txt:3: column 2 ("c1"): expected a number, got "zz"');
  });

  it('explains numbers in foreign notations', () => {
    expect(() => csv('a,b\n1,1.0D-03\n')).toThrow('data.csv:2: column 2 ("b"): expected a number, got "1.0D-03" (Fortran exponent: write E instead of D)');
    expect(() => csv('a,b\n1,\n')).toThrow('data.csv:2: column 2 ("b"): expected a number, got "" (the field is empty)');
  });

  it('rejects NaN and Inf', () => {
    expect(() => csv('a,b\n1,2\n3,nan\n')).toThrow('data.csv:3: column 2 ("b"): expected a finite number, got "nan" (NaN and Inf are not accepted)');
    expect(() => csv('a,b\n-Inf,2\n')).toThrow(/data.csv:2: column 1 \("a"\): expected a finite number, got "-Inf"/);
    expect(() => csv('nan,1\n')).toThrow(/data.csv:1: column 1 \("c0"\): expected a finite number/);
  });

  it('rejects ragged rows', () => {
    expect(() => csv('a,b,c\n1,2,3\n4,5,6\n7,8\n')).toThrow('data.csv:4: expected 3 columns (as in the header on line 1), got 2');
    expect(() => csv('1,2\n3,4,5\n')).toThrow('data.csv:2: expected 2 columns (as on line 1), got 3');
  });

  it('rejects empty files and header-only files', () => {
    expect(() => csv('')).toThrow('data.csv: empty file: expected a table of numbers, found no rows');
    expect(() => csv('\n\n  \n')).toThrow(/empty file/);
    expect(() => csv('a,b\n')).toThrow('data.csv: has a header (line 1) but no data rows');
  });

  it('rejects binary junk, invalid UTF-8 and UTF-16', () => {
    const junk = concat(text('a,b\n1,2\n'), new Uint8Array([0x00, 0x01, 0x02]));
    expect(() => readTextTable(junk, 'data.csv')).toThrow(/^data.csv:3: binary data \(byte 0x00 at offset 8\) in a text table/);
    const latin1 = concat(text('a,b\n1,2\n'), new Uint8Array([0xe9, 0x2c, 0x31, 0x0a]));
    expect(() => readTextTable(latin1, 'data.csv')).toThrow(/^data.csv:3: not UTF-8 text/);
    expect(() => readTextTable(new Uint8Array([0xff, 0xfe, 0x31, 0x00]), 'data.csv')).toThrow(/UTF-16/);
  });

  it('rejects duplicate header names and multi-line quoted fields', () => {
    expect(() => csv('x,y,x\n1,2,3\n')).toThrow('data.csv:1: column 3: duplicate column name "x" (also column 1)');
    expect(() => csv('a,b\n1,"2\n3"\n')).toThrow(/data.csv:3: a quoted field spans several lines/);
  });
});

function f64(values: number[]): Float64Array {
  return Float64Array.from(values);
}

describe('.npy', () => {
  it('writes the header as the spec says (sanity of the test helper)', () => {
    const h = npyHeader(npyDict('<f8', [3, 2]));
    expect(h.length % 64).toBe(0);
    expect(h[h.length - 1]).toBe(0x0a);
    expect(new TextDecoder('latin1').decode(h.subarray(10)).trim()).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }");
  });

  it('reads a little-endian float64 2-D array', () => {
    const t = readNpy(npyFile('<f8', [3, 2], f64([1, 2, 3, 4, 5, 6.5])), 'a.npy');
    expect(t.columns).toEqual(['c0', 'c1']);
    expect(t.rows).toBe(3);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
  });

  it('reads float32 1-D, int32, uint8 and int64 (BigInt) arrays', () => {
    const a = readNpy(npyFile('<f4', [3], Float32Array.from([0.5, -1, 2])), 'a.npy');
    expect(a.columns).toEqual(['c0']);
    expect(Array.from(a.data)).toEqual([0.5, -1, 2]);
    expect(Array.from(readNpy(npyFile('<i4', [2, 2], Int32Array.from([1, -2, 3, 4])), 'i.npy').data)).toEqual([1, -2, 3, 4]);
    expect(Array.from(readNpy(npyFile('|u1', [2, 1], Uint8Array.from([7, 255])), 'u.npy').data)).toEqual([7, 255]);
    expect(Array.from(readNpy(npyFile('<i8', [2], BigInt64Array.from([5n, -9n])), 'l.npy').data)).toEqual([5, -9]);
  });

  it('rejects int64 values a double cannot hold exactly', () => {
    expect(() => readNpy(npyFile('<i8', [1], BigInt64Array.from([2n ** 60n])), 'l.npy')).toThrow(/l.npy: element \[0\] = 1152921504606846976 does not fit a double exactly/);
  });

  it('transposes Fortran-ordered arrays into rows', () => {
    // column-major [[1, 2], [3, 4], [5, 6]]
    const t = readNpy(npyFile('<f8', [3, 2], f64([1, 3, 5, 2, 4, 6]), { fortran: true }), 'f.npy');
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads files whose header leaves the data unaligned', () => {
    let dict = npyDict('<f8', [2]);
    while ((10 + dict.length + 1) % 8 === 0) dict += ' ';
    const bytes = concat(npyHeader(dict, 1), new Uint8Array(f64([1.25, -3]).buffer));
    expect(Array.from(readNpy(bytes, 'u.npy').data)).toEqual([1.25, -3]);
  });

  it('rejects big-endian data', () => {
    const data = new Uint8Array(16);
    new DataView(data.buffer).setFloat64(0, 1, false);
    new DataView(data.buffer).setFloat64(8, 2, false);
    expect(() => readNpy(concat(npyHeader(npyDict('>f8', [2])), data), 'be.npy')).toThrow(
      "be.npy: big-endian data (dtype >f8); save it little-endian, e.g. arr.astype('<f8')",
    );
  });

  it('rejects truncated files', () => {
    const full = npyFile('<f8', [3, 2], f64([1, 2, 3, 4, 5, 6]));
    expect(() => readNpy(full.subarray(0, full.length - 8), 't.npy')).toThrow(
      't.npy: truncated .npy file: shape (3, 2) of <f8 needs 48 data bytes, found 40',
    );
    expect(() => readNpy(full.subarray(0, full.length - 3), 't.npy')).toThrow(/truncated .npy file/);
    expect(() => readNpy(full.subarray(0, 30), 't.npy')).toThrow(/t.npy: truncated .npy file: the header needs 128 bytes, the file has 30/);
    expect(() => readNpy(full.subarray(0, 8), 't.npy')).toThrow(/truncated .npy header/);
  });

  it('rejects trailing bytes, object, structured and 3-d arrays, NaN values', () => {
    expect(() => readNpy(concat(npyFile('<f8', [1], f64([1])), new Uint8Array(8)), 'x.npy')).toThrow(/8 unexpected bytes after the data/);
    expect(() => readNpy(npyFile('|O', [1], new Uint8Array(8)), 'o.npy')).toThrow(/o.npy: object array \(dtype \|O\)/);
    expect(() => readNpy(concat(npyHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"), new Uint8Array(8)), 's.npy')).toThrow(/structured/);
    expect(() => readNpy(npyFile('<f8', [1, 1, 2], f64([1, 2])), 'c.npy')).toThrow(/c.npy: 3-d array of shape \(1, 1, 2\); expected \(n,\) or \(n, m\)/);
    expect(() => readNpy(npyFile('<c16', [1], f64([1, 2])), 'z.npy')).toThrow(/unsupported dtype "<c16"/);
    expect(() => readNpy(npyFile('<f8', [2, 2], f64([1, 2, Number.NaN, 4])), 'n.npy')).toThrow('n.npy: element [1, 0] is NaN; expected finite numbers (NaN and Inf are not accepted)');
    expect(() => readNpy(npyFile('<f4', [1], Float32Array.from([Infinity])), 'n.npy')).toThrow(/element \[0\] is Infinity/);
  });

  it('recognises .npy by content, whatever the file is called', () => {
    expect(readTable(npyFile('<f8', [1, 2], f64([1, 2])), 'misnamed.csv').columns).toEqual(['c0', 'c1']);
  });
});

describe('.npz', () => {
  const archive = () =>
    zipSync({
      'X.npy': npyFile('<f8', [3, 2], f64([1, 2, 3, 4, 5, 6])),
      'y.npy': npyFile('<f4', [3], Float32Array.from([10, 20, 30])),
    });

  it('reads all arrays side by side, with groups', () => {
    const t = readNpz(archive(), 'd.npz');
    expect(t.columns).toEqual(['X[0]', 'X[1]', 'y']);
    expect(t.rows).toBe(3);
    expect(Array.from(t.data)).toEqual([1, 2, 10, 3, 4, 20, 5, 6, 30]);
    expect(t.groups).toEqual({ X: [0, 1], y: [2] });
  });

  it('picks arrays by name, in the order given; compressed archives too', () => {
    const t = readTable(zipSync({ 'X.npy': npyFile('<f8', [2, 1], f64([1, 2])), 'y.npy': npyFile('<f8', [2], f64([3, 4])) }, { level: 6 }), 'd.npz', { arrays: ['y', 'X'] });
    expect(t.columns).toEqual(['y', 'X[0]']);
    expect(Array.from(t.data)).toEqual([3, 1, 4, 2]);
  });

  it('names unknown arrays and row-count mismatches', () => {
    expect(() => readNpz(archive(), 'd.npz', ['Z'])).toThrow('d.npz: no array named "Z"; available: X, y');
    const bad = zipSync({ 'X.npy': npyFile('<f8', [3, 1], f64([1, 2, 3])), 'y.npy': npyFile('<f8', [2], f64([1, 2])) });
    expect(() => readNpz(bad, 'd.npz')).toThrow(/d.npz: the arrays differ in their number of rows, so they cannot form one table: X \(3, 1\), y \(2,\)/);
    expect(readNpz(bad, 'd.npz', ['y']).rows).toBe(2);
  });

  it('names the array inside the archive in errors', () => {
    const be = zipSync({ 'X.npy': concat(npyHeader(npyDict('>f8', [1])), new Uint8Array(8)) });
    expect(() => readNpz(be, 'd.npz')).toThrow(/^d.npz\[X\]: big-endian data/);
  });

  it('rejects broken archives', () => {
    expect(() => readTable(concat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), new Uint8Array(20)), 'd.npz')).toThrow(/d.npz: not a readable .npz \(zip\) archive/);
    expect(() => readNpz(zipSync({ 'a.txt': text('hi') }), 'd.npz')).toThrow('d.npz: the archive holds no .npy arrays');
  });

  it('refuses an array choice for files that are not .npz', () => {
    expect(() => readTable(text('1,2\n'), 'a.csv', { arrays: ['X'] })).toThrow(/not an .npz archive/);
  });
});
