import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { loadTableDataset } from '../../src-main/data/load';
import { npyFile, text } from './npy-bytes';

const table = 'x,y,z,e\n1,0,0,1\n0,1,0,1\n0,0,2,4\n';

describe('loadTableDataset', () => {
  it('defaults to targets = last column, inputs = the others', () => {
    const d = loadTableDataset({ path: '/data/runs/energy.csv', bytes: text(table), task: 'invariant' });
    expect(d.name).toBe('energy.csv');
    expect(d.source).toBe('/data/runs/energy.csv');
    expect(d.inputNames).toEqual(['x', 'y', 'z']);
    expect(d.targetNames).toEqual(['e']);
    expect(d.layout).toEqual({ kind: 'vector', d: 3, blocks: 1 });
    expect(d.targetKind).toBe('regression');
    expect(d.train.n).toBe(3);
    expect(Array.from(d.train.inputs)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(Array.from(d.train.targets)).toEqual([1, 1, 4]);
    expect(d.test).toBeUndefined();
    expect(d.notes?.[0]).toBe('Table energy.csv: 3 rows; inputs: x, y, z; targets: e.');
  });

  it('selects columns by name and range', () => {
    const d = loadTableDataset({ path: 'a.csv', bytes: text(table), inputs: '0:2', targets: 'z', task: 'invariant' });
    expect(d.inputNames).toEqual(['x', 'y']);
    expect(d.targetNames).toEqual(['z']);
    expect(Array.from(d.train.targets)).toEqual([0, 0, 2]);
  });

  it('builds an equivariant task when targets match inputs', () => {
    const s = 'qx,qy,nx,ny\n1,2,3,4\n5,6,7,8\n';
    const d = loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: 'qx,qy', targets: 'nx,ny', task: 'equivariant' });
    expect(d.layout).toEqual({ kind: 'vector', d: 2, blocks: 1 });
    expect(Array.from(d.train.targets)).toEqual([3, 4, 7, 8]);
  });

  it('infers blocks when the inputs are several states of the target size', () => {
    const s = 'a0,b0,a1,b1,a2,b2\n1,2,3,4,5,6\n';
    const d = loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: '0:4', targets: '4:', task: 'equivariant' });
    expect(d.layout).toEqual({ kind: 'vector', d: 2, blocks: 2 });
    expect(d.notes?.some((n) => n.startsWith('Layout inferred'))).toBe(true);
    const d2 = loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: '0:2', targets: '2:', task: 'equivariant' });
    expect(d2.layout).toEqual({ kind: 'vector', d: 2, blocks: 1 });
  });

  it('explains targets that g cannot act on', () => {
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text(table), task: 'equivariant' })).toThrow(
      /a.csv: an equivariant task needs targets that g can act on: 1 target column\(s\) and 3 input column\(s\) share no block size/,
    );
    const s = 'a,b,c,d,e,f,g\n1,2,3,4,5,6,7\n';
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: '0:4', targets: '4:', task: 'equivariant' })).toThrow(/share no block size/);
  });

  it('validates a given layout', () => {
    const s = 'a,b,c,d,e,f\n1,2,3,4,5,6\n';
    const d = loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: '0:4', targets: '4:', task: 'equivariant', layout: { kind: 'vector', d: 2, blocks: 2 } });
    expect(d.layout).toEqual({ kind: 'vector', d: 2, blocks: 2 });
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: '0:4', targets: '4:', task: 'equivariant', layout: { kind: 'vector', d: 3, blocks: 1 } })).toThrow(
      'a.csv: the layout (d = 3, blocks = 1) covers 3 features, but 4 input columns are selected',
    );
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text(s), inputs: '0:4', targets: '4:5', task: 'equivariant', layout: { kind: 'vector', d: 2, blocks: 2 } })).toThrow(
      /whole blocks of d = 2 features.*but 1 target columns/,
    );
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text(s), task: 'invariant', layout: { kind: 'points', d: 3, maxPoints: 5 } })).toThrow(/'vector' layout/);
  });

  it('reads a test table with the same columns, and refuses one with different columns', () => {
    const d = loadTableDataset({ path: 'train.csv', bytes: text(table), testPath: 'test.csv', testBytes: text('x,y,z,e\n2,2,2,12\n'), task: 'invariant' });
    expect(d.test?.n).toBe(1);
    expect(Array.from(d.test?.targets ?? [])).toEqual([12]);
    expect(d.source).toBe('train.csv; test: test.csv');
    expect(() =>
      loadTableDataset({ path: 'train.csv', bytes: text(table), testPath: 'test.csv', testBytes: text('x,y,w,e\n2,2,2,12\n'), task: 'invariant' }),
    ).toThrow('test.csv: the selected columns (x, y, w, e) differ from the train file\'s (x, y, z, e)');
    expect(() =>
      loadTableDataset({ path: 'train.csv', bytes: text(table), testPath: 'test.csv', testBytes: text('x,y,z,e\n2,2,oops,12\n'), task: 'invariant' }),
    ).toThrow('test.csv:2: column 3 ("z"): expected a number, got "oops"');
  });

  it('reads class labels for classification', () => {
    const s = 'a,b,label\n0.1,0.2,0\n0.3,0.4,2\n';
    const d = loadTableDataset({ path: 'c.csv', bytes: text(s), task: 'invariant', targetKind: 'classification' });
    expect(d.numClasses).toBe(3);
    expect(() => loadTableDataset({ path: 'c.csv', bytes: text('a,label\n1,0.5\n'), task: 'invariant', targetKind: 'classification' })).toThrow(
      'c.csv: data row 1, column "label": expected a class index (integer >= 0), got 0.5',
    );
    expect(() => loadTableDataset({ path: 'c.csv', bytes: text(s), task: 'equivariant', targetKind: 'classification' })).toThrow(/use task 'invariant'/);
    expect(() => loadTableDataset({ path: 'c.csv', bytes: text(s), targets: 'b,label', inputs: 'a', task: 'invariant', targetKind: 'classification' })).toThrow(/exactly one target column/);
  });

  it('refuses tables with too few columns, overlaps and float32 overflow', () => {
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text('y\n1\n2\n'), task: 'invariant' })).toThrow(/a.csv: no input columns left/);
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text(table), inputs: 'x,e', task: 'invariant' })).toThrow(/column "e" is selected both as an input and as a target/);
    expect(() => loadTableDataset({ path: 'a.csv', bytes: text('a,b\n1,1e300\n'), task: 'invariant' })).toThrow(/a.csv: data row 1, column "b": 1e\+300 does not fit a 32-bit float/);
  });

  it('reads .npy and .npz tables, selecting .npz arrays by name', () => {
    const npy = npyFile('<f8', [2, 3], Float64Array.from([1, 2, 3, 4, 5, 6]));
    const d = loadTableDataset({ path: 'a.npy', bytes: npy, task: 'invariant' });
    expect(d.inputNames).toEqual(['c0', 'c1']);
    expect(Array.from(d.train.targets)).toEqual([3, 6]);
    const npz = zipSync({
      'X.npy': npyFile('<f8', [2, 4], Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8])),
      'Y.npy': npyFile('<f8', [2, 4], Float64Array.from([8, 7, 6, 5, 4, 3, 2, 1])),
    });
    const z = loadTableDataset({ path: 'a.npz', bytes: npz, inputs: 'X', targets: 'Y', task: 'equivariant', layout: { kind: 'vector', d: 2, blocks: 2 } });
    expect(z.inputNames).toEqual(['X[0]', 'X[1]', 'X[2]', 'X[3]']);
    expect(Array.from(z.train.targets)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });
});
