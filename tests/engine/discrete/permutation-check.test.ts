/**
 * The held-out check completes a partly learned group on its orbits only where the data support it:
 * a symmetric target keeps the swaps a learned 3-cycle lacks, a cyclic one refuses them. The model
 * here is the target itself (a perfect fit), so the test isolates the check from training.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { checkPermutations } from '../../../src-main/engine/discrete/permutation-check';
import { summarizePermutations } from '../../../src-main/engine/discrete/permutation-summary';
import type { TermContext } from '../../../src-main/engine/losses/objective';
import type { BaseModel } from '../../../src-main/engine/models/model';
import type { Inputs } from '../../../src-main/engine/layouts';
import { Rng } from '../../../src-main/data/random';

type Target = (x: number[]) => number;
const symmetric: Target = ([a, b, c, d]) => a! + b! + c! + a! * b! * c! + d!;
const cyclic: Target = ([a, b, c, d]) => a! * b! ** 2 + b! * c! ** 2 + c! * a! ** 2 + d!;

/** A model that computes the target exactly, row by row (inputs are small in these tests). */
function exactModel(f: Target): BaseModel {
  return {
    predict: (x: Inputs) => {
      const rows = (x as { x: tf.Tensor2D }).x.arraySync();
      return tf.tensor2d(rows.map((r) => [f(r)]));
    },
  } as unknown as BaseModel;
}

function heldOut(f: Target, n = 300) {
  const rng = new Rng(5);
  const rows = Array.from({ length: n }, () => Array.from({ length: 4 }, () => rng.normal()));
  return { inputs: { kind: 'vector' as const, x: tf.tensor2d(rows) }, targets: tf.tensor2d(rows.map((r) => [f(r)])), n };
}

const ctx = (): TermContext => ({ task: 'invariant', targetKind: 'regression', numClasses: 0, targetScale: tf.ones([1]), featureScale: tf.ones([4]) });
const identity = [0, 1, 2, 3];
const threeCycle = [1, 2, 0, 3];
const soft = (perms: number[][]): number[][][] => perms.map((p) => p.map((j) => identity.map((i) => (i === j ? 1 : 0))));

describe('checkPermutations: completing a learned group on its orbits', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('adds the swaps of S_3 to a learned 3-cycle when the target is symmetric', () => {
    const held = heldOut(symmetric);
    const check = checkPermutations(exactModel(symmetric), ctx(), held, [identity, threeCycle], [1, 0.95], 0.5);
    expect(check.completion).not.toBeNull();
    expect(check.completion!.cycles).toContain('(1 2)');
    expect(check.groupLoss).toBeLessThanOrEqual(check.limit);
    const names = ['x1', 'x2', 'x3', 'x4'];
    const { permutationGroup } = summarizePermutations(soft([identity, threeCycle]), names, 0.5, check);
    expect(permutationGroup.name).toBe('S_3 on {x1, x2, x3}');
    expect(permutationGroup.order).toBe(6);
  });

  it('keeps C_3 and refuses the swaps when the target is only cyclic', () => {
    const held = heldOut(cyclic);
    const check = checkPermutations(exactModel(cyclic), ctx(), held, [identity, threeCycle], [1, 0.95], 0.5);
    expect(check.completion).toBeNull();
    expect(check.candidates[0]!.accepted).toBe(true);
    const { permutationGroup } = summarizePermutations(soft([identity, threeCycle]), ['x1', 'x2', 'x3', 'x4'], 0.5, check);
    expect(permutationGroup.name).toBe('C_3 on {x1, x2, x3}');
  });

  it('completes nothing from the trivial group (no orbit to complete)', () => {
    const held = heldOut(symmetric);
    const check = checkPermutations(exactModel(symmetric), ctx(), held, [identity, [0, 1, 3, 2]], [1, 0.95], 0.5);
    // Swapping x3 and x4 changes the symmetric target: refused, so nothing is there to complete.
    expect(check.candidates[0]!.accepted).toBe(false);
    expect(check.completion).toBeNull();
  });
});
