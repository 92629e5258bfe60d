// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import GeneratorHeatmaps from '../../src-renderer/src/components/GeneratorHeatmaps.vue';
import { featureLabels } from '../../src-renderer/src/lib/feature-labels';
import { heatmapScale } from '../../src-renderer/src/lib/heatmap-scale';
import { chartOptions } from './echarts-stub';

vi.mock('vue-echarts', () => import('./echarts-stub'));

const basis = [
  [[0, -0.5], [0.5, 0]],
  [[0.25, 0], [0, -2.5]],
  [[1, 0], [0, 1]],
];

interface HeatmapOption {
  visualMap: { min: number; max: number; show?: boolean; seriesIndex: number[]; formatter: (v: number) => string };
  xAxis: { data: string[] }[];
  yAxis: { data: string[] }[];
  tooltip: { formatter: (p: { seriesIndex: number; value: [number, number, number] }) => string };
  series: { data: number[][]; xAxisIndex: number }[];
}
const heatmapOption = (props: Record<string, unknown>): HeatmapOption => chartOptions(mount(GeneratorHeatmaps, { props: { snapshot: { epoch: 7, basis, strengths: null }, ...props } }))[0] as unknown as HeatmapOption;

describe('GeneratorHeatmaps', () => {
  it('draws every generator in one chart on one colour scale, symmetric about zero, with one colour bar', () => {
    const wrapper = mount(GeneratorHeatmaps, { props: { snapshot: { epoch: 7, basis, strengths: null } } });
    const options = chartOptions(wrapper) as unknown as HeatmapOption[];
    expect(options).toHaveLength(1);
    expect(options[0]!.visualMap).toMatchObject({ min: -2.5, max: 2.5, seriesIndex: [0, 1, 2] });
    expect(options[0]!.visualMap.show).not.toBe(false);
    expect(options[0]!.series.map((s) => s.xAxisIndex)).toEqual([0, 1, 2]);
    expect(wrapper.find('[data-test=heatmaps]').attributes('data-epoch')).toBe('7');
  });

  it('puts entry (i, j) at column j, row i counted from the top, named by feature, and says the entry on hover', () => {
    const o = heatmapOption({ features: ['q', 'p'] });
    // [x = column, y = d - 1 - row, value]
    expect(o.series[0]!.data).toEqual([[0, 1, 0], [1, 1, -0.5], [0, 0, 0.5], [1, 0, 0]]);
    expect(o.xAxis[0]!.data).toEqual(['q', 'p']);
    expect(o.yAxis[0]!.data).toEqual(['p', 'q']);
    expect(o.tooltip.formatter({ seriesIndex: 0, value: [1, 1, -0.5] })).toBe('L1[q, p] = -0.5');
  });

  it('names rows x1..xd without feature names, and takes a scale from outside', () => {
    const o = heatmapOption({ scale: 4 });
    expect(o.xAxis[1]!.data).toEqual(['x1', 'x2']);
    expect(o.visualMap).toMatchObject({ min: -4, max: 4 });
  });
});

describe('featureLabels', () => {
  it("uses the dataset's inputs, a block's names for vector:D, coordinates for points, x1..xd otherwise", () => {
    expect(featureLabels(2, ['a', 'b'], { kind: 'vector', d: 2 })).toEqual(['a', 'b']);
    expect(featureLabels(2, ['a0', 'b0', 'a1', 'b1'], { kind: 'vector', d: 2 })).toEqual(['a0', 'b0']);
    expect(featureLabels(3, ['H', 'C'], { kind: 'points', d: 3 })).toEqual(['x', 'y', 'z']);
    expect(featureLabels(3, ['a', 'b'], null)).toEqual(['x1', 'x2', 'x3']);
  });

  it("names an image run's rows and columns by the image plane's homogeneous coordinates (u, v, 1)", () => {
    expect(featureLabels(3, ['pixels[28 x 28]'], { kind: 'image', d: 3 })).toEqual(['u', 'v', '1']);
  });
});

describe('heatmapScale', () => {
  const snapshots = [{ basis: [[[0, 3], [-3, 0]]] }, { basis: [[[0, 1], [-1, 0]]] }];
  it('is fixed over the epochs by default, so colours compare across the scrubber; per epoch on request', () => {
    expect(heatmapScale(snapshots, snapshots[1]!.basis, true)).toBe(3);
    expect(heatmapScale(snapshots, snapshots[1]!.basis, false)).toBe(1);
  });
});
