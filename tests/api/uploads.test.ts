/**
 * Uploads in browser mode: chunked uploads import like whole ones; a rejected import deletes its
 * upload (and keeps one a dataset still reads); an aborted, idle or disconnected upload is deleted;
 * `.`/`..` names are refused by the contract; import by path stays inside --data-root.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import { importerSource } from '../../src-main/api/service/data-source';
import { createService } from '../../src-main/api/service/index';
import { UploadStore } from '../../src-main/api/service/uploads';
import { algebraSummary } from '../../src-main/api/service/workbench';
import { startServer } from '../../src-main/host/serve/server';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { until } from '../until';

let folder = '';
let workspace: Workspace;
let uploadsDir = '';
let dataRoot = '';
let dispatch: Dispatch;
let store: UploadStore;
const hub = new EventHub();

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'semola-uploads-'));
  workspace = openWorkspace(join(folder, 'workspace.sqlite'));
  uploadsDir = join(folder, 'uploads');
  dataRoot = join(folder, 'data');
  mkdirSync(dataRoot);
  writeFileSync(join(dataRoot, 'ok.csv'), 'x,y\n1,2\n3,4\n5,6\n');
  writeFileSync(join(folder, 'secret.csv'), 'x,y\n1,2\n3,4\n');
  symlinkSync(join(folder, 'secret.csv'), join(dataRoot, 'link.csv'));
  store = new UploadStore(uploadsDir, workspace, 60_000, 1024);
  dispatch = createDispatch(createService({ workspace, hub, data: importerSource(), queue: null, analyzeAlgebra: algebraSummary, uploadsDir, uploads: store, dataRoot, mode: 'browser' }));
});
afterAll(async () => {
  await store.close();
  workspace.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Every file under uploads/ (partial ones included). */
