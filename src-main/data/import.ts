/**
 * The one entry point for a user's dataset: `importDataset(path, options)` detects the format
 * (folder or file, extension, then content; `options.format` overrides), reads it strictly through
 * the importers of ./import, applies the test split (seeded, or the user's test file), and returns
 * the Dataset for the engine plus the DatasetRecord the workbench keeps. Nothing is returned
 * unless every file imports: any error leaves no partial dataset behind.
 */
import { fixedAtomOrder } from './atom-order';
import { resolve } from 'node:path';
import { datasetHash, pathKind, readDatasetFile } from './files';
import type { DatasetRecord } from './record';
import { withUserUnits } from './units';
import { detectArrayFormat, importArrayTrajectory, importTable } from './import/arrays';
import { detectFolderFormat, importQm9, importXyzFolder } from './import/folder';
import { IMPORT_FORMATS, type ImportFormat, type ImportOptions, type ImportPart, type ImportedDataset } from './import/types';
import { importXyzFile } from './import/xyz-file';
import { detectImageFile, folderHoldsPngClasses, importImages } from './import/images';

export type { ImportFormat, ImportOptions, ImportProgress, ImportedDataset } from './import/types';
export { IMPORT_FORMATS } from './import/types';

const FOLDER_FORMATS: readonly ImportFormat[] = ['qm9', 'xyz-folder', 'image-folder'];
const XYZ_FORMATS: readonly ImportFormat[] = ['xyz', 'extxyz', 'trajectory-xyz'];

function checkFormat(format: string | undefined): ImportFormat | undefined {
  if (format === undefined) return undefined;
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`--format ${format}: expected one of ${IMPORT_FORMATS.join(', ')}`);
  return format as ImportFormat;
}

/** The format of a file from its name, then its first bytes. */
async function detectFileFormat(path: string): Promise<ImportFormat | 'xyz-any'> {
  if (/\.(?:ext)?xyz$/i.test(path)) return 'xyz-any';
  const bytes = await readDatasetFile(path);
  const image = detectImageFile(bytes, path);
  if (image) return image;
  const byContent = detectArrayFormat(bytes, path);
  if (byContent !== 'csv' && byContent !== 'tsv') return byContent;
  if (/\.(?:csv|tsv|tab|txt|dat)$/i.test(path)) return byContent;
  // No telling extension: an XYZ file starts with its atom count alone on the first line.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  return /^[ \t]*\d+[ \t]*\r?\n/.test(head) ? 'xyz-any' : byContent;
}

async function importPart(path: string, opts: ImportOptions): Promise<ImportPart> {
  const forced = checkFormat(opts.format);
  const kind = await pathKind(path);
  if (kind === 'folder') {
    if (opts.groupBy !== undefined) throw new Error(`${path}: --group-by names a column of a table; a folder's samples are grouped by file or molecule`);
    if (forced && !FOLDER_FORMATS.includes(forced)) throw new Error(`${path}: is a folder; --format ${forced} takes a file (folders: ${FOLDER_FORMATS.join(', ')})`);
    const format = forced ?? ((await folderHoldsPngClasses(path)) ? 'image-folder' : await detectFolderFormat(path));
    if (format === 'image-folder') return importImages(path, opts, format);
    return format === 'qm9' ? importQm9(path, opts) : importXyzFolder(path, opts);
  }
  if (forced && FOLDER_FORMATS.includes(forced)) throw new Error(`${path}: is a file; --format ${forced} takes a folder`);
  const format = forced ?? (await detectFileFormat(path));
  const table = format === 'csv' || format === 'tsv' || format === 'npy' || format === 'npz';
  if (opts.groupBy !== undefined && !table) {
    throw new Error(`${path}: --group-by names a column of a table (CSV, TSV, .npy, .npz); this is ${format === 'xyz-any' ? 'an XYZ file' : `a ${format} file`}, whose samples are grouped by their own keys (trajectory, molecule, time blocks)`);
  }
  if (format === 'xyz-any' || XYZ_FORMATS.includes(format)) return importXyzFile(path, opts, format === 'xyz-any' ? undefined : format);
  if (format === 'trajectory-npy' || format === 'trajectory-npz') return importArrayTrajectory(path, opts, format);
  if (format === 'idx' || format === 'image-npz') return importImages(path, opts, format);
  return importTable(path, opts, format);
}

/** Imports the dataset at `path` (a file or a folder). */
export async function importDataset(path: string, opts: ImportOptions = {}): Promise<ImportedDataset> {
  const part = await importPart(path, opts);
  const ds = part.dataset;
  if (part.split.kind === 'seeded' && ds.test) ds.testDrawnLikeTrain = true;
  const seed = opts.seed ?? 0;
  const valFraction = opts.valFraction ?? 0.1;
  const split: DatasetRecord['split'] =
    part.split.kind === 'given'
      ? part.split
      : {
          kind: 'seeded',
          seed,
          fractions: { train: round((1 - part.split.testFraction) * (1 - valFraction)), validation: round((1 - part.split.testFraction) * valFraction), test: part.split.testFraction },
          ...(part.split.rule ? { rule: part.split.rule } : {}),
        };
  const files = part.files.map((f) => ({ ...f, path: resolve(f.path) }));
  const hashOf = (options: Record<string, unknown>): string => datasetHash(files.map((f) => ({ name: f.path.split(/[\\/]/).pop() ?? f.path, sha256: f.sha256, bytes: f.bytes })), options);
  const contentHash = hashOf(part.options);
  const sampleCount = ds.train.n + (ds.test?.n ?? 0);
  const record: DatasetRecord = {
    name: ds.name,
    format: part.format,
    sourceFiles: files.map((f) => f.path),
    sampleCount,
    contentHash,
    layout: ds.layout,
    inputNames: ds.inputNames,
    ...(part.species ? { species: part.species } : {}),
    targets: part.targets,
    task: ds.task,
    targetKind: ds.targetKind,
    split,
    options: part.options,
    notes: [...(ds.notes ?? []), ...part.notes, splitNote(split, ds.train.n, ds.test?.n ?? 0)],
    ...(part.extra?.units ? { units: part.extra.units } : {}),
    ...(ds.targetGradient ? { targetGradient: ds.targetGradient } : {}),
    ...(ds.layout.kind === 'points' ? { atomOrderFixed: fixedAtomOrder(ds) } : {}),
    ...(part.extra?.cell ? { cell: part.extra.cell } : {}),
    ...(part.extra?.metadata ? { metadata: part.extra.metadata } : {}),
  };
  const user = withUserUnits(record, opts.units ?? {});
  // The user's units are part of the options: kept when the import is repeated, and in the hash.
  const final = Object.keys(user.applied).length === 0 ? record : { ...user.record, options: { ...record.options, units: user.applied }, contentHash: hashOf({ ...part.options, units: user.applied }) };
  ds.notes = final.notes;
  return { dataset: ds, record: final };
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function splitNote(split: DatasetRecord['split'], train: number, test: number): string {
  if (split.kind === 'given') return `Split given: ${split.description}; ${train} train, ${test} test samples (validation is cut from train by the trainer).`;
  if (test === 0) return `No test split (seed ${split.seed}): the trainer's validation split (${pct(split.fractions.validation)}) serves as test.`;
  return `Seeded split (seed ${split.seed}): ${test} test sample${test === 1 ? '' : 's'} held out, ${train} for train and validation (validation ${pct(split.fractions.validation)} of all, cut by the trainer).`;
}
