/**
 * Stands in for vue-echarts' VChart in component tests: ECharts needs a canvas, which happy-dom
 * lacks, so the tests read the option a component hands to the chart instead of pixels.
 * Use: vi.mock('vue-echarts', () => import('./echarts-stub')).
 */
import type { VueWrapper } from '@vue/test-utils';
import { defineComponent, h } from 'vue';

const VChart = defineComponent({
  name: 'VChart',
  props: { option: { type: Object, required: true }, autoresize: { type: Boolean, default: false } },
  setup() {
    return () => h('div', { 'data-test': 'echart' });
  },
});
export default VChart;

/** What an ECharts option looks like to the assertions (only the parts they read). */
export interface ChartOption {
  yAxis: { type: string };
  visualMap?: { min: number; max: number };
  series: { name?: string; type: string; lineStyle?: { type: string }; data: (number | null)[][] }[];
}

export function chartOptions(wrapper: VueWrapper): ChartOption[] {
  return wrapper.findAllComponents({ name: 'VChart' }).map((c) => c.props('option') as ChartOption);
}
