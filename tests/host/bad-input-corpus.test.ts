/**
 * The bad-input corpus: malformed files for every importer (uploaded as the page would), CLI
 * commands and flags, --config files, and contract messages as they arrive over the WebSocket.
 * Each case asserts a clear message naming the file and line (or the flag / setting / field), and
 * that nothing was half-done: no dataset row, no upload left, no run left running, the workspace intact.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import { importerSource } from '../../src-main/api/service/data-source';
import { createService } from '../../src-main/api/service/index';
import { algebraSummary } from '../../src-main/api/service/workbench';
import { openWorkspace, type Workspace } from '../../src-main/store/index';
import { npyFile, npyHeader, concat } from '../data/npy-bytes';
import { semola } from './semola-cli';

let dir = '';
let ws: Workspace;
let dispatch: Dispatch;
let uploadsDir = '';
const previousWorkspace = process.env.SEMOLA_WORKSPACE;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'semola-corpus-'));
  uploadsDir = join(dir, 'uploads');
  ws = openWorkspace(join(dir, 'workspace.sqlite'));
  dispatch = createDispatch(createService({ workspace: ws, hub: new EventHub(), data: importerSource(), queue: null, analyzeAlgebra: algebraSummary, uploadsDir, mode: 'browser' }));
  process.env.SEMOLA_WORKSPACE = join(dir, 'workspace.sqlite');
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'ok.csv'), 'a,b\n1,2\n3,4\n5,6\n');
  writeFileSync(join(dir, 'badmask.json'), '{"mask": [[1,0]');
  writeFileSync(join(dir, 'badbasis.json'), '{"basis": [[1, 2]]}');
  for (const [name, text] of Object.entries(CONFIGS)) writeFileSync(join(dir, name), text);
});
afterAll(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
  if (previousWorkspace === undefined) delete process.env.SEMOLA_WORKSPACE;
  else process.env.SEMOLA_WORKSPACE = previousWorkspace;
});

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);
const zip = (members: Record<string, Uint8Array>): Uint8Array => zipSync(members, { level: 0 });
/** A zip whose central directory declares `declared` bytes for its one member. */
function declaring(declared: number): Uint8Array {
  const z = zip({ 'x.npy': npyFile('<f8', [2], f64([1, 2])) });
  for (let i = z.length - 22; i >= 0; i--) {
    if (z[i] === 0x50 && z[i + 1] === 0x4b && z[i + 2] === 1 && z[i + 3] === 2) {
      new DataView(z.buffer).setUint32(i + 24, declared, true);
      break;
    }
  }
  return z;
}

