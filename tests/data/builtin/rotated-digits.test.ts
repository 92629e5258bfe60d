import { describe, expect, it } from 'vitest';
import { loadBuiltin, parseBuiltinSpec } from '../../../src-main/data/builtin/index';
import { renderDigits } from '../../../src-main/data/builtin/rotated-digits';
import { Rng } from '../../../src-main/data/random';

describe('builtin:rotated-digits', () => {
  it('takes split=id|ood by name and writes it out in the source', () => {
    expect(parseBuiltinSpec('rotated-digits?split=ood').source).toBe('builtin:rotated-digits?samples=2000&testSamples=500&split=ood&trainAngle=45&size=28&seed=0');
    expect(() => parseBuiltinSpec('rotated-digits?split=both')).toThrow(/split must be id or ood/);
  });

  it('draws 28 x 28 digits of ten balanced classes with the plane rotation as reference', () => {
    const ds = loadBuiltin('rotated-digits?samples=300&testSamples=100&seed=2');
    expect(ds.layout).toEqual({ kind: 'image', d: 3, height: 28, width: 28, channels: 1 });
    expect([ds.train.n, ds.test?.n, ds.numClasses, ds.targetKind]).toEqual([300, 100, 10, 'classification']);
    expect(ds.referenceBasis).toEqual([[[0, -1, 0], [1, 0, 0], [0, 0, 0]]]);
    const counts = new Array<number>(10).fill(0);
    ds.train.targets.forEach((t) => counts[t]!++);
    expect(Math.min(...counts)).toBeGreaterThan(15);
    // Ink covers part of each image, inside [0, 1].
    const ink = ds.train.inputs.subarray(0, 784).reduce((s, v) => s + v, 0);
    expect(ink).toBeGreaterThan(20);
    expect(ink).toBeLessThan(400);
    expect(ds.train.inputs.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
  });

  it('keeps training angles within the range and test angles beyond it out of distribution', () => {
    const range = (45 * Math.PI) / 180;
    const inside = renderDigits(200, 12, new Rng(1), { within: range });
    const beyond = renderDigits(200, 12, new Rng(2), { beyond: range });
    expect(Math.max(...inside.angles.map(Math.abs))).toBeLessThanOrEqual(range);
    expect(Math.min(...beyond.angles.map(Math.abs))).toBeGreaterThanOrEqual(range);
    expect(Math.max(...beyond.angles.map(Math.abs))).toBeGreaterThan(2.5);
  });
});
