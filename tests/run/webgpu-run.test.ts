/**
 * A run asked to train on webgpu: it trains there, hands its trained state to wasm for the
 * evaluation (tfjs's webgpu backend cannot read synchronously in Node), and reports both. Its
 * losses and test error match the same run on the cpu backend. Skipped, with the reason, where no
 * WebGPU adapter exists (CI provides SwiftShader, see .ci/run).
 */
import { describe, expect, it } from 'vitest';
import { runTrain } from '../../src-main/run/train';
import type { RunOptions } from '../../src-main/run/options';
import { WEBGPU_SKIP_REASON } from '../engine/helpers';

const RUN: Omit<RunOptions, 'backend'> = {
  data: 'builtin:nbody2?trajectories=4',
  config: {
    epochs: 1,
    batchSize: 64,
    seed: 2,
    model: { hidden: [16] },
    manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 },
    evalPoints: 20,
    evalGroupSamples: 2,
  },
};

describe.skipIf(WEBGPU_SKIP_REASON !== null)(`semola train --backend webgpu${WEBGPU_SKIP_REASON ? ` (skipped: ${WEBGPU_SKIP_REASON})` : ''}`, () => {
  it('trains on webgpu, is evaluated on wasm, and matches the cpu run', async () => {
    const gpu = await runTrain({ ...RUN, backend: 'webgpu' });
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.backendDetail).toMatch(/on Dawn: .+; evaluated on wasm$/);
    const cpu = await runTrain({ ...RUN, backend: 'cpu' });
    expect(gpu.history).toHaveLength(1);
    for (const [name, value] of Object.entries(cpu.history[0]!.losses as Record<string, number>)) {
      const got = (gpu.history[0]!.losses as Record<string, number>)[name]!;
      expect(Math.abs(got - value) / Math.max(Math.abs(value), 1e-6), name).toBeLessThanOrEqual(1e-3);
    }
    const [g, c] = [gpu.metrics.test.mse!, cpu.metrics.test.mse!];
    expect(Math.abs(g - c) / c).toBeLessThanOrEqual(1e-2);
  }, 300_000);
});
