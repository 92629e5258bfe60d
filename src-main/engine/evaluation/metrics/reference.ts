/**
 * Metrics that compare a learned Lie algebra basis with a reference basis (SPEC section 4,
 * "Against a reference basis"). Bases are number[][][] of shape [k][d][d]: k generators, d x d each.
 *
 * - cosine and MAE compare generators one to one, after the best matching; they see a mixture of
 *   generators or an alternative representation as a miss.
 * - subspace similarity compares the spans in R^{d^2}: blind to order, sign, scale and mixing.
 * - action similarity compares what the generators do to the data, so it also accepts generators
 *   that differ from the reference only where no sample can see.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { flatten, frobeniusInner, frobeniusNorm, principalAngleCosines } from '../../lie/linalg';
import { hungarianAssignment } from '../../lie/assignment';

/** A Lie algebra basis, [k][d][d]. */
export type Basis = readonly (readonly (readonly number[])[])[];

/** Samples as rows: `rows` is [n][d] row-major (length n * d). */
export interface ActionData {
  rows: Float64Array | Float32Array;
  n: number;
  d: number;
}

/** Pairs [learnedIndex, referenceIndex], sorted by learned index. */
export type Assignment = [number, number][];

export interface CosineResult {
  /** Mean |cos| over the matched pairs, in [0, 1]. */
  value: number;
  assignment: Assignment;
}

export interface ReferenceReport {
  /** Mean matched |cosine|, [0, 1], 1 best. */
  cosine: number;
  /** Mean absolute entry difference after unit-norm scaling and sign alignment, 0 best. */
  mae: number;
  /** Mean cos^2 of the principal angles between the spans, [0, 1], 1 best. */
  subspace: number;
  /** Same on the actions over the data; present only when data was given. */
  action?: number;
  /** The learned-to-reference matching used by cosine and MAE. */
  assignment: Assignment;
}

/** Brute force is exact and cheap up to 7 (7! = 5040 assignments); beyond that, Hungarian. */
const BRUTE_FORCE_MAX = 7;

/** Returns d, after checking both bases are non-empty stacks of d x d matrices with the same d. */
function checkBases(learned: Basis, reference: Basis, fn: string): number {
  const check = (basis: Basis, name: string): number => {
    if (basis.length === 0) throw new Error(`${fn}: ${name} basis is empty, expected [k][d][d] with k >= 1`);
    const d = basis[0]?.length ?? 0;
    if (d === 0) throw new Error(`${fn}: ${name} basis has 0x0 generators, expected [k][d][d] with d >= 1`);
    basis.forEach((m, i) => {
      const bad = m.length !== d || m.some((row) => row.length !== d);
      if (bad) {
        const cols = m.find((row) => row.length !== d)?.length ?? m[0]?.length ?? 0;
        throw new Error(`${fn}: ${name} generator ${i} is ${m.length}x${cols}, expected ${d}x${d}`);
      }
    });
    return d;
  };
  const d = check(learned, 'learned');
  const dRef = check(reference, 'reference');
  if (d !== dRef) {
    throw new Error(
      `${fn}: learned basis is [${learned.length}][${d}][${d}] but reference is [${reference.length}][${dRef}][${dRef}]; d must match`,
    );
  }
  return d;
}

/** |<A, B>_F| / (||A|| ||B||), 0 when either is the zero matrix. */
function absCosine(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  const na = frobeniusNorm(a);
  const nb = frobeniusNorm(b);
  if (na === 0 || nb === 0) return 0;
  return Math.min(1, Math.abs(frobeniusInner(a, b)) / (na * nb));
}

/** [k][k*] matrix of |cos| between every learned and every reference generator. */
export function absCosineMatrix(learned: Basis, reference: Basis): number[][] {
  checkBases(learned, reference, 'absCosineMatrix');
  return learned.map((l) => reference.map((r) => absCosine(l, r)));
}

