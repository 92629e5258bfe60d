/**
 * A folder as one dataset: QM9 records (`qm9`), or XYZ / extended XYZ files with their
 * properties on the comment line (`xyz-folder`), each file's frames molecules of the set.
 */
import { forEachFile, joinPath, listFolder, readFolderFile, sha256Hex } from '../files';
import { buildMolecularDataset } from '../molecular/build';
import { planFrameTargets } from '../molecular/frame-targets';
import { MoleculeCollector } from '../molecular/samples';
import { moleculeGroups } from '../molecular/groups';
import { readQm9Records } from '../qm9/folder';
import { QM9_ELEMENTS, QM9_PROPERTIES } from '../qm9/qm9';
import { groupedSplit, seededSplit } from '../split';
import { atomicNumber } from '../xyz/elements';
import { parseXyz, type XyzFile } from '../xyz/xyz';
import type { ImportFormat, ImportOptions, ImportPart } from './types';
import { collectFrames, parseLayoutRequest, range, targetNames } from './xyz-file';

const XYZ_NAME = /\.(?:ext)?xyz$/i;

function baseName(p: string): string {
  return p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || p;
}

/** `qm9` when the first file is a QM9 record (line 2 starts with `gdb`), else `xyz-folder`. */
export async function detectFolderFormat(dir: string): Promise<ImportFormat> {
  const names = await listFolder(dir, XYZ_NAME);
  if (names.length === 0) throw new Error(`${dir}: no .xyz files; expected a folder of XYZ files (or the QM9 files dsgdb9nsd_*.xyz)`);
  const head = new TextDecoder('latin1').decode((await readFolderFile(joinPath(dir, names[0]!))).subarray(0, 256));
  return /^[^\n]*\n[ \t]*gdb[ \t]/.test(head) ? 'qm9' : 'xyz-folder';
}

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) throw new Error(`--limit: expected a positive integer, got ${String(limit)}`);
}

export async function importQm9(dir: string, opts: ImportOptions): Promise<ImportPart> {
  if (opts.testPath) throw new Error('a QM9 folder is split by seed; a separate test file does not apply');
  const names = targetNames(opts.targets);
  if (!names) throw new Error(`${dir}: QM9: name the targets with --targets, one or more of ${QM9_PROPERTIES.map((p) => `${p.name} (${p.unit})`).join(', ')}`);
  checkLimit(opts.limit);
  const digests: { sha256: string; bytes: number }[] = [];
  const q = await readQm9Records(dir, {
    targets: names,
    limit: opts.limit,
    onProgress: (done, total) => opts.onProgress?.({ stage: 'parse', done, total, unit: 'files' }),
    onFileBytes: (i, bytes) => (digests[i] = { sha256: sha256Hex(bytes), bytes: bytes.length }),
  });
  const t = names.length;
  const mols = new MoleculeCollector(t);
  const z = new Uint8Array(QM9_ELEMENTS.map((s) => atomicNumber(s)!));
  const zs = new Uint8Array(q.maxAtoms);
  for (let i = 0; i < q.molecules; i++) {
    const s = q.starts[i]!;
    const n = (i + 1 < q.molecules ? q.starts[i + 1]! : q.atomTotal) - s;
    for (let a = 0; a < n; a++) zs[a] = z[q.elements[s + a]!]!;
    mols.add(zs.subarray(0, n), q.positions.subarray(3 * s, 3 * (s + n)), q.targets.subarray(i * t, (i + 1) * t));
  }
  opts.onProgress?.({ stage: 'build', done: q.molecules, total: q.molecules, unit: 'files' });
  const testFraction = opts.testFraction ?? 0.2;
  const seed = opts.seed ?? 0;
  // Every QM9 record is a distinct molecule (one conformer each): rows are whole molecules.
  const split = seededSplit(mols.count, seed, testFraction);
  const rule = `test: ${split.test.length} records at random (seed ${seed}); every QM9 record is a distinct molecule`;
  const targets = names.map((name, k) => ({ name, unit: q.units[k] ?? null }));
  const built = buildMolecularDataset({
    name: baseName(dir),
    source: dir,
    label: dir,
    molecules: mols,
    targets,
    targetColumns: names,
    perAtom: false,
    layout: parseLayoutRequest(opts.layout),
    split,
    notes: [`QM9 targets: ${targets.map((c) => `${c.name} (${c.unit})`).join(', ')}; positions in Angstrom (as QM9 states).`],
  });
  return {
    dataset: built.dataset,
    format: 'qm9',
    files: q.files.map((path, i) => ({ path, ...digests[i]! })),
    targets,
    species: built.species,
    options: { format: 'qm9', targets: names, seed, testFraction, limit: opts.limit, layout: opts.layout },
    split: { kind: 'seeded', testFraction, rule },
    notes: [],
  };
}