function stored(): string[] {
  if (!existsSync(uploadsDir)) return [];
  return readdirSync(uploadsDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function ok<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

async function upload(fileName: string, bytes: Buffer, options: Record<string, unknown> = {}) {
  const { uploadId, chunkBytes } = await ok<{ uploadId: string; chunkBytes: number }>('uploads.begin', { fileName, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    await ok('uploads.chunk', { uploadId, offset, base64: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
  }
  return dispatch('uploads.finish', { uploadId, options, importId: 'u1' });
}

/** A CSV table of `rows` rows, a bit over `bytes` long. */
function table(bytes: number): Buffer {
  const lines = ['a,b,y'];
  let n = 6;
  for (let i = 0; n < bytes; i++) {
    const line = `${i % 97},${(i * 7) % 13},${(i % 97) + ((i * 7) % 13)}`;
    lines.push(line);
    n += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('chunked uploads', () => {
  it('a file of several chunks imports as the same dataset a whole upload gives', async () => {
    const bytes = table(1024 * 5 + 100);
    const r = await upload('big.csv', bytes);
    expect(r.ok).toBe(true);
    const summary = (r as { value: { sampleCount: number; sourceFiles: string[] } }).value;
    expect(summary.sampleCount).toBe(bytes.toString().trim().split('\n').length - 1);
    expect(stored()).toEqual([summary.sourceFiles[0]]);
    const tooBig = await ok<{ uploadId: string }>('uploads.begin', { fileName: 'c.csv', size: 2000 });
    const r2 = await dispatch('uploads.chunk', { uploadId: tooBig.uploadId, offset: 0, base64: Buffer.alloc(1025).toString('base64') });
    expect(!r2.ok && r2.error.message).toBe(`upload ${tooBig.uploadId}: a chunk holds at most 1024 bytes, got 1025`);
    await ok('uploads.abort', { uploadId: tooBig.uploadId });
  });

  it('a rejected import deletes the upload; nothing is recorded', async () => {
    const before = workspace.datasets.list().length;
    const r = await upload('bad.csv', Buffer.from('a,b\n1,2\n3,oops\n'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toBe('bad.csv:3: column 2 ("b"): expected a number, got "oops"');
    expect(workspace.datasets.list().length).toBe(before);
    expect(stored().filter((p) => p.endsWith('bad.csv'))).toEqual([]);
    const whole = await dispatch('datasets.upload', { fileName: 'bad2.csv', base64: Buffer.from('a,b\n1,x\n').toString('base64'), importId: 'u2' });
    expect(whole.ok).toBe(false);
    expect(stored().filter((p) => p.endsWith('bad2.csv'))).toEqual([]);
  });

  it('a rejected re-upload of a file a dataset reads keeps it', async () => {
    const bytes = Buffer.from('x,y\n1,2\n3,4\n5,6\n7,8\n');
    const first = await upload('kept.csv', bytes);
    expect(first.ok).toBe(true);
    const again = await upload('kept.csv', bytes, { targets: 'nope' });
    expect(again.ok).toBe(false);
    expect(stored().filter((p) => p.endsWith('kept.csv'))).toHaveLength(1);
  });

  it('refuses chunks out of order, too many bytes, a size over 1 GiB, and . or .. as names', async () => {
    const { uploadId } = await ok<{ uploadId: string }>('uploads.begin', { fileName: 'x.csv', size: 4 });
    const wrong = await dispatch('uploads.chunk', { uploadId, offset: 2, base64: 'AAAA' });
    expect(!wrong.ok && wrong.error.message).toBe(`upload ${uploadId}: expected the chunk at offset 0, got 2`);
    const over = await dispatch('uploads.chunk', { uploadId, offset: 0, base64: Buffer.alloc(5).toString('base64') });
    expect(!over.ok && over.error.message).toBe('x.csv: more bytes than the 4 announced; the upload was deleted');
    const early = await dispatch('uploads.finish', { uploadId, importId: 'u3' });
    expect(!early.ok && early.error.code).toBe('not-found');
    const huge = await dispatch('uploads.begin', { fileName: 'x.csv', size: 2 ** 31 });
    expect(!huge.ok && huge.error.message).toMatch(/over the upload limit of 1073741824 bytes/);
    for (const fileName of ['.', '..']) {
      for (const method of ['uploads.begin', 'datasets.upload']) {
        const r = await dispatch(method, { fileName, size: 1, base64: 'AAAA', importId: 'u4' });
        expect(!r.ok && r.error.message).toContain('fileName: a file name, not . or ..');
      }
    }
    expect(stored().filter((p) => p.includes('.partial'))).toEqual([]);
  });

  it('an incomplete finish, an abort and an idle upload leave nothing behind', async () => {
    const { uploadId } = await ok<{ uploadId: string }>('uploads.begin', { fileName: 'half.csv', size: 10 });
    await ok('uploads.chunk', { uploadId, offset: 0, base64: Buffer.from('x,y\n').toString('base64') });
    const r = await dispatch('uploads.finish', { uploadId, importId: 'u5' });
    expect(!r.ok && r.error.message).toBe('half.csv: upload incomplete: 4 of 10 bytes received');
    await ok('uploads.abort', { uploadId });
    expect(stored().filter((p) => p.includes('.partial'))).toEqual([]);

    const quick = new UploadStore(uploadsDir, workspace, 30);
    const idle = await quick.begin('idle.csv', 10);
    expect(stored().some((p) => p.endsWith(idle.uploadId))).toBe(true);
    await until(() => !stored().some((p) => p.endsWith(idle.uploadId)));
    expect(stored().some((p) => p.endsWith(idle.uploadId))).toBe(false);
  });

  it('at start, partial uploads and uploads no dataset reads from an earlier run are swept', async () => {
    mkdirSync(join(uploadsDir, '.partial'), { recursive: true });
    mkdirSync(join(uploadsDir, 'deadbeefdeadbeef'), { recursive: true });
    const old = [join(uploadsDir, '.partial', 'ffffffffffffffffffffffff'), join(uploadsDir, 'deadbeefdeadbeef', 'orphan.csv')];
    for (const p of old) {
      writeFileSync(p, 'x');
      utimesSync(p, new Date(0), new Date(0));
    }
    const keptBefore = stored().filter((p) => p.endsWith('kept.csv') || p.endsWith('big.csv'));
    const removed = await store.sweep();
    expect(removed.sort()).toEqual(old.sort());
    expect(stored().filter((p) => p.endsWith('kept.csv') || p.endsWith('big.csv'))).toEqual(keptBefore);
  });

  it('a connection that goes away deletes the uploads it began', async () => {
    const folderRenderer = mkdtempSync(join(tmpdir(), 'semola-renderer-'));
    writeFileSync(join(folderRenderer, 'index.html'), '<!doctype html>');
    const server = await startServer({ dispatch, hub, rendererDir: folderRenderer });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const reply = new Promise<{ result: { ok: boolean; value: { uploadId: string } } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ id: 1, method: 'uploads.begin', input: { fileName: 'gone.csv', size: 100 } }));
    const { uploadId } = (await reply).result.value;
    expect(stored().some((p) => p.endsWith(uploadId))).toBe(true);
    ws.terminate();
    await until(() => !stored().some((p) => p.endsWith(uploadId)));
    expect(stored().some((p) => p.endsWith(uploadId))).toBe(false);
    await server.close();
    rmSync(folderRenderer, { recursive: true, force: true });
  });
});

describe('--data-root', () => {
  it('imports by path inside the root (relative or absolute) and nothing outside, links included', async () => {
    expect((await dispatch('datasets.import', { path: 'ok.csv', importId: 'r1' })).ok).toBe(true);
    expect((await dispatch('datasets.import', { path: join(dataRoot, 'ok.csv'), importId: 'r2' })).ok).toBe(true);
    for (const path of ['/etc/passwd', '../secret.csv', join(folder, 'secret.csv'), 'link.csv', '/nonexistent/file.csv']) {
      const r = await dispatch('datasets.import', { path, importId: 'r3' });
      expect(!r.ok && r.error.message).toBe(`path ${JSON.stringify(path)}: outside the data root ${dataRoot}; this server imports by path only from there (--data-root)`);
    }
    const test = await dispatch('datasets.import', { path: 'ok.csv', options: { testPath: '/etc/hostname' }, importId: 'r4' });
    expect(!test.ok && test.error.message).toContain('testPath "/etc/hostname": outside the data root');
    const missing = await dispatch('datasets.import', { path: 'missing.csv', importId: 'r5' });
    expect(!missing.ok && missing.error.message).toBe(`path "missing.csv": not found under the data root ${dataRoot}`);
    expect((await dispatch('datasets.import', { path: 'builtin:nbody2?trajectories=20', importId: 'r6' })).ok).toBe(true);
  });
});