/** Exhaustive search over injective maps rows -> columns (rows <= cols). */
function bruteForceAssignment(score: readonly (readonly number[])[], rows: number, cols: number): number[] {
  let best = -Infinity;
  let bestMap: number[] = [];
  const map: number[] = [];
  const used = new Array<boolean>(cols).fill(false);
  const recurse = (i: number, total: number): void => {
    if (i === rows) {
      if (total > best) {
        best = total;
        bestMap = map.slice();
      }
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (used[j]) continue;
      used[j] = true;
      map.push(j);
      recurse(i + 1, total + ((score[i] as readonly number[])[j] as number));
      map.pop();
      used[j] = false;
    }
  };
  recurse(0, 0);
  return bestMap;
}

/**
 * Best one-to-one assignment on a score matrix [k][k*] (rows = learned, columns = reference):
 * the min(k, k*) pairs, each row and column used at most once, with the largest total score.
 * Exhaustive for max(k, k*) <= 7, Hungarian beyond. Returns pairs sorted by row, and their total.
 */
export function bestAssignment(score: readonly (readonly number[])[]): { pairs: Assignment; total: number } {
  const k = score.length;
  const kRef = score[0]?.length ?? 0;
  score.forEach((row, i) => {
    if (row.length !== kRef) throw new Error(`bestAssignment: row ${i} has ${row.length} entries, expected ${kRef}`);
  });
  if (k === 0 || kRef === 0) return { pairs: [], total: 0 };
  // Solve with rows <= columns; transpose otherwise and swap the pairs back.
  const transposed = k > kRef;
  const s = transposed ? Array.from({ length: kRef }, (_, j) => score.map((row) => row[j] as number)) : score;
  const rows = Math.min(k, kRef);
  const cols = Math.max(k, kRef);
  const map = cols <= BRUTE_FORCE_MAX ? bruteForceAssignment(s, rows, cols) : hungarianAssignment(s, rows, cols);
  const pairs: Assignment = map.map((j, i) => (transposed ? [j, i] : [i, j]));
  pairs.sort((a, b) => a[0] - b[0]);
  const total = pairs.reduce((acc, [i, j]) => acc + ((score[i] as readonly number[])[j] as number), 0);
  return { pairs, total };
}

/**
 * Mean |cosine| between learned [k][d][d] and reference [k*][d][d] generators.
 * k = k* = 1: |<L, L*>_F| / (||L||_F ||L*||_F). Otherwise the min(k, k*) pairs of the best one-to-one
 * matching (sign is already absorbed by the absolute value). A zero generator scores 0.
 */
export function cosineSimilarity(learned: Basis, reference: Basis): CosineResult {
  checkBases(learned, reference, 'cosineSimilarity');
  const { pairs, total } = bestAssignment(absCosineMatrix(learned, reference));
  return { value: total / pairs.length, assignment: pairs };
}

/** A / ||A||_F, or A itself when it is zero (nothing to normalise). */
function unitNorm(a: readonly (readonly number[])[]): number[][] {
  const n = frobeniusNorm(a);
  return a.map((row) => row.map((v) => (n === 0 ? v : v / n)));
}

/**
 * MAE between learned [k][d][d] and reference [k*][d][d]: pairs from the cosine matching, both
 * matrices scaled to unit Frobenius norm, the learned one's sign flipped so <L, L*> >= 0, then the
 * mean |entry difference| over the d^2 entries, averaged over the pairs. 0 = identical up to scale
 * and sign.
 */
export function meanAbsoluteError(learned: Basis, reference: Basis): number {
  const d = checkBases(learned, reference, 'meanAbsoluteError');
  const { assignment } = cosineSimilarity(learned, reference);
  return maeOverPairs(learned, reference, assignment, d);
}

