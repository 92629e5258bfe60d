import { describe, expect, it } from 'vitest';
import { encodeNpy, tensorArray } from '../../src-main/export/npy';
import { readBasisFile } from '../../src-renderer/src/lib/basis-file';

const so2 = [[[0, -1], [1, 0]]];
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readBasisFile', () => {
  it('reads the JSON that --basis takes, a bare array, and one matrix as k = 1', () => {
    expect(readBasisFile('b.json', text(JSON.stringify({ basis: so2 })))).toEqual(so2);
    expect(readBasisFile('b.json', text(JSON.stringify(so2)))).toEqual(so2);
    expect(readBasisFile('b.json', text(JSON.stringify(so2[0])))).toEqual(so2);
  });

  it('reads a .npy of shape (k, d, d) in float32 and float64, as the npy export writes it', () => {
    const basis = [[[0, -0.5], [0.5, 0]], [[1, 0], [0, -1]]];
    expect(readBasisFile('b.npy', encodeNpy(tensorArray(basis, [2, 2, 2], 'float64')))).toEqual(basis);
    expect(readBasisFile('b.npy', encodeNpy(tensorArray(basis, [2, 2, 2], 'float32')))).toEqual(basis);
    expect(readBasisFile('one.npy', encodeNpy(tensorArray(so2[0]!, [2, 2], 'float32')))).toEqual(so2);
  });

  it('says what is wrong with a file it cannot use, naming it', () => {
    expect(() => readBasisFile('b.json', text('{"basis": [[1, 2]]}'))).toThrow(/^b\.json: expected a basis of k matrices d x d/);
    expect(() => readBasisFile('b.json', text('nope'))).toThrow(/^b\.json: not JSON/);
    expect(() => readBasisFile('b.npy', text('hello'))).toThrow(/^b\.npy: not a \.npy file/);
    expect(() => readBasisFile('v.npy', encodeNpy(tensorArray([1, 2, 3], [3], 'float32')))).toThrow(/^v\.npy: shape \(3\), expected \(k, d, d\) or \(d, d\)/);
  });
});
