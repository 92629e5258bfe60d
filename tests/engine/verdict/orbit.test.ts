/**
 * The orbit variation on hand-made data whose answer is known: rotations of the plane acting on
 * samples that cover only two opposite quadrants (orbits leave the data, as in nbody2-ood).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/data/random';
import { orbitVariation, type OrbitSamples } from '../../../src-main/engine/verdict/orbit';

/** Points with radius in [1, 2] and angle within `spread` of the two opposite quadrant centres pi/4 and 5pi/4. */
function quadrantPoints(n: number, rng: Rng, spread = Math.PI / 4): number[][] {
  return Array.from({ length: n }, () => {
    const r = rng.uniform(1, 2);
    const a = (rng.uniform(0, 1) < 0.5 ? Math.PI / 4 : (5 * Math.PI) / 4) + rng.uniform(-spread, spread);
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

const rotate = (p: number[], t: number): number[] => [Math.cos(t) * p[0]! - Math.sin(t) * p[1]!, Math.sin(t) * p[0]! + Math.cos(t) * p[1]!];

/**
 * Held-out samples, training samples and `draws` rotations per held-out sample by angles from
 * `angle`; `label` gives y, `act` how a rotation acts on it (rho).
 */
function samples(label: (p: number[]) => number[], act: (y: number[], t: number) => number[], angle: (rng: Rng) => number, seed = 0, draws = 4): OrbitSamples {
  const rng = new Rng(seed);
  const train = quadrantPoints(1500, rng);
  const held = quadrantPoints(150, rng);
  const heldY = held.map(label);
  const moved: number[][] = [];
  const movedY: number[][] = [];
  held.forEach((p, i) => {
    for (let d = 0; d < draws; d++) {
      const t = angle(rng);
      moved.push(rotate(p, t));
      movedY.push(act(heldY[i]!, t));
    }
  });
  const rows = (v: number[][]) => ({ values: Float32Array.from(v.flat()), n: v.length });
  const T = label([1, 0]).length;
  return {
    trainInputs: rows(train),
    trainTargets: rows(train.map(label)),
    inputs: rows(held),
    targets: rows(heldY),
    moved: rows(moved),
    movedTargets: rows(movedY),
    featureScale: [1, 1],
    targetScale: new Array<number>(T).fill(1),
  };
}

const invariant = (y: number[]): number[] => y;
const uniformAngle = (rng: Rng): number => rng.uniform(-1, 1);

describe('orbit variation', () => {
  it('is near 0 for a rotation-invariant label, judged on the orbit points that stay in the data', () => {
    const v = orbitVariation(samples((p) => [Math.hypot(p[0]!, p[1]!) ** 2], invariant, uniformAngle));
    // Part of every orbit leaves the two quadrants: those points are not counted.
    expect(v.points).toBeGreaterThan(100);
    expect(v.points).toBeLessThan(0.9 * v.total);
    expect(Math.abs(v.variation!)).toBeLessThan(0.03);
    expect(v.matchedChange!).toBeGreaterThan(10 * v.orbitChange!);
  });

  it('is near 0 for an equivariant label (y = the point rotated by 0.3, rho(g) = g)', () => {
    const v = orbitVariation(samples((p) => rotate(p, 0.3), (y, t) => rotate(y, t), uniformAngle));
    expect(Math.abs(v.variation!)).toBeLessThan(0.03);
  });

  it('is near 1 for a label the rotation does not keep, even though only the orbit points inside the data count', () => {
    // y = x1 changes along the rotation orbits as fast as across them; the points that stay inside are the short moves.
    const v = orbitVariation(samples((p) => [p[0]!], invariant, uniformAngle));
    expect(v.points).toBeLessThan(0.9 * v.total);
    expect(v.variation!).toBeGreaterThan(0.6);
    expect(v.variation!).toBeLessThan(1.6);
  });

  it('is near 1 for an angle-dependent label', () => {
    const v = orbitVariation(samples((p) => [Math.sin(4 * Math.atan2(p[1]!, p[0]!))], invariant, uniformAngle));
    expect(v.variation!).toBeGreaterThan(0.6);
  });

  it('cannot be decided when the orbits leave the data', () => {
    // Rotations by about a quarter turn carry every sample into the empty quadrants.
    const v = orbitVariation(samples((p) => [Math.hypot(p[0]!, p[1]!)], invariant, (rng) => Math.PI / 2 + rng.uniform(-0.05, 0.05)));
    expect(v.points).toBeLessThan(40);
    expect(v.variation).toBeNull();
  });

  it('subtracts the neighbour level: label noise alone does not make an invariant label look broken', () => {
    const rng = new Rng(5);
    const v = orbitVariation(samples((p) => [Math.hypot(p[0]!, p[1]!) ** 2 + 0.3 * rng.normal()], invariant, uniformAngle));
    expect(v.neighbourChange!).toBeGreaterThan(0.1);
    expect(Math.abs(v.variation!)).toBeLessThan(0.1);
  });
});