function maeOverPairs(learned: Basis, reference: Basis, assignment: Assignment, d: number): number {
  let sum = 0;
  for (const [i, j] of assignment) {
    const l = unitNorm(learned[i] as Basis[number]);
    const r = unitNorm(reference[j] as Basis[number]);
    const sign = frobeniusInner(l, r) < 0 ? -1 : 1;
    let abs = 0;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) abs += Math.abs(sign * ((l[a] as number[])[b] as number) - ((r[a] as number[])[b] as number));
    }
    sum += abs / (d * d);
  }
  return sum / assignment.length;
}

/**
 * Sum of cos^2 of the principal angles between span{vectors A} and span{vectors B}, divided by
 * min(|A|, |B|) (SPEC section 4): directions a basis fails to span count as 0, so k generators that
 * collapsed onto one direction cannot pass for a k-dimensional algebra. 0 if either span is {0}.
 */
function spanSimilarity(a: number[][], b: number[][]): number {
  // Unit-normalise each spanning vector so that the rank tolerance judges directions, not how
  // large one generator happens to be next to another; zero vectors stay zero and drop out.
  const unit = (vs: number[][]): number[][] =>
    vs
      .map((v) => {
        let sq = 0;
        for (const x of v) sq += x * x;
        const n = Math.sqrt(sq);
        return n > 0 ? v.map((x) => x / n) : null;
      })
      .filter((v): v is number[] => v !== null);
  const cosines = principalAngleCosines(unit(a), unit(b));
  if (cosines.length === 0) return 0;
  return cosines.reduce((acc, c) => acc + c * c, 0) / Math.min(a.length, b.length);
}

/**
 * Subspace similarity between learned [k][d][d] and reference [k*][d][d]: principal angles between
 * span{vec L_i} and span{vec L*_j} in R^{d^2}; the sum of cos^2 over the angles divided by
 * min(k, k*). 1 = same span, whatever the order, sign, scale or mixing of the generators. A zero
 * learned basis scores 0; two learned generators that collapsed onto one direction score at most
 * 1/2 against a 2-dimensional reference.
 */
export function subspaceSimilarity(learned: Basis, reference: Basis): number {
  checkBases(learned, reference, 'subspaceSimilarity');
  return spanSimilarity(learned.map((l) => flatten(l)), reference.map((r) => flatten(r)));
}

/** Features whose standard deviation is below this are constant on the data and dropped. */
const MIN_FEATURE_STD = 1e-12;
/** An action this small next to its bound ||L|| ||X|| is rounding noise: the generator is invisible. */
const INVISIBLE_ACTION = 1e-10;

/**
 * What the action similarity needs of the data: X^T X = factor factor^T (d x d, the data's rows as
 * d-vectors), each feature's standard deviation, and ||X||_F. The action A_i = L_i X^T then has the
 * inner products of D^-1 L_i factor (D = diag(std)), so generators can be compared by how they move
 * the samples without the samples themselves (a run's starts compare theirs this way).
 */
export interface ActionMetric {
  factor: number[][];
  std: number[];
  norm: number;
}

/** The action metric of data rows [n][d]. */
export function actionMetric(data: ActionData): ActionMetric {
  const { rows, n, d } = data;
  const m = new Matrix(d, d);
  const mean = new Array<number>(d).fill(0);
  let normSq = 0;
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < d; a++) {
      const xa = rows[s * d + a] as number;
      mean[a] = (mean[a] as number) + xa / n;
      normSq += xa * xa;
      for (let b = a; b < d; b++) m.set(a, b, m.get(a, b) + xa * (rows[s * d + b] as number));
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) m.set(a, b, m.get(b, a));
  // Population standard deviation from the second moments: E[x^2] - E[x]^2.
  const std = mean.map((mu, f) => Math.sqrt(Math.max(0, m.get(f, f) / n - mu * mu)));
  const eig = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const factor = Array.from({ length: d }, (_, a) => eig.realEigenvalues.map((v, c) => eig.eigenvectorMatrix.get(a, c) * Math.sqrt(Math.max(0, v))));
  return { factor, std, norm: Math.sqrt(normSq) };
}

