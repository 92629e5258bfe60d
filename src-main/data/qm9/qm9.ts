/**
 * Strict reader for one QM9 record (`dsgdb9nsd_NNNNNN.xyz`, Ramakrishnan et al. 2014, Scientific
 * Data 1, 140022). The layout of a file with n atoms:
 *
 *   line 1          n
 *   line 2          `gdb <id>` and 15 scalar properties (QM9_PROPERTIES, in that order)
 *   lines 3..n+2    element, x, y, z (Angstrom), Mulliken charge (e)
 *   line n+3        3n-6 harmonic frequencies (3n-5 for linear molecules), cm^-1
 *   line n+4        SMILES from GDB-17 and SMILES of the relaxed geometry
 *   line n+5        InChI of the GDB-17 structure and of the relaxed geometry
 *
 * Fields are tab-separated and may be padded with spaces; lines may end in a tab (the real files
 * do). Numbers may carry Mathematica exponents (`1.2345*^-6`), read as `1.2345e-6`; anything else
 * goes through the strict patterns of ../numbers. Every error names the file, the line and, for a
 * single field, the column: `file:line:column: expected ..., got ...`.
 */
import { numberHint, parseStrictInteger, parseStrictNumber, quoteValue } from '../numbers';

export type Qm9PropertyName =
  | 'A' | 'B' | 'C' | 'mu' | 'alpha' | 'homo' | 'lumo' | 'gap' | 'r2' | 'zpve'
  | 'U0' | 'U' | 'H' | 'G' | 'Cv';

export interface Qm9Property {
  name: Qm9PropertyName;
  unit: string;
  description: string;
}

/** The 15 scalar properties of line 2, in file order. */
export const QM9_PROPERTIES: readonly Qm9Property[] = [
  { name: 'A', unit: 'GHz', description: 'rotational constant A' },
  { name: 'B', unit: 'GHz', description: 'rotational constant B' },
  { name: 'C', unit: 'GHz', description: 'rotational constant C' },
  { name: 'mu', unit: 'D', description: 'dipole moment' },
  { name: 'alpha', unit: 'Bohr^3', description: 'isotropic polarizability' },
  { name: 'homo', unit: 'Hartree', description: 'energy of the highest occupied molecular orbital (HOMO)' },
  { name: 'lumo', unit: 'Hartree', description: 'energy of the lowest unoccupied molecular orbital (LUMO)' },
  { name: 'gap', unit: 'Hartree', description: 'HOMO-LUMO gap (lumo - homo)' },
  { name: 'r2', unit: 'Bohr^2', description: 'electronic spatial extent' },
  { name: 'zpve', unit: 'Hartree', description: 'zero-point vibrational energy' },
  { name: 'U0', unit: 'Hartree', description: 'internal energy at 0 K' },
  { name: 'U', unit: 'Hartree', description: 'internal energy at 298.15 K' },
  { name: 'H', unit: 'Hartree', description: 'enthalpy at 298.15 K' },
  { name: 'G', unit: 'Hartree', description: 'free energy at 298.15 K' },
  { name: 'Cv', unit: 'cal/(mol K)', description: 'heat capacity at 298.15 K' },
];

/** The elements QM9 contains, in order of atomic number. */
export const QM9_ELEMENTS: readonly string[] = ['H', 'C', 'N', 'O', 'F'];

export interface Qm9Molecule {
  /** The GDB index from `gdb <id>` (1..133885 in the published set). */
  id: number;
  atomCount: number;
  /** Element symbol per atom: H, C, N, O or F. */
  species: string[];
  /** [atomCount, 3] row-major, Angstrom. */
  positions: Float64Array;
  /** [atomCount] Mulliken charges, e. */
  charges: Float64Array;
  /** The 15 scalars of line 2 by name; units in QM9_PROPERTIES. */
  properties: Record<Qm9PropertyName, number>;
  /** Harmonic vibrational frequencies, cm^-1. */
  frequencies: number[];
  /** [GDB-17 SMILES, SMILES of the relaxed geometry]. */
  smiles: [string, string];
  /** [GDB-17 InChI, InChI of the relaxed geometry]. */
  inchi: [string, string];
}

/** `1.2345*^-6` (how Mathematica writes 1.2345e-6). */
const MATHEMATICA_PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))\*\^([+-]?\d+)$/;

/** A number of a QM9 file: plain decimal / scientific, or a Mathematica exponent. */
export function parseQm9Number(text: string): number | undefined {
  const t = text.trim();
  const m = MATHEMATICA_PATTERN.exec(t);
  return parseStrictNumber(m ? `${m[1] ?? ''}e${m[2] ?? ''}` : t);
}

