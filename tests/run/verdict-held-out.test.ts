/**
 * The verdict's held-out samples: the validation split; pooled with an import's seeded test split
 * (same samples, same distribution) only when validation alone is below the verdict's minimum; never
 * with a separate or built-in test set. And an ASE-style MD file end to end: the pooled evidence.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, SampleSet } from '../../src-main/data/dataset';
import { importDataset } from '../../src-main/data/import';
import { concatSets } from '../../src-main/engine/samples';
import { exactnessSamples } from '../../src-main/engine/verdict/exactness';
import type { Trainer } from '../../src-main/engine/training/trainer';
import { verdictHeldOut } from '../../src-main/run/evaluate-run';

const vectorSet = (n: number, from: number): SampleSet => ({
  n,
  inputs: Float32Array.from({ length: 2 * n }, (_, i) => from + i),
  targets: Float32Array.from({ length: n }, (_, i) => from + i),
  targetGradient: Float32Array.from({ length: 2 * n }, (_, i) => -(from + i)),
});

const dataset = (nTrain: number, nTest: number, drawnLikeTrain: boolean | undefined): Dataset => ({
  name: 'toy',
  source: 'toy',
  layout: { kind: 'vector', d: 2, blocks: 1 },
  task: 'invariant',
  targetKind: 'regression',
  inputNames: ['x1', 'x2'],
  targetNames: ['y'],
  train: vectorSet(nTrain, 0),
  test: vectorSet(nTest, 10_000),
  ...(drawnLikeTrain === undefined ? {} : { testDrawnLikeTrain: drawnLikeTrain }),
});

const trainer = (val: number[]): Trainer => ({ valIndex: val }) as unknown as Trainer;

describe('verdict held-out samples', () => {
  it('a validation split of at least the minimum is judged alone', () => {
    const ds = dataset(1000, 300, true);
    const h = verdictHeldOut(trainer(Array.from({ length: 200 }, (_, i) => i)), ds, ds.test!);
    expect(h.set.n).toBe(200);
    expect(h.pooled).toBe(false);
    expect(h.description).toBe('the validation split');
  });

  it('a small validation split is pooled with a test split drawn from the same samples', () => {
    const ds = dataset(1000, 300, true);
    const h = verdictHeldOut(trainer([5, 7, 9]), ds, ds.test!);
    expect(h.set.n).toBe(303);
    expect(h.pooled).toBe(true);
    expect(Array.from(h.set.targets.subarray(0, 4))).toEqual([5, 7, 9, 10_000]);
    expect(Array.from(h.set.inputs.subarray(0, 8))).toEqual([10, 11, 14, 15, 18, 19, 10_000, 10_001]);
    expect(h.set.targetGradient![7]).toBe(-10_001);
    expect(h.description).toMatch(/^the validation split \(3\) pooled with the test split \(300\), both drawn from the same samples/);
  });

  it('never pools a separate or built-in test set, whatever the validation size', () => {
    for (const flag of [undefined, false]) {
      const ds = dataset(1000, 300, flag);
      const h = verdictHeldOut(trainer([5, 7, 9]), ds, ds.test!);
      expect(h.set.n).toBe(3);
      expect(h.description).toBe('the validation split');
    }
  });

  it('the exactness samples join validation and test once, in that order, up to the cap', () => {
    const ds = dataset(1000, 300, true);
    const val = vectorSet(3, 5);
    const joined = exactnessSamples(ds, val, ds.test!);
    expect(joined.n).toBe(303);
    expect(Array.from(joined.targets.subarray(0, 4))).toEqual([5, 6, 7, 10_000]);
    expect(exactnessSamples(ds, val, ds.test!, 10).n).toBe(10);
    // A pooled held-out set already holds the test split: evaluate-run passes no test then.
    const pooled = verdictHeldOut(trainer([5, 7, 9]), ds, ds.test!);
    expect(exactnessSamples(ds, pooled.set, null).n).toBe(303);
  });

  it('concatenates point clouds with their species and masks', () => {
    const pts = (n: number, v: number): SampleSet => ({
      n,
      inputs: new Float32Array(0),
      targets: new Float32Array(n).fill(v),
      points: { coords: new Float32Array(n * 2 * 3).fill(v), species: new Int32Array(n * 2).fill(v), mask: new Float32Array(n * 2).fill(1), maxPoints: 2, numSpecies: 3 },
    });
    const ds = { ...dataset(1, 1, true), layout: { kind: 'points', d: 3, maxPoints: 2 } } as Dataset;
    const c = concatSets(ds, pts(1, 1), pts(2, 2));
    expect(c.n).toBe(3);
    expect(Array.from(c.points!.species)).toEqual([1, 1, 2, 2, 2, 2]);
    expect(c.points!.coords.length).toBe(18);
    expect(c.points!.coords[6]).toBe(2);
  });
});

describe('imports mark how their test split was drawn', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'semola-verdict-held-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const frames = (count: number): string =>
    Array.from({ length: count }, (_, t) => `2\nProperties=species:S:1:pos:R:3 energy=${t} pbc="F F F"\nAr ${t} 0 0\nAr 0 1 0\n`).join('');

  it('a seeded split is drawn like train; a separate test file is not', async () => {
    await writeFile(join(dir, 'a.extxyz'), frames(50));
    await writeFile(join(dir, 'b.extxyz'), frames(10));
    expect((await importDataset(join(dir, 'a.extxyz'))).dataset.testDrawnLikeTrain).toBe(true);
    expect((await importDataset(join(dir, 'a.extxyz'), { testPath: join(dir, 'b.extxyz') })).dataset.testDrawnLikeTrain).toBeUndefined();
  });
});
