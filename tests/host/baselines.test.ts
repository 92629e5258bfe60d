/** Every method of `semola train` trains on the same data and produces a summary with a verdict. */
import { describe, expect, it } from 'vitest';
import { runTrain } from '../../src-main/host/train-command';

const small = { epochs: 2, model: { kind: 'mlp', hidden: [16, 16] }, seed: 0 };

describe('baselines in semola train', () => {
  it.each(['semola', 'plain', 'fixed-basis', 'augerino'] as const)('%s trains and produces a summary', async (method) => {
    const s = await runTrain({
      data: 'builtin:mixed-axes?samples=200&points=2',
      backend: 'wasm',
      config: { ...small, method, ...(method === 'fixed-basis' ? { fixedBasis: [[[0, -1, 0], [1, 0, 0], [0, 0, 0]]] } : {}) },
    });
    expect(s.config.method).toBe(method);
    expect(s.history).toHaveLength(2);
    expect(Number.isFinite(s.metrics.test.mse!)).toBe(true);
    expect(typeof s.verdict.symmetryFound).toBe('boolean');
    expect(s.verdict.reason.length).toBeGreaterThan(20);
    if (method === 'plain') {
      expect(s.basis).toEqual([]);
      expect(s.verdict.symmetryFound).toBe(false);
      expect(s.verdictEvidence).toBeNull();
    } else {
      expect(s.basis).toHaveLength(1);
      expect(s.verdictEvidence!.averagedError).not.toBeNull();
    }
    if (method === 'augerino') {
      // Widths over the dataset's ground truth (no --basis), learned and recorded per epoch.
      expect(s.widths).toHaveLength(1);
      expect(s.widths![0]).toBeGreaterThan(0);
      expect(s.history[1]!.widths).toEqual(s.widths);
      expect(s.widths![0]).not.toBeCloseTo(Math.log(2), 6);
    } else {
      expect(s.widths).toBeNull();
    }
    expect(s.strengths).toBeNull();
  });

  it('--strengths puts one strength and one residual per generator in the summary', async () => {
    const s = await runTrain({
      data: 'builtin:mixed-axes?samples=200&points=2',
      backend: 'wasm',
      config: { ...small, k: 2, strengths: { enabled: true } },
    });
    expect(s.strengths).toHaveLength(2);
    expect(s.residuals).toHaveLength(2);
    expect(s.history[0]!.strengths).toHaveLength(2);
  });
});
