/**
 * Exact versus approximate from held-out moves (no data gradients): a hand-made model of the
 * mixed-axes-xy target (z exact, x and y broken by eps) plus a fixed non-invariant error term that
 * stands for a fit's noise. The most exact direction of a randomly mixed so(3) basis must be the
 * rotation about z, for every seed; without breaking nothing is approximate; a poor fit tells nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import { exactnessSamples, spanExactness, type MoveSettings } from '../../../src-main/engine/verdict/exactness';
import { combine, MoveProbe, orthonormalSpan } from '../../../src-main/engine/verdict/move-exactness';
import { CORRECTION_DEFAULTS } from '../../../src-main/engine/verdict/residual-correction';
import { contextOf, handMadeModel } from './hand-made-model';

const rz = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
const rx = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
const ry = [[0, 0, 1], [0, 0, 0], [-1, 0, 0]];
const SQRT3 = Math.sqrt(3);

/** A random mixture of the three rotations per generator, each of norm sqrt(3) (the learned generators' norm). */
function mixed(seed: number): number[][][] {
  const rng = new Rng(seed);
  return [0, 1, 2].map(() => {
    const c = [rng.normal(), rng.normal(), rng.normal()];
    return combine([rz, rx, ry], c, SQRT3);
  });
}

/** |cos| with the rotation about z. */
function cosZ(L: number[][]): number {
  const ab = L.reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * rz[i]![j]!, 0), 0);
  const aa = L.flat().reduce((s, v) => s + v * v, 0);
  return Math.abs(ab) / Math.sqrt(2 * aa);
}

/** The model's eps may differ from the data's: 0 stands for a model trained invariant along all of so(3). */
function measure(eps: number, noise: number, seed: number, samples = 400, modelEps = eps, correct = false, draws = 4) {
  const ds = loadBuiltin(`builtin:mixed-axes-xy?samples=${samples}&eps=${eps}&seed=${seed}`);
  const model = handMadeModel(3, modelEps, noise, seed + 100);
  const ctx = contextOf(ds);
  // The correction fits on the training samples; the moves are measured on the test samples.
  const moves: MoveSettings = { ctx, coefficients: { distribution: 'uniform', low: -1, high: 1 }, maxChange: 0.1, minR2: 0.5, draws, ...(correct ? { train: ds.train, correction: { ...CORRECTION_DEFAULTS, epochs: 20 } } : {}) };
  try {
    return spanExactness(model, ds, correct ? ds.test! : ds.train, mixed(seed), { seed, threshold: 1e-3, moves, strengths: [1, 0.5, 0.25] })!;
  } finally {
    model.dispose();
    ctx.targetScale.dispose();
    ctx.featureScale.dispose();
  }
}

