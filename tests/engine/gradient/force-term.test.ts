/**
 * The gradient condition term on the generators, on a Lennard-Jones cluster's own forces: zero for
 * so(3), clearly positive for generators that change the energy (scaling, shears), pulling a basis
 * towards so(3) with a gradient that stays finite at the zero; and stopGradient, which keeps the
 * equivariance term from steering a basis the condition teaches.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeLjClusterDataset } from '../../../src-main/data/builtin/lj-cluster';
import { euclideanAlgebra } from '../../../src-main/data/builtin/molecules';
import { selectBackend } from '../../../src-main/engine/backend';
import { gradientConditionTerm } from '../../../src-main/engine/gradient/force-term';
import type { Inputs } from '../../../src-main/engine/layouts';
import type { TermContext } from '../../../src-main/engine/losses/objective';
import { stopGradient } from '../../../src-main/engine/ops';

const ATOMS = 7;
const ds = makeLjClusterDataset({ atoms: ATOMS, frames: 60, temperature: 0.1, seed: 2 }, 'lj', 'test');
const n = ds.train.n;
const pts = ds.train.points!;

function inputs(): Inputs {
  return {
    kind: 'points',
    coords: tf.tensor3d(pts.coords, [n, ATOMS, 3]),
    species: tf.ones([n, ATOMS, 1]) as tf.Tensor3D,
    mask: tf.tensor2d(pts.mask, [n, ATOMS]),
  } as Inputs;
}

function ctx(scale: number): TermContext {
  return { task: 'invariant', targetKind: 'regression', numClasses: 0, targetScale: tf.tensor1d([1]), featureScale: tf.fill([ATOMS * 3], scale) as tf.Tensor1D };
}

const value = (gens: number[][][], scale = 1): number =>
  tf.tidy(() => gradientConditionTerm(tf.tensor3d(gens), inputs(), tf.tensor2d(ds.train.targetGradient!, [n, ATOMS * 3]), ctx(scale)).dataSync()[0]!);

describe('gradientConditionTerm', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('is 0 for so(3) and large for generators that change the energy, whatever the feature scale', () => {
    const so3 = euclideanAlgebra(3);
    expect(value(so3)).toBeLessThan(1e-4);
    expect(value(so3, 3.7)).toBeLessThan(1e-4);
    const scaling = [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]];
    // Scaling moves every atom along the virial: the gradient condition fails at every frame.
    expect(value(scaling)).toBeGreaterThan(0.3);
    const shear = [[[0, 1, 0], [1, 0, 0], [0, 0, 0]]];
    expect(value(shear)).toBeGreaterThan(0.05);
    // A rotation tilted by 0.1 towards the shear is penalised in proportion (the root), not squared.
    const tilted = [so3[2]!.map((row, i) => row.map((v, j) => v + 0.1 * shear[0]![i]![j]!))];
    const t = value(tilted);
    expect(t).toBeGreaterThan(0.1 * value(shear) * 0.5);
    expect(t).toBeLessThan(0.1 * value(shear) * 2);
  });

  it('pulls a generator from a shear towards so(3), with a finite gradient at the zero', () => {
    const target = tf.tensor2d(ds.train.targetGradient!, [n, ATOMS * 3]);
    const x = inputs();
    const c = ctx(1);
    const L = tf.variable(tf.tensor3d([[[0.3, -1, 0.2], [1.4, 0, 0], [0, 0.1, -0.3]]]));
    const opt = tf.train.adam(0.02);
    for (let i = 0; i < 150; i++) opt.minimize(() => gradientConditionTerm(tf.mul(L, tf.div(1, tf.norm(L))) as tf.Tensor3D, x, target, c));
    const l = tf.tidy(() => tf.div(L, tf.norm(L)).arraySync() as number[][][])[0]!;
    // What is left is antisymmetric: a rotation.
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(l[i]![j]! + l[j]![i]!)).toBeLessThan(0.05);
    const atZero = tf.variable(tf.tensor3d(euclideanAlgebra(3)));
    const { grads } = tf.variableGrads(() => gradientConditionTerm(atZero as tf.Tensor3D, x, target, c), [atZero]);
    expect(Array.from(grads[atZero.name]!.dataSync()).every(Number.isFinite)).toBe(true);
  });
});

describe('stopGradient', () => {
  it('passes the value and no gradient', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const { grads, value: out } = tf.variableGrads(() => tf.add(tf.sum(tf.square(stopGradient(v))), tf.sum(v)) as tf.Scalar, [v]);
    expect(out.dataSync()[0]).toBeCloseTo(14 + 6, 5);
    expect(Array.from(grads[v.name]!.dataSync())).toEqual([1, 1, 1]);
  });
});
