/**
 * `semola import <path>`: imports a dataset (file or folder) exactly as `semola train --data`
 * would and prints what was read: the DatasetRecord as a readable summary, or as JSON.
 */
import { importDataset, IMPORT_FORMATS, type ImportFormat, type ImportProgress, type ImportedDataset } from '../data/import';
import type { DatasetRecord } from '../data/record';
import type { Axes } from '../data/trajectory/arrays';

export interface ImportFlags {
  format?: string;
  targets?: string;
  inputs?: string;
  task?: 'invariant' | 'equivariant';
  layout?: string;
  stride?: number;
  nIn?: number;
  nOut?: number;
  axes?: Axes;
  seed?: number;
  testFraction?: number;
  testData?: string;
  groupBy?: string;
  limit?: number;
  json?: boolean;
}

function checkFormat(f: string | undefined): ImportFormat | undefined {
  if (f !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(f)) throw new Error(`--format ${f}: expected one of ${IMPORT_FORMATS.join(', ')}`);
  return f as ImportFormat | undefined;
}

export async function runImport(path: string, flags: ImportFlags, onProgress?: (p: ImportProgress) => void): Promise<ImportedDataset> {
  return importDataset(path, {
    format: checkFormat(flags.format),
    targets: flags.targets,
    inputs: flags.inputs,
    task: flags.task,
    layout: flags.layout,
    stride: flags.stride,
    nIn: flags.nIn,
    nOut: flags.nOut,
    axes: flags.axes,
    seed: flags.seed,
    testFraction: flags.testFraction,
    testPath: flags.testData,
    ...(flags.groupBy !== undefined ? { groupBy: flags.groupBy } : {}),
    limit: flags.limit,
    onProgress,
  });
}

function layoutText(r: DatasetRecord): string {
  const l = r.layout;
  if (l.kind === 'image') return `image (${l.height} x ${l.width} pixels, ${l.channels} channel${l.channels === 1 ? '' : 's'}; g acts on the image plane, d = 3)`;
  return l.kind === 'points' ? `points:${l.d} (up to ${l.maxPoints} points, padded with a mask)` : `vector (d = ${l.d}, ${l.blocks} block${l.blocks === 1 ? '' : 's'})`;
}

function listed(names: string[], max = 12): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, ... (${names.length} in all)` : names.join(', ');
}

/** The record as lines a person reads. */
export function formatRecord(r: DatasetRecord, counts: { train: number; test: number }): string {
  const s = r.split;
  const split =
    s.kind === 'given'
      ? `given (${s.description})`
      : `seeded (seed ${s.seed}): train ${s.fractions.train}, validation ${s.fractions.validation} (cut by the trainer), test ${s.fractions.test}`;
  const files = r.sourceFiles.length === 1 ? r.sourceFiles[0]! : `${r.sourceFiles.length} files (${r.sourceFiles[0]} ... ${r.sourceFiles[r.sourceFiles.length - 1]})`;
  const lines = [
    `dataset: ${r.name}`,
    `format: ${r.format}`,
    `source: ${files}`,
    `samples: ${r.sampleCount} (train + validation ${counts.train}, test ${counts.test})`,
    `layout: ${layoutText(r)}`,
    `inputs: ${listed(r.inputNames)}`,
    ...(r.species ? [`species: ${r.species.join(', ')}`] : []),
    `targets: ${listed(r.targets.map((t) => `${t.name} [${t.unit ?? 'unit not stated'}]`))}`,
    `task: ${r.task} ${r.targetKind}`,
    `split: ${split}`,
    `content hash: sha256 ${r.contentHash}`,
  ];
  if (r.notes.length > 0) lines.push('notes:', ...r.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The command's action: import, then print the summary (or the record as JSON) to stdout. */
export async function importAction(path: string, flags: ImportFlags): Promise<void> {
  let last = 0;
  const progress = flags.json
    ? undefined
    : (p: ImportProgress): void => {
        const now = Date.now();
        if (now - last < 200 && p.done !== p.total) return;
        last = now;
        process.stderr.write(`\r${p.stage}: ${p.done}/${p.total} ${p.unit}   ${p.done === p.total ? '\n' : ''}`);
      };
  const { dataset, record } = await runImport(path, flags, progress);
  const counts = { train: dataset.train.n, test: dataset.test?.n ?? 0 };
  process.stdout.write(flags.json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record, counts));
}
