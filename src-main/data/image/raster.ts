/**
 * Draws pen strokes into a grey image: each pixel's intensity falls from 1 on the pen to 0 one
 * pixel outside it, by its distance to the nearest segment (anti-aliased, no resampling, so a
 * turned digit is drawn turned rather than interpolated). Coordinates are the image layout's
 * normalised (u, v): pixel centres, the longer side spanning [-1, 1].
 */
import type { Stroke } from './digit-strokes';

function segmentDistance(u: number, v: number, a: [number, number], b: [number, number]): number {
  const [du, dv] = [b[0] - a[0], b[1] - a[1]];
  const len2 = du * du + dv * dv;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((u - a[0]) * du + (v - a[1]) * dv) / len2)) : 0;
  const [pu, pv] = [a[0] + t * du - u, a[1] + t * dv - v];
  return Math.sqrt(pu * pu + pv * pv);
}

/** Strokes (already placed) drawn with a pen of `width` into out [height * width] (values in [0, 1]). */
export function drawStrokes(strokes: Stroke[], penWidth: number, height: number, width: number, out: Float32Array, offset = 0): void {
  const spacing = 2 / Math.max(height, width);
  const segments: [[number, number], [number, number]][] = [];
  for (const s of strokes) for (let i = 0; i + 1 < s.length; i++) segments.push([s[i]!, s[i + 1]!]);
  for (let r = 0; r < height; r++) {
    const v = (r - (height - 1) / 2) * spacing;
    for (let c = 0; c < width; c++) {
      const u = (c - (width - 1) / 2) * spacing;
      let best = Infinity;
      for (const [a, b] of segments) best = Math.min(best, segmentDistance(u, v, a, b));
      out[offset + r * width + c] = Math.max(0, Math.min(1, 1 - (best - penWidth / 2) / spacing));
    }
  }
}
