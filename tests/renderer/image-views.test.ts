// @vitest-environment happy-dom
/**
 * The image views: the dataset's image grid fetches only the page it shows and pages on; g acts on a
 * held-out image under the group-element sliders (the test split where there is one); the
 * confusion matrix draws every cell with its count, classes named on both axes; pixels travel as
 * little-endian float32 and draw on one grey scale.
 */
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ClassificationPanel from '../../src-renderer/src/components/ClassificationPanel.vue';
import GroupElementPanel from '../../src-renderer/src/components/GroupElementPanel.vue';
import ImageGrid from '../../src-renderer/src/components/ImageGrid.vue';
import { confusionCells, confusionOption } from '../../src-renderer/src/lib/confusion';
import { decodeFloat32, toRgba, valueRange } from '../../src-renderer/src/lib/image-pixels';
import { client as api } from './client-stub';
import { chartOptions } from './echarts-stub';

vi.mock('../../src-renderer/src/api/client', () => import('./client-stub'));
vi.mock('vue-echarts', () => import('./echarts-stub'));

const base64Floats = (values: number[]): string => {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
};

/** A 2 x 2 grey image set: image i has pixels [i, 0, 0, 1], label i % 3. */
function pageOf(input: { split?: string; offset?: number; count?: number }, totals = { train: 70, test: 5 }) {
  const split = input.split ?? 'train';
  const total = split === 'train' ? totals.train : totals.test;
  if (total === 0) throw new Error('no test split');
  const offset = input.offset ?? 0;
  const shown = Math.min(input.count ?? 24, total - offset);
  return {
    datasetId: 4, split, total, offset, splits: totals, height: 2, width: 2, channels: 1, classNames: ['cat', 'dog', 'eel'],
    images: Array.from({ length: shown }, (_, i) => ({ index: offset + i, label: (offset + i) % 3, pixels: base64Floats([offset + i, 0, 0, 1]) })),
  };
}

beforeEach(() => {
  api.call.mockClear();
  api.handlers['datasets.images'] = (input) => pageOf(input as { split?: string; offset?: number; count?: number });
});

describe('pixels', () => {
  it('decodes little-endian float32 and maps values to grey from min(0, lowest) to the highest', () => {
    const values = decodeFloat32(base64Floats([0.5, -2, 3.25, 0]));
    expect([...values]).toEqual([0.5, -2, 3.25, 0]);
    const range = valueRange([values, Float32Array.from([6])]);
    expect(range).toEqual({ low: -2, high: 6 });
    const rgba = toRgba(Float32Array.from([-2, 6, 2, 10]), { height: 2, width: 2, channels: 1 }, range);
    expect([...rgba]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    expect(valueRange([Float32Array.from([0, 0])])).toEqual({ low: 0, high: 1 });
  });
});

describe('ImageGrid', () => {
  it('asks for one page, shows each image with its class name, and pages on and to the test split', async () => {
    const wrapper = mount(ImageGrid, { props: { datasetId: 4 } });
    await flushPromises();
    expect(api.call).toHaveBeenCalledWith('datasets.images', { id: 4, split: 'train', offset: 0, count: 32 });
    const cells = wrapper.findAll('[data-test=image-cell]');
    expect(cells).toHaveLength(32);
    expect(cells.slice(0, 4).map((c) => c.attributes('data-label'))).toEqual(['cat', 'dog', 'eel', 'cat']);
    expect(cells[1]!.text()).toContain('#1');
    expect(wrapper.find('[data-test=image-page-range]').text()).toBe('train images 1–32 of 70');
    await wrapper.find('[data-test=image-page-next]').trigger('click');
    await flushPromises();
    await wrapper.find('[data-test=image-page-next]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-test=image-page-range]').text()).toBe('train images 65–70 of 70');
    expect(wrapper.findAll('[data-test=image-cell]')).toHaveLength(6);
    expect(wrapper.find('[data-test=image-page-next]').attributes('disabled')).toBeDefined();
    await wrapper.find('[data-test=image-split-test]').trigger('click');
    await flushPromises();
    expect(api.call).toHaveBeenLastCalledWith('datasets.images', { id: 4, split: 'test', offset: 0, count: 32 });
    expect(wrapper.findAll('[data-test=image-cell]')).toHaveLength(5);
  });

  it('offers no test split where the dataset has none, and shows the error of a failed call', async () => {
    api.handlers['datasets.images'] = (input) => pageOf(input as object, { train: 3, test: 0 });
    const wrapper = mount(ImageGrid, { props: { datasetId: 4 } });
    await flushPromises();
    expect(wrapper.find('[data-test=image-split-test]').exists()).toBe(false);
    expect(wrapper.text()).toContain('no test split');
    api.handlers['datasets.images'] = () => {
      throw new Error('dataset 5 (table.csv) holds feature vectors, not images');
    };
    await wrapper.setProps({ datasetId: 5 });
    await flushPromises();
    expect(wrapper.find('.error').text()).toContain('holds feature vectors, not images');
  });
});

