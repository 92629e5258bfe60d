import { describe, expect, it } from 'vitest';
import { parseSeedList } from '../../src-renderer/src/lib/seed-list';

describe('parseSeedList', () => {
  it('reads lists, ranges and both; empty is no repeat', () => {
    expect(parseSeedList('0,1,2').seeds).toEqual([0, 1, 2]);
    expect(parseSeedList(' 0-4 ').seeds).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeedList('0-2, 7').seeds).toEqual([0, 1, 2, 7]);
    expect(parseSeedList('').seeds).toEqual([]);
  });

  it('names what is wrong with a malformed list', () => {
    expect(parseSeedList('0,,1').error).toBe('Repeat with seeds: an empty entry between commas; write seeds as 0,1,2 or 0-4');
    expect(parseSeedList('0;1').error).toBe('Repeat with seeds: "0;1" is not a seed (a whole number ≥ 0) or a range like 0-4');
    expect(parseSeedList('-1').error).toMatch(/"-1" is not a seed/);
    expect(parseSeedList('4-0').error).toBe('Repeat with seeds: "4-0": a range goes from the smaller seed to the larger, e.g. 0-4');
    expect(parseSeedList('1,0-2').error).toBe('Repeat with seeds: seed 1 is given twice; each seed makes one run');
    expect(parseSeedList('0-99').error).toMatch(/100 seeds; at most 20 runs at once/);
  });
});
