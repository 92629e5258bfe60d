/**
 * Image pixels as the contract carries them (base64 of little-endian float32, [H, W, C]) and as a
 * canvas draws them (RGBA bytes): one grey or colour scale per view, so images side by side compare.
 */
import { base64ToBytes } from './base64';
import type { ImageShape } from './image-plane';

export function decodeFloat32(base64: string): Float32Array {
  const bytes = base64ToBytes(base64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength >> 2 }, (_, i) => view.getFloat32(i * 4, true));
}

/** The values a view maps to black and white: from min(0, lowest) to the highest, over all its images. */
export function valueRange(images: readonly Float32Array[]): { low: number; high: number } {
  let low = 0;
  let high = -Infinity;
  for (const image of images) {
    for (const v of image) {
      if (!Number.isFinite(v)) continue;
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  return { low, high: high > low ? high : low + 1 };
}

/**
 * RGBA bytes of an image [H, W, C]: one channel as grey, three or more as red, green, blue; values
 * mapped linearly from `range` (low black, high white) and clipped.
 */
export function toRgba(pixels: Float32Array, shape: ImageShape, range: { low: number; high: number }): Uint8ClampedArray<ArrayBuffer> {
  const { height: h, width: w, channels: ch } = shape;
  const out = new Uint8ClampedArray(h * w * 4);
  const scale = 255 / (range.high - range.low);
  for (let p = 0; p < h * w; p++) {
    const at = p * ch;
    const level = (k: number): number => (pixels[at + k]! - range.low) * scale;
    const [r, g, b] = ch >= 3 ? [level(0), level(1), level(2)] : [level(0), level(0), level(0)];
    out.set([r, g, b, 255], p * 4);
  }
  return out;
}
