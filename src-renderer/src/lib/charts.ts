/** The ECharts parts the views use, registered once (tree-shaken build). */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// SVG for the loss chart: its tick labels are text the page (and its tests) can read.
use([CanvasRenderer, SVGRenderer, LineChart, BarChart, HeatmapChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent]);

/** Diverging colours for generator entries: negative blue, zero white, positive red. */
export const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'];

/** Sequential colours for weights in [0, 1] (soft permutation entries): white at 0, dark red at 1. */
export const SEQUENTIAL = ['#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b', '#67001f'];

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
