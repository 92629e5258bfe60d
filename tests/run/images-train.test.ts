/**
 * `semola train --data <images.npz> --test-data <images.npz> --layout image --k 1` end to end on the
 * wasm backend: a tiny run (a hundred 16 x 16 digits, one epoch, a small CNN) that proves the
 * mechanism: the summary's basis is k x 3 x 3 affine, and the test metrics carry the
 * classification figures. Whether the rotation is found is a report (README "Images").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigits } from '../../src-main/data/builtin/rotated-digits';
import { Rng } from '../../src-main/data/random';
import { encodeNpz } from '../../src-main/export/npy';
import { runTrain } from '../../src-main/run/train';

let dir: string;

function digitsNpz(n: number, seed: number): Uint8Array {
  const set = renderDigits(n, 16, new Rng(seed), { within: Math.PI });
  return encodeNpz(
    {
      images: { dtype: 'float32', shape: [n, 16, 16], data: set.pixels },
      labels: { dtype: 'float64', shape: [n], data: Float64Array.from(set.labels) },
    },
    new Date(2026, 0, 1),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'semola-images-run-'));
  await writeFile(path.join(dir, 'train.npz'), digitsNpz(100, 1));
  await writeFile(path.join(dir, 'test.npz'), digitsNpz(40, 2));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training on images', () => {
  it('trains SEMoLA with the CNN on an image .npz and reports a 3 x 3 affine basis and classification metrics', async () => {
    const summary = await runTrain({
      data: path.join(dir, 'train.npz'),
      testData: path.join(dir, 'test.npz'),
      layout: 'image',
      backend: 'wasm',
      config: { k: 1, epochs: 1, batchSize: 32, model: { channels: [4, 8] }, evalPoints: 16, evalGroupSamples: 2, inferenceSamples: 2 },
    });
    expect(summary.config.model.kind).toBe('cnn');
    expect(summary.config.coefficients).toEqual({ distribution: 'uniform', low: -Math.PI, high: Math.PI });
    expect(summary.basis).toHaveLength(1);
    const L = summary.basis[0]!;
    expect(L.map((row) => row.length)).toEqual([3, 3, 3]);
    expect(L[2]!.map(Math.abs)).toEqual([0, 0, 0]);
    expect(Math.hypot(...L.flat())).toBeCloseTo(Math.SQRT2, 4);
    const test = summary.metrics.test;
    expect(test.samples).toBe(40);
    expect(test.accuracy).toBeGreaterThanOrEqual(0);
    expect(test.accuracy).toBeLessThanOrEqual(1);
    expect(test.crossEntropy).toBeGreaterThan(0);
    expect(test.confusion).toHaveLength(10);
    expect(test.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(40);
    expect(test.perClassAccuracy).toHaveLength(10);
    expect(test.direct.accuracy).not.toBeNull();
    // The basis learnt from the data judge (the manifold term), and the verdict measured the cost
    // within its range too, beside the full range.
    expect(summary.config.manifold).toMatchObject({ judge: 'data-model', range: 0.75 });
    expect(summary.history.at(-1)!.losses.manifold).toBeGreaterThan(0);
    const narrow = summary.verdictEvidence!.narrowCost!;
    expect(narrow.range).toBe(0.75);
    expect(narrow.interval.low).toBeLessThanOrEqual(narrow.interval.high);
    expect(summary.verdictEvidence!.costInterval).not.toBeNull();
  });
});
