/**
 * The one place in data/ that touches the file system: reads dataset files and folders into bytes,
 * with messages a user can act on instead of raw errno codes, and hashes what was read.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFile as readFileCallback, readSync } from 'node:fs';
import { open, readFile, readdir, stat, type FileHandle } from 'node:fs/promises';
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

/** Bytes a streamed read asks for at a time. */
const CHUNK_BYTES = 4 << 20;

/**
 * Reads the file at `path` in chunks, handing each to `onChunk` (which runs synchronously and
 * must copy what it keeps: the buffer is reused) while the next chunk is being read, and hashes
 * what it read. The checks and messages are readDatasetFile's.
 */
export async function streamDatasetFile(path: string, onChunk: (chunk: Uint8Array, doneBytes: number, totalBytes: number) => void): Promise<{ sha256: string; bytes: number }> {
  let handle: FileHandle;
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path}: is a directory; expected a data file`);
    if (!info.isFile()) throw new Error(`${path}: not a regular file (a device, pipe or socket); expected a data file`);
    if (info.size > MAX_FILE_BYTES) throw new Error(`${path}: ${mib(info.size)} is over the limit of ${mib(MAX_FILE_BYTES)} for one data file`);
    size = info.size;
    handle = await open(path, 'r');
  } catch (e) {
    return explain(path, e, 'file');
  }
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let done = 0;
  let k = 0;
  let reading = handle.read(buffers[0]!, 0, CHUNK_BYTES, 0);
  try {
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      const chunk = buffers[k]!.subarray(0, bytesRead);
      done += bytesRead;
      if (done > MAX_FILE_BYTES) throw new Error(`${path}: over the limit of ${mib(MAX_FILE_BYTES)} for one data file`);
      // The next read runs on the thread pool while this chunk is hashed and handed on.
      k = 1 - k;
      reading = handle.read(buffers[k]!, 0, CHUNK_BYTES, done);
      hash.update(chunk);
      onChunk(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), done, Math.max(size, done));
    }
  } finally {
    // A read still in flight (onChunk threw) settles before the file is closed.
    await reading.catch(() => undefined);
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes: done };
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


/** What a failed read of a folder's file says, as readFolderFile says it. */
function explainFolderRead(path: string, e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') throw new Error(`${path}: file not found (removed during the import?)`);
  if (code === 'EISDIR') throw new Error(`${path}: is a folder; expected a data file`);
  return explain(path, e, 'file');
}

/** Reads one file of a folder, with the messages of readDatasetFile. */
export async function readFolderFile(path: string): Promise<Uint8Array> {
  try {
    return await readBytes(path);
  } catch (e) {
    return explainFolderRead(path, e);
  }
}

/** Scratch for readSmallFile: grown to the largest file read. */
let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * One file's bytes by open, read to the end, close, on this thread: for a folder of many small
 * files several times faster than readFile, which sends each of those steps to the thread pool.
 */
function readSmallFile(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return explainFolderRead(path, e);
  }
  try {
    let used = 0;
    for (;;) {
      if (used === scratch.length) {
        if (used >= MAX_FILE_BYTES) throw new Error(`${path}: over the limit of ${mib(MAX_FILE_BYTES)} for one data file`);
        const bigger = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES, 2 * scratch.length));
        scratch.copy(bigger, 0, 0, used);
        scratch = bigger;
      }
      const got = readSync(fd, scratch, used, scratch.length - used, null);
      if (got === 0) break;
      used += got;
    }
    // A copy of its own; Buffer's pool serves the small ones without an allocation each.
    const own = Buffer.allocUnsafe(used);
    scratch.copy(own, 0, 0, used);
    return new Uint8Array(own.buffer, own.byteOffset, used);
  } catch (e) {
    return explainFolderRead(path, e);
  } finally {
    closeSync(fd);
  }
}

/** Reads between returns to the event loop (progress events, other requests). */
const SLICE_MS = 25;

/**
 * Reads `paths` in order and hands each file's own bytes to `onFile` (which runs synchronously).
 * Reads run on this thread in slices of about 25 ms, returning to the event loop between slices.
 * The first file that fails (read or onFile) ends the loop with its error, so the error reported
 * is that of the first bad file in order.
 */
export async function forEachFile(paths: string[], onFile: (index: number, bytes: Uint8Array) => void): Promise<void> {
  let sliceStart = performance.now();
  for (let i = 0; i < paths.length; i++) {
    onFile(i, readSmallFile(paths[i]!));
    if ((i & 63) === 63 && performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
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
