/**
 * Batched matrix exponential by scaling and squaring with a Taylor polynomial, in differentiable tf
 * ops (tfjs has no expm). exp(A) = (T(A / 2^j))^(2^j) with j chosen so ||A / 2^j||_1 <= 0.5.
 *
 * Two evaluations of the same scheme:
 * - `expmPlain`: Horner's rule to order 12 and plain autodiff, one batched matMul per order. The
 *   reference the fused path is tested against, and what `expm` runs on the cpu backend.
 * - `expmFused` (what `expm` runs off the cpu backend, fast-paths.ts): the Taylor polynomial to order 8 by Paterson-Stockmeyer (4 batched
 *   matMuls instead of 12; the terms past order 8 are below 0.5^9 / 9! = 5e-9, under float32's
 *   resolution) and each squaring as one op with its own gradient (one saved input, two matMuls
 *   backwards). Batched 8 x 8 matMuls are the slow kernel on wasm.
 * - `expmOfCombination`: exp(sum_i t_i L_i) for one generator (k = 1) takes the polynomial from the
 *   powers of L, computed once, so the only batched matMuls left are the squarings. Where reading
 *   back is a copy (wasm, cpu: fast-paths.ts) it sizes the squarings and the polynomial's order from
 *   the batch's own max |t| ||L||_1 rather than from the worst case the caller can bound: a learned
 *   rotation at the default range needs no squaring at order 12 where the bound asked for four.
 */
import * as tf from '@tensorflow/tfjs';
import { fastPathsOn, hostReadsCheap } from '../fast-paths';
import { matMul, transposeLast } from '../ops';
import { hostPowers } from './host-powers';

const TAYLOR_ORDER = 12;
/** Order of the fast path's polynomial: 0.5^9 / 9! is below float32's relative resolution. */
const FAST_ORDER = 8;
const MAX_SQUARINGS = 24;
/** Orders the one-generator path may take: higher orders cost unbatched 8 x 8 products, squarings batched ones. */
const COMBINATION_ORDERS = [FAST_ORDER, 12, 16];
const MAX_ORDER = COMBINATION_ORDERS[COMBINATION_ORDERS.length - 1]!;
function inverseFactorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return 1 / f;
}
/** 1 / n! for n = 0..MAX_ORDER. */
const INV_FACTORIAL = Array.from({ length: MAX_ORDER + 1 }, (_, n) => inverseFactorial(n));
/**
 * The largest ||X||_1 each order covers with the truncation error of order 8 at 0.5 (the first
 * omitted term, 0.5^9 / 9! = 5e-9): theta_N^(N+1) / (N+1)! = 0.5^9 / 9!, so 0.5, 1.31 and 2.34.
 */
const ORDER_REACH = COMBINATION_ORDERS.map((order) => ({
  order,
  theta: ((0.5 ** (FAST_ORDER + 1) * inverseFactorial(FAST_ORDER + 1)) / inverseFactorial(order + 1)) ** (1 / (order + 1)),
}));

/**
 * Squarings and order for a batch whose largest ||t L||_1 is `norm`: the fewest squarings any
 * order allows (each is a batched product forward and two backward), then the lowest order that
 * reaches the scaled norm.
 */
export function combinationPlan(norm: number): { order: number; squarings: number } {
  if (!Number.isFinite(norm)) throw new Error(`matrix exponential of a non-finite matrix (1-norm ${norm})`);
  const reach = (theta: number): number => (norm <= theta ? 0 : Math.min(MAX_SQUARINGS, Math.ceil(Math.log2(norm / theta))));
  const squarings = reach(ORDER_REACH[ORDER_REACH.length - 1]!.theta);
  const order = ORDER_REACH.find((o) => reach(o.theta) <= squarings)!.order;
  return { order, squarings };
}

/**
 * Number of squarings for a batch: one j for the whole batch (the largest needed), computed
 * outside the gradient (it is a discrete choice). a: [b, d, d].
 */
export function squaringsFor(a: tf.Tensor3D): number {
  const norm1 = oneNorm(a);
  const n = norm1.dataSync()[0] ?? 0;
  norm1.dispose();
  return squaringsForNorm(n);
}

/** squaringsFor, read asynchronously: the webgpu backend cannot read synchronously in Node. */
export async function readSquarings(a: tf.Tensor3D): Promise<number> {
  const norm1 = oneNorm(a);
  const n = (await norm1.data())[0] ?? 0;
  norm1.dispose();
  return squaringsForNorm(n);
}

/** The batch's largest 1-norm (maximum column sum), a scalar. */
function oneNorm(a: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => tf.max(tf.sum(tf.abs(a), 1)));
}

