/** Tiny runs for the job tests: a few hundred samples, a small MLP, cheap evaluation, cpu backend. */
import type { RunRequest } from '../../src-main/store/types';

export function tinyRequest(config: Record<string, unknown> = {}): RunRequest {
  return {
    data: 'builtin:nbody2?trajectories=10',
    backend: 'cpu',
    config: {
      epochs: 3,
      batchSize: 32,
      model: { kind: 'mlp', hidden: [16] },
      manifold: { anchors: 64 },
      evalPoints: 20,
      evalGroupSamples: 2,
      inferenceSamples: 2,
      ...config,
    },
  };
}
