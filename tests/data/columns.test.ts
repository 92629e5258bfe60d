import { describe, expect, it } from 'vitest';
import { selectColumns } from '../../src-main/data/columns';

const cols = ['q1x', 'q1y', 'p1x', 'p1y', 'y'];

describe('column selection', () => {
  it('selects by names in the order given', () => {
    expect(selectColumns('p1x,q1x', cols)).toEqual([2, 0]);
    expect(selectColumns(' y ', cols)).toEqual([4]);
  });

  it('selects 0-based half-open ranges', () => {
    expect(selectColumns('0:2', cols)).toEqual([0, 1]);
    expect(selectColumns('2:', cols)).toEqual([2, 3, 4]);
    expect(selectColumns('0:1,3:5', cols)).toEqual([0, 3, 4]);
  });

  it('selects groups (npz arrays) and prefers real names over the range reading', () => {
    expect(selectColumns('X', ['X[0]', 'X[1]', 'y'], { groups: { X: [0, 1], y: [2] } })).toEqual([0, 1]);
    expect(selectColumns('0:2', ['0:2', 'b', 'c'])).toEqual([0]);
  });

  it('lists the available columns on unknown names', () => {
    expect(() => selectColumns('p2x', cols, { what: 'inputs', source: 'data.csv' })).toThrow(
      'data.csv: inputs "p2x": no column named "p2x". Available: 0:q1x, 1:q1y, 2:p1x, 3:p1y, 4:y',
    );
    expect(() => selectColumns('3', cols)).toThrow(/for column index 3 write 3:4/);
  });

  it('rejects empty, out-of-range and repeated selections', () => {
    expect(() => selectColumns('', cols)).toThrow(/empty column selection/);
    expect(() => selectColumns('q1x,,y', cols)).toThrow(/empty column selection/);
    expect(() => selectColumns('2:2', cols)).toThrow(/range 2:2 is empty/);
    expect(() => selectColumns('3:9', cols)).toThrow(/range 3:9 is out of bounds; the table has 5 columns/);
    expect(() => selectColumns('5:', cols)).toThrow(/is empty/);
    expect(() => selectColumns('0:2,q1y', cols)).toThrow(/column 1 \("q1y"\) is selected twice/);
  });
});
