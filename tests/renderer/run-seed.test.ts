import { describe, expect, it } from 'vitest';
import { runSeedLabel } from '../../src-renderer/src/lib/run-seed';

describe('the run header\'s seed', () => {
  it('is the run\'s seed for one start', () => {
    expect(runSeedLabel(7, null)).toBe('seed 7');
    expect(runSeedLabel(7, undefined)).toBe('seed 7');
    expect(runSeedLabel(7, [{ index: 0, seed: 7, best: true }])).toBe('seed 7');
  });

  it('names the start the page shows, and its own seed, for several', () => {
    const starts = [
      { index: 0, seed: 0, best: false },
      { index: 1, seed: 1000, best: true },
      { index: 2, seed: 2000, best: false },
    ];
    expect(runSeedLabel(0, starts)).toBe('seed 0, 3 starts; shown: start 1 (seed 1000)');
  });

  it('falls back to the run\'s seed when no start is marked best (a summary being written)', () => {
    expect(runSeedLabel(3, [{ index: 0, seed: 3, best: false }, { index: 1, seed: 1003, best: false }])).toBe('seed 3');
  });
});
