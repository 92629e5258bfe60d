// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import GroupElementPanel from '../../src-renderer/src/components/GroupElementPanel.vue';
import { client as api } from './client-stub';
import { chartOptions } from './echarts-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));
vi.mock('vue-echarts', () => import('./echarts-stub'));

// so(2) acting on (x, y) and a scaling of both: exp(t1 R + t2 S) = e^{t2} [[cos t1, -sin t1], [sin t1, cos t1]].
const R = [[0, -1], [1, 0]];
const S = [[1, 0], [0, 1]];

const shownMatrix = (wrapper: ReturnType<typeof mount>): number[][] =>
  wrapper.find('[data-test=group-matrix]').findAll('tr').map((tr) => tr.findAll('td').map((td) => Number(td.text())));

beforeEach(() => {
  api.call.mockClear();
  api.handlers['datasets.preview'] = () => ({ samples: [{ kind: 'vector', index: 3, values: [1, 0, 0, 2], names: ['x1', 'y1', 'x2', 'y2'], d: 2 }], samplesFrom: 'test' });
});

describe('GroupElementPanel', () => {
  it('starts at the identity with one slider per generator', async () => {
    const wrapper = mount(GroupElementPanel, { props: { basis: [R, S], datasetId: 5 } });
    await flushPromises();
    expect(wrapper.findAll('input[type=range]')).toHaveLength(2);
    expect(shownMatrix(wrapper)).toEqual([[1, 0], [0, 1]]);
    // A held-out sample: the test split's.
    expect(api.call).toHaveBeenCalledWith('datasets.preview', { id: 5, samples: 1, split: 'test' });
  });

  it('shows exp(sum t_i L_i) for the sliders, and its action on the real sample', async () => {
    const wrapper = mount(GroupElementPanel, { props: { basis: [R, S], datasetId: 5 } });
    await flushPromises();
    const t1 = 0.7;
    const t2 = -0.3;
    await wrapper.find('[data-test=t-slider-0]').setValue(String(t1));
    await wrapper.find('[data-test=t-slider-1]').setValue(String(t2));
    const s = Math.exp(t2);
    const expected = [[s * Math.cos(t1), -s * Math.sin(t1)], [s * Math.sin(t1), s * Math.cos(t1)]];
    const shown = shownMatrix(wrapper);
    shown.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 2)));
    // g acts on each (x, y) block of the sample: (1, 0) and (0, 2).
    const gx = wrapper.find('[data-test=vector-action]').findAll('tbody tr').map((tr) => Number(tr.findAll('td')[2]!.text()));
    const want = [expected[0]![0]!, expected[1]![0]!, 2 * expected[0]![1]!, 2 * expected[1]![1]!];
    gx.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 2));
  });

  it('draws the orbit of the held-out sample beside the table, in the features it moves most, following the sliders', async () => {
    const wrapper = mount(GroupElementPanel, { props: { basis: [R], datasetId: 5 } });
    await flushPromises();
    expect(wrapper.find('[data-test=sample-source]').text()).toBe('Held-out sample 3');
    const orbit = wrapper.find('[data-test=orbit-chart]');
    // Sliders at 0: A = R, s in [-1, 1]. R rotates (x1, y1) = (1, 0) and (x2, y2) = (0, 2): x2 = -2 sin s
    // moves most (3.4), then y1 = sin s (1.7), then y2 = 2 cos s (0.92); x1 = cos s (0.46) is left out.
    expect(orbit.attributes('data-features')).toBe('x2 y1 y2');
    await wrapper.find('[data-test=t-slider-0]').setValue('1.2');
    // g x at s = 1 is the table's g x.
    const gx = wrapper.find('[data-test=vector-action]').findAll('tbody tr').map((tr) => Number(tr.findAll('td')[2]!.text()));
    const marked = wrapper.find('[data-test=orbit-chart]').attributes('data-gx')!.split(' ').map(Number);
    marked.forEach((v, i) => expect(v).toBeCloseTo(gx[i]!, 2));
    expect(marked[2]).toBeCloseTo(-2 * Math.sin(1.2), 3);
    // Drawn in x2 (across) and y1 (up), coloured by y2; every point keeps (x2, y2) on the circle of radius 2.
    const option = chartOptions(wrapper).find((o) => o.series.some((s) => s.name === 'orbit')) as unknown as { xAxis: { name: string }; yAxis: { name: string }; series: { name: string; data: number[][] }[] };
    expect([option.xAxis.name, option.yAxis.name]).toEqual(['x2', 'y1']);
    for (const [x2, y1, y2] of option.series[0]!.data) {
      expect(Math.hypot(x2!, y2!)).toBeCloseTo(2, 6);
      expect(Math.abs(y1!)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('says so when the sample does not fit g', async () => {
    api.handlers['datasets.preview'] = () => ({ samples: [{ kind: 'vector', index: 0, values: [1, 2, 3], names: ['a', 'b', 'c'], d: 3 }] });
    const wrapper = mount(GroupElementPanel, { props: { basis: [R], datasetId: 1 } });
    await flushPromises();
    expect(wrapper.find('[data-test=vector-action]').exists()).toBe(false);
    expect(wrapper.text()).toContain('3 features; g is 2 x 2');
  });
});
