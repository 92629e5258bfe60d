/**
 * The QM9 fast path (scanQm9) against the strict reader (parseQm9): on every record it takes, the
 * same values; every record the strict reader refuses, it leaves to the strict reader. Checked on
 * the fixtures, on layouts the published files vary in, and on thousands of seeded mutations.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importQm9Folder } from '../../../src-main/data/qm9/folder';
import { QM9_ELEMENTS, QM9_PROPERTIES, parseQm9 } from '../../../src-main/data/qm9/qm9';
import { Qm9Scratch, scanQm9 } from '../../../src-main/data/qm9/qm9-scan';
import { Rng } from '../../../src-main/data/random';
import { AMMONIA, HCN, METHANE, bytesOf, qm9Name, withLine } from './fixtures';

const F = 'dsgdb9nsd_000001.xyz';

/** What the strict reader reads, or its error. */
function strict(b: Uint8Array): { ok: true; id: number; n: number; elements: number[]; positions: number[]; properties: number[] } | { ok: false } {
  try {
    const m = parseQm9(b, F);
    return {
      ok: true,
      id: m.id,
      n: m.atomCount,
      elements: m.species.map((s) => QM9_ELEMENTS.indexOf(s)),
      positions: Array.from(m.positions),
      properties: QM9_PROPERTIES.map((p) => m.properties[p.name]),
    };
  } catch {
    return { ok: false };
  }
}

/** Asserts the fast path agrees with the strict reader on `b`; true when the fast path took it. */
function agrees(b: Uint8Array): boolean {
  const out = new Qm9Scratch();
  const taken = scanQm9(b, out);
  const s = strict(b);
  if (!taken) return false;
  expect(s.ok, new TextDecoder().decode(b)).toBe(true);
  if (!s.ok) return true;
  expect(out.id).toBe(s.id);
  expect(out.atomCount).toBe(s.n);
  expect(Array.from(out.elements.subarray(0, s.n))).toEqual(s.elements);
  // Bit for bit, -0 included.
  expect(Array.from(out.positions.subarray(0, 3 * s.n))).toStrictEqual(s.positions);
  expect(Array.from(out.properties)).toStrictEqual(s.properties);
  return true;
}