interface Field {
  text: string;
  /** 1-based character column of the field's first non-blank character. */
  col: number;
}

/** Splits a line at tabs, trimming the spaces around each field; a trailing tab (or several) is dropped. */
function splitFields(line: string): Field[] {
  const fields: Field[] = [];
  let start = 0;
  for (;;) {
    const tab = line.indexOf('\t', start);
    const end = tab < 0 ? line.length : tab;
    const raw = line.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    fields.push({ text: raw.trim(), col: start + 1 + (lead < raw.length ? lead : 0) });
    if (tab < 0) break;
    start = tab + 1;
  }
  while (fields.length > 1 && fields[fields.length - 1]!.text === '') fields.pop();
  if (fields.length === 1 && fields[0]!.text === '') fields.pop();
  return fields;
}

function describeLine(line: string): string {
  return line.trim() === '' ? 'an empty line' : quoteValue(line.trim());
}

/** Decodes ASCII / UTF-8 text; control bytes other than tab, LF and CR mean the file is not text. */
function decodeText(bytes: Uint8Array, fileName: string): string {
  let ascii = true;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 10) {
      line++;
      lineStart = i + 1;
    } else if ((b < 0x20 && b !== 9 && b !== 13) || b === 0x7f) {
      const what = b === 0 ? 'a NUL byte' : `the control byte 0x${b.toString(16).padStart(2, '0')}`;
      throw new Error(`${fileName}:${line}:${i - lineStart + 1}: expected text (an .xyz file), got ${what}: the file is binary or damaged`);
    } else if (b >= 0x80) {
      ascii = false;
    }
  }
  if (ascii) return new TextDecoder('latin1').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = bytes.findIndex((b) => b >= 0x80);
    let ln = 1;
    let ls = 0;
    for (let i = 0; i < bad; i++) if (bytes[i] === 10) {
      ln++;
      ls = i + 1;
    }
    throw new Error(`${fileName}:${ln}:${bad - ls + 1}: expected ASCII or UTF-8 text, got the byte 0x${(bytes[bad] ?? 0).toString(16)}`);
  }
}

