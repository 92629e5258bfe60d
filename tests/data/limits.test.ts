/**
 * Every reader is bounded: devices and pipes are refused, text lines have a length limit, an .npz
 * is refused from its declared sizes and again while inflating (a member that inflates past what it
 * declares), and an absurd extXYZ Properties width is refused with file:line:column.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../src-main/data/import';
import { MAX_LINE_BYTES } from '../../src-main/data/limits';
import { unzipNpz } from '../../src-main/data/npy';
import { npyFile } from './npy-bytes';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semola-limits-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Offset of the central directory entry of the first member (signature PK\1\2). */
function centralEntry(zip: Uint8Array): number {
  for (let i = zip.length - 22; i >= 0; i--) if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 1 && zip[i + 3] === 2) return i;
  throw new Error('no central directory');
}

/** A zip of one .npy of `n` zeros (highly compressible) with its declared sizes rewritten. */
function bomb(n: number, declared: number): Uint8Array {
  const zip = zipSync({ 'x.npy': npyFile('<f8', [n], new Float64Array(n)) }, { level: 9 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  view.setUint32(22, declared, true); // local header: uncompressed size
  view.setUint32(centralEntry(zip) + 24, declared, true); // central directory: uncompressed size
  return zip;
}

describe('bounded readers', () => {
  it('refuses a device instead of reading it forever, also behind a link and with an explicit format', async () => {
    await expect(importDataset('/dev/zero', { format: 'csv' })).rejects.toThrow('/dev/zero: not a regular file (a device, pipe or socket)');
    const link = join(dir, 'zero.csv');
    await symlink('/dev/zero', link);
    await expect(importDataset(link)).rejects.toThrow(`${link}: not a regular file`);
  });

  it('refuses a text line over the limit with file:line', async () => {
    const p = join(dir, 'wide.csv');
    await writeFile(p, `a,b\n1,2\n${'1,'.repeat(MAX_LINE_BYTES / 2 + 8)}1\n`);
    await expect(importDataset(p)).rejects.toThrow(`${p}:3: line longer than 1 MiB`);
  });

  it('refuses an .npz from its declared sizes before inflating anything', () => {
    const zip = bomb(1000, 0xfffffff0);
    expect(() => unzipNpz(zip, 'bomb.npz')).toThrow('bomb.npz: the archive declares 4096 MiB of arrays once inflated, over the limit of 1024 MiB');
  });

  it('stops inflating a member that inflates past what it declares', () => {
    const zip = bomb(500_000, 4096); // 4 MB of zeros declared as 4 KiB
    expect(zip.length).toBeLessThan(100_000);
    expect(() => unzipNpz(zip, 'bomb.npz')).toThrow(`bomb.npz: member "x.npy" inflates past its declared 4096 bytes`);
  });

  it('reads an honest archive unchanged', () => {
    const values = Float64Array.from([1, 2, 3]);
    const zip = zipSync({ 'a.npy': npyFile('<f8', [3], values), 'b.npy': npyFile('<f8', [3], values) }, { level: 0 });
    const out = unzipNpz(zip, 'ok.npz');
    expect(Object.keys(out).sort()).toEqual(['a.npy', 'b.npy']);
    expect(out['a.npy']!.length).toBe(npyFile('<f8', [3], values).length);
  });

  it('refuses an absurd extXYZ Properties width with file:line:column', async () => {
    const p = join(dir, 'absurd.extxyz');
    await writeFile(p, '1\nProperties=species:S:1:pos:R:3:foo:R:99999999999 energy=1\nH 0 0 0 1\n');
    await expect(importDataset(p)).rejects.toThrow(`${p}:2:38: expected at most 4096 columns per atom line in Properties`);
  });
});

describe('an explicit format: its reader answers', () => {
  it('--format npz on a text table, npy on an XYZ file, tsv on an .npy', async () => {
    const csv = join(dir, 't.csv');
    await writeFile(csv, 'a,b\n1,2\n3,4\n');
    await expect(importDataset(csv, { format: 'npz' })).rejects.toThrow(`${csv}: not an .npz (zip) archive`);
    await expect(importDataset(csv, { format: 'npy' })).rejects.toThrow(`${csv}: not an .npy file`);
    await expect(importDataset(csv, { format: 'trajectory-npz' })).rejects.toThrow(`${csv}: not an .npz (zip) archive`);
    const xyz = join(dir, 'm.xyz');
    await writeFile(xyz, '1\nx\nH 0 0 0\n');
    await expect(importDataset(xyz, { format: 'npy' })).rejects.toThrow(`${xyz}: not an .npy file`);
    const npy = join(dir, 'a.npy');
    await writeFile(npy, npyFile('<f8', [2, 2], Float64Array.from([1, 2, 3, 4])));
    await expect(importDataset(npy, { format: 'tsv' })).rejects.toThrow(`${npy}: --format tsv names a text table, but the file is a NumPy .npy array`);
  });

  it('--format tsv reads tabs only: a comma file is one column per line, so the reader says where', async () => {
    const p = join(dir, 'commas.txt');
    await writeFile(p, 'a,b,c\n1,2,3\n');
    await expect(importDataset(p, { format: 'tsv' })).rejects.toThrow(`${p}:2: no number in the first data row; this does not look like a numeric table`);
    const t = join(dir, 'tabs.txt');
    await writeFile(t, 'a\tb\n1\t2\n3\t4\n');
    const { record } = await importDataset(t, { format: 'tsv' });
    expect(record.inputNames).toEqual(['a']);
  });
});
