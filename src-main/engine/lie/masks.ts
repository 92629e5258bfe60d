/**
 * Masks restrict which entries of every generator may be non-zero (SPEC section 1). They are
 * plain 0/1 matrices [d][d], shared by all generators; `tied2` is a tying (one 2x2 block repeated
 * on every 2-vector), expressed as a mask plus a flag the augmenter honours.
 */

export type MaskName = 'full' | 'blocks2' | 'blocks4' | 'tied2' | 'custom';

export interface MaskSpec {
  name: MaskName;
  /** [d][d] of 0/1, only for `custom`. */
  matrix?: number[][];
}

function blockDiagonal(d: number, block: number, name: string): number[][] {
  if (d % block !== 0) throw new Error(`mask "${name}" needs d divisible by ${block}, got d = ${d}`);
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (Math.floor(i / block) === Math.floor(j / block) ? 1 : 0)));
}

/**
 * The 0/1 mask for d x d generators. `homogeneous` (points:4) zeroes the last row so that g keeps
 * [0, ..., 0, 1] as its last row and acts as an affine map.
 */
export function buildMask(spec: MaskSpec, d: number, homogeneous = false): number[][] {
  let m: number[][];
  switch (spec.name) {
    case 'full':
      m = Array.from({ length: d }, () => new Array<number>(d).fill(1));
      break;
    case 'blocks2':
    case 'tied2':
      m = blockDiagonal(d, 2, spec.name);
      break;
    case 'blocks4':
      m = blockDiagonal(d, 4, spec.name);
      break;
    case 'custom': {
      const c = spec.matrix;
      if (!c || c.length !== d || c.some((row) => row.length !== d)) {
        throw new Error(`custom mask must be a ${d} x ${d} matrix of 0/1, got ${c ? `${c.length} rows` : 'none'}`);
      }
      if (c.some((row) => row.some((v) => v !== 0 && v !== 1))) throw new Error('custom mask entries must be 0 or 1');
      m = c.map((row) => row.slice());
      break;
    }
    default:
      throw new Error(`unknown mask "${String((spec as MaskSpec).name)}"; expected full, blocks2, blocks4, tied2 or custom`);
  }
  if (homogeneous) m[d - 1] = new Array<number>(d).fill(0);
  if (m.every((row) => row.every((v) => v === 0))) throw new Error('mask leaves no free entry');
  return m;
}

/**
 * Why k generators cannot be independent under a mask, or null when they can: every entry point
 * refuses such a run before training (the API's run check, `semola train`).
 */
export function generatorCountProblem(k: number, spec: MaskSpec, d: number, homogeneous = false): string | null {
  const free = buildMask(spec, d, homogeneous).flat().filter((v) => v === 1).length;
  return k > free ? `k = ${k} generators cannot be independent with only ${free} free entries in the ${spec.name} mask (d = ${d})` : null;
}
