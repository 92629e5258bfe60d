// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import LossChart from '../../src-renderer/src/components/LossChart.vue';
import { runTermWeights, termWeights } from '../../src-renderer/src/lib/loss-curves';
import { chartOptions } from './echarts-stub';

vi.mock('vue-echarts', () => import('./echarts-stub'));

interface Series {
  epochs: number[];
  values: number[];
}

const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => from + i);
/** Points are [epoch, plotted y (log10 on the log axis), value]. */
const plotted = (data: (number | null)[][]): (number | null)[] => data.map((p) => p[1] ?? null);
const values = (data: (number | null)[][]): (number | null)[] => data.map((p) => p[2] ?? null);

function chart(series: Record<string, Series>, weights = {}) {
  const wrapper = mount(LossChart, { props: { series, weights } });
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
    expect(values(task!.data)).toEqual(epochs.map(() => 0.37));
    expect(plotted(task!.data)[0]).toBeCloseTo(Math.log10(0.37), 12);
    // Debiased EMA with w = 0.6: the first point is the value itself, then (w(1-w)4 + (1-w)2) / (1 - w^2).
    const [first, second] = values(val!.data) as number[];
    expect(first).toBeCloseTo(4, 12);
    expect(second).toBeCloseTo((0.6 * 0.4 * 4 + 0.4 * 2) / (1 - 0.36), 12);
    // Train solid, validation dashed, in the same colour.
    expect(task!.lineStyle?.type).toBe('solid');
    expect(val!.lineStyle?.type).toBe('dashed');
    expect((val as { color?: string }).color).toBe((task as { color?: string }).color);
  });

  it('draws weighted contributions by default and raw terms on request, naming what it leaves out', async () => {
    const epochs = [1, 2, 3];
    const settings = { 'weights.task': 1, 'weights.equiv': 1, 'weights.aug': 0.1, 'weights.orth': 0.01, 'weights.sparse': 0.001, 'weights.manifold': 0 };
    const { wrapper, option } = chart(
      {
        'loss.total': { epochs, values: [2, 1, 0.17] },
        'loss.aug': { epochs, values: [19, 19, 19] },
        'loss.orth': { epochs, values: [1e-16, 2e-16, 1e-16] },
        'loss.equiv': { epochs, values: [0, 0, 0] },
      },
      { '': termWeights('semola', settings) },
    );
    await wrapper.find('input[type=range]').setValue('0');
    const aug = () => option().series.find((s) => s.name === 'loss.aug')!;
    expect(values(aug().data)).toEqual([1.9, 1.9, 1.9].map((v) => expect.closeTo(v, 12)));
    expect(wrapper.find('[data-test=loss-hidden]').text()).toBe('Not drawn: equiv (0 throughout), orth (at most 2e-18: numerically 0).');
    // The axis: titled, from 0.1 to 10, one label per decade, no "0.0000…".
    const y = option().yAxis as unknown as { name: string; min: number; max: number; axisLabel: { formatter: (e: number) => string } };
    expect(y.name).toBe('weight × term (log scale)');
    // The epoch axis stays at the bottom (not across the chart at 10^0).
    expect((option() as unknown as { xAxis: { axisLine: { onZero: boolean } } }).xAxis.axisLine.onZero).toBe(false);
    expect([y.min, y.max]).toEqual([-1, 1]);
    expect([-1, 0, 1].map(y.axisLabel.formatter)).toEqual(['0.1', '1', '10']);
    expect(wrapper.find('[data-test=loss-chart]').attributes('data-y-labels')).toBe('0.1 1 10');
    await wrapper.find('[data-test=loss-weighting]').setValue('false');
    expect(values(aug().data)).toEqual([19, 19, 19]);
    expect((option().yAxis as unknown as { name: string }).name).toBe('raw term (log scale)');
    expect(wrapper.find('[data-test=loss-chart]').attributes('data-y-labels')).toBe('0.1 1 10 100');
  });

  it('on the log axis drops points <= 0 (gaps, not smoothed into their neighbours); the linear axis keeps them', async () => {
    const { wrapper, option } = chart({ 'loss.aug': { epochs: [1, 2, 3, 4, 5], values: [1, 0, -2, 1, 1] } });
    await wrapper.find('input[type=range]').setValue('0.5');
    expect(plotted(option().series[0]!.data)).toEqual([0, null, null, 0, 0]);
    await wrapper.find('[data-test=loss-log]').setValue(false);
    const linear = plotted(option().series[0]!.data) as number[];
    expect(linear).toHaveLength(5);
    expect(linear[1]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * 0) / (1 - 0.25), 12);
    expect(linear[2]).toBeLessThan(0);
  });

  it('draws a long series with about 1000 points, keeping its first, last and extreme values', async () => {
    const epochs = range(20_000);
    const raw = epochs.map((e) => 1 + Math.sin(e / 50));
    raw[7_777] = 50;
    const { wrapper, option } = chart({ 'loss.total': { epochs, values: raw } });
    // Smoothing off, so the spike is the raw value.
    await wrapper.find('input[type=range]').setValue('0');
    const data = option().series[0]!.data;
    expect(data.length).toBeLessThanOrEqual(1000);
    expect(data.length).toBeGreaterThan(500);
    expect(data[0]).toEqual([1, Math.log10(raw[0]!), raw[0]]);
    expect(data[data.length - 1]![2]).toBe(raw[19_999]);
    expect(data.some((p) => p[0] === 7_778 && p[2] === 50)).toBe(true);
  });

  it('shows only the picked term, with its validation, when one is chosen', async () => {
    const s = { epochs: [1, 2], values: [1, 0.5] };
    const { wrapper, option } = chart({ 'loss.task': s, 'loss.aug': s, 'val.loss': s });
    expect(option().series.map((x) => x.name)).toEqual(['loss.aug', 'loss.task', 'val.loss']);
    await wrapper.find('[data-test=loss-term]').setValue('task');
    expect(option().series.map((x) => x.name)).toEqual(['loss.task', 'val.loss']);
  });

  it('draws one start of a run with several at a time, weighted with the run\'s weights, and all on request', async () => {
    const epochs = range(3);
    const series: Record<string, Series> = {};
    for (const g of ['start.0.', 'start.1.']) {
      series[`${g}loss.task`] = { epochs, values: [1, 0.5, 0.25] };
      series[`${g}loss.equiv`] = { epochs, values: [2, 1, 0.5] };
      series[`${g}val.loss`] = { epochs, values: [1.2, 0.6, 0.3] };
    }
    // A run's other metrics (not losses) name no start.
    series['start.0.seconds'] = { epochs, values: [3, 3, 3] };
    series['steps'] = { epochs, values: [10, 10, 10] };
    const weights = runTermWeights('semola', { 'weights.task': 1, 'weights.equiv': 0.5 }, Object.keys(series));
    expect(Object.keys(weights).sort()).toEqual(['', 'start.0.', 'start.1.']);
    const { wrapper, option } = chart(series, weights);
    expect(option().series.map((x) => x.name)).toEqual(['start.0.loss.equiv', 'start.0.loss.task', 'start.0.val.loss']);
    // Weighted: equiv enters the total at 0.5 (unsmoothed, to read the values).
    await wrapper.find('input[type=range]').setValue('0');
    expect(values(option().series[0]!.data)).toEqual([1, 0.5, 0.25]);
    expect(wrapper.text()).not.toMatch(/not known yet/);
    series['start.0.loss.orth'] = { epochs, values: [0, 0, 0] };
    series['start.1.loss.orth'] = { epochs, values: [0, 0, 0] };
    await wrapper.setProps({ series: { ...series } });
    expect(wrapper.find('[data-test=loss-hidden]').text()).toBe('Not drawn: start.0.orth (0 throughout).');
    await wrapper.find('[data-test=loss-start]').setValue('start.1.');
    expect(option().series.map((x) => x.name)).toEqual(['start.1.loss.equiv', 'start.1.loss.task', 'start.1.val.loss']);
    await wrapper.find('[data-test=loss-start]').setValue('');
    expect(option().series).toHaveLength(6);
  });

  it('opens on the start the run reports, the first where it names none that was recorded', () => {
    const epochs = range(3);
    const series: Record<string, Series> = {};
    for (const g of ['start.0.', 'start.1.', 'start.2.']) series[`${g}loss.task`] = { epochs, values: [1, 0.5, 0.25] };
    const shown = (chosenStart: number | null) => {
      const wrapper = mount(LossChart, { props: { series, chosenStart } });
      return { names: chartOptions(wrapper)[0]!.series.map((x) => x.name), select: (wrapper.find('[data-test=loss-start]').element as unknown as { value: string }).value };
    };
    expect(shown(2)).toEqual({ names: ['start.2.loss.task'], select: 'start.2.' });
    expect(shown(null)).toEqual({ names: ['start.0.loss.task'], select: 'start.0.' });
    expect(shown(7)).toEqual({ names: ['start.0.loss.task'], select: 'start.0.' });
  });
});
