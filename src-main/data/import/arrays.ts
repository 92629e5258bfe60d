/**
 * Array and table files: CSV / TSV / .npy / .npz tables (plain feature vectors, ../load.ts) and
 * .npy / .npz trajectories (positions [T, N, 3], optional per-frame arrays, ../trajectory).
 */
import { readDatasetFile, sha256Hex } from '../files';
import { loadTableDataset } from '../load';
import { buildMolecularDataset } from '../molecular/build';
import { MoleculeCollector } from '../molecular/samples';
import { NPY_MAGIC, ZIP_MAGIC, startsWith } from '../npy';
import { groupedSplit } from '../split';
import { moleculeGroups } from '../molecular/groups';
import { npzHasPositions, readNpyTrajectory, readNpzTrajectory, type ArrayTrajectory } from '../trajectory/arrays';
import { buildPairDataset, windowCount, windowGroups } from '../trajectory/pairs';
import type { FeatureLayout } from '../dataset';
import type { ImportFormat, ImportOptions, ImportPart } from './types';
import { parseLayoutRequest, range, targetNames } from './xyz-file';

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() || p;
}

/** `vector` / `vector:D` for tables (blocks 0: as many as the inputs hold). */
function tableLayout(text: string | undefined): FeatureLayout | undefined {
  if (text === undefined || text === 'vector') return undefined;
  const m = /^vector:(\d+)$/.exec(text);
  if (!m) throw new Error(`--layout ${text}: a table takes vector or vector:D (points layouts come from molecular files: XYZ, QM9, trajectories)`);
  return { kind: 'vector', d: Number(m[1]), blocks: 0 };
}

/** The format of an array / table file by content: .npy of 3 dimensions and .npz with positions are trajectories. */
export function detectArrayFormat(bytes: Uint8Array, path: string): ImportFormat {
  if (startsWith(bytes, NPY_MAGIC)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
    const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(head);
    const dims = shape ? (shape[1] ?? '').split(',').filter((s) => s.trim() !== '').length : 0;
    return dims === 3 ? 'trajectory-npy' : 'npy';
  }
  if (startsWith(bytes, ZIP_MAGIC)) return npzHasPositions(bytes, path) ? 'trajectory-npz' : 'npz';
  return /\.tsv$|\.tab$/i.test(path) ? 'tsv' : 'csv';
}

export async function importTable(path: string, opts: ImportOptions, format: ImportFormat): Promise<ImportPart> {
  const bytes = await readDatasetFile(path);
  const files = [{ path, sha256: sha256Hex(bytes), bytes: bytes.length }];
  const testBytes = opts.testPath ? await readDatasetFile(opts.testPath) : undefined;
  if (opts.testPath && testBytes) files.push({ path: opts.testPath, sha256: sha256Hex(testBytes), bytes: testBytes.length });
  opts.onProgress?.({ stage: 'read', done: bytes.length, total: bytes.length, unit: 'bytes' });
  const full = loadTableDataset({
    path,
    bytes,
    testPath: opts.testPath,
    testBytes,
    inputs: opts.inputs,
    targets: opts.targets,
    task: opts.task ?? 'invariant',
    targetKind: opts.targetKind,
    layout: tableLayout(opts.layout),
  });
  // Tables keep their behaviour: no test split unless asked for (the validation split serves as test).
  const testFraction = opts.testPath ? 0 : (opts.testFraction ?? 0);
  const seed = opts.seed ?? 0;
  let dataset = full;
  // Table rows name no correlation groups: the test split is by row, and says so.
  const idx = groupedSplit(full.train.n, seed, testFraction, undefined);
  if (testFraction > 0) dataset = { ...full, train: pickRows(full.train, idx.train, full), test: pickRows(full.train, idx.test, full) };
  return {
    dataset,
    format,
    files,
    targets: dataset.targetNames.map((name) => ({ name, unit: null })),
    options: { format, inputs: opts.inputs, targets: opts.targets, task: dataset.task, targetKind: dataset.targetKind, layout: opts.layout, seed, testFraction },
    split: opts.testPath ? { kind: 'given', description: `test file ${opts.testPath}` } : { kind: 'seeded', testFraction, ...(testFraction > 0 ? { rule: idx.rule } : {}) },
    notes: ['Table columns carry no units.'],
  };
}

function pickRows(set: { inputs: Float32Array; targets: Float32Array; n: number }, idx: number[], ds: { inputNames: string[]; targetNames: string[] }) {
  const [wi, wt] = [ds.inputNames.length, ds.targetNames.length];
  const inputs = new Float32Array(idx.length * wi);
  const targets = new Float32Array(idx.length * wt);
  idx.forEach((i, r) => {
    inputs.set(set.inputs.subarray(i * wi, (i + 1) * wi), r * wi);
    targets.set(set.targets.subarray(i * wt, (i + 1) * wt), r * wt);
  });
  return { n: idx.length, inputs, targets };
}

