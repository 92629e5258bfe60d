/**
 * Image datasets: MNIST IDX files (the labels file found beside the images by name), an .npz of
 * images and labels, and a folder of PNGs with one subfolder per class. A test set comes from
 * `testPath` (same kind of source) or a seeded split. Every file is read and checked before a
 * dataset is returned, so a bad file leaves nothing half-imported.
 */
import { dirname } from 'node:path';
import { forEachFile, joinPath, listFolder, listSubfolders, pathKind, readDatasetFile, sha256Hex } from '../files';
import { seededSplit } from '../split';
import { firstImages, imageDataset, pickImages, type LabelledImages } from '../image/image-set';
import { gunzipIfNeeded, idxImages, labelFileNames, looksLikeIdx } from '../image/idx';
import { npzHoldsImages, npzImages } from '../image/npz-images';
import { pngFolderImages, type PngFile } from '../image/png-folder';
import { ZIP_MAGIC, startsWith } from '../npy';
import type { ImportFormat, ImportOptions, ImportPart } from './types';

export type ImageFormat = 'idx' | 'image-npz' | 'image-folder';

type FileDigest = ImportPart['files'][number];

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() || p;
}

/** `idx` for IDX image files (gzipped or not), `image-npz` for an .npz of images and labels. */
export function detectImageFile(bytes: Uint8Array, path: string): ImageFormat | null {
  if (/images[-.]idx3[-.]ubyte(\.gz)?$/i.test(path)) return 'idx';
  if (startsWith(bytes, ZIP_MAGIC)) return npzHoldsImages(bytes, path) ? 'image-npz' : null;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b && /\.gz$/i.test(path)) return looksLikeIdx(gunzipIfNeeded(bytes, path)) ? 'idx' : null;
  return looksLikeIdx(bytes) && bytes[3] === 3 ? 'idx' : null;
}

/** Whether a folder holds class subfolders of PNG files (checked on the first subfolder that has any). */
export async function folderHoldsPngClasses(dir: string): Promise<boolean> {
  for (const sub of await listSubfolders(dir)) {
    if ((await listFolder(joinPath(dir, sub), /\.png$/i)).length > 0) return true;
  }
  return false;
}

function digest(path: string, bytes: Uint8Array): FileDigest {
  return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
}

async function readIdxPair(path: string, files: FileDigest[], limit: number | undefined): Promise<LabelledImages> {
  const names = labelFileNames(baseName(path));
  if (names.length === 0) throw new Error(`${path}: an IDX images file is named *-images-idx3-ubyte (or .gz), so that its labels *-labels-idx1-ubyte are found beside it`);
  const dir = dirname(path);
  const present = await listFolder(dir, /labels[-.]idx1[-.]ubyte(\.gz)?$/i);
  const labelsName = names.find((n) => present.includes(n));
  if (!labelsName) throw new Error(`${path}: its labels file is missing: expected ${names.join(' or ')} in ${dir}`);
  const labelsPath = joinPath(dir, labelsName);
  const images = await readDatasetFile(path);
  const labels = await readDatasetFile(labelsPath);
  files.push(digest(path, images), digest(labelsPath, labels));
  return idxImages(images, path, labels, labelsPath, limit);
}

async function readPngFolder(dir: string, files: FileDigest[], limit: number | undefined): Promise<LabelledImages> {
  const listed: { path: string; className: string }[] = [];
  for (const sub of await listSubfolders(dir)) {
    for (const name of await listFolder(joinPath(dir, sub), /\.png$/i)) listed.push({ path: joinPath(joinPath(dir, sub), name), className: sub });
  }
  // --limit takes images spread over the classes (every k-th), not the first class alone.
  const step = limit !== undefined && limit < listed.length ? listed.length / limit : 1;
  const chosen = step > 1 ? Array.from({ length: limit! }, (_, i) => listed[Math.floor(i * step)]!) : listed;
  const pngs: PngFile[] = chosen.map((f) => ({ ...f, bytes: new Uint8Array(0) }));
  await forEachFile(chosen.map((f) => f.path), (i, bytes) => (pngs[i]!.bytes = bytes));
  pngs.forEach((f) => files.push(digest(f.path, f.bytes)));
  return pngFolderImages(pngs, dir);
}

async function readImages(path: string, format: ImageFormat, files: FileDigest[], limit: number | undefined): Promise<LabelledImages> {
  if (format === 'image-folder') return readPngFolder(path, files, limit);
  if (format === 'idx') return readIdxPair(path, files, limit);
  const bytes = await readDatasetFile(path);
  files.push(digest(path, bytes));
  return firstImages(npzImages(bytes, path), limit);
}

/** The format of a test source: like the train source, a folder for a folder. */
async function testFormat(path: string, format: ImageFormat): Promise<ImageFormat> {
  const kind = await pathKind(path);
  if ((kind === 'folder') !== (format === 'image-folder')) {
    throw new Error(`${path}: the test images must be of the train images' kind (${format === 'image-folder' ? 'a folder of class subfolders' : 'a file'})`);
  }
  return format;
}

export async function importImages(path: string, opts: ImportOptions, format: ImageFormat): Promise<ImportPart> {
  if (opts.layout !== undefined && opts.layout !== 'image') throw new Error(`--layout ${opts.layout}: images take the image layout (g acts on the image plane)`);
  if (opts.targets !== undefined || opts.inputs !== undefined) throw new Error(`${path}: images have one label each; --inputs and --targets do not apply`);
  if (opts.task === 'equivariant') throw new Error(`${path}: a class label does not turn with the image: image datasets are invariant tasks`);
  const files: FileDigest[] = [];
  const train = await readImages(path, format, files, opts.limit);
  opts.onProgress?.({ stage: 'parse', done: train.n, total: train.n, unit: 'files' });
  const seed = opts.seed ?? 0;
  let test: LabelledImages | undefined;
  let trainSet = train;
  let testFraction = 0;
  if (opts.testPath) {
    test = await readImages(opts.testPath, await testFormat(opts.testPath, format), files, undefined);
  } else {
    testFraction = opts.testFraction ?? 0.2;
    if (testFraction > 0) {
      const idx = seededSplit(train.n, seed, testFraction);
      trainSet = pickImages(train, idx.train);
      test = pickImages(train, idx.test);
    }
  }
  const pixelNote = format === 'image-npz' ? 'Pixels: uint8 images scaled to [0, 1], float images as stored.' : 'Pixels: bytes scaled to [0, 1].';
  const dataset = imageDataset({
    name: baseName(path),
    source: opts.testPath ? `${path}; test: ${opts.testPath}` : path,
    train: trainSet,
    trainLabel: path,
    ...(test ? { test, testLabel: opts.testPath ?? `${path} (test split)` } : {}),
    notes: [pixelNote],
  });
  return {
    dataset,
    format: format as ImportFormat,
    files,
    targets: [{ name: 'label', unit: null }],
    options: { format, seed, testFraction, layout: 'image', ...(opts.limit !== undefined ? { limit: opts.limit } : {}) },
    split: opts.testPath ? { kind: 'given', description: `test ${format === 'image-folder' ? 'folder' : 'file'} ${opts.testPath}` } : { kind: 'seeded', testFraction },
    notes: [],
  };
}
