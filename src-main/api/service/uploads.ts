/**
 * Files uploaded in browser mode. Small files come whole (`datasets.upload`); larger ones stream in
 * chunks (`uploads.begin`, `uploads.chunk` in order, `uploads.finish` imports, `uploads.abort`) into
 * a partial file, so no message is ever near the socket's limit. An upload is kept (under its
 * content hash, where runs re-read it) only while a dataset uses it: a rejected import deletes it,
 * an abandoned one (aborted, its connection closed, or idle for UPLOAD_IDLE_MS) is deleted too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Workspace } from '../../store/index';
import { ApiError } from '../errors';

/** Largest file accepted by upload (the readers take up to 2 GiB from disk). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
/** Raw bytes per chunk the page sends (base64 makes it 4/3 larger). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
/** An upload with no chunk for this long is abandoned and deleted. */
export const UPLOAD_IDLE_MS = 10 * 60 * 1000;

const PARTIAL = '.partial';

interface Pending {
  fileName: string;
  size: number;
  received: number;
  path: string;
  file: FileHandle;
  timer: NodeJS.Timeout;
  /** The chunk being written: chunks of one upload are taken one at a time. */
  busy: boolean;
}

export class UploadStore {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly dir: string,
    private readonly workspace: Workspace,
    private readonly idleMs = UPLOAD_IDLE_MS,
    private readonly chunkBytes = UPLOAD_CHUNK_BYTES,
  ) {}

  async begin(fileName: string, size: number): Promise<{ uploadId: string; chunkBytes: number; maxBytes: number }> {
    if (size > MAX_UPLOAD_BYTES) throw new ApiError('invalid-input', `${fileName}: ${size} bytes is over the upload limit of ${MAX_UPLOAD_BYTES} bytes (1 GiB); import it by path instead`);
    const uploadId = randomBytes(12).toString('hex');
    await mkdir(join(this.dir, PARTIAL), { recursive: true });
    const path = join(this.dir, PARTIAL, uploadId);
    const file = await open(path, 'wx');
    const timer = setTimeout(() => void this.abort(uploadId), this.idleMs);
    timer.unref();
    this.pending.set(uploadId, { fileName, size, received: 0, path, file, timer, busy: false });
    return { uploadId, chunkBytes: this.chunkBytes, maxBytes: MAX_UPLOAD_BYTES };
  }

  private get(uploadId: string): Pending {
    const p = this.pending.get(uploadId);
    if (p === undefined) throw new ApiError('not-found', `upload ${uploadId} does not exist (finished, aborted, or idle for more than ${Math.round(this.idleMs / 60000)} minutes)`);
    return p;
  }

  async chunk(uploadId: string, offset: number, bytes: Buffer): Promise<{ received: number }> {
    const p = this.get(uploadId);
    if (p.busy) throw new ApiError('invalid-input', `upload ${uploadId}: a chunk is still being written; send chunks one after the other`);
    if (offset !== p.received) throw new ApiError('invalid-input', `upload ${uploadId}: expected the chunk at offset ${p.received}, got ${offset}`);
    if (bytes.length > this.chunkBytes) throw new ApiError('invalid-input', `upload ${uploadId}: a chunk holds at most ${this.chunkBytes} bytes, got ${bytes.length}`);
    if (p.received + bytes.length > p.size) {
      await this.abort(uploadId);
      throw new ApiError('invalid-input', `${p.fileName}: more bytes than the ${p.size} announced; the upload was deleted`);
    }
    p.busy = true;
    try {
      await p.file.write(bytes, 0, bytes.length, offset);
    } catch (e) {
      await this.abort(uploadId);
      throw new ApiError('failed', `${p.fileName}: could not store the upload (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it was deleted`);
    } finally {
      p.busy = false;
    }
    p.received += bytes.length;
    p.timer.refresh();
    return { received: p.received };
  }

  /** Moves a complete upload to its content-named place; returns the path and file name. */
  async complete(uploadId: string): Promise<{ path: string; fileName: string }> {
    const p = this.get(uploadId);
    if (p.received !== p.size) throw new ApiError('invalid-input', `${p.fileName}: upload incomplete: ${p.received} of ${p.size} bytes received`);
    this.pending.delete(uploadId);
    clearTimeout(p.timer);
    await p.file.close();
    try {
      const digest = await sha256File(p.path);
      const folder = join(this.dir, digest.slice(0, 16));
      await mkdir(folder, { recursive: true });
      const path = join(folder, p.fileName);
      await rename(p.path, path);
      return { path, fileName: p.fileName };
    } catch (e) {
      await rm(p.path, { force: true });
      throw e;
    }
  }

  async abort(uploadId: string): Promise<void> {
    const p = this.pending.get(uploadId);
    if (p === undefined) return;
    this.pending.delete(uploadId);
    clearTimeout(p.timer);
    await p.file.close().catch(() => undefined);
    await rm(p.path, { force: true });
  }

  /** Deletes an uploaded file (and its folder when empty) unless a dataset reads it. */
  async discard(path: string): Promise<void> {
    if (this.inUse(path)) return;
    await rm(path, { force: true });
    const folder = join(path, '..');
    if ((await readdir(folder).catch(() => ['?'])).length === 0) await rm(folder, { recursive: true, force: true });
  }

  private inUse(path: string): boolean {
    return this.workspace.datasets.list().some((d) => d.record.sourceFiles.includes(path) || d.record.options.testPath === path);
  }

  /** At start: deletes partial uploads and uploads no dataset uses, left by an earlier run of the host (older than the idle time). */
  async sweep(now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    const old = async (p: string): Promise<boolean> => now - (await stat(p)).mtimeMs > this.idleMs;
    for (const name of await readdir(join(this.dir, PARTIAL)).catch(() => [])) {
      const p = join(this.dir, PARTIAL, name);
      if (!this.isPending(p) && (await old(p))) {
        await rm(p, { force: true });
        removed.push(p);
      }
    }
    for (const folder of await readdir(this.dir).catch(() => [])) {
      if (folder === PARTIAL) continue;
      for (const name of await readdir(join(this.dir, folder)).catch(() => [])) {
        const p = join(this.dir, folder, name);
        if (!this.inUse(p) && (await old(p))) {
          await this.discard(p);
          removed.push(p);
        }
      }
    }
    return removed;
  }

  private isPending(path: string): boolean {
    return [...this.pending.values()].some((p) => p.path === path);
  }

  /** Stops every pending upload (host shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.abort(id)));
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
