import { describe, expect, it } from 'vitest';
import { lossCurves, parseLossName, termWeights } from '../../src-renderer/src/lib/loss-curves';

const epochs = [1, 2, 3];
const settings = { 'weights.task': 1, 'weights.equiv': 1, 'weights.aug': 0.1, 'weights.orth': 0.01, 'weights.sparse': 0.001, 'weights.mixing': 0.01, 'weights.manifold': 0, 'weights.forces': 1, 'augerino.widthBonus': 0.5 };

describe('parseLossName', () => {
  it('reads the term, the validation series and the prefix of starts and compared runs', () => {
    expect(parseLossName('loss.task')).toEqual({ group: '', term: 'task', validation: false });
    expect(parseLossName('val.loss')).toEqual({ group: '', term: 'task', validation: true });
    expect(parseLossName('start.2.loss.aug')).toEqual({ group: 'start.2.', term: 'aug', validation: false });
    expect(parseLossName('run 3 · val.loss')).toEqual({ group: 'run 3 · ', term: 'task', validation: true });
    expect(parseLossName('epoch.seconds')).toBeNull();
  });
});

describe('termWeights', () => {
  it("takes each term's weight from the settings; Augerino's aug slot is its width bonus", () => {
    expect(termWeights('semola', settings)).toMatchObject({ total: 1, task: 1, aug: 0.1, orth: 0.01, manifold: 0 });
    expect(termWeights('augerino', settings).aug).toBe(0.5);
    // Image runs report the mixing penalty: weighted like the others, not drawn raw.
    expect(termWeights('semola', settings).mixing).toBe(0.01);
    const mixed = lossCurves({ 'loss.mixing': { epochs, values: [1.2, 1.1, 1] }, 'loss.task': { epochs, values: [0.4, 0.2, 0.1] } }, { weighted: true, weights: { '': termWeights('semola', settings) } });
    expect(mixed.unweighted).toEqual([]);
    expect(mixed.curves.find((c) => c.name === 'loss.mixing')!.values).toEqual([1.2, 1.1, 1].map((v) => 0.01 * v));
  });
});

describe('lossCurves', () => {
  const series = {
    'loss.total': { epochs, values: [0.5, 0.3, 0.17] },
    'loss.task': { epochs, values: [0.4, 0.2, 0.1] },
    'loss.aug': { epochs, values: [19, 18, 17] },
    'loss.orth': { epochs, values: [1e-16, 3e-17, 2e-16] },
    'loss.manifold': { epochs, values: [0.2, 0.2, 0.2] },
    'loss.equiv': { epochs, values: [0, 0, 0] },
    'val.loss': { epochs, values: [0.5, 0.25, 0.12] },
    'epoch.seconds': { epochs, values: [1, 1, 1] },
  };

  it('shows weighted contributions by default: a raw term of 19 at weight 0.1 draws as 1.9', () => {
    const { curves, hidden } = lossCurves(series, { weighted: true, weights: { '': termWeights('semola', settings) } });
    expect(curves.map((c) => c.name)).toEqual(['loss.aug', 'loss.task', 'loss.total', 'val.loss']);
    expect(curves.find((c) => c.name === 'loss.aug')!.values).toEqual([19, 18, 17].map((v) => 0.1 * v));
    expect(hidden).toEqual(['equiv (0 throughout)', 'manifold (weight 0)', 'orth (at most 2e-18: numerically 0)']);
  });

  it('shows raw terms on request, still hiding the ones that are ~0 throughout', () => {
    const { curves, hidden } = lossCurves(series, { weighted: false, weights: {} });
    expect(curves.find((c) => c.name === 'loss.aug')!.values).toEqual([19, 18, 17]);
    expect(curves.map((c) => c.name)).toContain('loss.manifold');
    expect(hidden).toEqual(['equiv (0 throughout)', 'orth (at most 2e-16: numerically 0)']);
  });

  it('gives validation the colour key of its training term, dashed by its flag', () => {
    const { curves } = lossCurves({ 'run 1 · loss.task': series['loss.task'], 'run 1 · val.loss': series['val.loss'], 'run 2 · val.loss': series['val.loss'] }, { weighted: false, weights: {} });
    expect(curves.map((c) => [c.colourKey, c.validation])).toEqual([
      ['run 1 · task', false],
      ['run 1 · task', true],
      ['run 2 · task', true],
    ]);
  });

  it('draws a group without weights raw and says so', () => {
    const { curves, unweighted } = lossCurves({ 'run 1 · loss.aug': series['loss.aug'], 'run 2 · loss.aug': series['loss.aug'] }, { weighted: true, weights: { 'run 1 · ': termWeights('semola', settings) } });
    expect(curves[0]!.values[0]).toBeCloseTo(1.9, 12);
    expect(curves[1]!.values[0]).toBe(19);
    expect(unweighted).toEqual(['run 2 · ']);
  });
});
