/**
 * "No symmetry found" is a possible answer: on the no-symmetry control SEMoLA must say so (and name
 * no algebra); with a true symmetry the same criterion must report one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { selectBackend } from '../../src-main/engine/backend';
import { resolveConfig, type TrainConfig } from '../../src-main/engine/config';
import { subset } from '../../src-main/engine/samples';
import { Trainer } from '../../src-main/engine/training/trainer';
import { decideVerdict } from '../../src-main/engine/verdict/decide';
import { verdictEvidence } from '../../src-main/engine/verdict/evidence';

async function verdictOf(spec: string, over: Partial<TrainConfig>) {
  const ds = loadBuiltin(spec);
  const trainer = new Trainer(ds, resolveConfig({ epochs: 8, model: { kind: 'mlp', hidden: [64, 64] }, lr: 3e-3, basisLr: 3e-3, seed: 0, ...over }));
  try {
    await trainer.train();
    const evidence = verdictEvidence(trainer, subset(ds, ds.train, trainer.valIndex));
    return { evidence, verdict: decideVerdict({ method: trainer.config.method, evidence, match: { name: 'so(2)', similarity: 0.9 } }) };
  } finally {
    trainer.dispose();
  }
}

describe('symmetry verdict', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('reports no symmetry on the no-symmetry set, and no name', async () => {
    const { evidence, verdict } = await verdictOf('builtin:no-symmetry?samples=2000', {});
    expect(verdict.status).toBe('not-found');
    expect(verdict.symmetryFound).toBe(false);
    expect(verdict.name).toBeNull();
    expect(verdict.similarity).toBeNull();
    expect(verdict.reason).toMatch(/^no symmetry found: .*labels change along the orbits .* times as much as over arbitrary moves of the same size/);
    // The data themselves contradict the learned generator: labels along its orbits change far more
    // than a symmetry allows (true symmetries measure <= 0.04), measured on most orbit points.
    expect(evidence.orbitVariation!).toBeGreaterThan(0.15);
    expect(evidence.orbitVariationPoints!).toBeGreaterThan(200);
    expect(evidence.orbitContrast!).toBeGreaterThan(1.75);
  });

  it('reports no symmetry for a given rotation generator the no-symmetry data do not have', async () => {
    const rotation = [[[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]];
    const { evidence, verdict } = await verdictOf('builtin:no-symmetry?samples=2000', { method: 'fixed-basis', fixedBasis: rotation });
    expect(verdict.status).toBe('not-found');
    expect(evidence.orbitVariation!).toBeGreaterThan(0.5);
  });

  it('reports the true rotation on nbody2-ood although its orbits leave the two training quadrants', async () => {
    const ds = loadBuiltin('builtin:nbody2-ood?trajectories=20');
    const { evidence, verdict } = await verdictOf('builtin:nbody2-ood?trajectories=260', { method: 'fixed-basis', fixedBasis: ds.referenceBasis! });
    expect(verdict.status).toBe('found');
    expect(verdict.interval!.high).toBeLessThan(0.1);
    // Only part of each orbit lands within the data; there labels follow the rotation exactly.
    expect(evidence.orbitSupport!).toBeLessThan(0.8);
    expect(evidence.orbitVariationPoints!).toBeGreaterThan(100);
    expect(Math.abs(evidence.orbitVariation!)).toBeLessThan(0.02);
    // Counting every orbit point (the previous criterion) would have refused it.
    expect(evidence.orbitContrast!).toBeGreaterThan(10);
  });

  it('reports a symmetry when the generator is one (rotation about z on mixed axes)', async () => {
    const ds = loadBuiltin('builtin:mixed-axes?samples=40');
    const { evidence, verdict } = await verdictOf('builtin:mixed-axes?samples=2000&points=2', { method: 'fixed-basis', fixedBasis: ds.referenceBasis! });
    expect(verdict.status).toBe('found');
    expect(verdict.name).toBe('so(2)');
    expect(evidence.orbitContrast!).toBeLessThan(1.3);
    expect(evidence.orbitVariation!).toBeLessThan(0.05);
  });

  it('a plain model makes no claim', () => {
    expect(decideVerdict({ method: 'plain', evidence: null, match: { name: 'so(2)', similarity: 1 } })).toMatchObject({ symmetryFound: false, name: null, similarity: null });
  });

  it('an all-zero given basis is never a symmetry: g = I tests nothing', async () => {
    const zero = [[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]];
    const { evidence, verdict } = await verdictOf('builtin:no-symmetry?samples=2000', { method: 'fixed-basis', fixedBasis: zero });
    expect(evidence.motion).toEqual([0]);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reason).toMatch(/does not move the data/);
  });
});
