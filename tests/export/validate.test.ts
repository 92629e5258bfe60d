import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportBasis, type ExportFormat, type ExportInput } from '../../src-main/export';
import { so2Input, so3Input } from './fixtures';

/** so(3) input with one change applied. */
function broken(change: (input: ExportInput) => void): ExportInput {
  const input = so3Input();
  change(input);
  return input;
}

const cases: [string, ExportInput, string][] = [
  ['an empty basis', broken((i) => (i.basis = [])), 'basis is an array of 0; expected k >= 1 generators, each a d x d matrix ([k][d][d])'],
  ['a non-square generator', broken((i) => i.basis[1]!.pop()), 'basis[1] is 2 x 3; every generator must be square (d x d)'],
  ['a ragged row', broken((i) => i.basis[2]![1]!.push(0)), 'basis[2][1] has 4 entries, expected 3 (like basis[2][0])'],
  ['generators of different sizes', broken((i) => (i.basis[2] = [[0, 1], [-1, 0]])), 'basis[2] is 2 x 2, expected 3 x 3 like basis[0]'],
  ['a NaN entry', broken((i) => (i.basis[0]![2]![1] = NaN)), 'basis[0][2][1] is NaN; every entry must be a finite number'],
  ['an infinite entry', broken((i) => (i.basis[1]![0]![0] = -Infinity)), 'basis[1][0][0] is -Infinity; every entry must be a finite number'],
  ['a string entry', broken((i) => (i.basis[1]![0]![0] = '0.5' as unknown as number)), 'basis[1][0][0] is the string "0.5"; expected a finite number'],
  ['a raw basis of another size', broken((i) => (i.rawBasis = [[[1, 0], [0, 1]]])), 'rawBasis[0] is 2 x 2, expected 3 x 3'],
  ['a raw basis with fewer generators', broken((i) => i.rawBasis!.pop()), 'rawBasis has 2 generators, basis has 3; they must describe the same generators'],
  ['a mask of the wrong size', broken((i) => (i.mask = [[1, 1], [1, 1]])), 'mask has 2 rows, expected 3'],
  ['a mask entry other than 0/1', broken((i) => (i.mask![0]![2] = 0.5)), 'mask[0][2] is 0.5; mask entries must be 0 or 1'],
  ['a layout of another d', broken((i) => (i.layout = { kind: 'vector', d: 4, blocks: 1 })), 'layout acts on 4-vectors (vector:4), but the generators are 3 x 3'],
  ['feature names that do not cover the input', broken((i) => i.featureNames.pop()), 'featureNames has 2 names, expected 3 (1 block(s) of 3 features)'],
  ['strengths of the wrong length', broken((i) => i.strengths!.push(1)), 'strengths has 4 entries, expected 3 (one per generator)'],
  ['a NaN strength', broken((i) => (i.strengths![1] = NaN)), 'strengths[1] is NaN; every entry must be a finite number'],
  ['structure constants of the wrong shape', broken((i) => i.algebra!.structureConstants[1]!.pop()), 'algebra.structureConstants[1] has 2 rows, expected 3'],
  ['a bad export time', broken((i) => (i.provenance.createdAt = 'yesterday')), 'provenance.createdAt is the string "yesterday"; expected an ISO 8601 time'],
];

describe('malformed input', () => {
  describe.each(EXPORT_FORMATS)('%s', (format: ExportFormat) => {
    it.each(cases)('rejects %s', (_, input, message) => {
      expect(() => exportBasis(format, input)).toThrow(message);
    });
  });

  it('rejects an unknown format', () => {
    expect(() => exportBasis('csv' as ExportFormat, so2Input())).toThrow('unknown export format "csv"; expected json, latex, npy, npz');
  });

  it('accepts points layouts with any feature names', () => {
    const input = so3Input();
    input.layout = { kind: 'points', d: 3, maxPoints: 29 };
    input.featureNames = ['coords'];
    for (const format of EXPORT_FORMATS) expect(exportBasis(format, input).bytes.length).toBeGreaterThan(0);
  });
});
