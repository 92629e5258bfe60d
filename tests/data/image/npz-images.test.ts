import { describe, expect, it } from 'vitest';
import { npzImages } from '../../../src-main/data/image/npz-images';
import { npyFile } from '../npy-bytes';
import { imageNpz, npzFile } from './image-bytes';

describe('.npz images', () => {
  it('reads uint8 [N, H, W] scaled to [0, 1] and float [N, H, W, C] as stored', () => {
    const grey = npzImages(imageNpz(3, 4, 5), 'g.npz');
    expect([grey.n, grey.height, grey.width, grey.channels]).toEqual([3, 4, 5, 1]);
    expect(grey.pixels[21]).toBeCloseTo(21 / 255, 6);
    expect(Array.from(grey.labels)).toEqual([0, 1, 0]);
    const colour = npzImages(imageNpz(2, 3, 3, { channels: 3, float: true }), 'c.npz');
    expect([colour.n, colour.height, colour.width, colour.channels]).toEqual([2, 3, 3, 3]);
    expect(colour.pixels[10]).toBeCloseTo(10 / 54, 6);
  });

  it('refuses missing arrays, a wrong rank, labels that disagree and labels that are not class indices', () => {
    const images = npyFile('|u1', [2, 2, 2], new Uint8Array(8));
    expect(() => npzImages(npzFile({ images }), 'a.npz')).toThrow(/a.npz: no labels array; an image .npz holds images \[N, H, W\] or \[N, H, W, C\] and labels \[N\] \(arrays: images\)/);
    expect(() => npzImages(npzFile({ images: npyFile('|u1', [2, 4], new Uint8Array(8)), labels: npyFile('|u1', [2], new Uint8Array(2)) }), 'b.npz')).toThrow(
      /b.npz: images has shape \(2, 4\); expected \[N, H, W\] or \[N, H, W, C\]/,
    );
    expect(() => npzImages(imageNpz(3, 2, 2, { labels: 2 }), 'c.npz')).toThrow(/c.npz: labels has shape \(2,\), but images holds 3 images; expected labels \[3\]/);
    expect(() => npzImages(npzFile({ images, labels: npyFile('<f8', [2], Float64Array.from([0, 1.5])) }), 'd.npz')).toThrow(
      /d.npz: labels: label 1 is 1.5; expected a class index/,
    );
  });
});
