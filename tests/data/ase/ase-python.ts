/**
 * Python with ASE and NumPy, for tests that check the importers against ASE itself. Debian's
 * python3-ase lives in /usr/bin/python3 (CI installs it, .ci/run); other pythons are tried after.
 * `aseFixtures()` runs tests/fixtures/ase_fixtures.py once per test file into a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/python3', 'python3', 'python'];

/** The first python that imports ase and numpy, or why none does. */
export function findAsePython(): { python: string } | { reason: string } {
  for (const python of CANDIDATES) {
    const r = spawnSync(python, ['-c', 'import ase, numpy; print(ase.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python };
  }
  return { reason: `no python among ${CANDIDATES.join(', ')} imports ase and numpy (apt-get install python3-ase python3-numpy)` };
}

export interface AseFrame {
  symbols: string[];
  positions: (number | string)[];
  cell: number[];
  pbc: boolean[];
  info: Record<string, unknown>;
  arrays: Record<string, { values: unknown[]; width: number; dtype: string }>;
  results: Record<string, unknown>;
}

export interface AseExpected {
  dir: string;
  files: Record<string, AseFrame[]>;
  lines: [string, Record<string, unknown>][];
  arrays: Record<string, Record<string, { shape: number[]; dtype: string; values: unknown[] }>>;
}

/** Writes the fixtures with ASE and NumPy and returns what they read back. */
export function aseFixtures(python: string): AseExpected {
  const dir = mkdtempSync(join(tmpdir(), 'semola-ase-'));
  const script = join(__dirname, '..', '..', 'fixtures', 'ase_fixtures.py');
  const r = spawnSync(python, [script, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  const parsed = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Omit<AseExpected, 'dir'>;
  return { dir, ...parsed };
}

/** A value as the dump writes it: non-finite numbers as "nan", "inf", "-inf". */
export function dumped(v: unknown): unknown {
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v;
  if (Array.isArray(v)) return v.map(dumped);
  if (v instanceof Float64Array) return Array.from(v, dumped);
  return v;
}
