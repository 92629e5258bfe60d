/** decideVerdict on hand-set evidence: each criterion can refuse a symmetry, and the reason says which with its numbers. */
import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../../src-main/engine/verdict/decide';
import type { VerdictEvidence } from '../../../src-main/engine/verdict/evidence';

const base: VerdictEvidence = {
  samples: 100,
  directError: 0.1,
  averagedError: 0.1,
  residual: 0.01,
  orbitContrast: 40,
  orbitSupport: 0.45,
  orbitVariation: 0.01,
  orbitVariationPoints: 180,
};
const so2 = { name: 'so(2)', similarity: 0.97 };

describe('decideVerdict', () => {
  it('finds a symmetry when enforcing it is free and labels stay constant along the orbits in the data, whatever the contrast over all orbit points', () => {
    const v = decideVerdict('fixed-basis', base, so2);
    expect(v).toMatchObject({ symmetryFound: true, name: 'so(2)', similarity: 0.97 });
    expect(v.reason).toMatch(/^symmetry found: .*by \+0\.00% .*labels change along the orbits 0\.0100 times as much as over arbitrary moves of the same size .*180 orbit points/);
  });

  it('refuses when the labels change along the orbits more than 5% as much as over arbitrary moves', () => {
    const v = decideVerdict('semola', { ...base, orbitVariation: 0.06 }, so2);
    expect(v).toMatchObject({ symmetryFound: false, name: null, similarity: null });
    expect(v.reason).toMatch(/^no symmetry found: .*0\.0600 times as much .*limit 0\.0500/);
    expect(decideVerdict('semola', { ...base, orbitVariation: 0.045 }, so2).symmetryFound).toBe(true);
  });

  it('refuses when enforcing the generators costs more than 10% task loss', () => {
    expect(decideVerdict('semola', { ...base, averagedError: 0.111 }, so2).symmetryFound).toBe(false);
    expect(decideVerdict('semola', { ...base, averagedError: 0.109 }, so2).symmetryFound).toBe(true);
  });

  it('says it cannot be decided, and claims nothing, when too few orbit points land within the data', () => {
    const v = decideVerdict('semola', { ...base, orbitVariation: null, orbitVariationPoints: 12 }, so2);
    expect(v.symmetryFound).toBe(false);
    expect(v.reason).toMatch(/cannot be decided from these data: only 12 of 400 orbit points land within the data \(at least 40 needed\)/);
  });

  it('judges point clouds on the cost alone', () => {
    const cloud = { ...base, orbitContrast: null, orbitSupport: null, orbitVariation: null, orbitVariationPoints: null };
    expect(decideVerdict('semola', cloud, so2).symmetryFound).toBe(true);
    expect(decideVerdict('semola', cloud, so2).reason).toMatch(/not measured for point clouds/);
    expect(decideVerdict('semola', { ...cloud, averagedError: 0.2 }, so2).symmetryFound).toBe(false);
  });
});