describe('held-out moves', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });
  afterAll(() => undefined);

  it('orthonormalSpan gives Frobenius-orthonormal directions of the span, leaving out a dependent generator', () => {
    const basis = [rz, rx, rz.map((row, i) => row.map((v, j) => v + rx[i]![j]!))];
    const W = orthonormalSpan(basis);
    expect(W).toHaveLength(2);
    const dirs = W.map((w) => basis[0]!.map((row, i) => row.map((_, j) => basis.reduce((s, B, m) => s + w[m]! * B[i]![j]!, 0))));
    const dot = (a: number[][], b: number[][]): number => a.flat().reduce((s, v, i) => s + v * b.flat()[i]!, 0);
    expect(dot(dirs[0]!, dirs[0]!)).toBeCloseTo(1, 8);
    expect(dot(dirs[1]!, dirs[1]!)).toBeCloseTo(1, 8);
    expect(dot(dirs[0]!, dirs[1]!)).toBeCloseTo(0, 8);
  });

  it('a move that is the identity, or along the exact axis of an exact model, changes the loss by nothing', () => {
    const ds = loadBuiltin('builtin:mixed-axes-xy?samples=200&eps=0.3&seed=1');
    const model = handMadeModel(3, 0.3, 0.01, 7);
    const ctx = contextOf(ds);
    const probe = new MoveProbe({ model, ctx, dataset: ds }, ds.train, { coefficients: { distribution: 'uniform', low: -1, high: 1 }, draws: 4, seed: 3 });
    try {
      expect(Math.abs(probe.change([[0, 0, 0], [0, 0, 0], [0, 0, 0]]))).toBeLessThan(1e-5);
      const exactModel = handMadeModel(3, 0.3, 0, 7);
      const exactProbe = new MoveProbe({ model: exactModel, ctx, dataset: ds }, ds.train, { coefficients: { distribution: 'uniform', low: -1, high: 1 }, draws: 4, seed: 3 });
      // The exact model's error is round-off: along z it stays round-off, along x it is the breaking.
      expect(exactProbe.direct.reduce((a, b) => a + b, 0) / exactProbe.n).toBeLessThan(1e-8);
      const along = (L: number[][]): number => exactProbe.moved(L).reduce((a, b) => a + b, 0) / exactProbe.n;
      expect(along(combine([rz], [1], SQRT3))).toBeLessThan(1e-8);
      expect(along(combine([rx], [1], SQRT3))).toBeGreaterThan(1e-3);
      exactProbe.dispose();
      exactModel.dispose();
    } finally {
      probe.dispose();
      model.dispose();
      ctx.targetScale.dispose();
      ctx.featureScale.dispose();
    }
  });

  it('finds the rotation about z as the most exact direction of a mixed so(3) basis, and x, y approximate, for every seed and eps', () => {
    for (const [seed, eps] of [[0, 0.1], [1, 0.1], [2, 0.1], [3, 0.3], [4, 0.05]] as const) {
      const e = measure(eps, 0.1, seed, 400, eps, false, 8);
      expect(e.source).toBe('held-out moves');
      expect(e.decided).toBe(true);
      const [top, ...rest] = e.directions;
      expect(cosZ(top!.generator), `seed ${seed} eps ${eps}: ${e.description}`).toBeGreaterThan(0.95);
      expect(top).toMatchObject({ name: 'rotation about z', verdict: 'exact', exact: true, strength: 1 });
      for (const d of rest) {
        expect(d.verdict, `seed ${seed} eps ${eps}: ${e.description}`).toBe('approximate');
        expect(cosZ(d.generator)).toBeLessThan(0.2);
        expect(d.change!.low).toBeGreaterThan(0.1);
      }
      expect(e.description).toMatch(/^exact: rotation about z \([^)]*training strength [^)]*\); approximate: rotation about (x|y|the axis \([-0-9., ]+\)) \(\+\d+%, \+\d+% to \+\d+%; training strength /);
      expect(e.brief).toMatch(/^exact: rotation about z \(strength [0-9.]+\); approximate: /);
      // The training strengths of a direction weigh the generators' strengths (here 1, 0.5, 0.25).
      expect(top!.trainingStrength).toBeGreaterThanOrEqual(0.25);
      expect(top!.trainingStrength).toBeLessThanOrEqual(1);
    }
  });

  it('calls no direction approximate when nothing breaks the symmetry', () => {
    for (const seed of [5, 6]) {
      const e = measure(0, 0.1, seed);
      expect(e.directions.some((d) => d.verdict === 'approximate'), e.description).toBe(false);
      expect(e.directions.every((d) => Math.abs(d.change!.estimate) < 0.1), e.description).toBe(true);
    }
  });

  it('a model made invariant along all of so(3) hides the breaking; the residual correction recovers z exact, x and y approximate', () => {
    for (const seed of [8]) {
      const alone = measure(0.3, 0.02, seed, 800, 0);
      // Alone: every direction changes the loss by about nothing, so none is approximate.
      expect(alone.directions.some((d) => d.verdict === 'approximate'), alone.description).toBe(false);
      const corrected = measure(0.3, 0.02, seed, 800, 0, true);
      expect(cosZ(corrected.directions[0]!.generator), corrected.description).toBeGreaterThan(0.95);
      // 200 test samples: z's interval may reach past the limit, never above it.
      expect(corrected.directions[0]!.verdict, corrected.description).not.toBe('approximate');
      expect(Math.abs(corrected.directions[0]!.change!.estimate)).toBeLessThan(0.1);
      expect(corrected.directions.slice(1).map((d) => d.verdict), corrected.description).toEqual(['approximate', 'approximate']);
    }
  });

  it('exactnessSamples joins the validation and test samples of the vector layout, up to the cap', () => {
    const ds = loadBuiltin('builtin:mixed-axes-xy?samples=100&seed=1');
    const both = exactnessSamples(ds, ds.train, ds.test!, 110);
    expect(both.n).toBe(110);
    expect(Array.from(both.inputs.subarray(0, 900))).toEqual(Array.from(ds.train.inputs));
    expect(Array.from(both.targets.subarray(100))).toEqual(Array.from(ds.test!.targets.subarray(0, 10)));
    expect(exactnessSamples(ds, ds.train, null).n).toBe(100);
  });

  it('says it cannot tell when the model fits the held-out data poorly', () => {
    const e = measure(0.1, 3, 7);
    expect(e.r2).toBeLessThan(0.5);
    expect(e.decided).toBe(false);
    expect(e.description).toMatch(/^cannot tell exact from approximate directions: the model fits the held-out data too poorly \(R\^2 = /);
    expect(e.directions.every((d) => d.verdict === 'undecided' && !d.exact)).toBe(true);
  });
});
