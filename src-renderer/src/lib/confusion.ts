/**
 * The confusion matrix as an ECharts heatmap: predicted class along x, true class down y (the
 * first class at the top, as the matrix is written), the count in every cell.
 */
import { SEQUENTIAL } from './charts';

/** Class names for K classes: the dataset's where it names them, else the label indices. */
export function classLabels(classes: number, names: readonly string[] | null): string[] {
  return Array.from({ length: classes }, (_, c) => names?.[c] ?? String(c));
}

/** confusion[true][predicted] -> cells [predicted, true, count], every cell (zeros included). */
export function confusionCells(confusion: readonly (readonly number[])[]): [number, number, number][] {
  return confusion.flatMap((row, t) => row.map((count, p): [number, number, number] => [p, t, count]));
}

export function confusionOption(confusion: readonly (readonly number[])[], names: readonly string[] | null) {
  const k = confusion.length;
  const labels = classLabels(k, names);
  const max = Math.max(1, ...confusion.flat());
  return {
    animation: false,
    tooltip: { position: 'top', formatter: (p: { data: [number, number, number] }) => `true ${labels[p.data[1]]}, predicted ${labels[p.data[0]]}: ${p.data[2]}` },
    grid: { left: 70, right: 80, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: labels, name: 'predicted class', nameLocation: 'middle', nameGap: 30, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, name: 'true class', nameLocation: 'middle', nameGap: 50, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: false, orient: 'vertical', right: 0, top: 'middle', itemHeight: 120, text: [`${max}`, '0'], inRange: { color: SEQUENTIAL } },
    series: [{ type: 'heatmap', data: confusionCells(confusion), label: { show: true, fontSize: k > 12 ? 9 : 11 }, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
  };
}
