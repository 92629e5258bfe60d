import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../../src-main/data/builtin/index';
import { resolveConfig } from '../../../src-main/engine/config';
import { planForces } from '../../../src-main/engine/gradient/forces';
import { subset } from '../../../src-main/engine/samples';

const lj = loadBuiltin('builtin:lj-cluster?atoms=5&frames=40');
const mol = loadBuiltin('builtin:molecules?samples=20');
const cfg = (over: Record<string, unknown> = {}) => resolveConfig({ model: { kind: 'pointcloud', hidden: [8] }, ...over });

describe('planForces', () => {
  it('trains on forces by default when the target is the energy the data differentiate, with silu', () => {
    const p = planForces(lj, cfg());
    expect(p).toMatchObject({ used: true, source: 'forces', targetIndex: 0, weight: 1, activation: 'silu' });
    expect(p.reason).toMatch(/energy and forces together/);
  });

  it('--forces none switches it off (relu again), and an explicit activation is kept', () => {
    expect(planForces(lj, cfg({ forces: 'none' }))).toMatchObject({ used: false, activation: 'relu' });
    expect(planForces(lj, cfg({ forces: 'none', model: { kind: 'pointcloud', hidden: [8], activation: 'tanh' } })).activation).toBe('tanh');
    expect(planForces(lj, cfg({ weights: { forces: 0 } })).used).toBe(false);
  });

  it('refuses a gradient the data do not carry, naming what they do', () => {
    expect(() => planForces(lj, cfg({ forces: 'dipole' }))).toThrow(/"forces"; use --forces forces or --forces none/);
    expect(() => planForces(mol, cfg({ forces: 'forces' }))).toThrow(/carry no target gradient/);
    expect(planForces(mol, cfg())).toMatchObject({ used: false, activation: 'relu' });
  });

  it('validates the settings', () => {
    expect(() => cfg({ model: { kind: 'mlp', hidden: [8], activation: 'gelu' } })).toThrow(/model.activation/);
    expect(() => cfg({ gradientMethod: { tolerance: 2 } })).toThrow(/tolerance/);
    expect(() => cfg({ method: 'gradient', strengths: { enabled: true } })).toThrow(/strengths need generators: use them with semola, fixed-basis or augerino, not gradient/);
  });

  it('subsets keep each sample with its gradient and group', () => {
    const s = subset(lj, lj.train, [3, 0]);
    expect(Array.from(s.targetGradient!.subarray(0, 15))).toEqual(Array.from(lj.train.targetGradient!.subarray(45, 60)));
    expect(Array.from(s.groups!)).toEqual([lj.train.groups![3], lj.train.groups![0]]);
  });
});
