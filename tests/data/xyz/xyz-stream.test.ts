/**
 * The streaming XYZ reader and the streamed import: chunks of any size (a frame, a line, a CRLF
 * or a UTF-8 character split between two chunks) read exactly as the whole file does, errors
 * included; CRLF line ends; a truncated last frame; an ASE-layout file with forces and quoted
 * key=value pairs imported through importDataset from a file larger than one read chunk; errors
 * about the contents reported after the file's syntax errors; and the comment-line fast typing
 * of plain numbers against typeAseValue.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../src-main/data/import';
import { Rng } from '../../../src-main/data/random';
import { groupedSplit, timeBlocks } from '../../../src-main/data/split';
import { CommentCache, typeAseValue } from '../../../src-main/data/xyz/extxyz-comment';
import { XyzStreamReader, copyFrame, parseXyz, type XyzFrame } from '../../../src-main/data/xyz/xyz';

const F = 'traj.extxyz';
const enc = (t: string): Uint8Array => new TextEncoder().encode(t);

/** An ASE-layout trajectory: Lattice, Properties with forces, quoted values with spaces, a flag. */
function aseText(frames: number, atoms: number, seed: number): { text: string; energies: number[]; positions: number[][]; forces: number[][] } {
  const r = new Rng(seed);
  const species = ['O', 'H', 'H', 'C', 'Cl'];
  const energies: number[] = [];
  const positions: number[][] = [];
  const forces: number[][] = [];
  let text = '';
  for (let t = 0; t < frames; t++) {
    const e = Number((-76 - r.next()).toFixed(9));
    energies.push(e);
    text += `${atoms}\nLattice="8.0 0.0 0.0 0.0 8.0 0.0 0.0 0.0 8.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=${e} config_type="md run é ${t}" step=${t} converged pbc="T T T"\n`;
    const p: number[] = [];
    const f: number[] = [];
    for (let a = 0; a < atoms; a++) {
      const xyz = [r.next() * 8, r.next() * 8, r.next() * 8].map((x) => Number(x.toFixed(8)));
      const fr = [r.next() - 0.5, r.next() - 0.5, r.next() - 0.5].map((x) => Number(x.toExponential(6)));
      p.push(...xyz);
      f.push(...fr);
      text += `${species[a % species.length]!.padEnd(2)} ${xyz.map((x) => x.toFixed(8).padStart(14)).join('')} ${fr.map((x) => x.toExponential(6)).join('  ')}\n`;
    }
    positions.push(p);
    forces.push(f);
  }
  return { text, energies, positions, forces };
}

/** Frames (as objects of their own) read with the bytes pushed in chunks of `size`; or the error's message. */
function chunked(bytes: Uint8Array, size: number): XyzFrame[] | string {
  const frames: XyzFrame[] = [];
  try {
    const reader = new XyzStreamReader(F, (f) => frames.push(copyFrame(f)));
    for (let i = 0; i < bytes.length; i += size) reader.push(bytes.slice(i, i + size));
    reader.end();
    return frames;
  } catch (e) {
    return (e as Error).message;
  }
}

function whole(bytes: Uint8Array): XyzFrame[] | string {
  try {
    return parseXyz(bytes, F).frames;
  } catch (e) {
    return (e as Error).message;
  }
}

const plain = (frames: XyzFrame[] | string): unknown =>
  typeof frames === 'string' ? frames : frames.map((f) => ({ ...f, positions: Array.from(f.positions), arrays: Object.fromEntries(Object.entries(f.arrays).map(([k, v]) => [k, { ...v, values: Array.from(v.values as ArrayLike<number | string>) }])) }));

describe('XyzStreamReader', () => {
  const { text } = aseText(3, 4, 1);
  const sizes = [1, 2, 3, 5, 7, 16, 61, 200, 100000];

  it('reads the same frames whatever the chunk size (frames, lines, CRLF and UTF-8 split between chunks)', () => {
    for (const t of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n$/, ''), `\ufeff${text}\n\n`]) {
      const expected = plain(whole(enc(t)));
      expect(typeof expected).not.toBe('string');
      for (const size of sizes) expect(plain(chunked(enc(t), size)), `chunk ${size}`).toEqual(expected);
    }
  });

  it('reads CRLF files as LF files', () => {
    expect(plain(whole(enc(text.replace(/\n/g, '\r\n'))))).toEqual(plain(whole(enc(text))));
  });

  it('reports the same error, at the same line, whatever the chunk size', () => {
    const lines = text.split('\n');
    const broken = {
      truncated: lines.slice(0, 14).join('\n'),
      truncatedAtComment: lines.slice(0, 13).join('\n'),
      badNumber: text.replace(/ -?\d\.\d+e[-+]\d+ /, ' 1.2.3 '),
      loneCr: text.replace('step=1', 'step=1\r x'),
      blankInside: text.replace(/\n4\n/, '\n\n4\n'),
      countTooSmall: text.replace(/^4\n/, '3\n'),
    };
    const expected = {
      truncated: `${F}:15:1: expected atom 1 of 4 (the count on line 13), got the end of the file`,
      truncatedAtComment: `${F}:14:1: expected the comment line of the frame whose count is on line 13, got the end of the file`,
    };
    for (const [name, t] of Object.entries(broken)) {
      const message = whole(enc(t));
      expect(typeof message, name).toBe('string');
      if (name in expected) expect(message).toBe(expected[name as keyof typeof expected]);
      for (const size of sizes) expect(chunked(enc(t), size), `${name}, chunk ${size}`).toBe(message);
    }
  });

  it('reports a truncated last frame of a CRLF file at the line after the last', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    expect(whole(enc(crlf.slice(0, crlf.lastIndexOf('\r\nC ') + 2)))).toBe(`${F}:18:1: expected atom 4 of 4 (the count on line 13), got the end of the file`);
  });
});