function squaringsForNorm(n: number): number {
  if (!Number.isFinite(n)) throw new Error(`matrix exponential of a non-finite matrix (1-norm ${n})`);
  if (n <= 0.5) return 0;
  return Math.min(MAX_SQUARINGS, Math.ceil(Math.log2(n / 0.5)));
}

/** The plain evaluation: exp(A) for a: [b, d, d] by Horner to order 12 and autodiff. */
export function expmPlain(a: tf.Tensor3D, squarings?: number): tf.Tensor3D {
  const j = squarings ?? squaringsFor(a);
  return tf.tidy(() => {
    const [b, d] = [a.shape[0], a.shape[1]];
    const scaled: tf.Tensor3D = j > 0 ? (tf.mul(a, 1 / 2 ** j) as tf.Tensor3D) : a;
    const eye = tf.tile(tf.expandDims(tf.eye(d), 0), [b, 1, 1]) as tf.Tensor3D;
    // Horner: I + A/1 (I + A/2 (I + ... (I + A/N))).
    let e: tf.Tensor3D = eye;
    for (let m = TAYLOR_ORDER; m >= 1; m--) {
      e = tf.add(eye, tf.mul(matMul(scaled, e), 1 / m)) as tf.Tensor3D;
    }
    for (let s = 0; s < j; s++) e = matMul(e, e);
    return e;
  });
}

/**
 * E E, differentiated by hand: dE = dF E^T + E^T dF. It saves its input once (autodiff through
 * matMul(e, e) would save it twice), and the gradient is built from differentiable ops on that
 * saved input, so second-order gradients through it are exact.
 */
const square: (e: tf.Tensor) => tf.Tensor = tf.customGrad((e, save) => {
  (save as tf.GradSaveFunc)([e as tf.Tensor]);
  return {
    value: tf.matMul(e as tf.Tensor3D, e as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const et = transposeLast(saved[0] as tf.Tensor3D);
      return [tf.add(matMul(dy as tf.Tensor3D, et), matMul(et, dy as tf.Tensor3D))];
    },
  };
});

/** E^(2^j) by j squarings. */
function squareRepeatedly(e: tf.Tensor3D, j: number): tf.Tensor3D {
  let out = e;
  for (let s = 0; s < j; s++) out = square(out) as tf.Tensor3D;
  return out;
}

/**
 * sum_n c_n X^n, n = 0..8, by Paterson-Stockmeyer: X2, X3, X4 and one product,
 * (c0 I + c1 X + c2 X2 + c3 X3) + X4 (c4 I + c5 X + c6 X2 + c7 X3 + c8 X4).
 */
function taylorPolynomial(x: tf.Tensor3D): tf.Tensor3D {
  const c = INV_FACTORIAL;
  const eye = tf.eye(x.shape[1]);
  const x2 = matMul(x, x);
  const x3 = matMul(x2, x);
  const x4 = matMul(x2, x2);
  const low = tf.addN([tf.mul(x, c[1]!), tf.mul(x2, c[2]!), tf.mul(x3, c[3]!)]);
  const high = tf.add(tf.addN([tf.mul(x, c[5]!), tf.mul(x2, c[6]!), tf.mul(x3, c[7]!), tf.mul(x4, c[8]!)]), tf.mul(eye, c[4]!)) as tf.Tensor3D;
  return tf.add(tf.add(low, eye), matMul(x4, high)) as tf.Tensor3D;
}

/**
 * exp(A) for a: [b, d, d] -> [b, d, d], fused or plain (fast-paths.ts). `squarings` may be given
 * when the caller knows a bound.
 */
export function expm(a: tf.Tensor3D, squarings?: number): tf.Tensor3D {
  return fastPathsOn() ? expmFused(a, squarings) : expmPlain(a, squarings);
}

/**
 * The fused evaluation: Paterson-Stockmeyer to order 8, squarings with their own gradient. Where
 * reading back is cheap the batch's own norm sets the squarings (never more than a valid bound).
 */
export function expmFused(a: tf.Tensor3D, squarings?: number): tf.Tensor3D {
  const j = squarings === undefined || hostReadsCheap() ? squaringsFor(a) : squarings;
  return tf.tidy(() => {
    const scaled: tf.Tensor3D = j > 0 ? (tf.mul(a, 1 / 2 ** j) as tf.Tensor3D) : a;
    return squareRepeatedly(taylorPolynomial(scaled), j);
  });
}

