/**
 * What the Datasets view shows of a loaded dataset: a few samples (point clouds or feature
 * vectors), the first rows as a table, and a histogram of every target.
 */
import type { Dataset, SampleSet } from '../../data/dataset';
import type { DatasetRecord } from '../../data/record';
import type { Histogram, Sample } from '../schemas';

const TABLE_ROWS = 20;
const MAX_HISTOGRAMS = 8;
const BINS = 30;

/** Evenly spaced sample indices over [0, n), first and last included when count > 1. */
export function spreadIndices(n: number, count: number): number[] {
  if (n <= 0) return [];
  const m = Math.min(n, count);
  if (m === 1) return [0];
  return Array.from({ length: m }, (_, i) => Math.round((i * (n - 1)) / (m - 1)));
}

export function sampleAt(ds: Dataset, record: DatasetRecord, set: SampleSet, index: number): Sample {
  if (ds.layout.kind === 'points' && set.points) {
    const { coords, species, mask, maxPoints } = set.points;
    const points: [number, number, number][] = [];
    const names: string[] = [];
    for (let p = 0; p < maxPoints; p++) {
      const at = index * maxPoints + p;
      if (mask[at] === 0) continue;
      points.push([coords[at * 3]!, coords[at * 3 + 1]!, coords[at * 3 + 2]!]);
      const s = species[at]!;
      names.push(record.species?.[s] ?? String(s));
    }
    return { kind: 'points', index, points, species: names };
  }
  const width = ds.inputNames.length;
  return { kind: 'vector', index, values: Array.from(set.inputs.subarray(index * width, (index + 1) * width)), names: ds.inputNames, d: ds.layout.d };
}

export function histogram(name: string, values: Float32Array, stride: number, column: number, discrete: boolean): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  const n = Math.floor(values.length / stride);
  for (let i = 0; i < n; i++) {
    const v = values[i * stride + column]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { name, edges: [], counts: [] };
  const bins = discrete ? Math.min(BINS * 4, Math.round(hi - lo) + 1) : hi > lo ? BINS : 1;
  const start = discrete ? lo - 0.5 : lo;
  const width = discrete ? 1 : (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i * stride + column]!;
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - start) / width)))]! += 1;
  }
  return { name, edges: Array.from({ length: bins + 1 }, (_, i) => start + i * width), counts };
}

export function buildPreview(ds: Dataset, record: DatasetRecord, sampleCount: number, split: 'train' | 'test' = 'train') {
  const set = ds.train;
  // Held-out samples when asked for and the dataset has a test split; the table and histograms stay the training split's.
  const samplesFrom: 'train' | 'test' = split === 'test' && ds.test !== undefined && ds.test.n > 0 ? 'test' : 'train';
  const from = samplesFrom === 'test' ? ds.test! : set;
  const samples = spreadIndices(from.n, sampleCount).map((i) => sampleAt(ds, record, from, i));
  const targetWidth = ds.targetNames.length;
  let table: { columns: string[]; rows: number[][] } | null = null;
  if (ds.layout.kind === 'vector') {
    const width = ds.inputNames.length;
    const rows: number[][] = [];
    for (let i = 0; i < Math.min(TABLE_ROWS, set.n); i++) {
      rows.push([...set.inputs.subarray(i * width, (i + 1) * width), ...set.targets.subarray(i * targetWidth, (i + 1) * targetWidth)]);
    }
    table = { columns: [...ds.inputNames, ...ds.targetNames], rows };
  }
  const histograms = ds.targetNames
    .slice(0, MAX_HISTOGRAMS)
    .map((name, column) => ({ ...histogram(name, set.targets, targetWidth, column, ds.targetKind === 'classification'), unit: unitOfColumn(record, name) }));
  return { samples, samplesFrom, table, histograms };
}

/** The unit of a target column (`dipole[1]` has the unit of `dipole`), null when not stated. */
function unitOfColumn(record: DatasetRecord, column: string): string | null {
  const exact = record.targets.find((t) => t.name === column);
  if (exact) return exact.unit;
  const base = column.replace(/\[.*$/, '');
  return record.targets.find((t) => t.name === base)?.unit ?? null;
}