/** [file name, bytes, import options, the message's expected text (after "NAME")]. */
const FILES: [string, Uint8Array, Record<string, unknown>, string][] = [
  ['empty.csv', text(''), {}, ': empty file: expected a table of numbers, found no rows'],
  ['header.csv', text('a,b\n'), {}, ': has a header (line 1) but no data rows'],
  ['ragged.csv', text('a,b\n1,2\n3\n'), {}, ':3: expected 2 columns (as in the header on line 1), got 1'],
  ['nan.csv', text('a,b\n1,2\n1,nan\n'), {}, ':3: column 2 ("b"): expected a finite number, got "nan"'],
  ['word.csv', text('a,b\n1,2\n3,x\n'), {}, ':3: column 2 ("b"): expected a number, got "x"'],
  ['dup.csv', text('a,a\n1,2\n'), {}, ':1: column 2: duplicate column name "a" (also column 1)'],
  ['nul.csv', text('a,b\n1,\0\n'), {}, ':2: binary data (byte 0x00 at offset 6)'],
  ['utf16.csv', Uint8Array.from([0xff, 0xfe, 0x61, 0]), {}, ': UTF-16 text; save the table as UTF-8'],
  ['latin1.csv', Uint8Array.from([...text('a,b\n1,2\n1,'), 0xe9, 10]), {}, ':3: not UTF-8 text (byte 0xe9 at offset 10)'],
  ['long.csv', text(`a,b\n1,2\n${'9'.repeat(1024 * 1024 + 10)},1\n`), {}, ':3: line longer than 1 MiB'],
  ['shadow.txt', text('root:$6$secret:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n'), {}, ':2: no number in the first data row; this does not look like a numeric table'],
  ['quoted.csv', text('a,b\n1,2\n"1\n2",3\n'), {}, 'a quoted field spans several lines'],
  ['targets.csv', text('a,b\n1,2\n3,4\n'), { targets: 'zz' }, 'zz'],
  ['both.csv', text('a,b,c\n1,2,3\n3,4,5\n'), { inputs: 'a', targets: 'a' }, ': column "a" is selected both as an input and as a target'],
  ['classes.csv', text('a,y\n1,0.5\n2,1\n'), { targetKind: 'classification' }, ': data row 1, column "y": expected a class index (integer >= 0), got 0.5'],
  ['equi.csv', text('a,b,c,y,z\n1,2,3,4,5\n'), { task: 'equivariant' }, 'share no block size of 2 or more'],
  ['layout.csv', text('a,b\n1,2\n'), { layout: 'points:3' }, '--layout points:3: a table takes vector or vector:D'],
  ['table.csv', text('a,b\n1,2\n'), { format: 'npz' }, ': not an .npz (zip) archive'],
  ['table2.csv', text('a,b\n1,2\n'), { format: 'npy' }, ': not an .npy file (no \\x93NUMPY magic)'],
  ['table3.csv', text('a,b\n1,2\n'), { format: 'trajectory-npy' }, ': not an .npy file'],
  ['short.npy', concat(npyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }"), new Uint8Array(8)), {}, ': truncated .npy file: shape (4,) of <f8 needs 32 data bytes, found 8'],
  ['big.npy', npyFile('>f8', [2], new Uint8Array(16)), {}, ': big-endian data (dtype >f8)'],
  ['obj.npy', npyFile('|O', [2], new Uint8Array(16)), {}, ': object array (dtype |O)'],
  ['cube.npy', npyFile('<f8', [1, 2, 2], f64([1, 2, 3, 4])), { format: 'npy' }, ': 3-d array of shape (1, 2, 2); expected (n,) or (n, m)'],
  ['nan.npy', npyFile('<f8', [2, 2], f64([1, 2, Number.NaN, 4])), {}, ': element [1, 0] is NaN'],
  ['declared.npz', declaring(0xfffffff0), {}, ': the archive declares 4096 MiB of arrays once inflated, over the limit of 1024 MiB'],
  ['empty.npz', zip({ 'readme.txt': text('hi') }), {}, ': the archive holds no .npy arrays'],
  ['broken.npz', Uint8Array.from([0x50, 0x4b, 3, 4, 1, 2, 3]), {}, ': not a readable .npz (zip) archive'],
  ['rows.npz', zip({ 'X.npy': npyFile('<f8', [2, 2], f64([1, 2, 3, 4])), 'y.npy': npyFile('<f8', [3], f64([1, 2, 3])) }), {}, ': the arrays differ in their number of rows'],
  ['traj2d.npy', npyFile('<f8', [2, 3], f64([1, 2, 3, 4, 5, 6])), { format: 'trajectory-npy' }, ': expected a trajectory of shape (T, N, D) (frames, bodies, features) or (runs, T, D), got (2, 3)'],
  ['notxyz.xyz', text('hello world\nsecond line\n'), {}, ':1:1: expected an atom count (a non-negative integer) on the first line; this does not look like an XYZ file'],
  ['short.xyz', text('2\nwater\nO 0 0 0\n'), {}, ':4:1: expected atom 2 of 2 (the count on line 1), got the end of the file'],
  ['element.xyz', text('1\nc\nQq 0 0 0\n'), {}, ':3:1: expected an element symbol'],
  ['coord.xyz', text('1\nc\nH 0 zero 0\n'), {}, ':3:'],
  ['blank.xyz', text('1\nc\nH 0 0 0\n\n1\nc\nH 0 0 0\n'), {}, ':4:1: expected an atom count, got an empty line (blank lines may only end the file)'],
  ['wide.extxyz', text('1\nProperties=species:S:1:pos:R:3:foo:R:99999999999 energy=1\nH 0 0 0 1\n'), {}, ':2:38: expected at most 4096 columns per atom line in Properties'],
  ['nopos.extxyz', text('1\nProperties=species:S:1 energy=1\nH\n'), {}, ':2:'],
  ['tsv.npy', npyFile('<f8', [2, 2], f64([1, 2, 3, 4])), { format: 'tsv' }, ': --format tsv names a text table, but the file is a NumPy .npy array'],
];

/** Imports by path that never reach the upload folder: devices, folders, missing files, built-ins. */
const PATHS: [string, Record<string, unknown>, string][] = [
  ['/dev/zero', { format: 'csv' }, '/dev/zero: not a regular file (a device, pipe or socket); expected a data file'],
  ['/nonexistent/data.csv', {}, '/nonexistent/data.csv: file or folder not found'],
  ['FOLDER', { format: 'csv' }, 'is a folder; --format csv takes a file'],
  ['builtin:nbody2', { layout: 'vector' }, 'layout: import options apply to files; builtin:nbody2 takes its settings in the spec'],
  ['builtin:nosuch', {}, 'nosuch'],
  ['builtin:nbody2?trajectories=0', {}, 'trajectories'],
  ['OK', { testPath: '/nonexistent/test.csv' }, '/nonexistent/test.csv: file not found'],
];

/** Files written for --config: [name, contents]. */
const CONFIGS: Record<string, string> = {
  'notjson.json': '{"epochs": 2,',
  'array.json': '[1, 2]',
  'epochs.json': '{"epochs": -1}',
  'k.json': '{"k": "two"}',
  'lr.json': '{"lr": 0}',
  'batch.json': '{"batchSize": 0.5}',
  'method.json': '{"method": "magic"}',
};

/** [argv, the text stderr must hold]. Data paths are relative to the corpus folder (DIR). */
const CLI: [string[], string][] = [
  [['runs', 'show', '-1'], 'run id must be a positive integer, got "-1"'],
  [['runs', 'show', '1.5'], 'run id must be a positive integer, got "1.5"'],
  [['runs', 'show', '999'], 'run 999 not found'],
  [['runs', 'list', '--limit', '-3'], '--limit must be an integer >= 1, got "-3"'],
  [['runs', 'list', '--limit', '0'], '--limit must be an integer >= 1, got "0"'],
  [['runs', 'export', '1', '--precision', '-1'], '--precision must be an integer from 0 to 15, got "-1"'],
  [['runs', 'compare', '1', 'x'], 'run id must be a positive integer, got "x"'],
  [['runs', 'delete', '0'], 'run id must be a positive integer, got "0"'],
  [['resume', '--concurrency', '0', '1'], '--concurrency must be an integer >= 1, got "0"'],
  [['train', '--data', 'builtin:nbody2', '--epochs', '0'], 'epochs must be an integer >= 1, got 0'],
  [['train', '--data', 'builtin:nbody2', '--epochs', '2.5'], 'epochs must be an integer >= 1, got 2.5'],
  [['train', '--data', 'builtin:nbody2', '--lr', '0'], 'lr must be a finite number in (0, 10), got 0'],
  [['train', '--data', 'builtin:nbody2', '--lr', 'fast'], 'lr must be a finite number in (0, 10), got "fast"'],
  [['train', '--data', 'builtin:nbody2', '--test-fraction', '1.5'], '--test-fraction must be a number from 0 to 0.9, got "1.5"'],
  [['train', '--data', 'builtin:nbody2', '--batch-size', '-1'], 'batchSize must be an integer >= 2, got -1'],
  [['train', '--data', 'builtin:nbody2', '--k', '0'], 'k must be an integer >= 1, got 0'],
  [['train', '--data', 'builtin:nbody2', '--n-aug', '0'], 'nAug must be an integer >= 1, got 0'],
  [['train', '--data', 'builtin:nbody2', '--seed', 'one'], 'seed must be an integer, got "one"'],
  [['train', '--data', 'builtin:nbody2', '--backend', 'cuda'], "argument 'cuda' is invalid. Allowed choices are auto, tensorflow, wasm, webgpu, cpu"],
  [['train', '--data', 'builtin:nbody2', '--task', 'both'], "argument 'both' is invalid"],
  [['train'], '--data is required'],
  [['train', '--data', 'builtin:nbody2', '--layout', 'vector'], '--layout and --format apply to files; builtin:nbody2 has its own layout'],
  [['train', '--data', 'builtin:nbody2', '--inputs', 'a'], '--inputs, --targets, --target-kind, --test-data, --split-seed, --test-fraction, --group-by and --limit apply to files'],
  [['train', '--data', 'builtin:nbody2', '--out', '/nonexistent/folder/s.json'], '--out /nonexistent/folder/s.json: the folder /nonexistent/folder does not exist'],
  [['train', '--data', 'builtin:nbody2', '--out', 'DIR'], 'is a folder; give a file name for the summary JSON'],
  [['train', '--data', 'builtin:nbody2', '--mask', 'bogus'], '--mask: expected full, blocks2, blocks4, tied2 or a JSON file'],
  [['train', '--data', 'builtin:nbody2', '--mask', 'DIR/badmask.json'], "badmask.json: Expected ',' or ']' after array element in JSON"],
  [['train', '--data', 'builtin:nbody2', '--basis', 'DIR/badbasis.json'], 'badbasis.json: expected {"basis": [[[...]]]}'],
  [['train', '--data', 'DIR/ok.csv', '--format', 'xls'], "argument 'xls' is invalid"],
  [['import', 'DIR/ok.csv', '--layout', 'points:3'], '--layout points:3: a table takes vector or vector:D'],
  [['import', '/dev/zero', '--format', 'csv'], '/dev/zero: not a regular file'],
  [['import', 'DIR/ok.csv', '--stride', '0'], '--stride must be an integer >= 1, got "0"'],
  [['import', 'DIR/ok.csv', '--test-fraction', '-0.1'], '--test-fraction must be a number from 0 to 0.9, got "-0.1"'],
  [['import', 'DIR/ok.csv', '--group-by', 'run'], 'ok.csv: group column "run": no column named "run". Available: 0:a, 1:b'],
  [['train', '--data', 'DIR/ok.csv', '--group-by', 'a', '--inputs', 'a'], 'ok.csv: column "a" is the group column; it cannot also be an input'],
  [['serve', '--port', '70000'], '--port must be an integer from 0 to 65535, got "70000"'],
  [['serve', '--host', '0.0.0.0'], '--host 0.0.0.0 is not a loopback address: pass --data-root DIR'],
  [['serve', '--host', '0.0.0.0', '--data-root', '/nonexistent/root'], '--data-root /nonexistent/root: no such folder'],
  [['train', '--data', 'builtin:nbody2', '--config', 'DIR/missing.json'], '--config DIR/missing.json: '],
  [['train', '--data', 'builtin:nbody2', '--config', 'DIR/notjson.json'], '--config DIR/notjson.json: '],
  [['train', '--data', 'builtin:nbody2', '--config', 'DIR/array.json'], '--config DIR/array.json: expected a JSON object'],
  [['train', '--data', 'builtin:nbody2', '--no-record', '--config', 'DIR/epochs.json'], 'epochs'],
  [['train', '--data', 'builtin:nbody2', '--no-record', '--config', 'DIR/k.json'], 'k'],
  [['train', '--data', 'builtin:nbody2', '--no-record', '--config', 'DIR/lr.json'], 'lr'],
  [['train', '--data', 'builtin:nbody2', '--no-record', '--config', 'DIR/batch.json'], 'batchSize'],
  [['train', '--data', 'builtin:nbody2', '--no-record', '--config', 'DIR/method.json'], 'method'],
];

/** Contract calls as they arrive over the WebSocket: [method, input, the error text]. */
const MESSAGES: [unknown, unknown, string][] = [
  ['no.such.method', {}, 'unknown method "no.such.method"'],
  [42, {}, 'unknown method "42"'],
  ['datasets.import', { path: '', importId: 'x' }, 'datasets.import: invalid input: path:'],
  ['datasets.import', { path: 'a.csv', importId: 'has space' }, 'importId: letters, digits, - and _'],
  ['datasets.upload', { fileName: '../x.csv', base64: 'AAAA', importId: 'x' }, 'fileName: a file name without folders'],
  ['datasets.upload', { fileName: '..', base64: 'AAAA', importId: 'x' }, 'fileName: a file name, not . or ..'],
  ['datasets.upload', { fileName: '.', base64: 'AAAA', importId: 'x' }, 'fileName: a file name, not . or ..'],
  ['datasets.upload', { fileName: 'a\u0007.csv', base64: 'AAAA', importId: 'x' }, 'fileName: a file name without control characters'],
  ['datasets.upload', { fileName: 'a.csv', base64: '<script>', importId: 'x' }, 'base64: base64 text'],
  ['datasets.upload', { fileName: 'a.csv', base64: 'A'.repeat(8 * 1024 * 1024 + 4), importId: 'x' }, 'base64:'],
  ['uploads.begin', { fileName: 'a.csv', size: -5 }, 'size:'],
  ['uploads.chunk', { uploadId: 'ab'.repeat(12), offset: -1, base64: 'AAAA' }, 'offset:'],
  ['uploads.finish', { uploadId: '../../etc', importId: 'x' }, 'uploadId: an upload id from uploads.begin'],
  ['runs.create', { datasetId: 1, config: {}, backend: 'cuda' }, 'backend:'],
  ['runs.get', { id: -1 }, 'runs.get: invalid input: id:'],
  ['runs.get', { id: 1.5 }, 'runs.get: invalid input: id:'],
  ['runs.get', { id: 1, extra: true }, 'extra'],
  ['runs.snapshots', { id: 1, maxSnapshots: 0 }, 'maxSnapshots:'],
  ['runs.tag', { id: 1, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }, 'tags:'],
  ['runs.note', { id: 1, note: 'x'.repeat(20_001) }, 'note:'],
  ['runs.compare', { ids: [1] }, 'ids:'],
  ['export.basis', { runId: 1, format: 'exe' }, 'format:'],
  ['datasets.preview', { id: 1, samples: 1000 }, 'samples:'],
  ['datasets.import', 'a string', '(input):'],
];

function uploadsLeft(): string[] {
  try {
    return readdirSync(uploadsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

describe('bad-input corpus', () => {
  it('holds at least 80 cases', () => {
    expect(FILES.length + PATHS.length + CLI.length + MESSAGES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(FILES)('upload %s: the message names the file (and line); nothing is kept', async (name, bytes, options, expected) => {
    const before = ws.datasets.list().length;
    const r = await dispatch('datasets.upload', { fileName: name, base64: Buffer.from(bytes).toString('base64'), options, importId: 'corpus' });
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error.message;
    expect(message.startsWith(name) || message.startsWith('--')).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain(uploadsDir);
    expect(ws.datasets.list().length).toBe(before);
    expect(uploadsLeft()).toEqual([]);
  });

  it.each(PATHS)('import %s: a clear message; nothing recorded', async (path, options, expected) => {
    const before = ws.datasets.list().length;
    const p = path === 'FOLDER' ? join(dir, 'folder') : path === 'OK' ? join(dir, 'ok.csv') : path;
    const r = await dispatch('datasets.import', { path: p, options, importId: 'corpus' });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain(expected);
    expect(ws.datasets.list().length).toBe(before);
  });

  it.each(CLI)('semola %j: exits non-zero, saying what is wrong', async (argv, expected) => {
    const args = argv.map((a) => a.replace(/^DIR/, dir));
    const r = await semola(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(expected.replace(/^--config DIR/, `--config ${dir}`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const check = openWorkspace(join(dir, 'workspace.sqlite'));
    expect(check.runs.list({ status: 'running' })).toEqual([]);
    expect(check.integrityCheck()).toBe('ok');
    check.close();
  });

  it.each(MESSAGES)('message %j: refused with the field named', async (method, input, expected) => {
    const r = await dispatch(method, input);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain(expected);
  });
});
