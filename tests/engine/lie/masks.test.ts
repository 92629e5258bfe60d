import { describe, expect, it } from 'vitest';
import { buildMask, type MaskSpec } from '../../../src-main/engine/lie/masks';

function ones(d: number): number[][] {
  return Array.from({ length: d }, () => new Array<number>(d).fill(1));
}

function blockPattern(d: number, block: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (Math.floor(i / block) === Math.floor(j / block) ? 1 : 0)));
}

describe('buildMask', () => {
  it('full: every entry free', () => {
    expect(buildMask({ name: 'full' }, 1)).toEqual([[1]]);
    expect(buildMask({ name: 'full' }, 5)).toEqual(ones(5));
  });

  it('blocks2: four 2x2 diagonal blocks for d = 8', () => {
    const m = buildMask({ name: 'blocks2' }, 8);
    expect(m).toEqual(blockPattern(8, 2));
    expect(m.flat().reduce((s, v) => s + v, 0)).toBe(16);
    expect(m[0]).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(m[7]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('blocks4: two 4x4 diagonal blocks for d = 8', () => {
    const m = buildMask({ name: 'blocks4' }, 8);
    expect(m).toEqual(blockPattern(8, 4));
    expect(m.flat().reduce((s, v) => s + v, 0)).toBe(32);
    expect(m[3]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(m[4]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('tied2: the 2x2 block pattern (the tying itself lives in the augmenter)', () => {
    expect(buildMask({ name: 'tied2' }, 8)).toEqual(blockPattern(8, 2));
    expect(buildMask({ name: 'tied2' }, 2)).toEqual(ones(2));
  });

  it('custom: copies the given 0/1 matrix', () => {
    const matrix = [
      [0, 1, 0],
      [1, 0, 1],
      [0, 0, 1],
    ];
    const m = buildMask({ name: 'custom', matrix }, 3);
    expect(m).toEqual(matrix);
    // A copy: changing the result does not touch the spec, and vice versa.
    m[0]![0] = 1;
    expect(matrix[0]![0]).toBe(0);
  });

  it('homogeneous zeroes the last row only (affine action)', () => {
    const full = buildMask({ name: 'full' }, 4, true);
    expect(full.slice(0, 3)).toEqual(ones(4).slice(0, 3));
    expect(full[3]).toEqual([0, 0, 0, 0]);
    const b2 = buildMask({ name: 'blocks2' }, 4, true);
    expect(b2).toEqual([
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 0, 0],
    ]);
    const matrix = [
      [1, 0, 0, 1],
      [0, 1, 0, 1],
      [0, 0, 1, 1],
      [1, 1, 1, 1],
    ];
    const c = buildMask({ name: 'custom', matrix }, 4, true);
    expect(c[3]).toEqual([0, 0, 0, 0]);
    expect(c.slice(0, 3)).toEqual(matrix.slice(0, 3));
    // The caller's matrix keeps its last row.
    expect(matrix[3]).toEqual([1, 1, 1, 1]);
    // Not homogeneous: the last row stays.
    expect(buildMask({ name: 'full' }, 4)[3]).toEqual([1, 1, 1, 1]);
  });

  it('rejects a d the block masks cannot tile', () => {
    expect(() => buildMask({ name: 'blocks2' }, 3)).toThrow(/blocks2.*divisible by 2.*d = 3/);
    expect(() => buildMask({ name: 'tied2' }, 5)).toThrow(/tied2.*divisible by 2/);
    expect(() => buildMask({ name: 'blocks4' }, 6)).toThrow(/blocks4.*divisible by 4.*d = 6/);
    expect(() => buildMask({ name: 'blocks4' }, 2)).toThrow(/divisible by 4/);
  });

  it('rejects masks with no free entry', () => {
    expect(() => buildMask({ name: 'full' }, 0)).toThrow(/no free entry/);
    expect(() => buildMask({ name: 'full' }, 1, true)).toThrow(/no free entry/);
    expect(() => buildMask({ name: 'custom', matrix: [[0, 0], [0, 0]] }, 2)).toThrow(/no free entry/);
    // Only the last row is free, and homogeneous removes it.
    expect(() => buildMask({ name: 'custom', matrix: [[0, 0], [1, 1]] }, 2, true)).toThrow(/no free entry/);
  });

  it('rejects bad custom matrices', () => {
    expect(() => buildMask({ name: 'custom' }, 2)).toThrow(/2 x 2.*none/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, 0]] }, 2)).toThrow(/2 x 2.*1 rows/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, 0], [0, 1], [1, 1]] }, 2)).toThrow(/2 x 2/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, 0], [0]] }, 2)).toThrow(/2 x 2/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, 0, 1], [0, 1, 0]] }, 2)).toThrow(/2 x 2/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, 0.5], [0, 1]] }, 2)).toThrow(/0 or 1/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, 2], [0, 1]] }, 2)).toThrow(/0 or 1/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, -1], [0, 1]] }, 2)).toThrow(/0 or 1/);
    expect(() => buildMask({ name: 'custom', matrix: [[1, NaN], [0, 1]] }, 2)).toThrow(/0 or 1/);
  });

  it('rejects unknown mask names, listing the valid ones', () => {
    expect(() => buildMask({ name: 'diagonal' } as unknown as MaskSpec, 2)).toThrow(/unknown mask "diagonal".*full, blocks2, blocks4, tied2 or custom/);
  });
});
