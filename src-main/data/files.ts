/**
 * The one place in data/ that touches the file system: reads a dataset file into bytes, with
 * messages a user can act on instead of raw errno codes.
 */
import { readFile, stat } from 'node:fs/promises';

/** Reads the whole file at `path` as bytes. */
export async function readDatasetFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path}: is a directory; expected a data file`);
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${path}: file not found`);
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`${path}: permission denied`);
    throw e;
  }
}
