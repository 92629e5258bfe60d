// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import LossChart from '../../src-renderer/src/components/LossChart.vue';
import { chartOptions } from './echarts-stub';

vi.mock('vue-echarts', () => import('./echarts-stub'));

interface Series {
  epochs: number[];
  values: number[];
}

const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);
const ys = (data: (number | null)[][]): (number | null)[] => data.map((p) => p[1] ?? null);

function chart(series: Record<string, Series>) {
  const wrapper = mount(LossChart, { props: { series } });
  return { wrapper, option: () => chartOptions(wrapper)[0]! };
}

describe('LossChart', () => {
  it('leaves a constant series exactly constant under smoothing, and smooths a varying one with bias correction', async () => {
    const epochs = range(50);
    const { wrapper, option } = chart({
      'loss.task': { epochs, values: epochs.map(() => 0.37) },
      'val.loss': { epochs: [1, 2, 3], values: [4, 2, 1] },
    });
    await wrapper.find('input[type=range]').setValue('0.6');
    const [task, val] = ['loss.task', 'val.loss'].map((n) => option().series.find((s) => s.name === n)!);
    expect(ys(task!.data)).toEqual(epochs.map(() => 0.37));
    // Debiased EMA with w = 0.6: the first point is the value itself, then (w(1-w)4 + (1-w)2) / (1 - w^2).
    const [first, second] = ys(val!.data) as number[];
    expect(first).toBeCloseTo(4, 12);
    expect(second).toBeCloseTo((0.6 * 0.4 * 4 + 0.4 * 2) / (1 - 0.36), 12);
    // Train solid, validation dashed.
    expect(task!.lineStyle?.type).toBe('solid');
    expect(val!.lineStyle?.type).toBe('dashed');
  });

  it('leaves out terms that are 0 throughout (unused by the run), keeps one that is 0 only at times', () => {
    const epochs = [1, 2, 3];
    const { wrapper, option } = chart({
      'loss.task': { epochs, values: [1, 0.5, 0.2] },
      'loss.equiv': { epochs, values: [0, 0, 0] },
      'loss.aug': { epochs, values: [0, 0.1, 0] },
    });
    expect(option().series.map((s) => s.name)).toEqual(['loss.aug', 'loss.task']);
    expect(wrapper.find('[data-test=loss-chart]').attributes('data-series')).toBe('2');
  });

  it('on the log axis drops points <= 0 (gaps, not smoothed into their neighbours); the linear axis keeps them', async () => {
    const { wrapper, option } = chart({ 'loss.aug': { epochs: [1, 2, 3, 4, 5], values: [1, 0, -2, 1, 1] } });
    await wrapper.find('input[type=range]').setValue('0.5');
    expect(option().yAxis.type).toBe('log');
    expect(ys(option().series[0]!.data)).toEqual([1, null, null, 1, 1]);
    await wrapper.find('input[type=checkbox]').setValue(false);
    expect(option().yAxis.type).toBe('value');
    const linear = ys(option().series[0]!.data) as number[];
    expect(linear).toHaveLength(5);
    expect(linear[1]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 0) / (1 - 0.25), 12);
    expect(linear[2]).toBeLessThan(0);
  });

  it('draws a long series with about 1000 points, keeping its first, last and extreme values', () => {
    const epochs = range(20_000);
    const values = epochs.map((e) => 1 + Math.sin(e / 50));
    values[7_777] = 50;
    const { wrapper, option } = chart({ 'loss.total': { epochs, values } });
    // Smoothing off, so the spike is the raw value.
    return wrapper.find('input[type=range]').setValue('0').then(() => {
      const data = option().series[0]!.data;
      expect(data.length).toBeLessThanOrEqual(1000);
      expect(data.length).toBeGreaterThan(500);
      expect(data[0]).toEqual([1, values[0]]);
      expect(data[data.length - 1]).toEqual([20_000, values[19_999]]);
      expect(data).toContainEqual([7_778, 50]);
    });
  });

  it('shows only the picked term when one is chosen', async () => {
    const s = { epochs: [1, 2], values: [1, 0.5] };
    const { wrapper, option } = chart({ 'loss.task': s, 'loss.aug': s, 'val.loss': s });
    expect(option().series.map((x) => x.name)).toEqual(['loss.aug', 'loss.task', 'val.loss']);
    await wrapper.find('select').setValue('loss.task');
    expect(option().series.map((x) => x.name)).toEqual(['loss.task']);
  });
});
