/**
 * Which directions of the learned span are exact symmetries and which approximate, whatever mixture
 * of them training happened to learn: "so(3) of which the rotation about z is exact; about x and y
 * approximate". Two measurements:
 *  - from the data's own gradients (forces) where the data carry them: for an invariant target the
 *    change along a generator L is grad f(x) . (L x); its second moments over the held-out samples
 *    form Q_jk = E[(grad f . L_j x)(grad f . L_k x)], whose eigen-directions (in the Frobenius
 *    metric) are measured as in gradient-test.ts (0 = constant along it, 1 = like a random generator);
 *  - otherwise from finite moves of the held-out samples (move-exactness.ts): the change of the task
 *    loss under exp(t u), relative to the model's own held-out error, with a bootstrap interval;
 *    exact when the interval stays within the limit, approximate when it lies above it, and "cannot
 *    tell" when the model fits too poorly or the interval straddles the limit. A model's input
 *    gradients are not used: a ReLU network's are too noisy to separate the directions.
 * `strength` ranks the directions on the scale of the training strengths (PER's rule,
 * (v_min / v)^2: 1 for the most exact); `trainingStrength` is the strength training gave the
 * direction (the per-generator strengths weighted by the direction's share of each generator).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Dataset, SampleSet } from '../../data/dataset';
import type { CoefficientSpec } from '../augmenter';
import type { TermContext } from '../losses/objective';
import type { BaseModel } from '../models/model';
import { frobeniusNorm } from '../lie/linalg';
import { concatSets, subset } from '../samples';
import type { CostInterval } from './bootstrap';
import { directionalDerivatives, gradientTest } from './gradient-test';
import { moveDirections, MoveProbe } from './move-exactness';
import { relativeMotion } from './motion';
import { correctedModel, CORRECTION_DEFAULTS, type CorrectionSettings } from './residual-correction';

export type DirectionVerdict = 'exact' | 'approximate' | 'undecided';

export interface SpanDirection {
  /** The direction as a generator [d][d] (unit Frobenius norm times the basis' mean norm). */
  generator: number[][];
  /**
   * How much the target changes along it, 0 = exact. Data gradients: relative to random
   * generators. Held-out moves: the held-out loss change under its moves relative to the model's
   * own held-out error (change.estimate).
   */
  variation: number;
  exact: boolean;
  /** (smallest variation / this variation)^2, capped at 1: larger = more exact. */
  strength: number;
  /** What it is closest to among single elementary motions, e.g. "rotation about z", or null. */
  name: string | null;
  /**
   * The motion its name says, at the direction's norm: the elementary motion, or for a rotation about
   * another axis the direction's rotation part; absent when unnamed. The generated algebra (rule 6)
   * is also tried from these: a learned rotation keeps a little scaling or shear, and brackets
   * of those leftovers grow the algebra past what the rotations generate.
   */
  ideal?: number[][];
  /** Held-out moves: exact, approximate or undecided (the interval straddles the limit). */
  verdict?: DirectionVerdict;
  /** Held-out moves: the relative loss change with its bootstrap interval. */
  change?: CostInterval;
  /** The training strength of the direction (strengths enabled), else null. */
  trainingStrength?: number | null;
  /** Coefficients of the direction in the learned basis. */
  coefficients?: number[];
  /** How far the direction moves the samples it was measured on (motion.ts): near 0, "exact" tests nothing. */
  motion?: number;
}

export interface Exactness {
  /** 'model gradients' only in summaries written before held-out moves replaced it. */
  source: 'data gradients' | 'held-out moves' | 'model gradients';
  /** Most exact first. */
  directions: SpanDirection[];
  /** The limit on `variation` below which a direction is exact. */
  threshold: number;
  /** e.g. "of which exact: rotation about z (0.0012); approximate: rotation about x (0.081), ...". */
  description: string;
  /** False when the measurement cannot tell exact from approximate (a poor fit, or every interval straddles the limit). */
  decided?: boolean;
  /** Held-out moves: the model's held-out task loss (standardized units), the scale of `variation`, and its R^2. */
  modelError?: number;
  r2?: number | null;
  /** Held-out samples measured on. */
  samples?: number;
  /** One line for the algebra report: "exact: rotation about z; approximate: rotation about x, rotation about y". */
  brief?: string;
}

const AXES = ['x', 'y', 'z'];

/** A direction's name and the motion it names (SpanDirection.name, .ideal). */
type Named = { name: string | null; ideal?: number[][] };

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


