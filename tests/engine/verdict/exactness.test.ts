/** Exact versus approximate directions of a span, from the data's gradients, whatever mixture of them the basis holds. */
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { mixedAxesTarget } from '../../../src-main/data/builtin/mixed-axes';
import { Rng } from '../../../src-main/data/random';
import type { BaseModel } from '../../../src-main/engine/models/model';
import { spanExactness } from '../../../src-main/engine/verdict/exactness';

const rz = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const rx = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
const ry = [[0, 0, 1], [0, 0, 0], [-1, 0, 0]];
const unusedModel = {} as BaseModel;

/** Mixed-axes samples with the target's exact gradient (central differences). */
function withGradients(eps: number, seed: number) {
  const ds = loadBuiltin(`builtin:mixed-axes?eps=${eps}&samples=300&seed=${seed}`);
  const s = ds.train;
  const F = s.inputs.length / s.n;
  const grad = new Float32Array(s.inputs.length);
  for (let i = 0; i < s.n; i++) {
    const x = Array.from(s.inputs.subarray(i * F, (i + 1) * F));
    for (let j = 0; j < F; j++) {
      const a = x.slice();
      const b = x.slice();
      a[j]! += 1e-4;
      b[j]! -= 1e-4;
      grad[i * F + j] = (mixedAxesTarget(a, eps) - mixedAxesTarget(b, eps)) / 2e-4;
    }
  }
  return { ds, set: { ...s, targetGradient: grad } };
}

/** A random rotation of the span's basis: every generator a mixture of the three axes. */
function mixed(seed: number): number[][][] {
  const rng = new Rng(seed);
  return [0, 1, 2].map(() => {
    const c = [rng.normal(), rng.normal(), rng.normal()];
    return rz.map((row, i) => row.map((_, j) => c[0]! * rz[i]![j]! + c[1]! * rx[i]![j]! + c[2]! * ry[i]![j]!));
  });
}

describe('spanExactness', () => {
  it('finds the exact rotation about z inside a mixed so(3) basis, for every seed, and ranks it strongest', () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const { ds, set } = withGradients(0.1, seed);
      const e = spanExactness(unusedModel, ds, set, mixed(seed), { seed, threshold: 1e-3 })!;
      expect(e.source).toBe('data gradients');
      expect(e.directions[0]).toMatchObject({ name: 'rotation about z', exact: true, strength: 1 });
      // Its ideal is the rotation about z itself, with the direction's sign and norm.
      const { generator, ideal } = e.directions[0]!;
      const norm = Math.hypot(...generator.flat());
      const sign = Math.sign(generator[1]![0]! - generator[0]![1]!);
      expect(ideal!.flat()).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 0].map((v) => expect.closeTo((sign * v * norm) / Math.SQRT2, 10)));
      expect(e.directions.slice(1).every((d) => !d.exact && d.strength < 0.01)).toBe(true);
      expect(e.description).toMatch(/^exact: rotation about z .*; approximate: /);
    }
  });

  it('calls every direction exact when nothing breaks the symmetry', () => {
    const { ds, set } = withGradients(0, 5);
    const e = spanExactness(unusedModel, ds, set, mixed(5), { seed: 5, threshold: 1e-3 })!;
    expect(e.directions.every((d) => d.exact)).toBe(true);
  });
});
