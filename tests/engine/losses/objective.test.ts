import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import type { Inputs, PointInputs } from '../../../src-main/engine/layouts';
import {
  cosineAugTerm,
  manifoldTerm,
  motionAugTerm,
  orthogonalityTerm,
  predictionLoss,
  relativeMotion,
  sparsityTerm,
  transformOutputs,
  type TermContext,
} from '../../../src-main/engine/losses/objective';
import { describeBackends, SYNC_READS, J, blockDiag, mv, rot2, scalarOf, take, zeros, type Mat } from '../helpers';

function context(over: Partial<Omit<TermContext, 'targetScale' | 'featureScale'>> & { targetScale?: number[]; featureScale?: number[] } = {}): TermContext {
  return {
    task: over.task ?? 'equivariant',
    targetKind: over.targetKind ?? 'regression',
    numClasses: over.numClasses ?? 0,
    targetScale: tf.tensor1d(over.targetScale ?? [1, 1]),
    featureScale: tf.tensor1d(over.featureScale ?? [1, 1]),
  };
}

function disposeCtx(ctx: TermContext): void {
  tf.dispose([ctx.targetScale, ctx.featureScale]);
}

function vec(rows: number[][]): Inputs {
  return { kind: 'vector', x: tf.tensor2d(rows) };
}

function disposeInputs(x: Inputs): void {
  if (x.kind === 'vector') x.x.dispose();
  else if (x.kind === 'points') tf.dispose([x.coords, x.species, x.mask]);
}