describe('importDataset on a streamed ASE-layout file', () => {
  let dir = '';
  // About 6 MiB: frames split between the 4 MiB read chunks.
  const big = aseText(9000, 7, 2);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'semola-xyz-stream-'));
    await writeFile(join(dir, 'big.extxyz'), big.text);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads energy, forces as its gradient, the cell and the quoted values, frame for frame', async () => {
    expect(big.text.length).toBeGreaterThan(5 * 2 ** 20);
    const progress: number[] = [];
    const { dataset, record } = await importDataset(join(dir, 'big.extxyz'), { targets: 'energy', layout: 'vector', onProgress: (p) => p.stage === 'read' && progress.push(p.done) });
    expect(record.format).toBe('extxyz');
    expect(record.sampleCount).toBe(9000);
    expect(record.targets).toEqual([{ name: 'energy', unit: 'eV' }]);
    expect(record.cell).toEqual({ lattice: [8, 0, 0, 0, 8, 0, 0, 0, 8], pbc: [true, true, true], sameInEveryFrame: true });
    expect(record.targetGradient).toEqual({ target: 'energy', source: '-forces', unit: 'eV/Angstrom' });
    // Read progress in chunks, ending at the file's size.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toBe(Buffer.byteLength(big.text));
    // One molecule over 9000 frames: held out in 50 time blocks of 180 frames (the split itself is tested in tests/data/import).
    const idx = groupedSplit(9000, 0, 0.2, timeBlocks(9000, 180), 'time block');
    expect(record.split).toMatchObject({ rule: idx.rule });
    const f32 = (xs: number[]): number[] => Array.from(Float32Array.from(xs));
    for (const [set, rows] of [[dataset.train, idx.train], [dataset.test!, idx.test]] as const) {
      expect(Array.from(set.targets)).toEqual(f32(rows.map((i) => big.energies[i]!)));
      expect(Array.from(set.inputs)).toEqual(f32(rows.flatMap((i) => big.positions[i]!)));
      expect(Array.from(set.targetGradient!)).toEqual(f32(rows.flatMap((i) => big.forces[i]!.map((x) => -x))));
    }
  });

  it('reads a quoted string value and a per-atom column as parseXyz does', () => {
    const f = parseXyz(enc(aseText(2, 3, 3).text), F).frames[1]!;
    expect(f.info.config_type).toBe('md run é 1');
    expect(f.info.converged).toBe(true);
    expect(f.info.step).toBe(1);
    expect(f.arrays.forces!.width).toBe(3);
  });

  it('reports a syntax error before an error about the contents, each with file and line', async () => {
    const small = aseText(6, 3, 4).text;
    const noEnergy = small.replace(/energy=\S+ (?=config_type="md run é 2")/, '');
    await writeFile(join(dir, 'a.extxyz'), noEnergy);
    await expect(importDataset(join(dir, 'a.extxyz'), { targets: 'energy' })).rejects.toThrow(`${join(dir, 'a.extxyz')}:12: expected energy=a number on the comment line (as in the first frame), got no such key`);
    const lines = noEnergy.split('\n');
    lines[22] = lines[22]!.replace(/^(\S+\s+)\S+/, '$1x1.0');
    await writeFile(join(dir, 'b.extxyz'), lines.join('\n'));
    await expect(importDataset(join(dir, 'b.extxyz'), { targets: 'energy' })).rejects.toThrow(`${join(dir, 'b.extxyz')}:23:`);
    // A bad option is reported after the file's errors too, as before.
    await expect(importDataset(join(dir, 'b.extxyz'), { targets: 'energy', stride: 0 })).rejects.toThrow(`${join(dir, 'b.extxyz')}:23:`);
    await expect(importDataset(join(dir, 'a.extxyz'), { targets: 'energy', stride: 0 })).rejects.toThrow('--stride: expected a positive integer, got 0');
  });

  it('keeps a trajectory whole: other atoms in a later frame are an error naming the line', async () => {
    const t = aseText(4, 3, 5).text;
    const lines = t.split('\n');
    lines[12] = lines[12]!.replace(/^O /, 'N ');
    await writeFile(join(dir, 'c.extxyz'), lines.join('\n'));
    await expect(importDataset(join(dir, 'c.extxyz'), { nIn: 1 })).rejects.toThrow(`${join(dir, 'c.extxyz')}:13: a trajectory keeps its atoms: expected O for atom 1 (as in the first frame), got N`);
  });
});

describe('comment values: the plain-number fast path', () => {
  it('types plain numbers exactly as typeAseValue does (seeded, -0 and 15+ digits included)', () => {
    const cache = new CommentCache();
    const r = new Rng(7);
    const pieces = ['0', '1', '7', '-', '+', '.', 'e', 'E', '-', '5', '9', '00', '_', ' ', ',', 'x'];
    const texts = ['-0', '+0', '0', '-0.0', '1.', '.5', '-.5e-3', '123456789012345', '1234567890123456', '1e400', '1e', '', 'nan', '5 6'];
    for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 1 + r.int(8) }, () => pieces[r.int(pieces.length)]).join(''));
    for (const t of texts) {
      for (const key of ['energy', 'uid']) expect(Object.is(cache.type(key, t, 1), typeAseValue(key, t, 1)) || JSON.stringify(cache.type(key, t, 1)) === JSON.stringify(typeAseValue(key, t, 1)), `${key}=${t}`).toBe(true);
    }
  });
});
