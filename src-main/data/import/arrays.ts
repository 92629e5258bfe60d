/**
 * Array and table files: CSV / TSV / .npy / .npz tables (plain feature vectors, ../load.ts) and
 * .npy / .npz trajectories (positions [T, N, 3], optional per-frame arrays, ../trajectory).
 */
import { readDatasetFile, sha256Hex } from '../files';
import { loadTableDataset } from '../load';
import { buildMolecularDataset } from '../molecular/build';
import { MoleculeCollector } from '../molecular/samples';
import { NPY_MAGIC, ZIP_MAGIC, startsWith } from '../npy';
import { frameBlocks, groupedSplit, seededSplit } from '../split';
import { formatShape } from '../npy';
import { AXES, memberNotes, npzHasPositions, readNpyStates, readNpzTrajectory, type ArrayTrajectory, type Axes } from '../trajectory/arrays';
import { buildPairDataset, splitWindows, windowCount, type StateSeries } from '../trajectory/pairs';
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

/** What the table reader is told: the format the user named, or nothing (by content). */
function namedTableFormat(format: ImportFormat, named: boolean): 'csv' | 'tsv' | 'npy' | 'npz' | undefined {
  if (!named) return undefined;
  if (format === 'csv' || format === 'tsv' || format === 'npy' || format === 'npz') return format;
  return undefined;
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
    format: namedTableFormat(format, opts.format !== undefined),
    groupBy: opts.groupBy,
  });
  // Tables keep their behaviour: no test split unless asked for (the validation split serves as test).
  const testFraction = opts.testPath ? 0 : (opts.testFraction ?? 0);
  const seed = opts.seed ?? 0;
  let dataset = full;
  let rule: string | undefined;
  if (testFraction > 0) {
    // By the user's group column when given (whole groups held out), else random rows.
    const idx = full.train.groups ? groupedSplit(full.train.n, seed, testFraction, full.train.groups, full.groupUnit) : { ...seededSplit(full.train.n, seed, testFraction), rule: undefined };
    rule = idx.rule;
    dataset = { ...full, train: pickRows(full.train, idx.train, full), test: pickRows(full.train, idx.test, full) };
  }
  return {
    dataset,
    format,
    files,
    targets: dataset.targetNames.map((name) => ({ name, unit: null })),
    options: { format, inputs: opts.inputs, targets: opts.targets, task: dataset.task, targetKind: dataset.targetKind, layout: opts.layout, seed, testFraction, ...(opts.groupBy !== undefined ? { groupBy: opts.groupBy } : {}) },
    split: opts.testPath ? { kind: 'given', description: `test file ${opts.testPath}` } : { kind: 'seeded', testFraction, ...(rule ? { rule } : {}) },
    notes: ['Table columns carry no units.'],
  };
}

function pickRows(set: { inputs: Float32Array; targets: Float32Array; n: number; groups?: Int32Array }, idx: number[], ds: { inputNames: string[]; targetNames: string[] }) {
  const [wi, wt] = [ds.inputNames.length, ds.targetNames.length];
  const inputs = new Float32Array(idx.length * wi);
  const targets = new Float32Array(idx.length * wt);
  idx.forEach((i, r) => {
    inputs.set(set.inputs.subarray(i * wi, (i + 1) * wi), r * wi);
    targets.set(set.targets.subarray(i * wt, (i + 1) * wt), r * wt);
  });
  const groups = set.groups;
  return { n: idx.length, inputs, targets, ...(groups ? { groups: Int32Array.from(idx, (i) => groups[i]!) } : {}) };
}

/** The frames of an array trajectory as one run of `atoms * d` features in blocks of d. */
function trajectorySeries(t: ArrayTrajectory): StateSeries {
  const names = Array.from({ length: t.atoms }, (_, a) => Array.from({ length: t.d }, (__, k) => (t.d === 3 ? `${'xyz'[k]}${a + 1}` : `b${a + 1}[${k}]`))).flat();
  return { runs: [t.positions], width: t.atoms * t.d, d: t.d, featureNames: names, describe: `${t.atoms} ${t.d === 3 ? 'atoms' : `bodies of ${t.d} values`}` };
}

/** The block size next-frame pairs take: `vector:k` (k dividing a frame's width), else the series' own. */
function pairBlocks(series: StateSeries, layout: string | undefined): StateSeries {
  if (layout === undefined || layout === 'vector') return series;
  const m = /^vector:(\d+)$/.exec(layout);
  const k = m ? Number(m[1]) : 0;
  if (!m || k < 1 || series.width % k !== 0) {
    throw new Error(`--layout ${layout}: next-frame prediction takes vector or vector:k with k dividing a frame's ${series.width} values (default vector:${series.d})`);
  }
  return { ...series, d: k };
}