export async function importArrayTrajectory(path: string, opts: ImportOptions, format: 'trajectory-npy' | 'trajectory-npz'): Promise<ImportPart> {
  if (opts.testPath) throw new Error('an array trajectory is split by seed; a separate test file does not apply');
  const bytes = await readDatasetFile(path);
  const files = [{ path, sha256: sha256Hex(bytes), bytes: bytes.length }];
  const traj: ArrayTrajectory = format === 'trajectory-npy' ? readNpyTrajectory(bytes, path) : readNpzTrajectory(bytes, path);
  opts.onProgress?.({ stage: 'parse', done: traj.frames, total: traj.frames, unit: 'frames' });
  const stride = opts.stride ?? 1;
  const seed = opts.seed ?? 0;
  const testFraction = opts.testFraction ?? 0.2;
  const names = targetNames(opts.targets);
  const speciesNote = traj.speciesKey ? [] : ['No atomic numbers in the file: every atom is one species (X).'];
  if (!names) {
    const pair = { stride, nIn: opts.nIn ?? 1, nOut: opts.nOut ?? 1 };
    const n = windowCount(traj, pair, path);
    const groups = windowGroups(n, pair);
    const split = groupedSplit(n, seed, testFraction, groups, 'time block');
    const dataset = buildPairDataset(traj, pair, split, baseName(path), path, groups);
    return {
      dataset,
      format,
      files,
      targets: dataset.targetNames.map((name) => ({ name, unit: null })),
      species: speciesOf(traj),
      options: { format, stride, nIn: pair.nIn, nOut: pair.nOut, seed, testFraction },
      split: { kind: 'seeded', testFraction, rule: split.rule },
      notes: [`Positions from ${traj.positionsKey}; .npy arrays carry no units.`, ...speciesNote],
    };
  }
  // Per-frame regression: each stride-th frame a molecule, targets from per-frame arrays.
  const arrays = names.map((name) => {
    const a = traj.perFrame[name];
    if (!a) throw new Error(`${path}: no per-frame array named ${JSON.stringify(name)}; available: ${Object.keys(traj.perFrame).join(', ') || 'none'}`);
    return { name, a, width: a.values.length / traj.frames };
  });
  const perAtom = arrays.length === 1 && arrays[0]!.a.shape.length === 3;
  if (!perAtom && arrays.some((x) => x.a.shape.length === 3)) throw new Error(`--targets: a per-atom array is a target on its own; got ${names.join(', ')}`);
  const dim = arrays.reduce((s, x) => s + x.width, 0);
  const mols = new MoleculeCollector(dim);
  const z = traj.speciesKey ? traj.atomicNumbers : new Uint8Array(traj.atoms).fill(0);
  const frameWidth = traj.atoms * 3;
  const y = new Float64Array(dim);
  for (let f = 0; f < traj.frames; f += stride) {
    let c = 0;
    for (const x of arrays) for (let k = 0; k < x.width; k++) y[c++] = x.a.values[f * x.width + k]!;
    mols.add(z, traj.positions.subarray(f * frameWidth, (f + 1) * frameWidth), y);
  }
  const columns = perAtom
    ? range(dim).map((k) => `${names[0]}[${Math.floor(k / 3) + 1}].${'xyz'[k % 3]}`)
    : arrays.flatMap((x) => (x.a.shape.length === 1 ? [x.name] : range(x.width).map((k) => `${x.name}[${k}]`)));
  const targets = names.map((name) => ({ name, unit: null }));
  // The frames of one trajectory: contiguous time blocks (moleculeGroups' last rule).
  const groups = moleculeGroups(mols);
  const split = groupedSplit(mols.count, seed, testFraction, groups.groups, groups.unit);
  const built = buildMolecularDataset({
    name: baseName(path),
    source: path,
    label: path,
    molecules: mols,
    targets,
    targetColumns: columns,
    perAtom,
    layout: parseLayoutRequest(opts.layout),
    split,
    groups,
    notes: [`Per-frame targets ${names.join(', ')} (.npy arrays carry no units)${stride > 1 ? `; every ${stride}-th frame` : ''}.`, ...speciesNote, `Correlation groups: ${groups.rule}.`],
  });
  return {
    dataset: built.dataset,
    format,
    files,
    targets,
    species: traj.speciesKey ? built.species : ['X'],
    options: { format, targets: names, stride, seed, testFraction, layout: opts.layout },
    split: { kind: 'seeded', testFraction, rule: split.rule },
    notes: [],
  };
}

function speciesOf(t: ArrayTrajectory): string[] {
  if (!t.speciesKey) return ['X'];
  const mols = new MoleculeCollector(0);
  mols.add(t.atomicNumbers, new Float64Array(t.atoms * 3), []);
  return mols.species();
}
