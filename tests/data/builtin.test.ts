import { describe, expect, it } from 'vitest';
import { listBuiltins, loadBuiltin, parseBuiltinSpec } from '../../src-main/data/builtin/index';

describe('built-in registry', () => {
  it('lists the 2-body and molecule variants with one-line descriptions', () => {
    const list = listBuiltins();
    expect(list.map((b) => b.name)).toEqual([
      'nbody2', 'nbody2-ood', 'nbody2-3x3', 'nbody2-ood-3x3', 'molecules', 'molecules-se3',
      'discrete-rotation', 'partial-permutation', 'mixed-axes', 'nbody2-ood-strict', 'mixed-axes-xy', 'permutation-cross', 'no-symmetry', 'lj-cluster',
      'rotated-digits',
    ]);
    for (const b of list) {
      expect(b.description.length).toBeGreaterThan(10);
      expect(b.description).not.toContain('\n');
      const synthetic: Record<string, string[]> = {
        'discrete-rotation': ['samples', 'folds', 'seed'],
        'partial-permutation': ['samples', 'seed'],
        'mixed-axes': ['samples', 'points', 'eps', 'seed'],
        'no-symmetry': ['samples', 'seed'],
        'nbody2-ood-strict': ['trajectories', 'dt', 'nu', 'noise', 'seed'],
        'mixed-axes-xy': ['samples', 'points', 'eps', 'seed'],
        'permutation-cross': ['samples', 'noise', 'seed'],
        'lj-cluster': ['atoms', 'temperature', 'frames', 'stride', 'dt', 'seed'],
        'rotated-digits': ['samples', 'testSamples', 'split', 'trainAngle', 'size', 'seed'],
      };
      expect(b.params.map((p) => p.name)).toEqual(
        synthetic[b.name] ?? (b.name.startsWith('nbody2') ? ['trajectories', 'seed', 'nu'] : ['samples', 'molecules', 'noise', 'translation', 'seed']),
      );
    }
  });

  it('parses specs with and without the prefix, filling defaults', () => {
    expect(parseBuiltinSpec('nbody2')).toEqual({
      name: 'nbody2',
      params: { trajectories: 1600, seed: 0, nu: 0.001 },
      source: 'builtin:nbody2?trajectories=1600&seed=0&nu=0.001',
    });
    const p = parseBuiltinSpec('builtin:nbody2-ood?trajectories=200&seed=3&nu=1e-4');
    expect(p.params).toEqual({ trajectories: 200, seed: 3, nu: 1e-4 });
    expect(parseBuiltinSpec('builtin:nbody2?').params.trajectories).toBe(1600);
  });

  it('rejects unknown names and lists the valid ones', () => {
    expect(() => loadBuiltin('builtin:nbody3')).toThrow(/unknown built-in dataset "nbody3"; valid: nbody2, nbody2-ood, nbody2-3x3, nbody2-ood-3x3, molecules, molecules-se3, discrete-rotation/);
  });

  it('rejects unknown keys and lists the valid ones', () => {
    expect(() => parseBuiltinSpec('nbody2?trajectoires=10')).toThrow(/unknown parameter "trajectoires"; valid keys: trajectories \(int, default 1600\), seed \(int, default 0\), nu \(number, default 0.001\)/);
  });

  it('rejects bad values with the expected range', () => {
    expect(() => parseBuiltinSpec('nbody2?trajectories=abc')).toThrow(/trajectories must be an integer in \[2, 100000\].*got "abc"/);
    expect(() => parseBuiltinSpec('nbody2?trajectories=10.5')).toThrow(/must be an integer/);
    expect(() => parseBuiltinSpec('nbody2?trajectories=1')).toThrow(/in \[2, 100000\]/);
    expect(() => parseBuiltinSpec('nbody2?seed=-1')).toThrow(/seed must be an integer/);
    expect(() => parseBuiltinSpec('nbody2?nu=1.0D-03')).toThrow(/nu must be a number in \[0, 0.1\].*got "1.0D-03"/);
    expect(() => parseBuiltinSpec('nbody2?nu=')).toThrow(/nu must be a number/);
    expect(() => parseBuiltinSpec('nbody2?nu=0.5')).toThrow(/nu must be a number in \[0, 0.1\]/);
    expect(() => parseBuiltinSpec('nbody2?seed')).toThrow(/expected key=value, got "seed"/);
    expect(() => parseBuiltinSpec('nbody2?seed=1&seed=2')).toThrow(/seed given twice/);
    expect(() => parseBuiltinSpec('nbody2?seed=1&&nu=0')).toThrow(/expected key=value/);
  });

  it('loads every variant', () => {
    for (const b of listBuiltins()) {
      const small = b.name.startsWith('nbody2') ? 'trajectories=40' : b.name === 'lj-cluster' ? 'frames=40' : 'samples=40';
      const d = loadBuiltin(`${b.name}?${small}`);
      expect(d.name).toBe(`builtin:${b.name}`);
      expect(d.train.n).toBeGreaterThan(0);
      expect(d.test?.n).toBeGreaterThan(0);
      // so(2) on the 2-body state, so(3) on points:3 and mixed-axes-xy, se(3) on points:4; none for discrete-only and no symmetry.
      const refs: Record<string, number | undefined> = { molecules: 3, 'molecules-se3': 6, 'mixed-axes-xy': 3, 'permutation-cross': undefined, 'lj-cluster': 3, 'no-symmetry': undefined };
      expect(d.referenceBasis?.length).toBe(b.name in refs ? refs[b.name] : 1);
    }
  });
});
