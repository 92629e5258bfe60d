/**
 * The one place in data/ that touches the file system: reads dataset files and folders into bytes,
 * with messages a user can act on instead of raw errno codes, and hashes what was read.
 */
import { createHash } from 'node:crypto';
import { readFile as readFileCallback } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_FILE_BYTES, mib } from './limits';

function explain(path: string, e: unknown, what: string): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') throw new Error(`${path}: ${what} not found`);
  if (code === 'EACCES' || code === 'EPERM') throw new Error(`${path}: permission denied`);
  throw e;
}

/** Reads the whole file at `path` as bytes. */
export async function readDatasetFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path}: is a directory; expected a data file`);
    // A device or pipe (/dev/zero, a FIFO) has no end to read to: only regular files are data.
    if (!info.isFile()) throw new Error(`${path}: not a regular file (a device, pipe or socket); expected a data file`);
    if (info.size > MAX_FILE_BYTES) throw new Error(`${path}: ${mib(info.size)} is over the limit of ${mib(MAX_FILE_BYTES)} for one data file`);
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    return explain(path, e, 'file');
  }
}

/** Whether `path` is a folder or a file (a missing path is an error). */
export async function pathKind(path: string): Promise<'file' | 'folder'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (e) {
    return explain(path, e, 'file or folder');
  }
}

/** Names of the files in `dir` whose name matches `pattern`, in code-point order (not recursive). */
export async function listFolder(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const names: string[] = [];
    for (const e of entries) {
      if (!pattern.test(e.name)) continue;
      // A link is followed only to a regular file: one to /dev/zero or a FIFO would never end.
      if (e.isFile() || (e.isSymbolicLink() && (await stat(join(dir, e.name)).then((i) => i.isFile(), () => false)))) names.push(e.name);
    }
    return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new Error(`${dir}: not a folder`);
    return explain(dir, e, 'folder');
  }
}

/** The callback readFile: for many small files about twice as fast as the promise one. */
function readBytes(path: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    readFileCallback(path, (e, buf) => (e ? reject(e) : resolve(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)))),
  );
}

/** Reads one file of a folder, with the messages of readDatasetFile. */
export async function readFolderFile(path: string): Promise<Uint8Array> {
  try {
    return await readBytes(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${path}: file not found (removed during the import?)`);
    if (code === 'EISDIR') throw new Error(`${path}: is a folder; expected a data file`);
    return explain(path, e, 'file');
  }
}

/**
 * Reads `paths` with up to `concurrency` reads in flight and hands each file to `onFile` (which
 * runs synchronously, in completion order). Once a file fails (read or onFile), no new read
 * starts, and the error of the lowest failing index is thrown, so the error reported is that of
 * the first bad file in order whatever the read timing.
 */
export async function forEachFile(paths: string[], onFile: (index: number, bytes: Uint8Array) => void, concurrency = 64): Promise<void> {
  const total = paths.length;
  let next = 0;
  const failure: { index: number; error: unknown } = { index: total, error: undefined };
  const worker = async (): Promise<void> => {
    while (failure.index === total && next < total) {
      const i = next++;
      try {
        onFile(i, await readFolderFile(paths[i]!));
      } catch (error) {
        if (i < failure.index) {
          failure.index = i;
          failure.error = error;
        }
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  if (failure.index < total) throw failure.error;
}

export function joinPath(dir: string, name: string): string {
  return join(dir, name);
}

/** sha256 of bytes, as hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The content hash of a dataset: sha256 over, per source file in order, its name's length and
 * name, its byte length and the sha256 of its bytes, then the canonical JSON of the import
 * options. The same files read with the same options give the same hash on every machine;
 * renaming a file of a folder changes it (file names can carry meaning, e.g. the QM9 index).
 */
export function datasetHash(files: { name: string; sha256: string; bytes: number }[], options: unknown): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f.name.length}:${f.name}:${f.bytes}:${f.sha256}\n`);
  h.update(canonicalJson(options));
  return h.digest('hex');
}

/** JSON with object keys sorted (undefined values left out), so equal options hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Names of the subfolders of `dir`, in code-point order. */
export async function listSubfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (e) {
    return explain(dir, e, 'folder');
  }
}