describeBackends('loss terms', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('predictionLoss: MSE in units of the target scale', () => {
    const ctx = context({ targetScale: [2, 0.5] });
    const pred = tf.tensor2d([[1, 2], [0, -1], [3, 3]]);
    const target = tf.tensor2d([[0, 2.5], [4, -1], [3, 2]]);
    // ((1-0)/2)^2 + ((2-2.5)/0.5)^2 + ((0-4)/2)^2 + 0 + 0 + ((3-2)/0.5)^2 = 0.25 + 1 + 4 + 4
    expect(scalarOf(predictionLoss(ctx, pred, target))).toBeCloseTo(9.25 / 6, 6);
    tf.dispose([pred, target]);
    disposeCtx(ctx);
  });

  it('predictionLoss: cross-entropy against class indices equals -mean log softmax', () => {
    const ctx = context({ targetKind: 'classification', numClasses: 3, task: 'invariant' });
    const logits = [
      [2, 0, -1],
      [0.5, 0.5, 3],
      [-1, 4, 0],
      [0, 0, 0],
    ];
    const labels = [0, 2, 0, 1];
    const want =
      labels.reduce((s, y, i) => {
        const row = logits[i]!;
        const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
        return s + lse - row[y]!;
      }, 0) / labels.length;
    const pred = tf.tensor2d(logits);
    const target = tf.tensor2d(labels.map((y) => [y]));
    expect(scalarOf(predictionLoss(ctx, pred, target))).toBeCloseTo(want, 5);
    // The same labels given as distributions.
    const dist = tf.tensor2d(labels.map((y) => [0, 1, 2].map((c) => (c === y ? 1 : 0))));
    expect(scalarOf(predictionLoss(ctx, pred, dist, true))).toBeCloseTo(want, 5);
    // A soft target: sum_c -q_c log p_c.
    const q = [0.2, 0.3, 0.5];
    const soft = tf.tensor2d([q]);
    const one = tf.tensor2d([logits[0]!]);
    const lse = Math.log(logits[0]!.reduce((a, v) => a + Math.exp(v), 0));
    const wantSoft = q.reduce((s, qc, c) => s - qc * (logits[0]![c]! - lse), 0);
    expect(scalarOf(predictionLoss(ctx, one, soft, true))).toBeCloseTo(wantSoft, 5);
    tf.dispose([pred, target, dist, soft, one]);
    disposeCtx(ctx);
  });

  it('transformOutputs: identity for invariant tasks, g per d-block for equivariant ones', () => {
    const g = tf.tensor3d([rot2(0.5), rot2(-1)]);
    const y = tf.tensor2d([[1, 0, 2, 3], [0, 1, -1, 1]]);
    const inv = context({ task: 'invariant' });
    const same = transformOutputs(inv, g, y);
    expect(take<number[][]>(same.clone())).toEqual([[1, 0, 2, 3], [0, 1, -1, 1]]);
    const eq = context({ task: 'equivariant' });
    const moved = take<number[][]>(transformOutputs(eq, g, y));
    const want = [
      [...mv(rot2(0.5), [1, 0]), ...mv(rot2(0.5), [2, 3])],
      [...mv(rot2(-1), [0, 1]), ...mv(rot2(-1), [-1, 1])],
    ];
    moved.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 5)));
    tf.dispose([g, y]);
    disposeCtx(inv);
    disposeCtx(eq);
  });

  it('cosineAugTerm: a rotation by a on 2-vectors gives |cos a|', () => {
    const rng = new Rng(1);
    const rows = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => rng.normal()));
    for (const a of [0, 0.4, 1.2, Math.PI / 2, 2.5, Math.PI]) {
      const r = rot2(a);
      const moved = rows.map((row) => [0, 1, 2].flatMap((b) => mv(r, row.slice(2 * b, 2 * b + 2))));
      const ctx = context({ featureScale: [1, 1, 1, 1, 1, 1] });
      const x = vec(rows);
      const gx = vec(moved);
      expect(scalarOf(cosineAugTerm(ctx, gx, x, 2)), `a = ${a}`).toBeCloseTo(Math.abs(Math.cos(a)), 5);
      disposeInputs(x);
      disposeInputs(gx);
      disposeCtx(ctx);
    }
  });

  it('cosineAugTerm: the cosine is per block, averaged over blocks and samples', () => {
    const ctx = context({ featureScale: [1, 1, 1, 1] });
    const x = vec([
      [1, 0, 0, 1],
      [2, 0, 1, 1],
    ]);
    const gx = vec([
      [3, 0, 1, 0],
      [0, -2, -1, -1],
    ]);
    // Block cosines: 1, 0 | 0, -1 -> |mean| = 0 ... use a non-cancelling case as well.
    expect(scalarOf(cosineAugTerm(ctx, gx, x, 2))).toBeCloseTo(0, 6);
    const gx2 = vec([
      [3, 0, 1, 0],
      [1, 1, 0, 3],
    ]);
    // 1, 0, 1/sqrt 2, 3/sqrt(9*2) = 1/sqrt 2 -> (1 + sqrt 2) / 4
    expect(scalarOf(cosineAugTerm(ctx, gx2, x, 2))).toBeCloseTo((1 + Math.SQRT2) / 4, 6);
    // The whole row as one block: cos([1,0,0,1],[3,0,1,0]) = 3 / sqrt 20; cos([2,0,1,1],[1,1,0,3]) = 5 / (sqrt 6 sqrt 11).
    expect(scalarOf(cosineAugTerm(ctx, gx2, x, 4))).toBeCloseTo((3 / Math.sqrt(20) + 5 / Math.sqrt(66)) / 2, 6);
    // Judged in standardized units: scale features 2 and 4 by 2.
    const ctxS = context({ featureScale: [1, 2, 1, 2] });
    // Standardized: x = [1, 0, 0, 0.5], [2, 0, 1, 0.5]; gx = [3, 0, 1, 0], [1, 0.5, 0, 1.5].
    const c1 = 1;
    const c2 = 0;
    const c3 = 2 / (2 * Math.sqrt(1.25));
    const c4 = 0.75 / (Math.sqrt(1.25) * 1.5);
    expect(scalarOf(cosineAugTerm(ctxS, gx2, x, 2))).toBeCloseTo((c1 + c2 + c3 + c4) / 4, 6);
    [x, gx, gx2].forEach(disposeInputs);
    disposeCtx(ctx);
    disposeCtx(ctxS);
  });

  const cloud = (coords: number[][][], mask: number[][]): PointInputs => ({
    kind: 'points',
    coords: tf.tensor3d(coords),
    species: tf.zeros([coords.length, coords[0]!.length, 1]) as tf.Tensor3D,
    mask: tf.tensor2d(mask),
  });

  it('cosineAugTerm on points: per point, padded points left out of the mean', () => {
    const ctx = context({ featureScale: [1, 1, 1, 1, 1, 1, 1, 1, 1] });
    // Real points: cos 0, cos -1 and cos 1; the third slot of sample 1 is padding.
    const x = cloud([[[1, 0, 0], [0, 2, 0], [0, 0, 0]], [[0, 0, 3], [0, 0, 0], [0, 0, 0]]], [[1, 1, 0], [1, 0, 0]]);
    const gx = cloud([[[0, 1, 0], [0, -1, 0], [0, 0, 0]], [[0, 0, 1], [0, 0, 0], [0, 0, 0]]], [[1, 1, 0], [1, 0, 0]]);
    expect(scalarOf(cosineAugTerm(ctx, gx, x, 3))).toBeCloseTo(0, 6);
    const gx2 = cloud([[[1, 1, 0], [0, 1, 0], [0, 0, 0]], [[0, 0, 1], [0, 0, 0], [0, 0, 0]]], [[1, 1, 0], [1, 0, 0]]);
    // 1/sqrt 2, 1, 1 over 3 real points.
    expect(scalarOf(cosineAugTerm(ctx, gx2, x, 3))).toBeCloseTo((Math.SQRT1_2 + 2) / 3, 6);
    [x, gx, gx2].forEach(disposeInputs);
    disposeCtx(ctx);
  });

  // BUG: objective.ts cosineAugTerm takes tf.norm of every point; at a padded (all-zero) point the
  // gradient of sqrt is infinite and 0 * inf = NaN, so the basis gradient is NaN for any point cloud
  // with padding (and any all-zero block), whatever the mask does afterwards.
  it('cosineAugTerm has finite gradients when a point is padding', () => {
    const ctx = context({ featureScale: [1, 1, 1, 1, 1, 1] });
    const x = cloud([[[1, 0, 0], [0, 0, 0]]], [[1, 0]]);
    const a = tf.tensor3d([[[0.1, 0.2, 0], [0.3, 0, 0.1], [0, 0, 0]]]);
    const grad = take<number[][][]>(
      tf.grad((aa: tf.Tensor) => {
        const g = tf.add(tf.expandDims(tf.eye(3), 0), aa) as tf.Tensor3D;
        const moved = tf.mul(tf.matMul(x.coords, g, false, true), tf.expandDims(x.mask, 2)) as tf.Tensor3D;
        return cosineAugTerm(ctx, { ...x, coords: moved }, x, 3);
      })(a),
    );
    a.dispose();
    disposeInputs(x);
    disposeCtx(ctx);
    expect(grad.flat(2).every(Number.isFinite)).toBe(true);
  });

  it('cosineAugTerm has finite, correct gradients without zero blocks', () => {
    const ctx = context({ featureScale: [1, 1] });
    const x = vec([[1, 2], [-1, 0.5]]);
    // d/da |mean cos(R(a) x, x)| = d/da |cos a| = -sin a at a in (0, pi/2).
    const a0 = 0.7;
    const grad = scalarOf(
      tf.grad((a: tf.Tensor) => {
        const c = tf.cos(a);
        const s = tf.sin(a);
        const r = tf.reshape(tf.stack([c, tf.neg(s), s, c]), [1, 2, 2]);
        const moved = tf.matMul(x.kind === 'vector' ? x.x : tf.zeros([1, 2]), tf.reshape(r, [2, 2]), false, true) as tf.Tensor2D;
        return cosineAugTerm(ctx, { kind: 'vector', x: moved }, x, 2);
      })(tf.scalar(a0)),
    );
    expect(grad).toBeCloseTo(-Math.sin(a0), 4);
    disposeInputs(x);
    disposeCtx(ctx);
  });

  it('relativeMotion: 1 for a rotation generator on 2-vectors, 0 for the zero action, the hand value otherwise', () => {
    const rng = new Rng(2);
    const rows = Array.from({ length: 7 }, () => Array.from({ length: 4 }, () => rng.normal()));
    const ctx = context({ featureScale: [1, 1, 1, 1] });
    const x = vec(rows);
    const scaleMat: Mat = [
      [2, 0],
      [0, 0],
    ];
    const gens = tf.tensor3d([J, zeros(2), scaleMat]);
    const r = take<number[]>(relativeMotion(ctx, gens, x));
    expect(r[0]).toBeCloseTo(1, 5);
    expect(r[1]).toBe(0);
    const num = rows.reduce((s, row) => s + 4 * row[0]! ** 2 + 4 * row[2]! ** 2, 0);
    const den = rows.reduce((s, row) => s + row.reduce((a, v) => a + v * v, 0), 0);
    expect(r[2]).toBeCloseTo(num / den, 5);
    // motionAugTerm = mean_i max(0, log(floor) - log(r_i + 1e-8) / 2): silent above the floor.
    for (const floor of [0.5, 2]) {
      const want = [r[0]!, r[1]!, r[2]!].reduce((s, v) => s + Math.max(0, Math.log(floor) - 0.5 * Math.log(v + 1e-8)), 0) / 3;
      expect(scalarOf(motionAugTerm(ctx, gens, x, floor)), `floor ${floor}`).toBeCloseTo(want, 4);
    }
    const rot = tf.tensor3d([J]);
    expect(scalarOf(motionAugTerm(ctx, rot, x, 0.5))).toBe(0);
    rot.dispose();
    gens.dispose();
    disposeCtx(ctx);
    // Standardized units: a feature with scale 2 counts a quarter as much in both sums.
    const ctx2 = context({ featureScale: [1, 2, 1, 2] });
    const g1 = tf.tensor3d([J]);
    const num2 = rows.reduce((s, row) => s + row[1]! ** 2 + (row[0]! / 2) ** 2 + row[3]! ** 2 + (row[2]! / 2) ** 2, 0);
    const den2 = rows.reduce((s, row) => s + row[0]! ** 2 + (row[1]! / 2) ** 2 + row[2]! ** 2 + (row[3]! / 2) ** 2, 0);
    expect(take<number[]>(relativeMotion(ctx2, g1, x))[0]).toBeCloseTo(num2 / den2, 5);
    g1.dispose();
    disposeCtx(ctx2);
    disposeInputs(x);
  });

  it('orthogonalityTerm = sum_{i<j} |<L_i, L_j>_F|', () => {
    const L1: Mat = [[1, 0], [0, 0]];
    const L2: Mat = [[1, 1], [0, 0]];
    const L3: Mat = [[0, -2], [0, 1]];
    // <1,2> = 1, <1,3> = 0, <2,3> = -2 -> 3
    const g = tf.tensor3d([L1, L2, L3]);
    expect(scalarOf(orthogonalityTerm(g))).toBeCloseTo(3, 6);
    const one = tf.tensor3d([L1]);
    expect(scalarOf(orthogonalityTerm(one))).toBe(0);
    // Orthogonal generators: 0; identical ones: their squared norm.
    const orth = tf.tensor3d([blockDiag(J, zeros(2)), blockDiag(zeros(2), J)]);
    expect(scalarOf(orthogonalityTerm(orth))).toBeCloseTo(0, 6);
    const twin = tf.tensor3d([L2, L2]);
    expect(scalarOf(orthogonalityTerm(twin))).toBeCloseTo(2, 6);
    tf.dispose([g, one, orth, twin]);
  });

  it('sparsityTerm = mean_i ||L_i||_1 (entrywise)', () => {
    const g = tf.tensor3d([
      [[1, 0], [0, 0]],
      [[1, -1], [0, 0]],
      [[0, -2], [0, 1]],
    ]);
    expect(scalarOf(sparsityTerm(g))).toBeCloseTo(2, 6);
    g.dispose();
  });

  describe('manifoldTerm', () => {
    // Anchors x1 = (1, 0), x2 = (0, 2); L = J moves them along (0, 1) and (-2, 0).
    const setup = (normals: Mat[], gens: Mat[] = [J], featureScale = [1, 1]) => {
      const ctx = context({ featureScale });
      const anchors = vec([
        [1, 0],
        [0, 2],
      ]);
      const n = tf.tensor3d(normals);
      const g = tf.tensor3d(gens);
      const value = scalarOf(manifoldTerm(ctx, g, anchors, n));
      tf.dispose([n, g]);
      disposeInputs(anchors);
      disposeCtx(ctx);
      return value;
    };
    const e1e1: Mat = [[1, 0], [0, 0]];
    const e2e2: Mat = [[0, 0], [0, 1]];

    it('is 0 when the action lies in the tangent space', () => {
      // Anchor 1 moves along e2, its normal is e1; anchor 2 moves along e1, its normal is e2.
      expect(setup([e1e1, e2e2])).toBeCloseTo(0, 6);
      // No normal directions at all (data fill the space).
      expect(setup([zeros(2), zeros(2)])).toBe(0);
    });

    it('is 1 when the action is purely normal', () => {
      expect(setup([e2e2, e1e1])).toBeCloseTo(1, 6);
      expect(setup([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])).toBeCloseTo(1, 6);
    });

    it('is the normal fraction of the total squared action in between', () => {
      // Anchor 1: all of |(0,1)|^2 = 1 is normal; anchor 2: none of |(-2,0)|^2 = 4 -> 1 / 5.
      expect(setup([e2e2, e2e2])).toBeCloseTo(0.2, 6);
      // Normal n = (1, 1)/sqrt 2 at both anchors: (n.v)^2 = 1/2 and 2 -> 2.5 / 5.
      const nn: Mat = [[0.5, 0.5], [0.5, 0.5]];
      expect(setup([nn, nn])).toBeCloseTo(0.5, 6);
    });

    it('averages over generators', () => {
      // Generator 2 = diag(1, 0): moves x1 along (1, 0), x2 not at all -> fraction under [e2e2, e2e2] is 0.
      expect(setup([e2e2, e2e2], [J, [[1, 0], [0, 0]]])).toBeCloseTo((0.2 + 0) / 2, 6);
      expect(setup([e1e1, e1e1], [J, [[1, 0], [0, 0]]])).toBeCloseTo((0.8 + 1) / 2, 6);
      // Each anchor keeps its own projector for every generator: J is tangent at both anchors here,
      // diag(1, 0) moves anchor 1 along its normal e1 (and anchor 2 not at all).
      expect(setup([e1e1, e2e2], [J, [[1, 0], [0, 0]]])).toBeCloseTo((0 + 1) / 2, 6);
    });

    it('judges the action in standardized units', () => {
      // Feature 2 scaled by 2: actions (0, 1/2) and (-2, 0) -> normal e2 fraction (1/4) / (1/4 + 4).
      expect(setup([e2e2, e2e2], [J], [1, 2])).toBeCloseTo(0.25 / 4.25, 6);
    });
  });

  it('leaks no tensors', () => {
    const ctx = context({ featureScale: [1, 1] });
    const x = vec([[1, 2], [3, 4]]);
    const g = tf.tensor3d([J, [[1, 0], [0, 0]]]);
    const n = tf.tensor3d([[[1, 0], [0, 0]], [[0, 0], [0, 1]]]);
    const before = tf.memory().numTensors;
    tf.dispose([
      cosineAugTerm(ctx, x, x, 2),
      relativeMotion(ctx, g, x),
      motionAugTerm(ctx, g, x, 0.5),
      orthogonalityTerm(g),
      sparsityTerm(g),
      manifoldTerm(ctx, g, x, n),
    ]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([g, n]);
    disposeInputs(x);
    disposeCtx(ctx);
  });
}, { webgpuSkip: SYNC_READS });
