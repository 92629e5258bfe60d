import { describe, expect, it, vi } from 'vitest';
import { datasetSource } from '../../src-renderer/src/lib/dataset-source';

const file = new File(['x,y\n1,2\n'], 'table.csv');

describe('where a dropped file is imported from', () => {
  it('imports in place when the desktop bridge names the path', () => {
    const pathForFile = vi.fn(() => '/home/me/data/table.csv');
    expect(datasetSource(file, { pathForFile })).toEqual({ kind: 'path', path: '/home/me/data/table.csv' });
    expect(pathForFile).toHaveBeenCalledWith(file);
  });

  it('uploads the bytes in a browser (no bridge) and when the bridge has no path for the file', () => {
    expect(datasetSource(file, null)).toEqual({ kind: 'upload', file });
    expect(datasetSource(file, undefined)).toEqual({ kind: 'upload', file });
    // A bridge from before pathForFile existed.
    expect(datasetSource(file, {})).toEqual({ kind: 'upload', file });
    expect(datasetSource(file, { pathForFile: () => null })).toEqual({ kind: 'upload', file });
    expect(datasetSource(file, { pathForFile: () => '' })).toEqual({ kind: 'upload', file });
  });

  it('falls back to uploading when the bridge throws', () => {
    const pathForFile = (): string => {
      throw new Error('bridge gone');
    };
    expect(datasetSource(file, { pathForFile })).toEqual({ kind: 'upload', file });
  });
});
