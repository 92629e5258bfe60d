/** Doubly-stochastic weight sharing (SPEC 6): Sinkhorn, rounding, group closure, the held-out check, and discovery on a permutation set. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-main/data/dataset';
import { makePartialPermutationDataset } from '../../../src-main/data/builtin/partial-permutation';
import { Rng } from '../../../src-main/data/random';
import { selectBackend } from '../../../src-main/engine/backend';
import {
  closure,
  discoverPermutationGroup,
  generatedGroup,
  maxWeightAssignment,
  toCycles,
  type Permutation,
} from '../../../src-main/engine/discrete/permutation-group';
import { sinkhorn } from '../../../src-main/engine/models/weight-sharing';
import { checkPermutations } from '../../../src-main/engine/discrete/permutation-check';
import { resolveConfig, type TrainConfig } from '../../../src-main/engine/config';
import { discreteSymmetry } from '../../../src-main/engine/discrete/symmetry';
import { summarizePermutations } from '../../../src-main/engine/discrete/permutation-summary';
import { disposeInputs, subset, toTensors } from '../../../src-main/engine/samples';
import { Trainer } from '../../../src-main/engine/training/trainer';
import { describeBackends, SYNC_READS, take } from '../helpers';

function permutationsOf(n: number): Permutation[] {
  if (n === 0) return [[]];
  return permutationsOf(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

describe('group closure', () => {
  it('a 3-cycle generates the cyclic group of order 3', () => {
    const g = generatedGroup([[1, 2, 0]], 3);
    expect(g.order).toBe(3);
    expect(g.elements).toEqual([[0, 1, 2], [1, 2, 0], [2, 0, 1]]);
    expect(g.generatorCycles).toEqual(['(1 2 3)']);
  });

  it.each([3, 4, 5])('a transposition and an n-cycle generate S_%i', (n) => {
    const cycle = Array.from({ length: n }, (_, i) => (i + 1) % n);
    const swap = [1, 0, ...Array.from({ length: n - 2 }, (_, i) => i + 2)];
    const g = generatedGroup([cycle, swap], n);
    const all = permutationsOf(n).map((p) => p.join(',')).sort();
    expect(g.order).toBe(all.length);
    expect(g.elements.map((p) => p.join(',')).sort()).toEqual(all);
  });

  it('two disjoint transpositions generate the Klein-like group of order 4, not more', () => {
    expect(closure([[1, 0, 2, 3], [0, 1, 3, 2]], 4)).toHaveLength(4);
  });

  it('keeps only generators that enlarge the group and writes cycles 1-based', () => {
    const g = generatedGroup([[0, 1, 2, 3], [1, 2, 0, 3], [2, 0, 1, 3], [0, 1, 3, 2]], 4);
    expect(g.generatorCycles).toEqual(['(1 2 3)', '(3 4)']);
    expect(g.order).toBe(24);
    expect(toCycles([0, 1, 2])).toBe('()');
  });

  it('rejects a non-permutation with the entry that is wrong', () => {
    expect(() => closure([[0, 0, 2]], 3)).toThrow(/entry 1 = 0 is not a permutation/);
  });
});

describe('the summary of learned permutations', () => {
  it('writes each rounding in cycles, with slot names, and names the group they generate', () => {
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const cycle = [[0, 1, 0], [0, 0, 1], [1, 0, 0]];
    const { permutations, permutationGroup } = summarizePermutations([eye, cycle], ['a', 'b', 'c'], 0.5);
    expect(permutations.rounded).toEqual({ cycles: ['()', '(1 2 3)'], named: ['()', '(a b c)'], images: [[0, 1, 2], [1, 2, 0]] });
    expect(permutationGroup.name).toBe('C_3 on {a, b, c}');
    expect(permutationGroup.generatorsNamed).toEqual(['(a b c)']);
  });
});

describe('maximum-weight assignment', () => {
  it('matches brute force on random 5 x 5 matrices', () => {
    const rng = new Rng(3);
    const all = permutationsOf(5);
    for (let t = 0; t < 20; t++) {
      const w = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => rng.normal()));
      const score = (p: Permutation): number => p.reduce((s, j, i) => s + w[i]![j]!, 0);
      const best = Math.max(...all.map(score));
      expect(score(maxWeightAssignment(w))).toBeCloseTo(best, 10);
    }
  });

  it('rounds a noisy permutation matrix back to the permutation', () => {
    const p = [2, 0, 3, 1];
    const soft = p.map((j) => Array.from({ length: 4 }, (_, k) => (k === j ? 0.55 : 0.15)));
    const found = discoverPermutationGroup([soft]);
    expect(found.rounded[0]).toEqual(p);
    expect(found.confidence[0]).toBeCloseTo(0.55, 6);
  });
});

describeBackends('Sinkhorn', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('run to convergence, makes rows and columns sum to 1 within 1e-5', () => {
    const rng = new Rng(1);
    const logits = tf.tensor3d(Array.from({ length: 3 * 6 * 6 }, () => 3 * rng.normal()), [3, 6, 6]);
    const R = take<number[][][]>(sinkhorn(logits, { maxRounds: 1000, tol: 1e-6 }));
    logits.dispose();
    for (const m of R) {
      for (let i = 0; i < 6; i++) {
        expect(Math.abs(m[i]!.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
        expect(Math.abs(m.reduce((s, row) => s + row[i]!, 0) - 1)).toBeLessThan(1e-5);
      }
    }
  });
}, { webgpuSkip: SYNC_READS });

describe('weight sharing on builtin:partial-permutation (cpu)', () => {
  let trainer: Trainer;
  let ds: Dataset;
  beforeAll(async () => {
    await selectBackend('cpu');
    ds = makePartialPermutationDataset({ samples: 2000, seed: 0 }, 'builtin:partial-permutation', 'builtin');
    // The model's run defaults (lr 1e-2, batch 128, 100 epochs) apply: only the model is chosen.
    trainer = new Trainer(ds, resolveConfig({ model: { kind: 'weight-sharing' }, method: 'plain', seed: 0 } as Partial<TrainConfig>));
    await trainer.train();
  }, 120_000);
  afterAll(() => trainer.dispose());

  it('reports exactly S_3 on (x1, x2, x3), fixing x4 and x5, from the roundings the held-out data support', () => {
    expect(trainer.config.epochs).toBe(100);
    const found = discreteSymmetry(trainer, ds, subset(ds, ds.train, trainer.valIndex))!;
    // Held-out standardized MSE: a model that ignored the data would sit near 1.
    expect(found.permutations.check!.baselineLoss).toBeLessThan(0.1);
    const s3 = permutationsOf(3).map((p) => [...p, 3, 4].join(',')).sort();
    expect(found.permutationGroup.name).toBe('S_3 on {x1, x2, x3}');
    expect(found.permutationGroup.elementImages.map((p) => p.join(',')).sort()).toEqual(s3);
    expect(found.permutationGroup.orbits).toEqual([[0, 1, 2], [3], [4]]);
    expect(found.permutations.used.length).toBeGreaterThan(0);
  });

  it('the held-out check keeps the true transpositions and refuses the one that swaps x4 and x5', () => {
    const held = toTensors(ds, subset(ds, ds.train, trainer.valIndex));
    const model = trainer.model;
    const rounded = [[0, 1, 2, 3, 4], [1, 0, 2, 3, 4], [0, 2, 1, 3, 4], [0, 1, 2, 4, 3], [1, 0, 2, 3, 4]];
    const check = checkPermutations(model, trainer.ctx, held, rounded, [1, 0.9, 0.9, 0.9, 0.3], 0.5);
    disposeInputs(held.inputs);
    held.targets.dispose();
    expect(check.candidates.map((c) => c.accepted)).toEqual([true, true, false, false]);
    expect(check.groupLoss).toBeLessThanOrEqual(check.limit);
    // Swapping x4 and x5 confuses + x4 with - x5^2: alone it costs far more than the tolerance.
    expect(check.candidates[2]!.loss!).toBeGreaterThan(5 * check.limit);
    expect(check.candidates[2]!.reason).toMatch(/held-out loss/);
    expect(check.candidates[3]!.reason).toMatch(/confidence 0.30 < 0.5/);
  });
});