describe('GroupElementPanel on an image run', () => {
  // The page's held-out images are fetched once per dataset: each test its own dataset id.
  const R = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];

  it('acts on a held-out test image under the sliders (resampled in the page), not on a feature vector', async () => {
    api.handlers['datasets.images'] = (input) => {
      const { split } = input as { split: string };
      if (split !== 'test') throw new Error('expected the test split');
      // One 2 x 2 image [[1, 2], [3, 4]]: a quarter turn gives [[3, 1], [4, 2]].
      return { ...pageOf({ split: 'test' }), images: [{ index: 3, label: 1, pixels: base64Floats([1, 2, 3, 4]) }] };
    };
    const wrapper = mount(GroupElementPanel, { props: { basis: [R], datasetId: 41, image: true } });
    await flushPromises();
    expect(api.call).not.toHaveBeenCalledWith('datasets.preview', expect.anything());
    expect(api.call).toHaveBeenCalledWith('datasets.images', { id: 41, split: 'test', count: 8 });
    const action = wrapper.find('[data-test=image-action]');
    expect(action.attributes()).toMatchObject({ 'data-split': 'test', 'data-index': '3', 'data-sum-before': '10.000', 'data-sum-after': '10.000' });
    expect(action.text()).toContain('test image #3 · dog');
    await wrapper.find('[data-test=t-slider-0]').setValue(String(Math.PI / 2));
    // The slider's step rounds pi/2 to 1.57: the turn is 0.0008 short, so the sum moves by little.
    expect(Number(wrapper.find('[data-test=image-action]').attributes('data-sum-after'))).toBeCloseTo(10, 1);
    await wrapper.find('[data-test=t-slider-0]').setValue('0.5');
    // An eighth-ish turn of a 2 x 2 image moves part of it out of the frame.
    expect(Number(wrapper.find('[data-test=image-action]').attributes('data-sum-after'))).toBeLessThan(9.5);
    expect(wrapper.find('[data-test=vector-action]').exists()).toBe(false);
  });

  it('shows no feature-vector sample beside the image once the run is known to be an image run', async () => {
    // While a run trains the layout may come after the panel asked for a sample: the image wins.
    api.handlers['datasets.preview'] = () => ({ samples: [{ kind: 'vector', index: 0, values: [0.5], names: ['pixels[2 x 2]'], d: 3 }] });
    const wrapper = mount(GroupElementPanel, { props: { basis: [R], datasetId: 44, image: false } });
    await flushPromises();
    expect(wrapper.text()).toContain('The sample has 1 features');
    await wrapper.setProps({ image: true });
    await flushPromises();
    expect(wrapper.find('[data-test=image-action]').exists()).toBe(true);
    expect(wrapper.text()).not.toContain('The sample has 1 features');
  });

  it('falls back to training images, and says so, where the dataset has no test split', async () => {
    api.handlers['datasets.images'] = (input) => pageOf(input as object, { train: 3, test: 0 });
    const wrapper = mount(GroupElementPanel, { props: { basis: [R], datasetId: 42, image: true } });
    await flushPromises();
    expect(wrapper.find('[data-test=image-action]').attributes('data-split')).toBe('train');
    expect(wrapper.text()).toContain('the dataset has no test split: training images');
  });
});

describe('the confusion matrix', () => {
  const confusion = [[5, 1, 0], [2, 7, 0], [0, 0, 3]];

  it('draws every cell with its count, predicted along x and true down y, the first class on top', () => {
    expect(confusionCells(confusion)).toContainEqual([1, 0, 1]);
    expect(confusionCells(confusion)).toContainEqual([0, 1, 2]);
    const option = confusionOption(confusion, ['cat', 'dog', 'eel']);
    expect(option.xAxis).toMatchObject({ data: ['cat', 'dog', 'eel'], name: 'predicted class' });
    expect(option.yAxis).toMatchObject({ data: ['cat', 'dog', 'eel'], name: 'true class', inverse: true });
    expect(option.series[0]!.data).toHaveLength(9);
    expect(option.series[0]!.label.show).toBe(true);
    expect(option.visualMap).toMatchObject({ min: 0, max: 7 });
    expect(confusionOption(confusion, null).xAxis.data).toEqual(['0', '1', '2']);
  });

  it("names an image run's classes from its dataset and states the counts and accuracy", async () => {
    const summary = { metrics: { test: { confusion, accuracy: 15 / 18, samples: 18, perClassAccuracy: [5 / 6, 7 / 9, 1] } } };
    const wrapper = mount(ClassificationPanel, { props: { summary: summary as never, datasetId: 43, images: true } });
    await flushPromises();
    const [option] = chartOptions(wrapper) as unknown as ReturnType<typeof confusionOption>[];
    expect(option!.yAxis.data).toEqual(['cat', 'dog', 'eel']);
    const panel = wrapper.find('[data-test=confusion-matrix]');
    expect(panel.attributes()).toMatchObject({ 'data-classes': '3', 'data-counted': '18' });
    expect(panel.text()).toContain('The diagonal (15) is correct: accuracy 0.833');
    expect(panel.find('[data-test=per-class-accuracy]').text()).toContain('cat: 83 % · dog: 78 % · eel: 100 %');
    // A table's classification run has no images to ask: its classes are the label indices.
    api.call.mockClear();
    const table = mount(ClassificationPanel, { props: { summary: summary as never, datasetId: 9, images: false } });
    await flushPromises();
    expect(api.call).not.toHaveBeenCalled();
    expect((chartOptions(table)[0] as unknown as ReturnType<typeof confusionOption>).xAxis.data).toEqual(['0', '1', '2']);
  });
});
