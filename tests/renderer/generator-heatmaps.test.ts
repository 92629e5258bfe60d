// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import GeneratorHeatmaps from '../../src-renderer/src/components/GeneratorHeatmaps.vue';
import { chartOptions } from './echarts-stub';

vi.mock('vue-echarts', () => import('./echarts-stub'));

const basis = [
  [[0, -0.5], [0.5, 0]],
  [[0.25, 0], [0, -2.5]],
  [[1, 0], [0, 1]],
];

describe('GeneratorHeatmaps', () => {
  it('draws every generator on one colour scale, symmetric about zero, from the largest |entry| over all', () => {
    const wrapper = mount(GeneratorHeatmaps, { props: { snapshot: { epoch: 7, basis, strengths: null } } });
    const options = chartOptions(wrapper);
    expect(options).toHaveLength(3);
    for (const o of options) expect(o.visualMap).toMatchObject({ min: -2.5, max: 2.5 });
    expect(wrapper.text()).toContain('±2.50');
    expect(wrapper.find('[data-test=heatmaps]').attributes('data-epoch')).toBe('7');
  });

  it('puts entry (i, j) at column j, row i counted from the top', () => {
    const options = chartOptions(mount(GeneratorHeatmaps, { props: { snapshot: { epoch: 0, basis, strengths: null } } }));
    // [x = column, y = d - 1 - row, value]
    expect(options[0]!.series[0]!.data).toEqual([[0, 1, 0], [1, 1, -0.5], [0, 0, 0.5], [1, 0, 0]]);
  });

  it('takes a scale from outside (compare view: one scale over several runs)', () => {
    const options = chartOptions(mount(GeneratorHeatmaps, { props: { snapshot: { epoch: 0, basis, strengths: null }, scale: 4 } }));
    for (const o of options) expect(o.visualMap).toMatchObject({ min: -4, max: 4 });
  });
});
