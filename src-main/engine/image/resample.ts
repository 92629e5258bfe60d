/**
 * A 2-D affine group element acting on images: out(p) = x(g^-1 p) with bilinear interpolation and
 * zero outside, differentiable in g (and so in the generators through expm).
 *
 * Coordinates are homogeneous normalised pixel centres (u, v, 1): u = column, v = row, about the
 * image centre, the longer side spanning [-1, 1] (both sides for a square image), so a rotation
 * of the plane is a rotation of the picture whatever its aspect ratio.
 *
 * Each output pixel reads the four input pixels around its source point (gathers, forward only) and
 * has its own gradient in the source point, so no gather gradient is needed (wasm has none). The
 * images are data: no gradient flows to them.
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../ops';

/** Pixel-centre coordinates along an axis of `size` pixels, `spacing` apart, centred on 0. */
export function axisCoordinates(size: number, spacing: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => (i - (size - 1) / 2) * spacing);
}

/** Distance between neighbouring pixel centres in normalised units. */
export function pixelSpacing(height: number, width: number): number {
  return 2 / Math.max(height, width);
}

/** Homogeneous coordinates (u, v, 1) of every pixel, row-major: [H * W, 3]. */
export function pixelGrid(height: number, width: number): Float32Array {
  const s = pixelSpacing(height, width);
  const u = axisCoordinates(width, s);
  const v = axisCoordinates(height, s);
  const grid = new Float32Array(height * width * 3);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) grid.set([u[c]!, v[r]!, 1], (r * width + c) * 3);
  }
  return grid;
}

/**
 * Inverse of affine maps [[A, b], [0, 0, 1]] in closed form (differentiable elementwise ops):
 * [[A^-1, -A^-1 b], [0, 0, 1]]. g [m, 3, 3] -> the first two rows of g^-1, [m, 2, 3].
 */
export function inverseAffineRows(g: tf.Tensor3D): tf.Tensor3D {
  const m = g.shape[0];
  const entry = (i: number, j: number): tf.Tensor1D => tf.reshape(tf.slice(g, [0, i, j], [m, 1, 1]), [m]);
  const [a, b, c, d] = [entry(0, 0), entry(0, 1), entry(1, 0), entry(1, 1)];
  const [tx, ty] = [entry(0, 2), entry(1, 2)];
  const det = tf.sub(tf.mul(a, d), tf.mul(b, c));
  const ia = tf.div(d, det);
  const ib = tf.div(tf.neg(b), det);
  const ic = tf.div(tf.neg(c), det);
  const id = tf.div(a, det);
  const itx = tf.neg(tf.add(tf.mul(ia, tx), tf.mul(ib, ty)));
  const ity = tf.neg(tf.add(tf.mul(ic, tx), tf.mul(id, ty)));
  return tf.reshape(tf.stack([ia, ib, itx, ic, id, ity], 1), [m, 2, 3]) as tf.Tensor3D;
}

/**
 * Images per resampling pass: thousands of images at once (evaluation) would hold several copies
 * of the batch for the four corners on the wasm heap; larger batches run in chunks.
 */
const IMAGES_PER_PASS = 256;
/** Float32 holds every integer below this exactly: the gather indices are computed in float32. */
const EXACT_INDEX_LIMIT = 2 ** 24;

/** Images per pass for this size: at most IMAGES_PER_PASS, and few enough for exact indices. */
function imagesPerPass(h: number, w: number): number {
  const perImage = (h + 2) * (w + 2);
  if (perImage > EXACT_INDEX_LIMIT) throw new Error(`images of ${h} x ${w} pixels are too large to resample (at most ${EXACT_INDEX_LIMIT} pixels)`);
  return Math.min(IMAGES_PER_PASS, Math.floor(EXACT_INDEX_LIMIT / perImage));
}

/**
 * g [m, 3, 3] (affine, last row 0 0 1) acting on images [m, H, W, C]: each output pixel p reads
 * the image at g^-1 p. Returns [m, H, W, C].
 */
export function resampleAffine(g: tf.Tensor3D, images: tf.Tensor4D): tf.Tensor4D {
  const m = images.shape[0];
  const perPass = imagesPerPass(images.shape[1], images.shape[2]);
  if (m <= perPass) return resampleChunk(g, images);
  return tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    for (let s = 0; s < m; s += perPass) {
      const n = Math.min(perPass, m - s);
      parts.push(resampleChunk(tf.slice(g, [s, 0, 0], [n, 3, 3]), tf.slice(images, [s, 0, 0, 0], [n, -1, -1, -1])));
    }
    return tf.concat(parts, 0);
  });
}

