/**
 * A 2-D affine group element acting on images: out(p) = x(g^-1 p) with bilinear interpolation and
 * zero outside, differentiable in g (and so in the generators through expm).
 *
 * Coordinates are homogeneous normalised pixel centres (u, v, 1): u = column, v = row, about the
 * image centre, the longer side spanning [-1, 1] (both sides for a square image), so a rotation
 * of the plane is a rotation of the picture whatever its aspect ratio.
 *
 * Bilinear weights factor per output pixel into a tent along v times a tent along u, so the
 * resampling is one batched matMul (rows) and a weighted sum (columns): no gather, whose
 * gradient the wasm backend lacks.
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

/** relu(1 - |source - centre| / spacing): [m, P] sources against [n] centres -> [m, P, n]. */
function tentWeights(source: tf.Tensor2D, centres: Float32Array, spacing: number): tf.Tensor3D {
  const diff = tf.sub(tf.expandDims(source, 2), tf.reshape(tf.tensor1d(centres), [1, 1, centres.length]));
  return tf.relu(tf.sub(1, tf.div(tf.abs(diff), spacing))) as tf.Tensor3D;
}

/**
 * Images per resampling pass: the tent weights hold (H + W) values per output pixel, so thousands
 * of images at once (evaluation) would need GiBs on the wasm heap; larger batches run in chunks.
 */
const IMAGES_PER_PASS = 256;

/**
 * g [m, 3, 3] (affine, last row 0 0 1) acting on images [m, H, W, C]: each output pixel p reads
 * the image at g^-1 p. Returns [m, H, W, C].
 */
export function resampleAffine(g: tf.Tensor3D, images: tf.Tensor4D): tf.Tensor4D {
  const m = images.shape[0];
  if (m <= IMAGES_PER_PASS) return resampleChunk(g, images);
  return tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    for (let s = 0; s < m; s += IMAGES_PER_PASS) {
      const n = Math.min(IMAGES_PER_PASS, m - s);
      parts.push(resampleChunk(tf.slice(g, [s, 0, 0], [n, 3, 3]), tf.slice(images, [s, 0, 0, 0], [n, -1, -1, -1])));
    }
    return tf.concat(parts, 0);
  });
}

function resampleChunk(g: tf.Tensor3D, images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [m, h, w, ch] = images.shape;
    const p = h * w;
    const spacing = pixelSpacing(h, w);
    const inv = inverseAffineRows(g); // [m, 2, 3]
    // Source coordinates of every output pixel: grid [P, 3] x inv^T, for all m at once.
    const grid = tf.tensor2d(pixelGrid(h, w), [p, 3]);
    const invCols = tf.reshape(tf.transpose(inv, [2, 0, 1]), [3, m * 2]) as tf.Tensor2D;
    const source = tf.transpose(tf.reshape(matMul(grid, invCols), [p, m, 2]), [1, 2, 0]); // [m, 2, P]
    const su = tf.reshape(tf.slice(source, [0, 0, 0], [m, 1, p]), [m, p]) as tf.Tensor2D;
    const sv = tf.reshape(tf.slice(source, [0, 1, 0], [m, 1, p]), [m, p]) as tf.Tensor2D;
    const tu = tentWeights(su, axisCoordinates(w, spacing), spacing); // [m, P, W]
    const tv = tentWeights(sv, axisCoordinates(h, spacing), spacing); // [m, P, H]
    // Rows first: [m, P, H] x [m, H, W * C] -> [m, P, W * C]; then the columns' tent and sum over W.
    const rows = matMul(tv, tf.reshape(images, [m, h, w * ch]) as tf.Tensor3D);
    const weighted = tf.mul(tf.reshape(rows, [m, p, w, ch]), tf.expandDims(tu, 3));
    return tf.reshape(tf.sum(weighted, 2), [m, h, w, ch]) as tf.Tensor4D;
  });
}