/** Settings of the held-out-moves measurement (used when the data carry no gradients). */
export interface MoveSettings {
  ctx: TermContext;
  /** How t is drawn: the training's coefficient distribution. */
  coefficients: CoefficientSpec;
  /** Largest relative loss change (upper end of its interval) called exact; a lower end above 0 (else): approximate. */
  maxChange: number;
  /** Held-out R^2 below which nothing is told (regression). */
  minR2: number;
  /** Draws of t per sample. */
  draws?: number;
  /** Regression: the training samples, to fit the residual correction on (residual-correction.ts); none: the model alone. */
  train?: SampleSet | null;
  correction?: Omit<CorrectionSettings, 'seed'>;
}

export interface ExactnessOptions {
  /** Data gradients: the largest variation called exact. */
  threshold: number;
  seed: number;
  /** Without data gradients: measure by held-out moves; without these settings, null is returned. */
  moves?: MoveSettings | null;
  /** Training strengths per generator of the basis (strengths enabled). */
  strengths?: number[] | null;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toPrecision(2) : v.toExponential(1));
const pct = (v: number): string => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(Math.abs(100 * v) >= 10 ? 0 : 1)}%`;

/** Rotation axis of a 3 x 3 block that is (nearly) antisymmetric: "the axis (0.71, 0.70, 0.05)", or null. */
function rotationAxis(L: number[][], homogeneous: boolean): string | null {
  if (L.length !== (homogeneous ? 4 : 3)) return null;
  const a = [L[2]![1]! - L[1]![2]!, L[0]![2]! - L[2]![0]!, L[1]![0]! - L[0]![1]!].map((v) => v / 2);
  const na = Math.hypot(...a);
  const n = Math.sqrt(L.flat().reduce((s, v) => s + v * v, 0));
  // The rotation part must carry nearly all of the generator (sqrt(2) |axis| = ||antisymmetric part||).
  if (!(n > 0 && (Math.SQRT2 * na) / n >= 0.9)) return null;
  const sign = Math.sign(a[a.map(Math.abs).indexOf(Math.max(...a.map(Math.abs)))]!) || 1;
  return `the axis (${a.map((v) => ((sign * v) / na).toFixed(2)).join(', ')})`;
}

/** Strength training gave a direction: the generators' strengths weighted by its share of each. */
function trainingStrength(coefficients: number[], basis: number[][][], strengths: number[] | null | undefined): number | null {
  if (!strengths || strengths.length !== basis.length) return null;
  const share = coefficients.map((c, m) => (c * Math.sqrt(basis[m]!.flat().reduce((s, v) => s + v * v, 0))) ** 2);
  const total = share.reduce((a, b) => a + b, 0);
  return total > 0 ? share.reduce((s, w, m) => s + (w / total) * strengths[m]!, 0) : null;
}

/**
 * Directions of the span of `basis` on `set` (held-out samples): from the data's gradients when
 * `set` carries them (invariant regression), else from held-out moves of `model` when
 * `options.moves` is given. Null when neither applies.
 */
export function spanExactness(model: BaseModel, ds: Dataset, set: SampleSet, basis: number[][][], options: ExactnessOptions): Exactness | null {
  if (basis.length === 0 || set.n === 0) return null;
  const layout = ds.layout;
  // Blocks of a vector (x1, y1, z1, x2, ...) name their axes without the block index.
  const names = layout.kind === 'points' ? AXES : layout.kind === 'image' ? ['u', 'v'] : ds.inputNames.slice(0, layout.d).map((n) => (layout.blocks > 1 ? n.replace(/_?\d+$/, '') || n : n));
  const homogeneous = (layout.kind === 'points' && layout.d === 4) || layout.kind === 'image';
  const motions = elementary(layout.d, names, homogeneous);
  const nameOf = (generator: number[][]): Named => {
    const atNorm = (L: number[][], sign: number): number[][] => {
      const scale = (sign * frobeniusNorm(generator)) / frobeniusNorm(L);
      return L.map((row) => row.map((v) => v * scale));
    };
    const best = motions.map((m) => ({ ...m, c: cosine(generator, m.L) })).sort((a, b) => Math.abs(b.c) - Math.abs(a.c))[0];
    if (best && Math.abs(best.c) >= 0.9) return { name: best.name, ideal: atNorm(best.L, Math.sign(best.c)) };
    const axis = rotationAxis(generator, homogeneous);
    if (!axis) return { name: null };
    // The rotation part: antisymmetric, on the spatial block only (homogeneous: no translation).
    const n = homogeneous ? generator.length - 1 : generator.length;
    const rotation = generator.map((row, i) => row.map((v, j) => (i < n && j < n ? (v - generator[j]![i]!) / 2 : 0)));
    return { name: `rotation about ${axis}`, ideal: atNorm(rotation, 1) };
  };
  if (set.targetGradient && ds.task === 'invariant' && ds.targetKind === 'regression') return fromGradients(ds, set, basis, options, nameOf);
  if (!options.moves) return null;
  return fromMoves(model, ds, set, basis, options, options.moves, nameOf);
}

function fromGradients(ds: Dataset, set: SampleSet, basis: number[][][], options: ExactnessOptions, nameOf: (L: number[][]) => Named): Exactness {
  const { threshold, seed } = options;
  const source = 'data gradients';
  const derivatives = directionalDerivatives(basis, ds.layout, set);
  const norm = basis.reduce((s, L) => s + Math.sqrt(L.flat().reduce((a, v) => a + v * v, 0)), 0) / basis.length;
  const coefficients = spanEigenDirections(basis, derivatives);
  const directions = coefficients.map((c) => {
    const L = basis[0]!.map((row, i) => row.map((_, j) => basis.reduce((s, B, m) => s + c[m]! * B[i]![j]!, 0)));
    const n = Math.sqrt(L.flat().reduce((a, v) => a + v * v, 0));
    return L.map((row) => row.map((v) => (v * norm) / n));
  });
  const variation = directions.map((L, i) => gradientTest([L], ds.layout, set, seed + i)!.variation[0]!);
  const vMin = Math.max(Math.min(...variation), 1e-12);
  const out: SpanDirection[] = directions.map((generator, i) => {
    const v = variation[i]!;
    const exact = v <= threshold;
    return {
      generator,
      variation: v,
      exact,
      strength: Math.min(1, (vMin / Math.max(v, 1e-12)) ** 2),
      ...nameOf(generator),
      verdict: exact ? 'exact' : 'approximate',
      trainingStrength: trainingStrength(coefficients[i]!, basis, options.strengths),
      coefficients: coefficients[i]!,
      motion: relativeMotion([generator], ds.layout, set)[0]!,
    };
  });
  out.sort((a, b) => a.variation - b.variation);
  const list = (ds: SpanDirection[]): string => ds.map((d) => `${d.name ?? 'a mixed direction'} (${fmt(d.variation)}${d.trainingStrength != null ? `; training strength ${fmt(d.trainingStrength)}` : ''})`).join(', ');
  const exact = out.filter((d) => d.exact);
  const approx = out.filter((d) => !d.exact);
  const description = [exact.length ? `exact: ${list(exact)}` : 'no exact direction', approx.length ? `approximate: ${list(approx)}` : null].filter(Boolean).join('; ');
  return {
    source,
    directions: out,
    threshold,
    decided: true,
    samples: set.n,
    description: `${description} (change along each direction relative to a random generator, from the ${source})`,
    brief: briefOf(out),
  };
}

function fromMoves(model: BaseModel, ds: Dataset, set: SampleSet, basis: number[][][], options: ExactnessOptions, moves: MoveSettings, nameOf: (L: number[][]) => Named): Exactness {
  const source = 'held-out moves';
  const threshold = moves.maxChange;
  // The model alone when it is all there is; with training samples, plus what it left out of them.
  const corrected = moves.train && ds.targetKind === 'regression' ? correctedModel(model, ds, moves.train, { ...CORRECTION_DEFAULTS, ...moves.correction, seed: options.seed + 2 }) : null;
  const probe = new MoveProbe({ model: corrected ?? model, ctx: moves.ctx, dataset: ds }, set, { coefficients: moves.coefficients, draws: moves.draws ?? 16, seed: options.seed });
  try {
    const modelError = probe.direct.reduce((a, b) => a + b, 0) / probe.n;
    const r2 = ds.targetKind === 'regression' ? r2Of(modelError, set, moves.ctx) : null;
    const measured = moveDirections(probe, basis, options.seed + 1);
    const floor = threshold;
    const cMin = Math.max(Math.min(...measured.map((m) => m.interval.estimate)), floor);
    const out: SpanDirection[] = measured.map((m) => {
      const i = m.interval;
      // Exact: any breaking stays below `threshold` of the model's error (indistinguishable at this fit);
      // approximate: the loss measurably rises (the interval lies above 0); else cannot tell.
      const verdict: DirectionVerdict = i.high <= threshold ? 'exact' : i.low > 0 ? 'approximate' : 'undecided';
      return {
        generator: m.generator,
        variation: i.estimate,
        exact: verdict === 'exact',
        strength: Math.min(1, (cMin / Math.max(i.estimate, floor)) ** 2),
        ...nameOf(m.generator),
        verdict,
        change: i,
        trainingStrength: trainingStrength(m.coefficients, basis, options.strengths),
        coefficients: m.coefficients,
        motion: relativeMotion([m.generator], ds.layout, set)[0]!,
      };
    });
    const base = { source, directions: out, threshold, modelError, r2, samples: set.n } as const;
    const how = `held-out loss change under each direction's moves relative to the model's own held-out error ${fmt(modelError)}, ${Math.round(100 * (out[0]?.change?.level ?? 0.9))}% intervals over ${set.n} samples; exact: indistinguishable from exact at this fit, up to ${pct(threshold)}; approximate: above 0`;
    const item = (d: SpanDirection): string => {
      const c = d.change!;
      const ts = d.trainingStrength != null ? `; training strength ${fmt(d.trainingStrength)}` : '';
      return `${d.name ?? 'a mixed direction'} (${pct(c.estimate)}, ${pct(c.low)} to ${pct(c.high)}${ts})`;
    };
    if (r2 !== null && r2 < moves.minR2) {
      // Too poor a fit: no direction is called either way.
      for (const d of out) Object.assign(d, { verdict: 'undecided', exact: false });
      return { ...base, decided: false, description: `cannot tell exact from approximate directions: the model fits the held-out data too poorly (R^2 = ${fmt(r2)}, at least ${fmt(moves.minR2)} needed) (${how})`, brief: 'cannot tell exact from approximate (poor fit)' };
    }
    const groups: [DirectionVerdict, string][] = [['exact', 'exact'], ['approximate', 'approximate'], ['undecided', 'cannot tell']];
    const parts = groups.map(([v, label]) => ({ label, ds: out.filter((d) => d.verdict === v) })).filter((g) => g.ds.length > 0);
    const decided = out.some((d) => d.verdict !== 'undecided');
    const text = parts.map((g) => `${g.label}: ${g.ds.map(item).join(', ')}`).join('; ');
    const lead = decided ? '' : 'cannot tell exact from approximate directions at this fit: ';
    return { ...base, decided, description: `${lead}${text} (${how})`, brief: decided ? briefOf(out) : 'cannot tell exact from approximate (intervals straddle the limit)' };
  } finally {
    probe.dispose();
    corrected?.dispose();
  }
}

/**
 * The held-out samples the moves are measured on: the validation samples and, for the vector
 * layout, the test samples too (neither was trained on; more samples, narrower intervals), at most `cap`.
 */
export function exactnessSamples(ds: Dataset, val: SampleSet, test: SampleSet | null, cap = 2000): SampleSet {
  const withTest = test && test !== val && ds.layout.kind === 'vector' && !val.targetGradient === !test.targetGradient;
  const both = withTest ? concatSets(ds, val, test) : val;
  return both.n <= cap ? both : subset(ds, both, Array.from({ length: cap }, (_, i) => i));
}

/** Held-out R^2 from the mean standardized loss: 1 - loss / (variance / scale^2), pooled over columns. */
function r2Of(modelError: number, set: SampleSet, ctx: TermContext): number | null {
  const scale = ctx.targetScale.dataSync();
  const T = scale.length;
  let v = 0;
  for (let c = 0; c < T; c++) {
    let mean = 0;
    for (let i = 0; i < set.n; i++) mean += set.targets[i * T + c]! / set.n;
    let sq = 0;
    for (let i = 0; i < set.n; i++) sq += (set.targets[i * T + c]! - mean) ** 2 / set.n;
    v += sq / scale[c]! ** 2 / T;
  }
  return v > 0 ? 1 - modelError / v : null;
}

/** "exact: rotation about z; approximate: rotation about x, rotation about y". */
function briefOf(out: SpanDirection[]): string {
  const named = (d: SpanDirection): string => `${d.name ?? 'a mixed direction'}${d.trainingStrength != null ? ` (strength ${fmt(d.trainingStrength)})` : ''}`;
  const groups: [DirectionVerdict, string][] = [['exact', 'exact'], ['approximate', 'approximate'], ['undecided', 'cannot tell']];
  return groups
    .map(([v, label]) => ({ label, ds: out.filter((d) => d.verdict === v) }))
    .filter((g) => g.ds.length > 0)
    .map((g) => `${g.label}: ${g.ds.map(named).join(', ')}`)
    .join('; ');
}