describe('scanQm9', () => {
  it('takes the records as published and reads what parseQm9 reads', () => {
    for (const text of [METHANE, AMMONIA, HCN]) expect(agrees(bytesOf(text))).toBe(true);
  });

  it('takes CRLF line ends, no final newline, trailing blank lines, padding and long or Mathematica numbers', () => {
    const head = METHANE.split('\n')[1]!;
    const variants = [
      METHANE.replace(/\n/g, '\r\n'),
      METHANE.replace(/\n$/, ''),
      `${METHANE}\n \t\n\n`,
      withLine(METHANE, 1, '  5 \t'),
      withLine(METHANE, 2, `  gdb\t 1${head.slice(5)}`),
      withLine(METHANE, 3, 'C  \t  -0.0126981359  \t 1.0858041578\t 0.0080009958\t-0.535689'),
      withLine(METHANE, 4, 'H\t 0.00215041612345678901\t-6.0313176E-3\t 1.9761204*^+30\t 0.133921\t\t'),
      withLine(METHANE, 5, 'H\t1e-300\t-.5\t5.\t-0\t'),
    ];
    for (const v of variants) expect(agrees(bytesOf(v)), v).toBe(true);
  });

  it('leaves every refused record to the strict reader', () => {
    const refused = [
      '',
      withLine(METHANE, 1, '5.0'),
      withLine(METHANE, 1, '\t5'),
      withLine(METHANE, 1, '0'),
      withLine(METHANE, 2, METHANE.split('\n')[1]!.replace('\t0.\t', '\t\t')),
      withLine(METHANE, 3, 'c\t-0.0126981359\t 1.0858041578\t 0.0080009958\t-0.535689\t'),
      withLine(METHANE, 4, 'H\t 0.002150416\t-inf\t 1.9761204*^-3\t 0.133921\t'),
      withLine(METHANE, 6, 'H\t-0.540815069\t 1.4475266138\t-0.8766437152\t 1e999\t'),
      withLine(METHANE, 8, '\t1341.307\t1341.3284\t1341.365\t1562.6731\t1562.7453\t3038.3205\t3151.6034\t3151.6788\t3151.7078\t'),
      withLine(HCN, 6, ''),
      withLine(METHANE, 9, 'C C\tC'),
      withLine(METHANE, 10, 'InChI=1S/CH4/h1H4\tinchi=1S/CH4/h1H4'),
      `${METHANE}extra\n`,
      METHANE.replace('\n', '\r'),
    ];
    for (const r of refused) {
      expect(strict(bytesOf(r)).ok, r).toBe(false);
      expect(scanQm9(bytesOf(r), new Qm9Scratch()), r).toBe(false);
    }
    // UTF-8 in a SMILES field is text the strict reader takes; the fast path leaves it to it.
    const utf8 = bytesOf(HCN.replace('C#N\t', 'C\u00e9\t'));
    expect(strict(utf8).ok).toBe(true);
    expect(scanQm9(utf8, new Qm9Scratch())).toBe(false);
  });

  it('agrees with parseQm9 on seeded mutations of the records (3 seeds)', () => {
    const alphabet = '0123456789.-+eE*^ \t\n\rHCNOFgdbInChI=x\u00e9\u0000';
    for (const seed of [1, 2, 3]) {
      const r = new Rng(seed);
      let taken = 0;
      let refused = 0;
      for (let t = 0; t < 1500; t++) {
        const base = [METHANE, AMMONIA, HCN][r.int(3)]!;
        const chars = Array.from(base);
        const edits = 1 + r.int(3);
        for (let e = 0; e < edits; e++) {
          const at = r.int(chars.length);
          const ch = alphabet[r.int(alphabet.length)]!;
          const op = r.int(3);
          if (op === 0) chars.splice(at, 1);
          else if (op === 1) chars.splice(at, 0, ch);
          else chars[at] = ch;
        }
        const b = bytesOf(chars.join(''));
        if (agrees(b)) taken++;
        else if (!strict(b).ok) refused++;
      }
      // Both sides exercised: many mutations still parse, many do not.
      expect(taken).toBeGreaterThan(200);
      expect(refused).toBeGreaterThan(200);
    }
  });
});

describe('importQm9Folder with records off the fast path', () => {
  it('reads a record the fast path leaves to the strict reader as the fast path reads the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qm9-scan-'));
    try {
      await writeFile(join(dir, qm9Name(1)), METHANE);
      await writeFile(join(dir, qm9Name(2)), AMMONIA.replace('N\tN\t', 'N\u00e9\tN\t'));
      await writeFile(join(dir, qm9Name(5)), HCN.replace(/\n/g, '\r\n'));
      const mixed = await importQm9Folder(dir, { targets: ['U0', 'gap'] });
      await writeFile(join(dir, qm9Name(2)), AMMONIA);
      const plain = await importQm9Folder(dir, { targets: ['U0', 'gap'] });
      expect(Array.from(mixed.coords)).toEqual(Array.from(plain.coords));
      expect(Array.from(mixed.targets)).toEqual(Array.from(plain.targets));
      expect(Array.from(mixed.speciesIndex)).toEqual(Array.from(plain.speciesIndex));
      expect(Array.from(mixed.ids)).toEqual([1, 2, 5]);
      // A broken record is still reported by the strict reader, with its file and line.
      await writeFile(join(dir, qm9Name(2)), withLine(AMMONIA, 4, 'H\t 0.0172574639\tx\t-0.0273771593\t 0.235712\t'));
      await expect(importQm9Folder(dir, { targets: ['U0'] })).rejects.toThrow(`${join(dir, qm9Name(2))}:4:`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
