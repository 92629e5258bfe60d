/** Small image files written in the tests: IDX by the format's description, PNG through pngjs, .npz by hand. */
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { npyFile } from '../npy-bytes';

/** An IDX file of unsigned bytes: magic 0 0 8 dims, big-endian sizes, data. */
export function idxFile(shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, 0x08, shape.length]);
  const view = new DataView(out.buffer);
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

/** n images h x w whose pixel (r, c) of image i is (i * 7 + r * w + c) % 256, labels i % classes. */
export function idxPair(n: number, h: number, w: number, classes = 3): { images: Uint8Array; labels: Uint8Array } {
  const pixels = Uint8Array.from({ length: n * h * w }, (_, k) => {
    const i = Math.floor(k / (h * w));
    return (i * 7 + (k % (h * w))) % 256;
  });
  return { images: idxFile([n, h, w], pixels), labels: idxFile([n], Uint8Array.from({ length: n }, (_, i) => i % classes)) };
}

export function npzFile(members: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [`${k}.npy`, v])));
}

export function imageNpz(n: number, h: number, w: number, opts: { channels?: number; float?: boolean; labels?: number } = {}): Uint8Array {
  const c = opts.channels;
  const shape = c ? [n, h, w, c] : [n, h, w];
  const count = n * h * w * (c ?? 1);
  const images = opts.float ? npyFile('<f4', shape, Float32Array.from({ length: count }, (_, k) => k / count)) : npyFile('|u1', shape, Uint8Array.from({ length: count }, (_, k) => k % 256));
  const labelCount = opts.labels ?? n;
  return npzFile({ images, labels: npyFile('<i8', [labelCount], BigInt64Array.from({ length: labelCount }, (_, i) => BigInt(i % 2))) });
}

/** A PNG of h x w pixels, grey (one value per pixel) or colour (three). */
export function pngFile(h: number, w: number, value: (r: number, c: number) => number, colour = false): Uint8Array {
  const png = new PNG({ width: w, height: h, colorType: colour ? 2 : 0, inputColorType: 6, inputHasAlpha: true });
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = (r * w + c) * 4;
      const v = value(r, c);
      png.data[i] = v;
      png.data[i + 1] = colour ? 255 - v : v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  const buf = PNG.sync.write(png, { colorType: colour ? 2 : 0 });
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
