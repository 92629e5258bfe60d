/**
 * The PyTorch peer (bench/peer/semola_step.py) runs and prints the JSON the benchmark reads, with
 * the loss terms of each recipe; without torch the comparison is skipped with the reason. No
 * timing is asserted: only that the numbers are there.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { comparePeer, peerPython, runPeer } from '../../../src-main/host/bench/peer';
import { renderMarkdown } from '../../../src-main/host/bench/markdown';
import type { BenchReport } from '../../../src-main/host/bench/types';

const REPORT: BenchReport = {
  date: '2026-01-01T00:00:00.000Z',
  loadAverage: { start: 0, end: 0 },
  machine: 'test',
  cpuModel: 'test',
  cpuCores: 2,
  memoryGiB: 1,
  nodeVersion: 'v20',
  tfjsVersion: '4.22.0',
  quick: true,
  command: 'test',
  config: { method: 'semola', k: 1, hidden: [256], batchSize: 64, nAug: 4, epochsRun: 2 },
  dataset: 'builtin:nbody2',
  backends: [],
};
import type { MeasuredBackend } from '../../../src-main/host/bench/types';

const torchMissing = spawnSync(peerPython(), ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0;

describe.skipIf(torchMissing)(`the PyTorch peer (skipped when ${peerPython()} cannot import torch)`, () => {
  it('prints one JSON object with ms/step and the first step\'s loss terms for both recipes, on one thread', async () => {
    const out = await runPeer({ steps: 2, warmup: 1, recipes: ['paper', 'default'], timeoutMs: 120_000 });
    expect(out.threads).toBe(1);
    expect(out.torch).toMatch(/^\d+\.\d+/);
    const paper = out.recipes.paper!;
    const dflt = out.recipes.default!;
    for (const r of [paper, dflt]) {
      expect(r.steps).toBe(2);
      expect(Number.isFinite(r.msPerStep) && r.msPerStep > 0).toBe(true);
    }
    // The paper recipe has no on-distribution term; the default adds it (weight 1).
    expect(Object.keys(paper.firstStepLosses).sort()).toEqual(['aug', 'equiv', 'sparse', 'task', 'total']);
    expect(Object.keys(dflt.firstStepLosses).sort()).toEqual(['aug', 'equiv', 'manifold', 'sparse', 'task', 'total']);
    const l = paper.firstStepLosses;
    expect(l.total).toBeCloseTo(l.task! + l.equiv! + 0.1 * l.aug! + 0.001 * l.sparse!, 4);
    // The cosine term of a near-identity group element is close to 1 at the constant initialisation.
    expect(l.aug).toBeGreaterThan(0);
    expect(l.aug).toBeLessThanOrEqual(1);
    // Generators are normalised to Frobenius norm sqrt(8): their L1 norm lies in [sqrt(8), 8 sqrt(8)].
    expect(l.sparse).toBeGreaterThanOrEqual(Math.sqrt(8) - 1e-4);
    expect(l.sparse).toBeLessThanOrEqual(8 * Math.sqrt(8) + 1e-4);
  }, 120_000);

  it('puts the plain step beside the fused one when measured (--with-plain), in the rows and the markdown', async () => {
    const fused = { name: 'wasm', status: 'measured', secondsPerEpoch: 1, stepsPerEpoch: 50 } as MeasuredBackend;
    const plain = { name: 'wasm', status: 'measured', secondsPerEpoch: 3, stepsPerEpoch: 50 } as MeasuredBackend;
    const r = await comparePeer({ paper: fused }, true, () => {}, { paper: plain });
    expect(r.status).toBe('measured');
    if (r.status !== 'measured') return;
    const row = r.rows[0]!;
    expect(row.oursMsPerStep).toBe(20);
    expect(row.plainMsPerStep).toBe(60);
    // Both ratios are rounded to 3 significant digits: their quotient is 3 up to that rounding (a
    // slow peer, 30+ ms/step on a loaded machine, puts the ratio below 1 and the rounding near 0.3 %).
    expect(row.plainRatio! / row.ratio).toBeCloseTo(3, 1);
    const md = renderMarkdown({ ...REPORT, peer: r });
    expect(md).toContain('| Plain step, ms/step | Plain ratio |');
    expect(md).toContain(`| paper | 20 | ${row.peerMsPerStep} | ${row.peerCpuPerWall} | ${row.ratio} | 60 | ${row.plainRatio} |`);
    // One thread, the BLAS library's included (peerEnv): without OPENBLAS_NUM_THREADS=1 Debian's
    // torch ran a second OS thread for OpenBLAS.
    expect(row.peerCpuPerWall).toBeGreaterThan(0);
    expect(r.osThreads).toBe(1);
    expect(md).toContain('the process ran 1 OS thread;');
  }, 120_000);
});

describe('the peer comparison without PyTorch', () => {
  const saved = process.env.SEMOLA_PEER_PYTHON;
  afterEach(() => {
    if (saved === undefined) delete process.env.SEMOLA_PEER_PYTHON;
    else process.env.SEMOLA_PEER_PYTHON = saved;
  });

  it('is skipped, saying why, when the interpreter is missing', async () => {
    process.env.SEMOLA_PEER_PYTHON = '/nonexistent/python3';
    const wasm = { name: 'wasm', status: 'measured', secondsPerEpoch: 1, stepsPerEpoch: 10 } as MeasuredBackend;
    const r = await comparePeer({ default: wasm }, true, () => {});
    expect(r.status).toBe('skipped');
    expect(r.status !== 'measured' && r.reason).toMatch(/PyTorch is not available to \/nonexistent\/python3/);
  });

  it('is skipped when wasm was not measured', async () => {
    const r = await comparePeer({}, true, () => {});
    expect(r).toEqual({ status: 'skipped', reason: expect.stringMatching(/wasm backend was not measured/) });
  });
});