function resampleChunk(g: tf.Tensor3D, images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [m, h, w] = images.shape;
    const p = h * w;
    const spacing = pixelSpacing(h, w);
    const inv = inverseAffineRows(g); // [m, 2, 3]
    // Source coordinates of every output pixel: grid [P, 3] x inv^T, for all m at once.
    const grid = tf.tensor2d(pixelGrid(h, w), [p, 3]);
    const invCols = tf.reshape(tf.transpose(inv, [2, 0, 1]), [3, m * 2]) as tf.Tensor2D;
    const source = tf.transpose(tf.reshape(matMul(grid, invCols), [p, m, 2]), [1, 2, 0]); // [m, 2, P]
    // In pixel units: column and row index of each source point, fractional.
    const toIndex = (axis: number, size: number): tf.Tensor2D =>
      tf.add(tf.div(tf.reshape(tf.slice(source, [0, axis, 0], [m, 1, p]), [m, p]), spacing), (size - 1) / 2) as tf.Tensor2D;
    return bilinearRead(images, toIndex(0, w), toIndex(1, h));
  });
}

/**
 * The four pixels around each source point and the point's fractional offsets (a along columns, b
 * along rows) from the first of them. The images get a border of zeros and the points are clamped
 * to it, so reads outside the image give 0 without masks. Index arithmetic is in float32 (exact
 * below 2^24 pixels per pass, imagesPerPass; wasm's int32 kernels are slow), cast once; one gather
 * over all images (wasm 4.22's gather with batchDims misplaces images).
 */
function corners(images: tf.Tensor4D, col: tf.Tensor2D, row: tf.Tensor2D): tf.Tensor3D[] {
  const [m, h, w, ch] = images.shape;
  const stride = w + 2;
  const perImage = (h + 2) * stride;
  const padded = tf.reshape(tf.pad(images, [[0, 0], [1, 1], [1, 1], [0, 0]]), [m * perImage, ch]);
  const cc = tf.clipByValue(col, -1, w);
  const rc = tf.clipByValue(row, -1, h);
  const c0 = tf.minimum(tf.floor(cc), w - 1);
  const r0 = tf.minimum(tf.floor(rc), h - 1);
  // Index of (c0, r0) in the padded images, all images end to end: [m, P].
  const imageStart = tf.reshape(tf.mul(tf.range(0, m), perImage), [m, 1]);
  const first = tf.add(imageStart, tf.add(tf.mul(tf.add(r0, 1), stride), tf.add(c0, 1)));
  const read = (shift: number): tf.Tensor3D =>
    tf.reshape(tf.gather(padded, tf.cast(tf.reshape(tf.add(first, shift), [-1]), 'int32')), [m, -1, ch]) as tf.Tensor3D;
  const a = tf.expandDims(tf.sub(cc, c0), 2) as tf.Tensor3D; // [m, P, 1]
  const b = tf.expandDims(tf.sub(rc, r0), 2) as tf.Tensor3D;
  return [a, b, read(0), read(1), read(stride), read(stride + 1)];
}

/** 1 where a coordinate lies strictly inside (-1, size), i.e. was not clamped: [m, P, 1]. */
function unclamped(coordinate: tf.Tensor2D, size: number): tf.Tensor {
  return tf.expandDims(tf.mul(tf.step(tf.add(coordinate, 1)), tf.step(tf.sub(size, coordinate))), 2);
}

/**
 * Bilinear reads of images [m, H, W, C] at fractional (column, row) pixel indices [m, P], zero
 * outside: [m, H, W, C] for P = H * W. Gathers read the four pixels around each point (wasm has
 * gather but not its gradient); the gradient in the coordinates is the bilinear surface's slope
 * from the same four pixels. The images are data here: no gradient flows to them.
 */
function bilinearRead(images: tf.Tensor4D, col: tf.Tensor2D, row: tf.Tensor2D): tf.Tensor4D {
  const [h, w] = [images.shape[1], images.shape[2]];
  const read = tf.customGrad((c, r, save) => {
    const value = tf.tidy(() => {
      const parts = corners(images, c as tf.Tensor2D, r as tf.Tensor2D);
      // Kept for the gradient (saving does nothing when no gradient is being taken).
      (save as tf.GradSaveFunc)([c as tf.Tensor, r as tf.Tensor, ...parts]);
      const [a, b, i00, i10, i01, i11] = parts as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const top = tf.add(tf.mul(tf.sub(1, a), i00), tf.mul(a, i10));
      const bottom = tf.add(tf.mul(tf.sub(1, a), i01), tf.mul(a, i11));
      return tf.reshape(tf.add(tf.mul(tf.sub(1, b), top), tf.mul(b, bottom)), images.shape);
    });
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [cs, rs, a, b, i00, i10, i01, i11] = saved as [tf.Tensor2D, tf.Tensor2D, ...tf.Tensor3D[]];
        const d = tf.reshape(dy, i00!.shape);
        // The slope of the bilinear surface; 0 along a coordinate that was clamped (constant there).
        const dCol = tf.mul(unclamped(cs, w), tf.add(tf.mul(tf.sub(1, b!), tf.sub(i10!, i00!)), tf.mul(b!, tf.sub(i11!, i01!))));
        const dRow = tf.mul(unclamped(rs, h), tf.add(tf.mul(tf.sub(1, a!), tf.sub(i01!, i00!)), tf.mul(a!, tf.sub(i11!, i10!))));
        return [tf.sum(tf.mul(d, dCol), 2), tf.sum(tf.mul(d, dRow), 2)];
      },
    };
  });
  return read(col, row) as tf.Tensor4D;
}
