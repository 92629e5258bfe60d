/**
 * The image plane as the engine's image layout defines it (src-main/engine/image/resample.ts):
 * homogeneous normalised pixel centres (u, v, 1), u = column, v = row, about the image centre, the
 * longer side spanning [-1, 1]. A 3 x 3 affine g acts on an image by resampling it at g^-1 (u, v),
 * bilinear, zero outside; a generator L moves the point p along L p. The page draws with these,
 * so what it shows is what the engine trained with.
 */
import type { Matrix } from './matrix';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Distance between neighbouring pixel centres in normalised units. */
export function pixelSpacing(height: number, width: number): number {
  return 2 / Math.max(height, width);
}

/** Pixel-centre coordinate of pixel `index` along an axis of `size` pixels. */
export function centreCoordinate(index: number, size: number, spacing: number): number {
  return (index - (size - 1) / 2) * spacing;
}

/** The first two rows of g^-1 for an affine g [[A, b], [0, 0, 1]]: [[A^-1, -A^-1 b]]. */
export function inverseAffineRows(g: Matrix): [[number, number, number], [number, number, number]] {
  const [a, b, tx] = [g[0]![0]!, g[0]![1]!, g[0]![2]!];
  const [c, d, ty] = [g[1]![0]!, g[1]![1]!, g[1]![2]!];
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new Error(`g is not invertible on the image plane (det of its 2 x 2 part is ${det})`);
  const [ia, ib, ic, id] = [d / det, -b / det, -c / det, a / det];
  return [
    [ia, ib, -(ia * tx + ib * ty)],
    [ic, id, -(ic * tx + id * ty)],
  ];
}

/**
 * g acting on one image [H, W, C] (row-major, channels last): out(p) = x(g^-1 p), bilinear between
 * pixel centres, zero outside the image (as the engine's tent weights: a source point between the
 * border pixel and the outside reads the border pixel weighted down toward zero).
 */
export function resampleImage(g: Matrix, pixels: Float32Array, shape: ImageShape): Float32Array {
  const { height: h, width: w, channels: ch } = shape;
  if (pixels.length !== h * w * ch) throw new Error(`image has ${pixels.length} values; ${h} x ${w} x ${ch} expected`);
  const s = pixelSpacing(h, w);
  const [[a, b, tx], [c, d, ty]] = inverseAffineRows(g);
  const out = new Float32Array(pixels.length);
  for (let r = 0; r < h; r++) {
    const v = centreCoordinate(r, h, s);
    for (let col = 0; col < w; col++) {
      const u = centreCoordinate(col, w, s);
      // The source point in pixel index units (fractional column x, row y).
      const x = (a * u + b * v + tx) / s + (w - 1) / 2;
      const y = (c * u + d * v + ty) / s + (h - 1) / 2;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      const at = (r * w + col) * ch;
      for (const [yy, wy] of [[y0, 1 - fy], [y0 + 1, fy]] as const) {
        if (yy < 0 || yy >= h || wy === 0) continue;
        for (const [xx, wx] of [[x0, 1 - fx], [x0 + 1, fx]] as const) {
          if (xx < 0 || xx >= w || wx === 0) continue;
          const from = (yy * w + xx) * ch;
          for (let k = 0; k < ch; k++) out[at + k]! += wy * wx * pixels[from + k]!;
        }
      }
    }
  }
  return out;
}

/** One arrow of a flow field: the point (u, v) and the velocity L (u, v, 1) there. */
export interface FlowArrow {
  u: number;
  v: number;
  du: number;
  dv: number;
}

/**
 * The flow of a generator L (3 x 3, affine) over the image: arrows at the centres of a grid of
 * `cells` cells along the longer side (fewer along the shorter), covering the image's extent.
 */
export function flowField(L: Matrix, shape: Pick<ImageShape, 'height' | 'width'>, cells: number): FlowArrow[] {
  const { height: h, width: w } = shape;
  const s = pixelSpacing(h, w);
  const [halfU, halfV] = [(w * s) / 2, (h * s) / 2];
  const step = (2 * Math.max(halfU, halfV)) / cells;
  const along = (half: number): number[] => {
    const n = Math.max(1, Math.round((2 * half) / step));
    return Array.from({ length: n }, (_, i) => -half + ((i + 0.5) * 2 * half) / n);
  };
  const arrows: FlowArrow[] = [];
  for (const v of along(halfV)) {
    for (const u of along(halfU)) {
      arrows.push({ u, v, du: L[0]![0]! * u + L[0]![1]! * v + L[0]![2]!, dv: L[1]![0]! * u + L[1]![1]! * v + L[1]![2]! });
    }
  }
  return arrows;
}

/** The image's extent in (u, v): half its width and half its height, in normalised units. */
export function planeExtent(shape: Pick<ImageShape, 'height' | 'width'>): { halfU: number; halfV: number } {
  const s = pixelSpacing(shape.height, shape.width);
  return { halfU: (shape.width * s) / 2, halfV: (shape.height * s) / 2 };
}

/** The image shape of an image layout; null for any other layout (or none). */
export function imageShapeOf(layout: { kind: string; height?: number; width?: number; channels?: number } | null | undefined): ImageShape | null {
  if (layout?.kind !== 'image' || !layout.height || !layout.width || !layout.channels) return null;
  return { height: layout.height, width: layout.width, channels: layout.channels };
}
