/**
 * Which directions of the learned span are exact symmetries and which approximate. For an invariant
 * target the change along a generator L is grad f(x) . (L x); over the held-out samples its second
 * moments form Q_jk = E[(grad f . L_j x)(grad f . L_k x)], a quadratic form on the span. Its
 * eigen-directions (in the Frobenius metric of the generators) separate what the target ignores
 * from what it merely nearly ignores, whatever mixture of them training happened to learn:
 * "so(3) of which the rotation about z is exact; about x and y approximate". The gradients are
 * the data's own (forces) where the data carry them, else the trained model's input gradients.
 * Each direction's variation is measured as in gradient-test.ts (0 = constant along it, 1 = like
 * a random generator); `strength` ranks them on the scale of the training strengths
 * (PER's rule, (v_min / v)^2: 1 for the most exact).
 */
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Dataset, SampleSet } from '../../data/dataset';
import type { Inputs } from '../layouts';
import type { BaseModel } from '../models/model';
import { disposeInputs, toTensors } from '../samples';
import { directionalDerivatives, gradientTest } from './gradient-test';

export interface SpanDirection {
  /** The direction as a generator [d][d] (unit Frobenius norm times the basis' mean norm). */
  generator: number[][];
  /** Change of the target along it relative to random generators (0 = exact). */
  variation: number;
  exact: boolean;
  /** (smallest variation / this variation)^2, capped at 1: larger = more exact. */
  strength: number;
  /** What it is closest to among single elementary motions, e.g. "rotation about z", or null. */
  name: string | null;
}

export interface Exactness {
  source: 'data gradients' | 'model gradients';
  /** Most exact first. */
  directions: SpanDirection[];
  threshold: number;
  /** e.g. "of which exact: rotation about z (0.0012); approximate: rotation about x (0.081), ...". */
  description: string;
}

/** Input gradients of each output of `model` at the samples of `set`, flattened like the inputs, one set per output. */
function modelGradients(model: BaseModel, ds: Dataset, set: SampleSet, outputs: number): Float32Array[] {
  const tensors = toTensors(ds, set);
  const out: Float32Array[] = [];
  for (let o = 0; o < outputs; o++) {
    const pick = (y: tf.Tensor2D): tf.Scalar => tf.sum(tf.slice(y, [0, o], [-1, 1]));
    const g = tf.tidy(() => {
      const x = tensors.inputs;
      if (x.kind === 'vector') return tf.grad((v: tf.Tensor) => pick(model.predict({ kind: 'vector', x: v as tf.Tensor2D })))(x.x);
      return tf.grad((c: tf.Tensor) => pick(model.predict({ ...x, coords: c as tf.Tensor3D } as Inputs)))(x.coords);
    });
    out.push(g.dataSync() as Float32Array);
    g.dispose();
  }
  disposeInputs(tensors.inputs);
  tensors.targets.dispose();
  return out;
}

const AXES = ['x', 'y', 'z'];

/** Elementary motions of the layout's d-vectors with a name each: rotations in coordinate planes, the scaling, translations (homogeneous). */
function elementary(d: number, names: string[], homogeneous: boolean): { name: string; L: number[][] }[] {
  const n = homogeneous ? d - 1 : d;
  const zero = (): number[][] => Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const out: { name: string; L: number[][] }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const L = zero();
      L[i]![j] = -1;
      L[j]![i] = 1;
      const about = n === 3 ? `rotation about ${names[3 - i - j] ?? AXES[3 - i - j]}` : `rotation in the (${names[i]}, ${names[j]}) plane`;
      out.push({ name: about, L });
    }
  }
  const S = zero();
  for (let i = 0; i < n; i++) S[i]![i] = 1;
  out.push({ name: 'scaling', L: S });
  if (homogeneous) {
    for (let i = 0; i < n; i++) {
      const T = zero();
      T[i]![d - 1] = 1;
      out.push({ name: `translation along ${names[i]}`, L: T });
    }
  }
  return out;
}

