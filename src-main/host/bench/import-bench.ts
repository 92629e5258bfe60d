/**
 * Import throughput for `semola bench`: a 100,000-frame extended XYZ trajectory of 13 atoms (ASE
 * layout: Lattice, Properties species/pos/forces, energy, pbc) and a QM9-sized folder of 133,885
 * small records, both generated into a temporary folder (never committed), imported through
 * importDataset and removed. Beside each import, the same bytes read raw (no parsing) in the
 * same run: the speed the disk and page cache give, against which the import's MB/s compares.
 * Quick mode uses 2,000 frames and 500 files.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataset } from '../../data/import';
import { Rng } from '../../data/random';
import type { ImportBenchResult } from './types';

const SPECIES = ['C', 'C', 'C', 'N', 'O', 'H', 'H', 'H', 'H', 'H'];
const HEAVY = ['C', 'C', 'C', 'N', 'O', 'F'];

/** `frames` ASE-style frames (reals as `%16.8f`) of `atoms` atoms. */
function extxyzChunk(r: Rng, from: number, to: number, atoms: number): string {
  const f = (v: number): string => v.toFixed(8).padStart(16);
  let text = '';
  for (let i = from; i < to; i++) {
    text += `${atoms}\nLattice="10.0 0.0 0.0 0.0 10.0 0.0 0.0 0.0 10.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=${(-100 - r.next() * 10).toFixed(8)} step=${i} pbc="T T T"\n`;
    for (let a = 0; a < atoms; a++) {
      text += `${SPECIES[a % SPECIES.length]!.padEnd(2)} ${f(r.next() * 10)}${f(r.next() * 10)}${f(r.next() * 10)}${f(r.next() - 0.5)}${f(r.next() - 0.5)}${f(r.next() - 0.5)}\n`;
    }
  }
  return text;
}

/**
 * Writes the trajectory; its size in bytes. Its text is garbage once this returns, so the import
 * timed next does not run beside 300 MB of live generated strings.
 */
async function writeTrajectory(path: string, r: Rng, frames: number, atoms: number): Promise<number> {
  const parts: string[] = [];
  for (let i = 0; i < frames; i += 5000) parts.push(extxyzChunk(r, i, Math.min(frames, i + 5000), atoms));
  const bytes = Buffer.from(parts.join(''));
  await writeFile(path, bytes);
  return bytes.length;
}

/** A record shaped like QM9's: up to 9 heavy atoms plus hydrogens (at most 29 atoms), tab-separated, trailing tabs. */
function qm9Record(id: number, r: Rng): string {
  const heavy = 1 + r.int(9);
  const n = heavy + Math.min(29 - heavy, r.int(2 * heavy + 3));
  const num = (scale: number): string => ((r.next() - 0.5) * 2 * scale).toFixed(10);
  const props = Array.from({ length: 15 }, () => (r.next() * 100 - 50).toPrecision(8));
  const lines = [String(n), `gdb ${id}\t${props.join('\t')}\t`];
  for (let a = 0; a < n; a++) lines.push(`${a < heavy ? HEAVY[r.int(6)]! : 'H'}\t${num(3)}\t${num(3)}\t${num(3)}\t${num(0.5)}\t`);
  lines.push(`${Array.from({ length: Math.max(0, 3 * n - 6) }, () => (100 + r.next() * 3500).toFixed(4)).join('\t')}\t`);
  lines.push('CC(C)C#N\tCC(C)C#N\t', 'InChI=1S/C4H7N/c1-4(2)3-5/h4H,1-2H3\tInChI=1S/C4H7N/c1-4(2)3-5/h4H,1-2H3\t');
  return `${lines.join('\n')}\n`;
}

/**
 * Wall and CPU time of one import (reading, parsing, packing, hashing, splitting). CPU time is
 * reported too because on a shared machine the wall time also counts other processes' turns.
 */
