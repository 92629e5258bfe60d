/**
 * The accuracy peer's inputs and outputs: the .npy files the engine writes for it decode to the
 * same arrays, and bench/peer/accuracy_peer.py trains on them and prints the test MSE of each
 * method (skipped without torch). No accuracy is asserted here: reports/bench/accuracy.md has it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { rotationGenerator } from '../../../src-main/data/builtin/nbody2';
import { decodeNpy } from '../../../src-main/data/npy';
import { encodeNpy } from '../../../src-main/host/bench/npy-out';
import { peerPython } from '../../../src-main/host/bench/peer';

const PEER = path.resolve(import.meta.dirname, '../../../bench/peer/accuracy_peer.py');
const torchMissing = spawnSync(peerPython(), ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0;
const dir = mkdtempSync(path.join(tmpdir(), 'semola-accuracy-peer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('encodeNpy', () => {
  it.each([[[3, 4]], [[5]], [[2, 3, 2]]])('shape %j decodes to the same values', (shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => (i - 3.25) / 7);
    const decoded = decodeNpy(encodeNpy(values, shape), 'test.npy');
    expect(decoded.shape).toEqual(shape);
    expect(Array.from(decoded.values)).toEqual(Array.from(values));
  });

  it('refuses a shape that does not hold the values', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, got 5/);
  });
});

describe.skipIf(torchMissing)(`the accuracy peer (skipped when ${peerPython()} cannot import torch)`, () => {
  it('trains each method on the given arrays and prints the test MSE, averaging for the methods with a basis', () => {
    const ds = loadBuiltin('builtin:nbody2?trajectories=8');
    const split = (name: string, inputs: Float32Array, targets: Float32Array, n: number): void => {
      writeFileSync(path.join(dir, `${name}_x.npy`), encodeNpy(inputs, [n, 8]));
      writeFileSync(path.join(dir, `${name}_y.npy`), encodeNpy(targets, [n, 8]));
    };
    split('train', ds.train.inputs.subarray(0, 48 * 8), ds.train.targets.subarray(0, 48 * 8), 48);
    split('val', ds.train.inputs.subarray(48 * 8, 64 * 8), ds.train.targets.subarray(48 * 8, 64 * 8), 16);
    split('test', ds.test!.inputs, ds.test!.targets, ds.test!.n);
    for (const method of ['plain', 'fixed-basis', 'semola']) {
      const args = [PEER, '--data', dir, '--method', method, '--epochs', '2', '--batch', '16', '--hidden', '16,16', ...(method === 'fixed-basis' ? ['--basis', JSON.stringify(rotationGenerator())] : [])];
      const out = JSON.parse(execFileSync(peerPython(), args, { encoding: 'utf8', timeout: 120_000 })) as {
        trainSamples: number; testSamples: number; testMse: { direct: number; averaging: number | null }; epochs: { valLoss: number }[]; basis: number[][][] | null;
      };
      expect(out.trainSamples).toBe(48);
      expect(out.testSamples).toBe(ds.test!.n);
      expect(out.epochs).toHaveLength(2);
      expect(out.testMse.direct).toBeGreaterThan(0);
      expect(Number.isFinite(out.testMse.direct)).toBe(true);
      if (method === 'plain') expect(out.testMse.averaging).toBeNull();
      else expect(Number.isFinite(out.testMse.averaging!)).toBe(true);
      // The learned basis comes back normalised to Frobenius norm sqrt(8).
      if (method === 'semola') expect(Math.hypot(...out.basis!.flat(2))).toBeCloseTo(Math.sqrt(8), 3);
    }
  }, 120_000);
});
