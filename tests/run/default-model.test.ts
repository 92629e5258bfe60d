/** The default model for point data: the MLP in atom order only for frames of one system with per-atom forces. */
import { describe, expect, it } from 'vitest';
import { makeLjClusterDataset } from '../../src-main/data/builtin/lj-cluster';
import { makeMoleculesDataset } from '../../src-main/data/builtin/molecules';
import { feasibilityProblems } from '../../src-main/engine/options/feasibility';
import { resolveConfig } from '../../src-main/engine/config';
import { defaultPointModel, fixedAtomOrder } from '../../src-main/run/default-model';

const lj = () => makeLjClusterDataset({ atoms: 5, frames: 40, temperature: 0.1, seed: 1 }, 'lj', 'test');

describe('defaultPointModel', () => {
  it('gives an MD trajectory with forces the MLP in atom order, and says why', () => {
    const ds = lj();
    expect(fixedAtomOrder(ds)).toBe(true);
    const c = defaultPointModel(ds);
    expect(c.kind).toBe('mlp');
    expect(c.reason).toMatch(/same 5 atoms in one order and carries per-atom forces/);
  });

  it('keeps the point-cloud model without forces, with varying species, padding or atom counts', () => {
    const noForces = lj();
    delete noForces.targetGradient;
    expect(defaultPointModel(noForces).kind).toBe('pointcloud');
    const swapped = lj();
    swapped.test!.points!.species[3] = 1;
    expect(fixedAtomOrder(swapped)).toBe(false);
    expect(defaultPointModel(swapped).kind).toBe('pointcloud');
    const padded = lj();
    padded.train.points!.mask[7] = 0;
    expect(fixedAtomOrder(padded)).toBe(false);
    const molecules = makeMoleculesDataset({ samples: 30, molecules: 4, noise: 0, translation: 0, seed: 0 }, 3, 'm', 'test');
    expect(fixedAtomOrder(molecules)).toBe(false);
  });

  it('refuses the MLP on point data whose frames do not keep one atom order, and allows it where they do', () => {
    const mlp = resolveConfig({ model: { kind: 'mlp', hidden: [8] } } as never);
    const molecules = makeMoleculesDataset({ samples: 30, molecules: 4, noise: 0, translation: 0, seed: 0 }, 3, 'm', 'test');
    const refused = feasibilityProblems({ ...molecules, atomOrderFixed: fixedAtomOrder(molecules) }, mlp);
    expect(refused.join('; ')).toMatch(/MLP reads the coordinates in atom order.*choose the point-cloud model/);
    const ds = lj();
    expect(feasibilityProblems({ ...ds, atomOrderFixed: fixedAtomOrder(ds) }, mlp)).toEqual([]);
  });
});