async function timed(run: () => Promise<{ samples: number }>): Promise<{ seconds: number; cpuSeconds: number; samples: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { samples } = await run();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { seconds: round3(seconds), cpuSeconds: round3((c.user + c.system) / 1e6), samples };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function megabytesPerSecond(bytes: number, seconds: number): number {
  return Math.round(bytes / 1e6 / seconds);
}

/** One file read raw as the XYZ importer reads it: 4 MiB reads in order through a FileHandle, nothing parsed. */
async function rawReadFile(path: string): Promise<{ seconds: number; bytes: number }> {
  const t0 = performance.now();
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  let bytes = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
      if (bytesRead === 0) break;
      bytes += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

/** A folder's files read raw as the folder importers read them: open, read to the end, close, one after the other. */
async function rawReadFolder(dir: string): Promise<{ seconds: number; bytes: number }> {
  const t0 = performance.now();
  const names = (await readdir(dir)).sort();
  const buffer = Buffer.allocUnsafe(1 << 16);
  let bytes = 0;
  for (const name of names) {
    const fd = openSync(join(dir, name), 'r');
    try {
      for (let got = readSync(fd, buffer, 0, buffer.length, null); got > 0; got = readSync(fd, buffer, 0, buffer.length, null)) bytes += got;
    } finally {
      closeSync(fd);
    }
  }
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

export async function benchImports(quick: boolean, log: (line: string) => void): Promise<ImportBenchResult[]> {
  const frames = quick ? 2000 : 100_000;
  const files = quick ? 500 : 133_885;
  const atoms = 13;
  const dir = await mkdtemp(join(tmpdir(), 'semola-bench-import-'));
  const results: ImportBenchResult[] = [];
  try {
    const r = new Rng(1);
    const traj = join(dir, 'trajectory.extxyz');
    const trajBytes = await writeTrajectory(traj, r, frames, atoms);
    log(`import: wrote ${frames} frames x ${atoms} atoms (${(trajBytes / 2 ** 20).toFixed(1)} MiB)`);
    const rawTraj = await rawReadFile(traj);
    const t = await timed(async () => ({ samples: (await importDataset(traj, { targets: 'energy' })).record.sampleCount }));
    results.push({
      name: 'extended XYZ trajectory',
      input: `${frames} frames x ${atoms} atoms, ASE layout, one file of ${(trajBytes / 2 ** 20).toFixed(1)} MiB`,
      samples: t.samples,
      seconds: t.seconds,
      cpuSeconds: t.cpuSeconds,
      perSecond: Math.round(t.samples / t.seconds),
      unit: 'frames/s',
      bytes: trajBytes,
      megabytesPerSecond: megabytesPerSecond(trajBytes, t.seconds),
      rawRead: { seconds: round3(rawTraj.seconds), megabytesPerSecond: megabytesPerSecond(rawTraj.bytes, rawTraj.seconds), method: 'the same file read with fs FileHandle.read in 4 MiB pieces, in order, right before the import' },
    });
    log(`import: extended XYZ ${t.samples} frames in ${t.seconds} s (CPU ${t.cpuSeconds} s); the same file read raw in ${round3(rawTraj.seconds)} s`);

    const folder = join(dir, 'qm9');
    await mkdir(folder);
    let total = 0;
    for (let i = 1; i <= files; i += 256) {
      const batch = [];
      for (let k = i; k < Math.min(files + 1, i + 256); k++) {
        const text = qm9Record(k, r);
        total += text.length;
        batch.push(writeFile(join(folder, `dsgdb9nsd_${String(k).padStart(6, '0')}.xyz`), text));
      }
      await Promise.all(batch);
    }
    log(`import: wrote ${files} QM9-shaped files (${(total / 2 ** 20).toFixed(1)} MiB)`);
    const rawFolder = await rawReadFolder(folder);
    const q = await timed(async () => ({ samples: (await importDataset(folder, { targets: 'U0,gap' })).record.sampleCount }));
    results.push({
      name: 'QM9 folder',
      input: `${files} files of 2-29 atoms (${(total / 2 ** 20).toFixed(1)} MiB)`,
      samples: q.samples,
      seconds: q.seconds,
      cpuSeconds: q.cpuSeconds,
      perSecond: Math.round(q.samples / q.seconds),
      unit: 'files/s',
      bytes: total,
      megabytesPerSecond: megabytesPerSecond(total, q.seconds),
      rawRead: { seconds: round3(rawFolder.seconds), megabytesPerSecond: megabytesPerSecond(rawFolder.bytes, rawFolder.seconds), method: 'the same files read with fs openSync / readSync / closeSync in name order, right before the import' },
    });
    log(`import: QM9 folder ${q.samples} files in ${q.seconds} s (CPU ${q.cpuSeconds} s); the same files read raw in ${round3(rawFolder.seconds)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
