import { describe, expect, it } from 'vitest';
import { pngFolderImages } from '../../../src-main/data/image/png-folder';
import { pngFile } from './image-bytes';

describe('PNG folders', () => {
  it('reads grey images with classes from the subfolder names in sorted order', () => {
    const files = [
      { path: 'r/cat/1.png', className: 'cat', bytes: pngFile(3, 2, (r, c) => 10 * r + c) },
      { path: 'r/ant/1.png', className: 'ant', bytes: pngFile(3, 2, () => 255) },
    ];
    const set = pngFolderImages(files, 'r');
    expect(set.classNames).toEqual(['ant', 'cat']);
    expect(Array.from(set.labels)).toEqual([1, 0]);
    expect([set.height, set.width, set.channels]).toEqual([3, 2, 1]);
    expect(set.pixels[2 * 2 + 1]).toBeCloseTo(21 / 255, 6);
    expect(set.pixels[6]).toBeCloseTo(1, 6);
  });

  it('reads colour images as three channels', () => {
    const set = pngFolderImages([{ path: 'r/a/1.png', className: 'a', bytes: pngFile(2, 2, () => 100, true) }], 'r');
    expect(set.channels).toBe(3);
    expect(Array.from(set.pixels.subarray(0, 3), (v) => Math.round(v * 255))).toEqual([100, 155, 100]);
  });

  it('refuses mixed sizes, mixed colour and files that are not PNGs, naming the file', () => {
    const a = { path: 'r/a/1.png', className: 'a', bytes: pngFile(2, 2, () => 0) };
    expect(() => pngFolderImages([a, { path: 'r/b/2.png', className: 'b', bytes: pngFile(3, 2, () => 0) }], 'r')).toThrow(
      'r/b/2.png: 3 x 2 grey pixels, but r/a/1.png is 2 x 2 grey; every image must have one size and colour type',
    );
    expect(() => pngFolderImages([a, { path: 'r/b/2.png', className: 'b', bytes: pngFile(2, 2, () => 0, true) }], 'r')).toThrow(/r\/b\/2.png: 2 x 2 colour pixels/);
    expect(() => pngFolderImages([a, { path: 'r/b/x.png', className: 'b', bytes: new TextEncoder().encode('not a png') }], 'r')).toThrow(/r\/b\/x.png: not a readable PNG/);
    expect(() => pngFolderImages([], 'r')).toThrow(/r: no PNG files in its class subfolders/);
  });
});