/**
 * exp(sum_i t_i L_i) for t [m, k] and generators [k, d, d] -> [m, d, d]. With one generator every
 * matrix is t L, so the polynomial is sum_n (c_n (t / 2^j)^n) L^n: the powers of L are taken once
 * (unbatched) and the batch needs one [m, N + 1] x [N + 1, d * d] matMul instead of batched ones.
 * `squarings` must bound ||t L||_1 (the augmenter's bound does); without it, or where reading back
 * is cheap, the batch itself is read to plan the squarings and the order (combinationPlan).
 * `constantT`: t is data, not a function of trained parameters (every caller but Augerino's
 * widths), so the columns c_n u^n are built on the host, one upload instead of 2N small ops.
 */
export function expmOfCombination(t: tf.Tensor2D, generators: tf.Tensor3D, squarings?: number, constantT = false): tf.Tensor3D {
  return tf.tidy(() => {
    const [k, d] = [generators.shape[0], generators.shape[1]];
    const m = t.shape[0];
    if (!fastPathsOn()) {
      const flat = tf.reshape(generators, [k, d * d]) as tf.Tensor2D;
      return expmPlain(tf.reshape(tf.matMul(t, flat), [m, d, d]) as tf.Tensor3D, squarings);
    }
    if (k !== 1) {
      const flat = tf.reshape(generators, [k, d * d]) as tf.Tensor2D;
      return expmFused(tf.reshape(matMul(t, flat), [m, d, d]) as tf.Tensor3D, squarings);
    }
    const l = tf.reshape(generators, [d, d]) as tf.Tensor2D;
    if (hostReadsCheap()) {
      const tHost = t.dataSync() as Float32Array;
      const { order, squarings: j } = combinationPlan(maxAbs(tHost) * oneNormOf(l.dataSync() as Float32Array, d));
      const columns = constantT ? hostColumns(tHost, order, j) : columnsOf(t, order, j);
      const poly = tf.reshape(matMul(columns, hostPowers(l, order)), [m, d, d]) as tf.Tensor3D;
      return squareRepeatedly(poly, j);
    }
    const j = squarings ?? squaringsFor(tf.reshape(matMul(t, tf.reshape(generators, [1, d * d]) as tf.Tensor2D), [m, d, d]) as tf.Tensor3D);
    // A new buffer, not a reshape (nor a clone, which shares it): the wasm backend caches a matMul's
    // packed right operand by its buffer, so L reused as [d, d] after a [1, d * d] product with the
    // same buffer read out of bounds.
    const lOwn = tf.mul(l, 1) as tf.Tensor2D;
    const powers: tf.Tensor2D[] = [tf.eye(d), lOwn];
    for (let n = 2; n <= FAST_ORDER; n++) powers.push(matMul(powers[n - 1]!, lOwn));
    const flatPowers = tf.reshape(tf.stack(powers), [FAST_ORDER + 1, d * d]) as tf.Tensor2D;
    const poly = tf.reshape(matMul(columnsOf(t, FAST_ORDER, j), flatPowers), [m, d, d]) as tf.Tensor3D;
    return squareRepeatedly(poly, j);
  });
}

/** Columns c_n u^n of u = t / 2^j, n = 0..order, built by products so that t keeps its gradient (Augerino's widths). */
function columnsOf(t: tf.Tensor2D, order: number, j: number): tf.Tensor2D {
  const u = j > 0 ? (tf.mul(t, 1 / 2 ** j) as tf.Tensor2D) : t;
  const cols: tf.Tensor2D[] = [tf.onesLike(u)];
  for (let n = 1; n <= order; n++) cols.push(tf.mul(cols[n - 1]!, tf.mul(u, 1 / n)) as tf.Tensor2D);
  return tf.concat(cols, 1) as tf.Tensor2D;
}

/** The same columns from t's values, in float64 and rounded once. */
function hostColumns(t: Float32Array, order: number, j: number): tf.Tensor2D {
  const out = new Float32Array(t.length * (order + 1));
  for (let r = 0; r < t.length; r++) {
    const u = t[r]! / 2 ** j;
    let term = 1;
    for (let n = 0; n <= order; n++) {
      out[r * (order + 1) + n] = term;
      term *= u / (n + 1);
    }
  }
  return tf.tensor2d(out, [t.length, order + 1]);
}

function maxAbs(v: Float32Array): number {
  let out = 0;
  for (const x of v) out = Math.max(out, Math.abs(x));
  return out;
}

/** ||L||_1, the largest column sum of |L|, for L [d, d] row-major. */
function oneNormOf(l: Float32Array, d: number): number {
  let out = 0;
  for (let c = 0; c < d; c++) {
    let sum = 0;
    for (let r = 0; r < d; r++) sum += Math.abs(l[r * d + c]!);
    out = Math.max(out, sum);
  }
  return out;
}