/** Parses one QM9 `.xyz` record; throws `fileName:line[:column]: expected ..., got ...` on anything off. */
export function parseQm9(bytes: Uint8Array, fileName: string): Qm9Molecule {
  const text = decodeText(bytes, fileName);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  // Lines from `end` on are blank to the end of the file: reading there is reading past the end.
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  if (end === 0) throw new Error(`${fileName}:1: expected the atom count, got an empty file`);

  const where = (lineIdx: number, col?: number): string =>
    `${fileName}:${lineIdx + 1}${col === undefined ? '' : `:${col}`}`;
  const requireLine = (lineIdx: number, what: string): string => {
    if (lineIdx >= end) throw new Error(`${where(lineIdx)}: expected ${what}, got the end of the file`);
    return lines[lineIdx]!;
  };
  const number = (f: Field, lineIdx: number, what: string): number => {
    const v = parseQm9Number(f.text);
    if (v === undefined) {
      const hint = numberHint(f.text);
      throw new Error(`${where(lineIdx, f.col)}: expected a finite number for ${what}, got ${quoteValue(f.text)}${hint ? ` (${hint})` : ''}`);
    }
    return v;
  };

  // Line 1: the atom count.
  const countFields = splitFields(lines[0]!);
  const countField = countFields[0] ?? { text: '', col: 1 };
  const atomCount = countFields.length === 1 ? parseStrictInteger(countField.text) : undefined;
  if (atomCount === undefined || atomCount < 1) {
    throw new Error(`${where(0, countField.col)}: expected the atom count (a positive integer), got ${describeLine(lines[0]!)}`);
  }

  // Line 2: `gdb <id>` and the properties.
  const head = requireLine(1, '"gdb <id>" and 15 properties');
  const tag = /^[ \t]*gdb[ \t]+/.exec(head);
  if (!tag) throw new Error(`${where(1, 1)}: expected "gdb <id>" and 15 properties, got ${describeLine(head)}`);
  const rest = splitFields(head.slice(tag[0].length)).map((f) => ({ text: f.text, col: f.col + tag[0].length }));
  const idField = rest[0] ?? { text: '', col: tag[0].length + 1 };
  const id = parseStrictInteger(idField.text);
  if (id === undefined || id < 1) {
    throw new Error(`${where(1, idField.col)}: expected the molecule id after "gdb" (a positive integer), got ${quoteValue(idField.text)}`);
  }
  if (rest.length - 1 !== QM9_PROPERTIES.length) {
    throw new Error(
      `${where(1)}: expected ${QM9_PROPERTIES.length} properties after "gdb ${id}" (${QM9_PROPERTIES.map((p) => p.name).join(', ')}), got ${rest.length - 1}`,
    );
  }
  const properties = {} as Record<Qm9PropertyName, number>;
  QM9_PROPERTIES.forEach((p, k) => {
    properties[p.name] = number(rest[k + 1]!, 1, `property ${p.name}`);
  });

  // Atom lines. A typed array ignores writes past its end, so a bogus huge count costs nothing
  // before the end-of-file error it leads to.
  const cap = Math.min(atomCount, lines.length);
  const species: string[] = [];
  const positions = new Float64Array(cap * 3);
  const charges = new Float64Array(cap);
  for (let a = 0; a < atomCount; a++) {
    const li = 2 + a;
    const what = `atom ${a + 1} of ${atomCount} (element, x, y, z, charge)`;
    const line = requireLine(li, what);
    const f = splitFields(line);
    if (f.length > 0 && parseQm9Number(f[0]!.text) !== undefined) {
      throw new Error(
        `${where(li, f[0]!.col)}: expected ${what}, got a line of ${f.length} numbers: the file has fewer atom lines than its atom count ${atomCount}`,
      );
    }
    if (f.length !== 5) {
      throw new Error(`${where(li)}: expected ${what} as 5 tab-separated fields, got ${f.length} field${f.length === 1 ? '' : 's'}: ${describeLine(line)}`);
    }
    const el = f[0]!;
    if (!QM9_ELEMENTS.includes(el.text)) {
      throw new Error(`${where(li, el.col)}: expected an element of ${QM9_ELEMENTS.join(', ')}, got ${quoteValue(el.text)}`);
    }
    species.push(el.text);
    positions[3 * a] = number(f[1]!, li, `x of atom ${a + 1}`);
    positions[3 * a + 1] = number(f[2]!, li, `y of atom ${a + 1}`);
    positions[3 * a + 2] = number(f[3]!, li, `z of atom ${a + 1}`);
    charges[a] = number(f[4]!, li, `the Mulliken charge of atom ${a + 1}`);
  }

  // Harmonic frequencies: 3n-6, or 3n-5 for a linear molecule.
  const fi = 2 + atomCount;
  const nonLinear = Math.max(0, 3 * atomCount - 6);
  const linear = Math.max(0, 3 * atomCount - 5);
  const freqLine = requireLine(fi, `the line of ${nonLinear} (or ${linear}, if linear) harmonic frequencies`);
  const ff = splitFields(freqLine);
  if (ff.length > 0 && QM9_ELEMENTS.includes(ff[0]!.text)) {
    throw new Error(
      `${where(fi, ff[0]!.col)}: expected the harmonic frequencies, got an atom line ${describeLine(freqLine)}: the file has more atom lines than its atom count ${atomCount}`,
    );
  }
  const frequencies = ff.map((f, k) => number(f, fi, `frequency ${k + 1}`));
  if (frequencies.length !== nonLinear && frequencies.length !== linear) {
    throw new Error(
      `${where(fi)}: expected ${nonLinear} harmonic frequencies (3n-6 for n = ${atomCount} atoms; ${linear} if linear), got ${frequencies.length}`,
    );
  }

  // SMILES and InChI.
  const si = fi + 1;
  const smilesLine = requireLine(si, 'two SMILES (GDB-17 and relaxed geometry)');
  const sf = splitFields(smilesLine);
  if (sf.length !== 2 || sf.some((f) => f.text === '' || /\s/.test(f.text))) {
    throw new Error(`${where(si)}: expected two tab-separated SMILES (GDB-17 and relaxed geometry), got ${describeLine(smilesLine)}`);
  }
  const ii = si + 1;
  const inchiLine = requireLine(ii, 'two InChI strings (GDB-17 and relaxed geometry)');
  const inf = splitFields(inchiLine);
  if (inf.length !== 2) {
    throw new Error(`${where(ii)}: expected two tab-separated InChI strings (GDB-17 and relaxed geometry), got ${describeLine(inchiLine)}`);
  }
  for (const f of inf) {
    if (!f.text.startsWith('InChI=') || /\s/.test(f.text)) {
      throw new Error(`${where(ii, f.col)}: expected an InChI string (InChI=...), got ${quoteValue(f.text)}`);
    }
  }
  if (end > ii + 1) {
    throw new Error(`${where(ii + 1)}: expected the end of the file after the InChI line, got ${describeLine(lines[ii + 1]!)}`);
  }

  return {
    id,
    atomCount,
    species,
    positions,
    charges,
    properties,
    frequencies,
    smiles: [sf[0]!.text, sf[1]!.text],
    inchi: [inf[0]!.text, inf[1]!.text],
  };
}
