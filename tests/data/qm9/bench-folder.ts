/**
 * Times importQm9Folder on generated QM9 records (not a test):
 *   npx tsx tests/data/qm9/bench-folder.ts [files=20000]
 * Writes the files to a temporary folder, imports them twice (the second run with a warm page
 * cache) and removes the folder.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importQm9Folder } from '../../../src-main/data/qm9/folder';
import { parseQm9 } from '../../../src-main/data/qm9/qm9';
import { qm9Name } from './fixtures';
import { Rng } from '../../../src-main/data/random';

/** Deterministic pseudo-random numbers (the project's seeded Rng). */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** A record shaped like QM9's: up to 9 heavy atoms (C, N, O, F) plus hydrogens, at most 29 atoms. */
function record(id: number, r: () => number): string {
  const heavy = 1 + Math.floor(r() * 9);
  const hydrogens = Math.min(29 - heavy, Math.floor(r() * (2 * heavy + 3)));
  const n = heavy + hydrogens;
  const num = (scale: number): string => {
    const v = (r() - 0.5) * 2 * scale;
    // A few numbers in Mathematica notation, as in the real files.
    return r() < 0.02 ? `${(v * 1e4).toFixed(4)}*^-6` : v.toFixed(10);
  };
  const props = [r() * 10, r() * 5, r() * 3, r() * 5, 40 + r() * 60, -0.3, 0.05, 0.35, 500 + r() * 1000, 0.1 + r() * 0.1, -400 + r() * 10, -400 + r() * 10, -400 + r() * 10, -400 + r() * 10, 20 + r() * 20];
  const lines = [String(n), `gdb ${id}\t${props.map((p) => p.toPrecision(8)).join('\t')}\t`];
  for (let a = 0; a < n; a++) {
    const el = a < heavy ? (['C', 'C', 'C', 'N', 'O', 'F'][Math.floor(r() * 6)] ?? 'C') : 'H';
    lines.push(`${el}\t${num(3)}\t${num(3)}\t${num(3)}\t${num(0.5)}\t`);
  }
  lines.push(`${Array.from({ length: Math.max(0, 3 * n - 6) }, () => (100 + r() * 3500).toFixed(4)).join('\t')}\t`);
  lines.push('CC(C)C#N\tCC(C)C#N\t');
  lines.push('InChI=1S/C4H7N/c1-4(2)3-5/h4H,1-2H3\tInChI=1S/C4H7N/c1-4(2)3-5/h4H,1-2H3\t');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const count = Number.parseInt(process.argv[2] ?? '20000', 10);
  const dir = await mkdtemp(join(tmpdir(), 'qm9-bench-'));
  try {
    const r = rng(1);
    const t0 = performance.now();
    let bytes = 0;
    for (let i = 1; i <= count; i++) {
      const text = record(i, r);
      bytes += text.length;
      if (i === 1) parseQm9(new TextEncoder().encode(text), qm9Name(i)); // the generator writes valid records
      await writeFile(join(dir, qm9Name(i)), text);
    }
    console.log(`wrote ${count} files (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    for (const run of [1, 2, 3]) {
      const t1 = performance.now();
      const res = await importQm9Folder(dir, { targets: ['U0', 'gap'] });
      const s = (performance.now() - t1) / 1000;
      console.log(
        `import ${run}: ${res.molecules} molecules, maxAtoms ${res.maxAtoms}, species ${res.species.join(',')}: ` +
          `${s.toFixed(2)} s (${Math.round(res.molecules / s)} files/s; 133,885 files at this rate: ${(133885 / (res.molecules / s)).toFixed(1)} s)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
