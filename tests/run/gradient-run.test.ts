import { describe, expect, it } from 'vitest';
import { runTrain } from '../../src-main/run/train';

const LJ = 'builtin:lj-cluster?atoms=6&frames=150&temperature=0.1';
const tiny = (over: Record<string, unknown> = {}) => ({ epochs: 3, batchSize: 32, model: { kind: 'mlp', hidden: [16, 16] }, evalPoints: 20, evalGroupSamples: 2, inferenceSamples: 2, ...over });

describe('semola train on energies and forces', () => {
  it.each([0, 1])('--method gradient recovers so(3) from the forces of a cluster that never turns (seed %i)', async (seed) => {
    const s = await runTrain({ data: `${LJ}&seed=${seed}`, backend: 'cpu', config: tiny({ method: 'gradient', k: 3 }) });
    expect(s.spectrum).not.toBeNull();
    expect(s.spectrum!.nullity).toBe(3);
    expect(s.spectrum!.source).toMatch(/data: forces/);
    expect(s.reference!.subspace).toBeGreaterThan(0.99);
    expect(s.algebra!.closureResidual).toBeLessThan(0.01);
    expect((s.verdict as { status?: string }).status).toBe('found');
    expect(s.verdict.symmetryFound).toBe(true);
    expect(s.verdict.name).toBe('so(3)');
    expect(s.basis).toHaveLength(3);
  });

  it('states whether forces were trained, with the activation, and measures the held-out gradient error', async () => {
    const on = await runTrain({ data: LJ, backend: 'cpu', config: tiny({ method: 'plain' }) });
    expect(on.forces).toMatchObject({ used: true, source: 'forces', activation: 'silu' });
    expect(on.history[0]!.losses.forces).toBeGreaterThan(0);
    expect(on.forces!.testError!.samples).toBe(30);
    const off = await runTrain({ data: LJ, backend: 'cpu', config: tiny({ method: 'plain', forces: 'none' }) });
    expect(off.forces).toMatchObject({ used: false, activation: 'relu' });
    expect(off.history[0]!.losses.forces).toBeUndefined();
    expect(off.spectrum).toBeNull();
  });

  // The basis learns from the gradient condition on the data (the equivariance term cannot see a
  // rotation the trajectory never shows); the force term makes the model's forces the data's.
  const LEARN = 'builtin:lj-cluster?atoms=6&frames=300&temperature=0.1';
  const learn = (seed: number, over: Record<string, unknown> = {}) =>
    runTrain({ data: `${LEARN}&seed=${seed}`, backend: 'cpu', config: tiny({ k: 3, seed, epochs: 10, batchSize: 16, lr: 0.01, ...over }) });

  it.each([0, 1])('semola trained on forces learns so(3), a closed span, from a cluster that never turns (seed %i)', async (seed) => {
    const s = await learn(seed);
    expect(s.config.model.kind).toBe('mlp');
    expect(s.forces).toMatchObject({ used: true, source: 'forces' });
    expect(s.reference!.subspace).toBeGreaterThan(0.95);
    expect(s.algebra!.closureResidual).toBeLessThan(0.05);
    expect((s.verdict as { status?: string }).status).not.toBe('not-found');
    const off = await learn(seed, { forces: 'none' });
    // Energies alone: the basis has nothing to go on, the span is not so(3), and it is never "found".
    expect(off.reference!.subspace).toBeLessThan(0.8);
    expect((off.verdict as { status?: string }).status).not.toBe('found');
    // The force term trains: the model's forces move towards the data's.
    const forces = s.history.map((h) => Number(h.losses.forces));
    expect(forces.at(-1)!).toBeLessThan(0.85 * forces[0]!);
  });

  // A cluster that never turns: a barely trained model neither fits nor extrapolates, but the data's
  // forces are exact derivatives of the energy and decide whether the given generators leave it unchanged.
  const HELD = 'builtin:lj-cluster?atoms=6&frames=2600&temperature=0.1&seed=3';
  const so3 = [
    [[0, 0, 0], [0, 0, -1], [0, 1, 0]],
    [[0, 0, 1], [0, 0, 0], [-1, 0, 0]],
    [[0, -1, 0], [1, 0, 0], [0, 0, 0]],
  ];
  const strain = [
    [[1, 0, 0], [0, -1, 0], [0, 0, 0]],
    [[0, 1, 0], [1, 0, 0], [0, 0, 0]],
    [[0, 0, 1], [0, 0, 0], [1, 0, 0]],
  ];
  it("decides by the data's gradients when the model cannot: so(3) found, a strain basis not", async () => {
    const run = (fixedBasis: number[][][]) => runTrain({ data: HELD, backend: 'cpu', config: tiny({ method: 'fixed-basis', fixedBasis, epochs: 1 }) });
    const s = await run(so3);
    const v = s.verdict as { status?: string; reason: string };
    expect(v.status).toBe('found');
    expect(v.reason).toMatch(/^symmetry found by the data's gradients: /);
    expect(s.verdict.symmetryFound).toBe(true);
    const w = (await run(strain)).verdict as { status?: string; reason: string };
    expect(w.status).not.toBe('found');
    expect(w.reason).toMatch(/by the data's gradients the target changes along the generators/);
  });

  it('--forces none makes --method gradient use the trained model, and says so', async () => {
    const s = await runTrain({ data: LJ, backend: 'cpu', config: tiny({ method: 'gradient', k: 3, forces: 'none' }) });
    expect(s.spectrum!.source).toMatch(/model/);
    expect(s.spectrum!.values).toHaveLength(9);
    expect(['found', 'not-found', 'inconclusive']).toContain((s.verdict as { status?: string }).status);
  });
});
