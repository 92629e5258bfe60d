/** The data a run trains on: a built-in dataset, or a file or folder imported as `semola import` would. */
import type { Dataset, FeatureLayout } from '../data/dataset';
import { BUILTIN_PREFIX, loadBuiltin } from '../data/builtin/index';
import { importDataset } from '../data/import';
import type { RunOptions } from './options';

/** `vector`, `vector:D` (D features per block), `points:3`, `points:4`, `image` (images: the importer sizes it). */
function parseLayout(text: string | undefined): FeatureLayout | undefined {
  if (text === undefined || text === 'image') return undefined;
  const m = /^(vector|points)(?::(\d+))?$/.exec(text);
  if (!m) throw new Error(`--layout: expected vector, vector:D, points:3, points:4 or image, got "${text}"`);
  if (m[1] === 'points') {
    if (m[2] !== '3' && m[2] !== '4') throw new Error(`--layout: points needs :3 or :4, got "${text}"`);
    // maxPoints comes from the data (the importer pads to the largest molecule).
    return { kind: 'points', d: m[2] === '3' ? 3 : 4, maxPoints: 0 };
  }
  // blocks is resolved against the column count by the table loader.
  return m[2] ? { kind: 'vector', d: Number(m[2]), blocks: 0 } : undefined;
}

export async function loadData(opts: RunOptions): Promise<Dataset> {
  if (opts.data.startsWith(BUILTIN_PREFIX)) {
    if (opts.inputs || opts.targets || opts.testData || opts.targetKind || opts.splitSeed !== undefined || opts.testFraction !== undefined || opts.limit !== undefined || opts.groupBy !== undefined) {
      throw new Error('--inputs, --targets, --target-kind, --test-data, --split-seed, --test-fraction, --group-by and --limit apply to files, not to built-in datasets');
    }
    // A built-in has its own layout and format: refused rather than silently ignored.
    if (opts.layout !== undefined || opts.format !== undefined) {
      throw new Error(`--layout and --format apply to files; ${opts.data} has its own layout (its settings go in the spec: builtin:NAME?key=value)`);
    }
    const ds = loadBuiltin(opts.data);
    if (opts.task && opts.task !== ds.task) throw new Error(`${opts.data} is an ${ds.task} task; --task ${opts.task} does not apply`);
    return ds;
  }
  parseLayout(opts.layout);
  const valFraction = opts.config.valFraction;
  const { dataset, record } = await importDataset(opts.data, {
    format: opts.format,
    testPath: opts.testData,
    inputs: opts.inputs,
    targets: opts.targets,
    task: opts.task,
    targetKind: opts.targetKind,
    layout: opts.layout,
    stride: opts.stride,
    nIn: opts.nIn,
    nOut: opts.nOut,
    limit: opts.limit,
    seed: opts.splitSeed,
    testFraction: opts.testFraction,
    ...(opts.groupBy !== undefined ? { groupBy: opts.groupBy } : {}),
    units: opts.units,
    ...(typeof valFraction === 'number' ? { valFraction } : {}),
  });
  if (opts.task && opts.task !== dataset.task) throw new Error(`${opts.data}: the import gives an ${dataset.task} task; --task ${opts.task} does not apply`);
  dataset.record = record;
  return dataset;
}
