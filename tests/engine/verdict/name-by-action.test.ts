/** A learned generator that moves the samples as a known algebra does is named by it, whatever it does off the samples. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { actionMetric } from '../../../src-main/engine/evaluation/metrics/reference';
import { nameByAction } from '../../../src-main/engine/verdict/name-by-action';

// Samples (q, J q) in R^4: every row lies in a 2-D subspace, as near-circular orbits nearly do.
const rng = new Rng(3);
const n = 200;
const rows = new Float64Array(n * 4);
for (let s = 0; s < n; s++) {
  const [a, b] = [rng.normal(), rng.normal()];
  rows.set([a, b, -b, a], s * 4);
}
const metric = actionMetric({ rows, n, d: 4 });
const layout = { kind: 'vector' as const, d: 4, blocks: 1 };
// The rotation of every 2-vector alike, and a part that vanishes on every sample: M (q, J q) = 0.
const rotation = [[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0]];
const offSamples = [[0.8, 0, 0, -0.8], [0, 0.8, 0.8, 0], [0.5, 0, 0, -0.5], [0, -0.3, -0.3, 0]];

describe('nameByAction', () => {
  it('names a generator that equals the rotation on the samples, however large its part off them', () => {
    const learned = [rotation.map((row, i) => row.map((v, j) => v + offSamples[i]![j]!))];
    const named = nameByAction(learned, layout, metric);
    expect(named?.name).toBe('so(2) on every 2-vector');
    expect(named!.similarity).toBeGreaterThan(0.999);
  });

  it('names nothing that moves the samples otherwise', () => {
    const scaling = [[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, -1, 0], [0, 0, 0, 1]]];
    const named = nameByAction(scaling, layout, metric);
    expect(named === null || named.name !== 'so(2) on every 2-vector').toBe(true);
    expect(named?.similarity ?? 0).toBeLessThan(1);
  });
});
