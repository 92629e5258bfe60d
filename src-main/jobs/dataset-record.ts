/**
 * The DatasetRecord of the data a run trains on: what the workspace's datasets table keeps, and the
 * content hash a resumed run checks against. The hash covers the source bytes file by file plus
 * the import options (built-ins: their fully parameterised spec), as DatasetRecord defines it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fixedAtomOrder } from '../data/atom-order';
import type { Dataset } from '../data/dataset';
import type { DatasetFormat, DatasetRecord } from '../data/record';
import { BUILTIN_PREFIX } from '../data/builtin/index';
import { validationSplit } from '../data/split';
import type { TrainConfig } from '../engine/config';
import type { RunRequest } from '../store/types';

function formatOf(file: string): DatasetFormat {
  const ext = path.extname(file).toLowerCase().slice(1);
  return ext === 'tsv' || ext === 'npy' || ext === 'npz' ? ext : 'csv';
}

export async function datasetRecordFor(request: RunRequest, ds: Dataset, config: TrainConfig): Promise<DatasetRecord> {
  const builtin = request.data.startsWith(BUILTIN_PREFIX);
  const sourceFiles = builtin ? [] : [request.data, ...(request.testData ? [request.testData] : [])].map((f) => path.resolve(f));
  const options: Record<string, unknown> = builtin
    ? { spec: ds.source }
    : Object.fromEntries(Object.entries({ inputs: request.inputs, targets: request.targets, task: request.task, targetKind: request.targetKind, layout: request.layout }).filter(([, v]) => v !== undefined));
  const hash = createHash('sha256');
  if (builtin) hash.update(`builtin\n${ds.source}\n`);
  for (const file of sourceFiles) hash.update(await readFile(file));
  hash.update(JSON.stringify(options));
  return {
    name: ds.name,
    format: builtin ? 'builtin' : formatOf(request.data),
    sourceFiles,
    sampleCount: ds.train.n + (ds.test?.n ?? 0),
    contentHash: hash.digest('hex'),
    layout: ds.layout,
    inputNames: ds.inputNames,
    targets: ds.targetNames.map((name) => ({ name, unit: null })),
    task: ds.task,
    targetKind: ds.targetKind,
    ...(ds.layout.kind === 'points' ? { atomOrderFixed: fixedAtomOrder(ds) } : {}),
    split: ds.test
      ? { kind: 'given', description: builtin ? 'the built-in test split' : `test file ${sourceFiles[1]}` }
      : { kind: 'seeded', seed: config.seed, fractions: { train: 1 - config.valFraction, validation: config.valFraction, test: 0 } },
    options,
    // The rule the trainer applies to this run's seed (data/split.ts validationSplit).
    notes: [...(ds.notes ?? []), validationSplit(ds.train.n, config.valFraction, config.seed, ds.train.groups, ds.groupUnit).rule],
  };
}
