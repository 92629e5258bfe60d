/**
 * Second-order gradients (a loss on an input gradient, differentiated again) through the engine's
 * custom gradients, against central finite differences: matMul, expm, and the force term of a
 * point-cloud and an MLP model with smooth activations.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { expm } from '../../../src-main/engine/lie/expm';
import { matMul } from '../../../src-main/engine/ops';
import { forceTerm } from '../../../src-main/engine/gradient/force-term';
import { PointCloudModel } from '../../../src-main/engine/models/pointcloud';
import { MlpModel } from '../../../src-main/engine/models/mlp';
import type { Inputs } from '../../../src-main/engine/layouts';
import type { TermContext } from '../../../src-main/engine/losses/objective';
import { describeBackends, SYNC_READS } from '../helpers';

function randomTensor(shape: number[], rng: Rng, scale = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => scale * rng.normal()), shape);
}

/** Central differences of loss(v) over a few entries of the variable v, against the analytic gradient. */
function checkAgainstFd(v: tf.Variable, loss: () => tf.Scalar, entries: number[], h: number): { analytic: number[]; fd: number[] } {
  const { grads, value } = tf.variableGrads(loss, [v]);
  const analytic = Array.from(grads[v.name]!.dataSync());
  tf.dispose([value, ...Object.values(grads)]);
  const base = Float32Array.from(v.dataSync());
  const at = (i: number, delta: number): number => {
    const shifted = Float32Array.from(base);
    shifted[i]! += delta;
    tf.tidy(() => v.assign(tf.tensor(shifted, v.shape)));
    const l = tf.tidy(loss);
    const out = l.dataSync()[0]!;
    l.dispose();
    return out;
  };
  const fd = entries.map((i) => (at(i, h) - at(i, -h)) / (2 * h));
  tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
  return { analytic: entries.map((i) => analytic[i]!), fd };
}

function expectClose(r: { analytic: number[]; fd: number[] }, rel: number): void {
  const scale = Math.max(...r.fd.map(Math.abs), 1e-3);
  r.analytic.forEach((a, i) => expect(Math.abs(a - r.fd[i]!), `entry ${i}: analytic ${a} fd ${r.fd[i]}`).toBeLessThan(rel * scale));
  // Not a vacuous check: the gradients are far from zero.
  expect(Math.max(...r.analytic.map(Math.abs))).toBeGreaterThan(1e-3);
}

describeBackends('second-order gradients', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('matMul: d/dB of a loss on d/dA', () => {
    const rng = new Rng(1);
    const a = randomTensor([3, 4], rng);
    const c = randomTensor([3, 5], rng);
    const b = tf.variable(randomTensor([4, 5], rng, 0.5), true, 'second-order/b');
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const ga = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.sin(matMul(x as tf.Tensor2D, b as tf.Tensor2D)), c)))(a);
        return tf.sum(tf.square(ga));
      });
    expectClose(checkAgainstFd(b, loss, [0, 3, 7, 12, 19], 1e-2), 5e-3);
    b.dispose();
  });

  it('batched matMul: d/dB of a loss on d/dA', () => {
    const rng = new Rng(2);
    const a = randomTensor([2, 3, 3], rng);
    const b = tf.variable(randomTensor([2, 3, 3], rng, 0.5), true, 'second-order/b3');
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const ga = tf.grad((x: tf.Tensor) => tf.sum(tf.sin(matMul(x as tf.Tensor3D, b as tf.Tensor3D))))(a);
        return tf.sum(tf.mul(ga, ga));
      });
    expectClose(checkAgainstFd(b, loss, [0, 4, 8, 10, 17], 1e-2), 5e-3);
    b.dispose();
  });

  it('expm: d/dA of a loss on d/dA exp(A)', () => {
    const rng = new Rng(3);
    const c = randomTensor([1, 3, 3], rng);
    // Norm above 0.5, so the squaring steps are differentiated too.
    const a = tf.variable(randomTensor([1, 3, 3], rng, 0.8), true, 'second-order/a');
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(expm(x as tf.Tensor3D, 2), c)))(a);
        return tf.sum(tf.square(g));
      });
    expectClose(checkAgainstFd(a, loss, [0, 2, 4, 5, 7], 1e-2), 5e-3);
    a.dispose();
  });

  it.each(['silu', 'tanh'] as const)('the force term of the point-cloud model (%s) against finite differences in its weights', (activation) => {
    const rng = new Rng(4);
    const m = 5;
    const p = 4;
    const model = new PointCloudModel(
      { numSpecies: 2, outDim: 1, embedding: 3, pointHidden: [8, 8], readoutHidden: [8], coordScale: 1, targetMean: new Float32Array([0]), targetStd: new Float32Array([1]), activation },
      rng,
    );
    const maskValues = Float32Array.from({ length: m * p }, (_, i) => (i % p === p - 1 && i % 2 === 1 ? 0 : 1));
    const x: Inputs = {
      kind: 'points',
      coords: tf.mul(randomTensor([m, p, 3], rng), tf.expandDims(tf.tensor2d(maskValues, [m, p]), 2)) as tf.Tensor3D,
      species: tf.oneHot(tf.tensor2d(Int32Array.from({ length: m * p }, (_, i) => i % 2), [m, p], 'int32'), 2).toFloat() as tf.Tensor3D,
      mask: tf.tensor2d(maskValues, [m, p]),
    };
    const target = tf.mul(randomTensor([m, p, 3], rng), tf.expandDims(x.mask, 2));
    const ctx: TermContext = { task: 'invariant', targetKind: 'regression', numClasses: 0, targetScale: tf.tensor1d([1.5]), featureScale: tf.fill([p * 3], 0.7) as tf.Tensor1D };
    const loss = (): tf.Scalar => forceTerm((v) => model.predict(v), x, target, 0, ctx);
    for (const v of [model.variables[1]!, model.variables[model.variables.length - 4]!]) {
      expectClose(checkAgainstFd(v, loss, [0, 1, 5, 9], 1e-2), 1e-2);
    }
    model.dispose();
  });

  it('the force term of the MLP (silu) against finite differences in its weights', () => {
    const rng = new Rng(5);
    const stats = { inputMean: new Float32Array(6).fill(0.1), inputStd: new Float32Array(6).fill(0.9), targetMean: new Float32Array([0.3]), targetStd: new Float32Array([2]) };
    const model = new MlpModel(6, 1, [8, 8], stats, rng, 'silu');
    const x: Inputs = { kind: 'vector', x: randomTensor([7, 6], rng) as tf.Tensor2D };
    const target = randomTensor([7, 6], rng);
    const ctx: TermContext = { task: 'invariant', targetKind: 'regression', numClasses: 0, targetScale: tf.tensor1d([2]), featureScale: tf.fill([6], 0.9) as tf.Tensor1D };
    const loss = (): tf.Scalar => forceTerm((v) => model.predict(v), x, target, 0, ctx);
    for (const v of [model.variables[0]!, model.variables[2]!]) expectClose(checkAgainstFd(v, loss, [0, 3, 11, 20], 1e-2), 1e-2);
    model.dispose();
  });
}, { webgpuSkip: SYNC_READS });