/**
 * vec of the action of every generator on the data, A_i = L_i X^T with row f divided by feature
 * f's standard deviation and constant features dropped, as D^-1 L_i factor (the same inner
 * products). Generators with no visible action come back as zero vectors.
 */
function actionVectors(basis: Basis, metric: ActionMetric): number[][] {
  const { factor, std, norm } = metric;
  const d = std.length;
  const keep = std.flatMap((sf, f) => (sf >= MIN_FEATURE_STD ? [f] : []));
  return basis.map((l) => {
    const out: number[] = [];
    let actionSq = 0;
    let boundSq = 0;
    for (const f of keep) {
      const row = l[f] as readonly number[];
      const sf = std[f] as number;
      for (const v of row) boundSq += (v * v) / (sf * sf);
      for (let c = 0; c < d; c++) {
        let acc = 0;
        for (let j = 0; j < d; j++) acc += (row[j] as number) * ((factor[j] as number[])[c] as number);
        out.push(acc / sf);
        actionSq += (acc / sf) ** 2;
      }
    }
    // ||vec A_i|| <= ||D^-1 L_i|| ||X||: an action this far below its bound is rounding noise.
    const bound = Math.sqrt(boundSq) * norm;
    return Math.sqrt(actionSq) <= INVISIBLE_ACTION * bound ? out.fill(0) : out;
  });
}

/** Action similarity of two bases [k][d][d] under a data metric (see actionSimilarity). */
export function actionSimilarityWith(a: Basis, b: Basis, metric: ActionMetric): number {
  if (!metric.std.some((sf) => sf >= MIN_FEATURE_STD)) return 0;
  return spanSimilarity(actionVectors(a, metric), actionVectors(b, metric));
}

/**
 * Action similarity between learned [k][d][d] and reference [k*][d][d] on data rows [n][d]:
 * for each generator the action A_i = L_i X^T (the displacement of every sample), each feature's
 * row divided by that feature's standard deviation over the data (so large-valued features cannot
 * hide what happens to small ones; features with std < 1e-12 are dropped), then vec'd; the result
 * is the sum of cos^2 of the principal angles between span{vec A_i} and span{vec A*_j} divided
 * by min(k, k*).
 * It ignores every part of a generator that no sample can see: generators that agree on the
 * span of the data score 1 even when they differ elsewhere (e.g. the 2-body data live on a
 * 4-dimensional subspace of R^8). A basis with no visible action, or data with no varying
 * feature, scores 0.
 */
export function actionSimilarity(learned: Basis, reference: Basis, data: ActionData): number {
  const d = checkBases(learned, reference, 'actionSimilarity');
  const { rows, n } = data;
  if (data.d !== d) {
    throw new Error(`actionSimilarity: data rows have d = ${data.d} features but the bases are [k][${d}][${d}]`);
  }
  if (!Number.isInteger(n) || n < 1) throw new Error(`actionSimilarity: expected n >= 1 samples, got n = ${n}`);
  if (rows.length !== n * d) {
    throw new Error(`actionSimilarity: data rows have length ${rows.length}, expected n * d = ${n} * ${d} = ${n * d}`);
  }
  return actionSimilarityWith(learned, reference, actionMetric(data));
}

/**
 * All reference metrics for learned [k][d][d] against reference [k*][d][d]; `action` only when
 * data rows [n][d] are given.
 */
export function referenceReport(learned: Basis, reference: Basis, data?: ActionData): ReferenceReport {
  const d = checkBases(learned, reference, 'referenceReport');
  const cos = cosineSimilarity(learned, reference);
  const report: ReferenceReport = {
    cosine: cos.value,
    mae: maeOverPairs(learned, reference, cos.assignment, d),
    subspace: subspaceSimilarity(learned, reference),
    assignment: cos.assignment,
  };
  if (data !== undefined) report.action = actionSimilarity(learned, reference, data);
  return report;
}
