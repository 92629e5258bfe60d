import { describe, expect, it } from 'vitest';
import { groupedSplit, seededSplit, timeBlocks, timeBlockSize, validationSplit } from '../../src-main/data/split';
import { Rng } from '../../src-main/data/random';

/** Groups of uneven sizes 1..maxSize, in file order (like trajectories of different lengths). */
function unevenGroups(count: number, maxSize: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out: number[] = [];
  for (let g = 0; g < count; g++) for (let k = 1 + rng.int(maxSize); k > 0; k--) out.push(g);
  return Int32Array.from(out);
}

function groupsOf(idx: number[], groups: ArrayLike<number>): Set<number> {
  return new Set(idx.map((i) => groups[i]!));
}

describe('groupedSplit (test splits)', () => {
  it('never puts a group on both sides, holds out near the fraction, and covers every sample once', () => {
    for (const seed of [0, 1, 2, 3]) {
      for (const [count, maxSize, fraction] of [[200, 20, 0.2], [60, 5, 0.1], [1000, 3, 0.3]] as const) {
        const groups = unevenGroups(count, maxSize, seed + 10);
        const n = groups.length;
        const s = groupedSplit(n, seed, fraction, groups, 'trajectory');
        expect(s.byGroup).toBe(true);
        const train = groupsOf(s.train, groups);
        for (const g of groupsOf(s.test, groups)) expect(train.has(g)).toBe(false);
        expect([...s.train, ...s.test].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        // Within half a largest group of the target.
        expect(Math.abs(s.test.length - Math.floor(n * fraction))).toBeLessThanOrEqual(maxSize / 2);
        expect(s.rule).toMatch(/^test: by trajectory \(\d+ of \d+ groups held out whole, \d+ samples/);
      }
    }
  });

  it('is determined by the seed, and another seed holds out other groups', () => {
    const groups = unevenGroups(300, 10, 7);
    const a = groupedSplit(groups.length, 5, 0.2, groups);
    expect(groupedSplit(groups.length, 5, 0.2, groups)).toEqual(a);
    const b = groupedSplit(groups.length, 6, 0.2, groups);
    expect(b.test).not.toEqual(a.test);
  });

  it('without groups is the seeded row split, and says the data name no groups', () => {
    const s = groupedSplit(100, 3, 0.25, undefined);
    const rows = seededSplit(100, 3, 0.25);
    expect({ train: s.train, test: s.test }).toEqual(rows);
    expect(s.byGroup).toBe(false);
    expect(s.rule).toContain('no correlation groups');
  });

  it('falls back to random rows with a note when the groups are too few for the fraction', () => {
    // One group: nothing to hold out whole.
    const one = groupedSplit(50, 0, 0.2, new Int32Array(50), 'molecule');
    expect(one.byGroup).toBe(false);
    expect(one.test.length).toBe(10);
    expect(one.rule).toMatch(/NOT by molecule: only 1 correlation group/);
    // Four equal groups cannot give 10 %: the closest whole-group split is 0 or 25 %.
    const four = groupedSplit(400, 0, 0.1, Int32Array.from({ length: 400 }, (_, i) => i % 4), 'molecule');
    expect(four.byGroup).toBe(false);
    expect(four.test.length).toBe(40);
    expect(four.rule).toMatch(/NOT by molecule: 4 correlation groups cannot hold out 10 % of 400 samples/);
    expect(four.rule).toContain('can fall on both sides');
  });

  it('refuses group labels of the wrong length', () => {
    expect(() => groupedSplit(10, 0, 0.2, new Int32Array(9))).toThrow(/9 group labels for 10 samples/);
  });
});

describe('validationSplit (the trainer)', () => {
  it('without groups keeps the rows the trainer always drew: the first floor(n f) of the seeded permutation', () => {
    const order = new Rng(4).shuffle(Array.from({ length: 57 }, (_, i) => i));
    const s = validationSplit(57, 0.2, 4);
    expect(s.val).toEqual(order.slice(0, 11));
    expect(s.train).toEqual(order.slice(11));
    expect(s.byGroup).toBe(false);
  });

  it('with groups holds out whole groups near the fraction, deterministically, over several seeds', () => {
    const groups = unevenGroups(400, 19, 3);
    const n = groups.length;
    for (const seed of [0, 1, 2, 3, 4]) {
      const s = validationSplit(n, 0.1, seed, groups, 'trajectory');
      expect(s.byGroup).toBe(true);
      const val = groupsOf(s.val, groups);
      for (const g of groupsOf(s.train, groups)) expect(val.has(g)).toBe(false);
      expect(s.train.length + s.val.length).toBe(n);
      expect(Math.abs(s.val.length - Math.floor(n * 0.1))).toBeLessThanOrEqual(10);
      expect(validationSplit(n, 0.1, seed, groups, 'trajectory')).toEqual(s);
      expect(s.rule).toMatch(/^validation: by trajectory \(\d+ of 400 groups held out whole/);
    }
    expect(validationSplit(n, 0.1, 0, groups).val).not.toEqual(validationSplit(n, 0.1, 1, groups).val);
  });

  it('falls back to the row rule with a note when the groups are too few', () => {
    const s = validationSplit(200, 0.1, 2, Int32Array.from({ length: 200 }, (_, i) => i % 3), 'molecule');
    expect(s).toMatchObject({ byGroup: false, val: validationSplit(200, 0.1, 2).val });
    expect(s.rule).toMatch(/NOT by molecule/);
  });
});

describe('time blocks', () => {
  it('cuts a series into contiguous blocks of about 1/50, never shorter than the minimum', () => {
    expect(timeBlockSize(1000)).toBe(20);
    expect(timeBlockSize(1000, 30)).toBe(30);
    expect(timeBlockSize(10, 2)).toBe(2);
    expect(Array.from(timeBlocks(7, 3))).toEqual([0, 0, 0, 1, 1, 1, 2]);
    expect(() => timeBlocks(7, 0)).toThrow(/positive integer/);
  });
});
