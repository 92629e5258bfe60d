/** Small dense matrices for the group-element view: exp(sum t_i L_i) and its action on samples. */

export type Matrix = number[][];

export const identity = (d: number): Matrix => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

export function multiply(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const m = b[0]?.length ?? 0;
  const inner = b.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      let s = 0;
      for (let l = 0; l < inner; l++) s += a[i]![l]! * b[l]![j]!;
      return s;
    }),
  );
}

/** sum_i t_i L_i for a basis [k][d][d]. */
export function combine(basis: readonly Matrix[], t: readonly number[]): Matrix {
  const d = basis[0]?.length ?? 0;
  const out = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  basis.forEach((L, g) => {
    const c = t[g] ?? 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i]![j]! += c * L[i]![j]!;
  });
  return out;
}

/** Matrix exponential by scaling and squaring with a Taylor series (d is small here). */
export function expm(a: Matrix): Matrix {
  const d = a.length;
  let norm = 0;
  for (const row of a) norm = Math.max(norm, row.reduce((s, v) => s + Math.abs(v), 0));
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const scale = 2 ** -squarings;
  const x = a.map((row) => row.map((v) => v * scale));
  let term = identity(d);
  let sum = identity(d);
  for (let n = 1; n <= 18; n++) {
    term = multiply(term, x).map((row) => row.map((v) => v / n));
    sum = sum.map((row, i) => row.map((v, j) => v + term[i]![j]!));
  }
  for (let s = 0; s < squarings; s++) sum = multiply(sum, sum);
  return sum;
}

/** g x for a vector x of length d. */
export function apply(g: Matrix, x: readonly number[]): number[] {
  return g.map((row) => row.reduce((s, v, j) => s + v * (x[j] ?? 0), 0));
}

/**
 * The action of g on a sample as the workbench defines it: points (d = 3) are rotated about the
 * origin; d = 4 acts on homogeneous [p; 1]; a vector row of `blocks` groups of d features is
 * transformed group by group.
 */
export function actOnPoints(g: Matrix, points: readonly (readonly number[])[]): [number, number, number][] {
  const homogeneous = g.length === 4;
  return points.map((p) => {
    const y = apply(g, homogeneous ? [p[0]!, p[1]!, p[2]!, 1] : [p[0]!, p[1]!, p[2]!]);
    return [y[0]!, y[1]!, y[2]!];
  });
}

export function actOnVector(g: Matrix, values: readonly number[]): number[] {
  const d = g.length;
  const out: number[] = [];
  for (let start = 0; start + d <= values.length; start += d) out.push(...apply(g, values.slice(start, start + d)));
  return out;
}

/** Largest |entry| over every generator (the shared symmetric colour scale). */
export function maxAbs(basis: readonly Matrix[]): number {
  let m = 0;
  for (const L of basis) for (const row of L) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}
