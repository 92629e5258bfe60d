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
    // The swaps come from the transposition scan (a model that fits well) or the orbit completion.
    const added = [...(check.scan?.cycles ?? []), ...(check.completion?.cycles ?? [])];
    expect(added.some((c) => /^\([123] [123]\)$/.test(c))).toBe(true);
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

  it('finds the group by its transpositions when every learned rounding mixes a true swap with a false one', () => {
    const held = heldOut(symmetric);
    // (x1 x2)(x3 x4) and (x3 x4): x4 is fixed by the target, so neither rounding is a symmetry.
    const wrong = [[1, 0, 3, 2], [0, 1, 3, 2]];
    const check = checkPermutations(exactModel(symmetric), ctx(), held, [identity, ...wrong], [1, 0.95, 0.95], 0.5);
    expect(check.candidates.map((c) => c.accepted)).toEqual([false, false]);
    expect(check.scan).not.toBeNull();
    expect(check.scan!.r2).toBeGreaterThan(0.99);
    // Every swap of x1, x2, x3 alone passes, and two of them generate S_3.
    expect(check.scan!.cycles.every((c) => /^\([123] [123]\)$/.test(c))).toBe(true);
    const { permutationGroup } = summarizePermutations(soft([identity, ...wrong]), ['x1', 'x2', 'x3', 'x4'], 0.5, check);
    expect(permutationGroup.name).toBe('S_3 on {x1, x2, x3}');
  });

  it('scans nothing into a cyclic target (no swap is a symmetry of it) nor past a model that fits poorly', () => {
    const cyc = checkPermutations(exactModel(cyclic), ctx(), heldOut(cyclic), [identity, [1, 0, 3, 2]], [1, 0.95], 0.5);
    expect(cyc.scan).toBeNull();
    expect(cyc.groupLoss).toBe(cyc.baselineLoss);
    // A model far from the target (R^2 well below 0.9): every average looks alike, so no scan.
    const held = heldOut(symmetric);
    const poor = checkPermutations(exactModel(([a, b, c]) => 0.3 * (a! + b! + c!)), ctx(), held, [identity, [1, 0, 3, 2]], [1, 0.95], 0.5);
    expect(poor.scan).toBeNull();
  });
});