export async function importXyzFolder(dir: string, opts: ImportOptions): Promise<ImportPart> {
  if (opts.testPath) throw new Error('a folder is split by seed; a separate test file does not apply');
  checkLimit(opts.limit);
  let names = await listFolder(dir, XYZ_NAME);
  if (names.length === 0) throw new Error(`${dir}: no .xyz files; expected a folder of XYZ files`);
  if (opts.limit !== undefined) names = names.slice(0, opts.limit);
  const paths = names.map((n) => joinPath(dir, n));
  const parsed = new Array<XyzFile>(paths.length);
  const files = new Array<ImportPart['files'][number]>(paths.length);
  const step = Math.max(1, Math.floor(paths.length / 1000));
  let done = 0;
  opts.onProgress?.({ stage: 'parse', done: 0, total: paths.length, unit: 'files' });
  await forEachFile(paths, (i, bytes) => {
    files[i] = { path: paths[i]!, sha256: sha256Hex(bytes), bytes: bytes.length };
    parsed[i] = parseXyz(bytes, paths[i]!);
    done++;
    if (done % step === 0 || done === paths.length) opts.onProgress?.({ stage: 'parse', done, total: paths.length, unit: 'files' });
  });
  const rawNames = targetNames(opts.targets);
  const first = parsed[0]!.frames[0]!;
  if (!rawNames) {
    throw new Error(`${dir}: no targets named; pass --targets to name the numbers on line 2 of each file by position (e.g. --targets energy,gap; _ skips one), or extended XYZ keys`);
  }
  const plan = planFrameTargets(rawNames, first, paths[0]!);
  const mols = new MoleculeCollector(plan.kind === 'atom' ? first.atomCount * plan.widths[0]! : plan.columns.length);
  const fileOf: number[] = [];
  parsed.forEach((f, i) => {
    collectFrames(mols, plan, rawNames, f, 1);
    while (fileOf.length < mols.count) fileOf.push(i);
  });
  const testFraction = opts.testFraction ?? 0.2;
  const seed = opts.seed ?? 0;
  // By molecule; with few distinct molecules, by file; then by blocks of consecutive frames.
  const groups = moleculeGroups(mols, fileOf);
  const split = groupedSplit(mols.count, seed, testFraction, groups.groups, groups.unit);
  const built = buildMolecularDataset({
    name: baseName(dir),
    source: dir,
    label: dir,
    molecules: mols,
    targets: plan.columns,
    targetColumns: plan.kind === 'atom' ? Array.from({ length: mols.targetDim }, (_, k) => `${plan.names[0]}[${Math.floor(k / 3) + 1}].${'xyz'[k % 3]}`) : plan.columns.map((c) => c.name),
    perAtom: plan.kind === 'atom',
    layout: parseLayoutRequest(opts.layout),
    split,
    groups,
    notes: [`${paths.length} files; targets ${plan.columns.map((c) => `${c.name} (${c.unit ?? 'unit not stated'})`).join(', ')}.`, `Correlation groups: ${groups.rule}.`],
  });
  return {
    dataset: built.dataset,
    format: 'xyz-folder',
    files,
    targets: plan.columns,
    species: built.species,
    options: { format: 'xyz-folder', targets: rawNames, seed, testFraction, limit: opts.limit, layout: opts.layout },
    split: { kind: 'seeded', testFraction, rule: split.rule },
    notes: [],
  };
}

export { range };