function cosine(a: number[][], b: number[][]): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((row, i) => row.forEach((v, j) => {
    ab += v * b[i]![j]!;
    aa += v * v;
    bb += b[i]![j]! ** 2;
  }));
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Eigen-directions of Q in the span of `basis` [k][d][d], in the Frobenius metric: [k][k] coefficient rows. */
function spanEigenDirections(basis: number[][][], derivatives: number[][]): number[][] {
  const k = basis.length;
  const G = new Matrix(basis.map((a) => basis.map((b) => a.flat().reduce((s, v, i) => s + v * b.flat()[i]!, 0))));
  const Q = new Matrix(k, k);
  for (const row of derivatives) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Q.set(i, j, Q.get(i, j) + (row[i]! * row[j]!) / derivatives.length);
  // Whiten by G^(-1/2) so that the eigen-directions are orthonormal generators.
  const eg = new EigenvalueDecomposition(G, { assumeSymmetric: true });
  const keep = eg.realEigenvalues.map((v, i) => ({ v, i })).filter(({ v }) => v > 1e-9 * Math.max(...eg.realEigenvalues));
  const W = new Matrix(k, keep.length);
  keep.forEach(({ v, i }, c) => {
    for (let r = 0; r < k; r++) W.set(r, c, eg.eigenvectorMatrix.get(r, i) / Math.sqrt(v));
  });
  const eq = new EigenvalueDecomposition(W.transpose().mmul(Q).mmul(W), { assumeSymmetric: true });
  const coeffs = W.mmul(eq.eigenvectorMatrix); // [k][r]: column c is direction c in basis coefficients
  return Array.from({ length: keep.length }, (_, c) => coeffs.getColumn(c));
}

/**
 * Directions of the span of `basis` on `set` (held-out, invariant regression), from the data's
 * gradients when `set` carries them, else from the model's. Null for other tasks.
 */
export function spanExactness(model: BaseModel, ds: Dataset, set: SampleSet, basis: number[][][], seed: number, threshold: number): Exactness | null {
  if (basis.length === 0 || set.n === 0 || ds.task !== 'invariant' || ds.targetKind !== 'regression') return null;
  const source = set.targetGradient ? 'data gradients' : 'model gradients';
  const gradients = set.targetGradient ? [set.targetGradient] : modelGradients(model, ds, set, ds.targetNames.length);
  const sets = gradients.map((g) => ({ ...set, targetGradient: g }));
  const derivatives = sets.flatMap((s) => directionalDerivatives(basis, ds.layout, s));
  const norm = basis.reduce((s, L) => s + Math.sqrt(L.flat().reduce((a, v) => a + v * v, 0)), 0) / basis.length;
  const directions = spanEigenDirections(basis, derivatives).map((c) => {
    const L = basis[0]!.map((row, i) => row.map((_, j) => basis.reduce((s, B, m) => s + c[m]! * B[i]![j]!, 0)));
    const n = Math.sqrt(L.flat().reduce((a, v) => a + v * v, 0));
    return L.map((row) => row.map((v) => (v * norm) / n));
  });
  const variation = directions.map((_, i) => {
    const per = sets.map((s) => gradientTest([directions[i]!], ds.layout, s, seed + i)!.variation[0]!);
    return per.reduce((a, b) => a + b, 0) / per.length;
  });
  const layout = ds.layout;
  // Blocks of a vector (x1, y1, z1, x2, ...) name their axes without the block index.
  const names = layout.kind === 'points' ? AXES : ds.inputNames.slice(0, layout.d).map((n) => (layout.blocks > 1 ? n.replace(/_?\d+$/, '') || n : n));
  const motions = elementary(layout.d, names, layout.kind === 'points' && layout.d === 4);
  const vMin = Math.max(Math.min(...variation), 1e-12);
  const out: SpanDirection[] = directions.map((generator, i) => {
    const best = motions.map((m) => ({ name: m.name, c: Math.abs(cosine(generator, m.L)) })).sort((a, b) => b.c - a.c)[0];
    const v = variation[i]!;
    return { generator, variation: v, exact: v <= threshold, strength: Math.min(1, (vMin / Math.max(v, 1e-12)) ** 2), name: best && best.c >= 0.9 ? best.name : null };
  });
  out.sort((a, b) => a.variation - b.variation);
  const fmt = (v: number): string => (Math.abs(v) >= 1e-3 ? v.toPrecision(2) : v.toExponential(1));
  const list = (ds: SpanDirection[]): string => ds.map((d) => `${d.name ?? 'a mixed direction'} (${fmt(d.variation)})`).join(', ');
  const exact = out.filter((d) => d.exact);
  const approx = out.filter((d) => !d.exact);
  const basisText = `change along each direction relative to a random generator, from the ${source}`;
  // A model's own gradients carry its fitting error: when no direction is below the limit, the
  // model cannot separate exact from approximate directions, and that is what is said.
  if (source === 'model gradients' && exact.length === 0) {
    return { source, directions: out, threshold, description: `the model cannot tell exact from approximate directions: ${list(out)} (${basisText}; limit ${threshold})` };
  }
  const description = [exact.length ? `exact: ${list(exact)}` : 'no exact direction', approx.length ? `approximate: ${list(approx)}` : null].filter(Boolean).join('; ');
  return { source, directions: out, threshold, description: `${description} (${basisText})` };
}
