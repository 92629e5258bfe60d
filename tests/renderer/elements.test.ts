// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import PointCloudView from '../../src-renderer/src/components/PointCloudView.vue';
import { UNKNOWN_COLOUR, bondsOf, cpkColour } from '../../src-renderer/src/lib/elements';

const WATER: [number, number, number][] = [[0, 0, 0.119], [0, 0.763, -0.477], [0, -0.763, -0.477]];

describe('element colours and bonds', () => {
  it('colours by element (CPK), one colour per element, one for unknown species', () => {
    expect([cpkColour('O'), cpkColour('H'), cpkColour('C'), cpkColour('Ar')]).toEqual(['#ff0d0d', '#ffffff', '#909090', '#80d1e3']);
    expect(cpkColour('X')).toBe(UNKNOWN_COLOUR);
    expect(cpkColour(undefined)).toBe(UNKNOWN_COLOUR);
  });

  it('bonds atoms closer than 1.2 x their covalent radii: O-H in water, not H-H', () => {
    expect(bondsOf(WATER, ['O', 'H', 'H'])).toEqual([[0, 1], [0, 2]]);
    // Argon atoms 3.8 A apart (a van der Waals contact) are not bonded.
    expect(bondsOf([[0, 0, 0], [3.8, 0, 0]], ['Ar', 'Ar'])).toEqual([]);
    expect(bondsOf(WATER, ['X', 'X', 'X'])).toEqual([]);
  });

  it('draws an argon cluster in one colour with a legend, water with two bonds, and pans on shift-drag', async () => {
    const ar = mount(PointCloudView, { props: { points: [[0, 0, 0], [3.8, 0, 0], [0, 3.8, 0], [0, 0, 3.8]], species: ['Ar', 'Ar', 'Ar', 'Ar'] } });
    expect(new Set(ar.findAll('circle').map((c) => c.attributes('fill')))).toEqual(new Set(['#80d1e3']));
    expect(ar.findAll('[data-test=species-legend] .swatch')).toHaveLength(1);
    expect(ar.find('[data-test=species-legend]').text()).toContain('Ar');
    const w = mount(PointCloudView, { props: { points: WATER, species: ['O', 'H', 'H'] } });
    expect(w.findAll('[data-test=bond]')).toHaveLength(2);
    const svg = w.find('[data-test=point-cloud]');
    await svg.trigger('pointerdown', { clientX: 10, clientY: 10, shiftKey: true, button: 0 });
    await svg.trigger('pointermove', { clientX: 30, clientY: 15 });
    expect(svg.attributes('data-pan')).toBe('20,5');
    expect(svg.attributes('data-yaw')).toBe('0.600');
  });
});
