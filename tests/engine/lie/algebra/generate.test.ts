/**
 * The algebra a set of directions generates: two rotations of so(3) generate all of it, a rotation
 * and the scaling (which commute) nothing more, noise below the tolerance adds nothing, and two
 * generic matrices generate far more than a small bound allows.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src-main/data/random';
import { generatedAlgebra } from '../../../../src-main/engine/lie/algebra/generate';
import { closureResidual } from '../../../../src-main/engine/lie/algebra/structure';
import { combination, frob, randomMatrix, withNoise, type Mat } from './helpers';

const rz: Mat = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const rx: Mat = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
const ry: Mat = [[0, 0, 1], [0, 0, 0], [-1, 0, 0]];
const id: Mat = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

/** Squared norm of the part of `m` outside span(basis) (basis orthonormal), relative to ||m||^2. */
function outsideShare(m: Mat, basis: number[][][]): number {
  const inner = (a: Mat, b: Mat): number => a.reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * b[i]![j]!, 0), 0);
  const inside = basis.reduce((s, q) => s + inner(m, q) ** 2, 0);
  return 1 - inside / frob(m) ** 2;
}

describe('generatedAlgebra', () => {
  it('two rotations generate so(3): the third comes from their bracket', () => {
    const a = combination([rx, ry, rz], [1, 0.3, 0]);
    const b = combination([rx, ry, rz], [0.2, -0.5, 0.9]);
    const g = generatedAlgebra([a, b], 0.1, 9)!;
    expect(g.basis).toHaveLength(3);
    expect(g.added).toBe(1);
    for (const r of [rx, ry, rz]) expect(outsideShare(r, g.basis)).toBeLessThan(1e-10);
    expect(closureResidual(g.basis)).toBeLessThan(1e-10);
  });

  it('a rotation and the scaling commute: nothing is added', () => {
    const g = generatedAlgebra([rz, id], 0.1, 9)!;
    expect(g.basis).toHaveLength(2);
    expect(g.added).toBe(0);
  });

  it('noise well below the tolerance adds nothing beyond so(3); closure stays within the tolerance', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 5; trial++) {
      const [a, b] = withNoise([combination([rx, ry, rz], [rng.normal(), rng.normal(), rng.normal()]), combination([rx, ry, rz], [rng.normal(), rng.normal(), rng.normal()])], 0.02, rng, false);
      const g = generatedAlgebra([a!, b!], 0.1, 9)!;
      expect(g.basis, `trial ${trial}`).toHaveLength(3);
      expect(closureResidual(g.basis)).toBeLessThanOrEqual(0.1);
      for (const r of [rx, ry, rz]) expect(outsideShare(r, g.basis)).toBeLessThan(0.01);
    }
  });

  it('two generic matrices generate more than a bound of 5 dimensions: null', () => {
    const rng = new Rng(5);
    expect(generatedAlgebra([randomMatrix(3, rng), randomMatrix(3, rng)], 0.1, 5)).toBeNull();
    // Without the bound they generate gl(3) or sl(3) (9 or 8 dimensions), closed by construction.
    const g = generatedAlgebra([randomMatrix(3, new Rng(5)), randomMatrix(3, new Rng(6))], 0.1, 9)!;
    expect(g.basis.length).toBeGreaterThanOrEqual(8);
    expect(closureResidual(g.basis)).toBeLessThanOrEqual(0.1);
  });

  it('dependent directions count once', () => {
    const g = generatedAlgebra([rz, combination([rz], [2])], 0.1, 9)!;
    expect(g.basis).toHaveLength(1);
  });
});
