import { describe, expect, it } from 'vitest';
import { angularMomentum, clusterDof, ljEnergy, simulateLjCluster } from '../../src-main/data/builtin/lj-cluster';
import { loadBuiltin } from '../../src-main/data/builtin/index';

describe('built-in lj-cluster', () => {
  it('forces are minus the finite-difference gradient of the energy', () => {
    const t = simulateLjCluster({ atoms: 7, temperature: 0.2, frames: 5, stride: 20, dt: 0.005, seed: 3 });
    for (const x of t.positions) {
      const g = new Float64Array(x.length);
      ljEnergy(x, g);
      const h = 1e-6;
      for (let i = 0; i < x.length; i++) {
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[i]! += h;
        xm[i]! -= h;
        const fd = (ljEnergy(xp) - ljEnergy(xm)) / (2 * h);
        expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[i]!)));
      }
    }
  });

  it.each([
    [13, 0.1, 0],
    [9, 0.3, 1],
    [20, 0.05, 2],
  ])('NVE conserves energy and keeps zero momentum (%i atoms, T = %f, seed %i)', (atoms, temperature, seed) => {
    const t = simulateLjCluster({ atoms, temperature, frames: 200, stride: 10, dt: 0.005, seed });
    const total = t.potential.map((u, i) => u + t.kinetic[i]!);
    const meanK = t.kinetic.reduce((s, k) => s + k, 0) / t.kinetic.length;
    const drift = Math.max(...total) - Math.min(...total);
    // The total energy wanders by well under 1 % of the kinetic energy it exchanges with the potential.
    expect(drift / meanK).toBeLessThan(0.01);
    const kmin = Math.min(...t.kinetic);
    const kmax = Math.max(...t.kinetic);
    expect(kmax - kmin).toBeGreaterThan(50 * drift); // the energy really flows between kinetic and potential
    for (let f = 0; f < t.positions.length; f += 20) {
      const x = t.positions[f]!;
      const v = t.velocities[f]!;
      for (let c = 0; c < 3; c++) {
        let p = 0;
        let com = 0;
        for (let a = 0; a < atoms; a++) {
          p += v[3 * a + c]!;
          com += x[3 * a + c]! / atoms;
        }
        expect(Math.abs(p)).toBeLessThan(1e-9);
        expect(Math.abs(com)).toBeLessThan(1e-9);
      }
      for (const l of angularMomentum(x, v)) expect(Math.abs(l)).toBeLessThan(1e-9);
    }
    // Equipartition: the mean kinetic temperature lands near the requested one.
    const tKin = (2 * meanK) / clusterDof(atoms);
    expect(tKin).toBeGreaterThan(0.6 * temperature);
    expect(tKin).toBeLessThan(1.4 * temperature);
  });

  it('the cluster does not turn: frames stay near the first orientation', () => {
    const t = simulateLjCluster({ atoms: 13, temperature: 0.1, frames: 300, stride: 10, dt: 0.005, seed: 0 });
    const first = t.positions[0]!;
    const last = t.positions[t.positions.length - 1]!;
    let rms = 0;
    for (let i = 0; i < first.length; i++) rms += (first[i]! - last[i]!) ** 2 / (first.length / 3);
    // Thermal vibration only (a rigid turn by 30 degrees would move atoms about 0.5 sigma).
    expect(Math.sqrt(rms)).toBeLessThan(0.3);
  });

  it('builds a points:3 dataset with energies, dE/dx = -forces, time-block groups and so(3)', () => {
    const ds = loadBuiltin('builtin:lj-cluster?atoms=8&frames=100&temperature=0.15&seed=4');
    expect(ds.layout).toEqual({ kind: 'points', d: 3, maxPoints: 8 });
    expect(ds.train.n).toBe(80);
    expect(ds.test!.n).toBe(20);
    expect(ds.targetGradient).toEqual({ target: 'energy', source: 'forces', unit: 'epsilon/sigma' });
    expect(ds.train.targetGradient!.length).toBe(80 * 8 * 3);
    const x = Float64Array.from(ds.train.points!.coords.subarray(0, 24));
    const g = new Float64Array(24);
    expect(ljEnergy(x, g)).toBeCloseTo(ds.train.targets[0]!, 4);
    g.forEach((v, i) => expect(ds.train.targetGradient![i]!).toBeCloseTo(v, 3));
    const groups = Array.from(ds.train.groups!);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(new Set(groups).size).toBe(20);
    expect(ds.referenceBasis).toHaveLength(3);
    // Its test frames are the same run's later frames: the verdict may pool them with validation.
    expect(ds.testDrawnLikeTrain).toBe(true);
    expect(() => loadBuiltin('builtin:lj-cluster?temperature=2')).toThrow(/temperature/);
  });
});
