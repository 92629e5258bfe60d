import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeIdx, idxImages, labelFileNames } from '../../../src-main/data/image/idx';
import { idxFile, idxPair } from './image-bytes';

describe('IDX files', () => {
  it('decodes images and labels, bytes scaled to [0, 1], gzipped or not', () => {
    const { images, labels } = idxPair(4, 3, 2);
    for (const [img, lab] of [[images, labels], [gzipSync(images), gzipSync(labels)]] as const) {
      const set = idxImages(img, 'x-images-idx3-ubyte', lab, 'x-labels-idx1-ubyte');
      expect([set.n, set.height, set.width, set.channels]).toEqual([4, 3, 2, 1]);
      expect(Array.from(set.labels)).toEqual([0, 1, 2, 0]);
      // Image 1, pixel (2, 1): (7 + 5) / 255.
      expect(set.pixels[1 * 6 + 2 * 2 + 1]).toBeCloseTo(12 / 255, 6);
    }
  });

  it('finds the labels file by the images file name', () => {
    expect(labelFileNames('train-images-idx3-ubyte.gz')).toEqual(['train-labels-idx1-ubyte', 'train-labels-idx1-ubyte.gz']);
    expect(labelFileNames('t10k-images.idx3-ubyte')).toEqual(['t10k-labels.idx1-ubyte', 't10k-labels.idx1-ubyte.gz']);
    expect(labelFileNames('digits.npz')).toEqual([]);
  });

  it('refuses a wrong magic, another data type, a wrong rank, truncated and overlong files', () => {
    const good = idxFile([2, 2, 2], new Uint8Array(8));
    expect(() => decodeIdx(Uint8Array.from([1, 0, 8, 3, ...good.subarray(4)]), 'f', 3)).toThrow(/f: not an IDX file \(the magic number must start with two zero bytes, got 01 00 08 03\)/);
    expect(() => decodeIdx(Uint8Array.from([0, 0, 0x0d, 3, ...good.subarray(4)]), 'f', 3)).toThrow(/f: IDX data type 0x0d; only unsigned bytes/);
    expect(() => decodeIdx(good, 'f', 1)).toThrow(/f: an IDX array of 3 dimension\(s\); expected 1/);
    expect(() => decodeIdx(good.subarray(0, good.length - 1), 'f', 3)).toThrow(/f: truncated IDX file: shape \[2, 2, 2\] needs 8 data bytes, found 7/);
    expect(() => decodeIdx(good.subarray(0, 9), 'f', 3)).toThrow(/f: truncated IDX header/);
    expect(() => decodeIdx(Uint8Array.from([...good, 0]), 'f', 3)).toThrow(/f: 1 unexpected bytes after the data/);
    expect(() => decodeIdx(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), 'f.gz', 3)).toThrow(/f.gz: not a readable gzip file/);
  });

  it('refuses labels whose count differs from the images', () => {
    const { images } = idxPair(4, 2, 2);
    expect(() => idxImages(images, 'a-images-idx3-ubyte', idxFile([3], new Uint8Array(3)), 'a-labels-idx1-ubyte')).toThrow(
      'a-labels-idx1-ubyte: 3 labels, but a-images-idx3-ubyte holds 4 images; the counts must agree',
    );
  });
});