function checkAxes(axes: string | undefined): Axes | undefined {
  // The CLI passes the flag's text; the API checks it against AXES already.
  if (axes === undefined) return undefined;
  if (!(AXES as readonly string[]).includes(axes)) throw new Error(`--axes ${axes}: expected ${AXES.join(' or ')}`);
  return axes as Axes;
}

export async function importArrayTrajectory(path: string, opts: ImportOptions, format: 'trajectory-npy' | 'trajectory-npz'): Promise<ImportPart> {
  if (opts.testPath) throw new Error('an array trajectory is split by seed; a separate test file does not apply');
  const bytes = await readDatasetFile(path);
  const files = [{ path, sha256: sha256Hex(bytes), bytes: bytes.length }];
  const stride = opts.stride ?? 1;
  const seed = opts.seed ?? 0;
  const testFraction = opts.testFraction ?? 0.2;
  const names = targetNames(opts.targets);
  const axes = checkAxes(opts.axes);
  if (format === 'trajectory-npy') {
    if (names) throw new Error(`${path}: a .npy trajectory holds positions only; per-frame targets (${names.join(', ')}) come from an .npz with per-frame arrays`);
    const st = readNpyStates(bytes, path, axes);
    opts.onProgress?.({ stage: 'parse', done: st.shape[0]!, total: st.shape[0]!, unit: 'frames' });
    const pair = { stride, nIn: opts.nIn ?? 1, nOut: opts.nOut ?? 1 };
    const series = pairBlocks(st.series, opts.layout);
    windowCount(series, pair, path);
    const windowSplit = splitWindows(series, pair, seed, testFraction);
    const dataset = buildPairDataset(series, pair, windowSplit, baseName(path), path);
    const [a0, a1, D] = st.shape as [number, number, number];
    const how = st.axes === 'runs,frames,features'
      ? `${formatShape(st.shape)} read as ${a0} trajectories of ${a1} frames of ${D}-wide states (axes runs,frames,features${axes ? '' : `, the default when the last axis is not 3; --axes frames,bodies,features reads ${a0} frames of ${a1} bodies`}).`
      : `${formatShape(st.shape)} read as ${a0} frames of ${a1} ${D === 3 ? 'atoms' : `bodies of ${D} values`} (axes frames,bodies,features${axes ? '' : `, the default when the last axis is 3; --axes runs,frames,features reads ${a0} trajectories`}).`;
    return {
      dataset,
      format,
      files,
      targets: dataset.targetNames.map((name) => ({ name, unit: null })),
      species: ['X'],
      options: { format, stride, nIn: pair.nIn, nOut: pair.nOut, seed, testFraction, axes: st.axes, ...(opts.layout ? { layout: opts.layout } : {}) },
      split: { kind: 'seeded', testFraction, rule: windowSplit.rule },
      notes: [how, '.npy arrays carry no units.'],
    };
  }
  const traj: ArrayTrajectory = readNpzTrajectory(bytes, path);
  opts.onProgress?.({ stage: 'parse', done: traj.frames, total: traj.frames, unit: 'frames' });
  const speciesNote = traj.speciesKey ? [] : ['No atomic numbers or symbols in the file: every atom is one species (X).'];
  const stated = Object.keys(traj.units).length > 0;
  const extra: NonNullable<ImportPart['extra']> = {
    ...(Object.keys(traj.metadata).length > 0 ? { metadata: traj.metadata } : {}),
    ...(traj.cell ? { cell: { ...traj.cell, sameInEveryFrame: true } } : {}),
    ...(stated ? { units: { source: 'file', positions: traj.units[traj.positionsKey] ?? null } } : {}),
  };
  const unitOf = (name: string): string | null => traj.units[name] ?? null;
  const unitNote = stated ? `Units the file states: ${Object.entries(traj.units).map(([k, u]) => `${k} ${u}`).join(', ')}.` : '.npz arrays carry no units (a text member `<name>_unit` states one).';
  if (!names) {
    const pair = { stride, nIn: opts.nIn ?? 1, nOut: opts.nOut ?? 1 };
    const series = pairBlocks(trajectorySeries(traj), opts.layout);
    windowCount(series, pair, path);
    const windowSplit = splitWindows(series, pair, seed, testFraction);
    const dataset = buildPairDataset(series, pair, windowSplit, baseName(path), path);
    return {
      dataset,
      format,
      files,
      targets: dataset.targetNames.map((name) => ({ name, unit: unitOf(traj.positionsKey) })),
      species: speciesOf(traj),
      options: { format, stride, nIn: pair.nIn, nOut: pair.nOut, seed, testFraction, ...(opts.layout ? { layout: opts.layout } : {}) },
      split: { kind: 'seeded', testFraction, rule: windowSplit.rule },
      notes: [...memberNotes(traj), unitNote, ...speciesNote],
      extra,
    };
  }
  if (traj.d !== 3) throw new Error(`${path}: per-frame targets train on point clouds of 3-D positions; ${traj.positionsKey} has ${traj.d} values per body (use next-frame prediction: no --targets)`);
  // Per-frame regression: each stride-th frame a molecule, targets from per-frame arrays.
  const arrays = names.map((name) => {
    const a = traj.perFrame[name];
    if (!a) {
      const reading = traj.members.find((m) => m.name === name);
      const why = reading ? `: ${name} ${formatShape(reading.shape)} was read as ${reading.note}` : '';
      throw new Error(`${path}: no per-frame array named ${JSON.stringify(name)}${why}; per-frame arrays: ${Object.keys(traj.perFrame).join(', ') || 'none'}`);
    }
    return { name, a, width: a.values.length / traj.frames };
  });
  const perAtom = arrays.length === 1 && arrays[0]!.a.shape.length === 3;
  if (!perAtom && arrays.some((x) => x.a.shape.length === 3)) throw new Error(`--targets: a per-atom array is a target on its own; got ${names.join(', ')}`);
  const dim = arrays.reduce((s, x) => s + x.width, 0);
  const mols = new MoleculeCollector(dim);
  const z = traj.speciesKey ? traj.atomicNumbers : new Uint8Array(traj.atoms).fill(0);
  const frameWidth = traj.atoms * 3;
  const forces = traj.perFrame.forces;
  const withGradient = !perAtom && ENERGY_NAMES.has(names[0]!) && forces !== undefined && forces.shape.length === 3 && forces.shape[1] === traj.atoms && forces.shape[2] === 3;
  const grad = new Float64Array(frameWidth);
  const y = new Float64Array(dim);
  for (let f = 0; f < traj.frames; f += stride) {
    let c = 0;
    for (const x of arrays) for (let k = 0; k < x.width; k++) y[c++] = x.a.values[f * x.width + k]!;
    if (withGradient) for (let k = 0; k < frameWidth; k++) grad[k] = -forces.values[f * frameWidth + k]!;
    mols.add(z, traj.positions.subarray(f * frameWidth, (f + 1) * frameWidth), y, withGradient ? grad : undefined);
  }
  const columns = perAtom
    ? range(dim).map((k) => `${names[0]}[${Math.floor(k / 3) + 1}].${'xyz'[k % 3]}`)
    : arrays.flatMap((x) => (x.a.shape.length === 1 ? [x.name] : range(x.width).map((k) => `${x.name}[${k}]`)));
  const targets = names.map((name) => ({ name, unit: unitOf(name) }));
  const positionsUnit = unitOf(traj.positionsKey);
  const gradientUnit = unitOf('forces') ?? (targets[0]!.unit && positionsUnit ? `${targets[0]!.unit}/${positionsUnit}` : null);
  // Frames of one trajectory are correlated in time: held-out data take whole time blocks.
  const blocks = frameBlocks(mols.count);
  const frameSplit = groupedSplit(mols.count, seed, testFraction, blocks.groups, blocks.unit);
  const built = buildMolecularDataset({
    name: baseName(path),
    source: path,
    label: path,
    molecules: mols,
    targets,
    targetColumns: columns,
    perAtom,
    layout: parseLayoutRequest(opts.layout),
    split: frameSplit,
    groups: blocks,
    notes: [
      `Per-frame targets ${names.join(', ')}${stride > 1 ? `; every ${stride}-th frame` : ''}.`,
      `The frames are a time series: held-out splits take whole blocks of consecutive frames (${new Set(blocks.groups).size} blocks), never single frames beside training ones.`,
      ...memberNotes(traj),
      unitNote,
      ...(withGradient ? [`${names[0]} comes with per-atom forces: recorded as its gradient (-forces, ${gradientUnit ?? 'unit not stated'}).`] : []),
      ...speciesNote,
    ],
    gradient: withGradient ? { target: names[0]!, source: '-forces', unit: gradientUnit } : undefined,
  });
  return {
    dataset: built.dataset,
    format,
    files,
    targets,
    species: traj.speciesKey ? built.species : ['X'],
    options: { format, targets: names, stride, seed, testFraction, layout: opts.layout },
    split: { kind: 'seeded', testFraction, rule: frameSplit.rule },
    notes: [],
    extra,
  };
}

/** Per-frame values that are energies: their forces are minus their gradient. */
const ENERGY_NAMES = new Set(['energy', 'energies', 'E', 'free_energy', 'total_energy', 'potential_energy', 'Epot']);

function speciesOf(t: ArrayTrajectory): string[] {
  if (!t.speciesKey) return ['X'];
  const mols = new MoleculeCollector(0);
  mols.add(t.atomicNumbers, new Float64Array(t.atoms * 3), []);
  return mols.species();
}
