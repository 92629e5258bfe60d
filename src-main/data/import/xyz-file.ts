/**
 * One XYZ / extended XYZ file: each (stride-th) frame a molecule with its targets (`xyz`,
 * `extxyz`, or `trajectory-xyz` with --targets: per-frame regression), or, as a trajectory
 * without targets, next-frame (n-in / n-out) prediction.
 */
import { readDatasetFile, sha256Hex } from '../files';
import { buildMolecularDataset, type LayoutRequest } from '../molecular/build';
import { GroupIndex, cellOf, frameGradient, frameUnits, groupKey, planGradient, type GradientPlan } from '../molecular/frame-extras';
import { SKIP, planFrameTargets, readFrameTargets, type FrameTargetPlan } from '../molecular/frame-targets';
import { MoleculeCollector } from '../molecular/samples';
import { groupedSplit, type SplitIndices } from '../split';
import { moleculeGroups } from '../molecular/groups';
import { buildPairDataset, splitWindows, windowCount, type Trajectory } from '../trajectory/pairs';
import { atomicNumber } from '../xyz/elements';
import { parseXyz, type XyzFile, type XyzFrame } from '../xyz/xyz';
import type { ImportFormat, ImportOptions, ImportPart } from './types';

export function isExtended(f: XyzFrame): boolean {
  return Object.keys(f.info).length > 0 || Object.keys(f.arrays).length > 0 || f.lattice !== undefined;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() || p;
}

/** Comma-separated target names; undefined when none were given. */
export function targetNames(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new Error(`--targets: empty name in ${JSON.stringify(text)}; expected names separated by commas (${SKIP} skips a position)`);
  return names;
}

/** What a frame carries beside its targets, collected with it. */
export interface FrameExtras {
  gradient?: GradientPlan;
  groups?: GroupIndex;
}

/** Adds every stride-th frame of `file` to `mols`, reading its targets (and gradient and group). */
export function collectFrames(mols: MoleculeCollector, plan: FrameTargetPlan, rawNames: string[], file: XyzFile, stride: number, extras: FrameExtras = {}): void {
  const y = new Float64Array(mols.targetDim);
  for (let i = 0; i < file.frames.length; i += stride) {
    const f = file.frames[i]!;
    if (plan.kind === 'atom' && f.atomCount * plan.widths[0]! !== mols.targetDim) {
      throw new Error(`${file.fileName}:${f.line}: expected ${mols.targetDim / plan.widths[0]!} atoms (as in the first frame) for a per-atom target, got ${f.atomCount}`);
    }
    readFrameTargets(plan, rawNames, f, file.fileName, y);
    const gradient = extras.gradient ? frameGradient(extras.gradient, f, file.fileName) : undefined;
    mols.add(f.species.map((s) => atomicNumber(s)!), f.positions, y, gradient, extras.groups?.of(f));
  }
}

/** Frames as a trajectory: the same atoms in every frame. */
function toTrajectory(file: XyzFile): Trajectory {
  const first = file.frames[0]!;
  const n = first.atomCount;
  const positions = new Float64Array(file.frames.length * n * 3);
  file.frames.forEach((f, t) => {
    if (f.atomCount !== n) throw new Error(`${file.fileName}:${f.line}: a trajectory keeps its atoms: expected ${n} atoms (as in the first frame, line ${first.line}), got ${f.atomCount}`);
    for (let a = 0; a < n; a++) {
      if (f.species[a] !== first.species[a]) {
        throw new Error(`${file.fileName}:${f.line + 2 + a}: a trajectory keeps its atoms: expected ${first.species[a]} for atom ${a + 1} (as in the first frame), got ${f.species[a]}`);
      }
    }
    positions.set(f.positions, t * n * 3);
  });
  return { frames: file.frames.length, atoms: n, atomicNumbers: Uint8Array.from(first.species, (s) => atomicNumber(s)!), positions };
}

export function parseLayoutRequest(text: string | undefined): LayoutRequest | undefined {
  if (text === undefined) return undefined;
  if (text === 'points:3' || text === 'points:4') return { kind: 'points', d: text === 'points:3' ? 3 : 4 };
  if (text === 'vector' || text === 'vector:3') return { kind: 'vector' };
  throw new Error(`--layout ${text}: molecules take points:3, points:4 or vector (d = 3, one block per atom)`);
}

export async function importXyzFile(path: string, opts: ImportOptions, forced: ImportFormat | undefined): Promise<ImportPart> {
  const bytes = await readDatasetFile(path);
  opts.onProgress?.({ stage: 'read', done: bytes.length, total: bytes.length, unit: 'bytes' });
  const files = [{ path, sha256: sha256Hex(bytes), bytes: bytes.length }];
  const file = parseXyz(bytes, path);
  let test: XyzFile | undefined;
  if (opts.testPath) {
    const tb = await readDatasetFile(opts.testPath);
    files.push({ path: opts.testPath, sha256: sha256Hex(tb), bytes: tb.length });
    test = parseXyz(tb, opts.testPath);
  }
  opts.onProgress?.({ stage: 'parse', done: file.frames.length, total: file.frames.length, unit: 'frames' });
  const trajectoryAsked = opts.nIn !== undefined || opts.nOut !== undefined;
  const format: ImportFormat = forced ?? (trajectoryAsked ? 'trajectory-xyz' : isExtended(file.frames[0]!) ? 'extxyz' : 'xyz');
  const stride = opts.stride ?? 1;
  if (!(Number.isSafeInteger(stride) && stride >= 1)) throw new Error(`--stride: expected a positive integer, got ${String(opts.stride)}`);
  const names = targetNames(opts.targets);
  const split: ImportPart['split'] = test
    ? { kind: 'given', description: `test file ${opts.testPath}` }
    : { kind: 'seeded', testFraction: opts.testFraction ?? 0.2 };
  const seed = opts.seed ?? 0;

  const units = frameUnits(file.frames[0]!);
  const cell = cellOf(file);
  const cellNotes = cell ? [`Periodic cell recorded (pbc ${cell.pbc.map((p) => (p ? 'T' : 'F')).join(' ')}${cell.sameInEveryFrame ? '' : '; it changes from frame to frame, the first frame\'s is kept'}); periodic images are not used yet.`] : [];
  if (format === 'trajectory-xyz' && names === undefined) {
    const pair = { stride, nIn: opts.nIn ?? 1, nOut: opts.nOut ?? 1 };
    if (opts.layout !== undefined && opts.layout !== 'vector' && opts.layout !== 'vector:3') {
      throw new Error(`--layout ${opts.layout}: next-frame prediction takes the vector layout (d = 3, one block per atom and frame)`);
    }
    const traj = toTrajectory(file);
    const n = windowCount(traj, pair, path);
    const byGroup = split.kind === 'seeded' ? splitWindows(traj, pair, seed, split.testFraction) : undefined;
    let idx: SplitIndices = byGroup ?? { train: range(n), test: [] };
    const dataset = buildPairDataset(traj, pair, idx, baseName(path), path);
    if (test) {
      const tt = toTrajectory(test);
      if (tt.atoms !== traj.atoms || tt.atomicNumbers.some((z, a) => z !== traj.atomicNumbers[a])) {
        throw new Error(`${opts.testPath}: the test trajectory must have the same atoms as ${path}`);
      }
      idx = { train: [], test: range(windowCount(tt, pair, opts.testPath!)) };
      dataset.test = buildPairDataset(tt, pair, idx, baseName(path), opts.testPath!).test!;
    }
    return {
      dataset,
      format,
      files,
      targets: dataset.targetNames.map((name) => ({ name, unit: null })),
      species: [...new Set(file.frames[0]!.species)],
      options: { format, stride, nIn: pair.nIn, nOut: pair.nOut, seed, testFraction: split.kind === 'seeded' ? split.testFraction : 0 },
      split: byGroup && split.kind === 'seeded' ? { ...split, rule: byGroup.rule } : split,
      notes: [units.positions ? `Positions in ${units.positions} (${units.source}).` : 'Positions as written in the file (XYZ states no length unit).', ...cellNotes],
      ...extraOf(units, cell),
    };
  }

  const first = file.frames[0]!;
  const rawNames = names ?? (typeof first.info.energy === 'number' ? ['energy'] : undefined);
  if (!rawNames) {
    const keys = Object.keys(first.info);
    throw new Error(
      isExtended(first)
        ? `${path}: no targets named and no energy key; pass --targets with keys of the comment line (${keys.join(', ') || 'none'}) or a per-atom column`
        : `${path}: no targets named; pass --targets to name the numbers of the comment line (line 2) by position, e.g. --targets energy,gap (${SKIP} skips one)`,
    );
  }
  const plan = planFrameTargets(rawNames, first, path, units.of);
  const targetDim = plan.kind === 'atom' ? first.atomCount * plan.widths[0]! : plan.columns.length;
  const mols = new MoleculeCollector(targetDim);
  const gradient = plan.kind === 'frame' ? planGradient(plan.columns, first, units) : undefined;
  const key = groupKey(test ? [file, test] : [file]);
  const extras: FrameExtras = { gradient, groups: key ? new GroupIndex(key) : undefined };
  collectFrames(mols, plan, rawNames, file, stride, extras);
  const nMain = mols.count;
  if (test) collectFrames(mols, plan, rawNames, test, stride, extras);
  // Without a key naming the molecule, the atoms do: conformers of one molecule and neighbouring
  // frames of a trajectory (an MD run) are near-duplicates, so held-out data take whole groups.
  const groups = key ? undefined : moleculeGroups(mols);
  const mainGroups = groups ? groups.groups.subarray(0, nMain) : mols.groups(range(nMain));
  const grouped = test ? undefined : groupedSplit(nMain, seed, (split as { testFraction: number }).testFraction, mainGroups, groups ? groups.unit : 'molecule');
  const idx = grouped ?? { train: range(nMain), test: range(mols.count - nMain, nMain) };
  const targetColumns =
    plan.kind === 'atom'
      ? Array.from({ length: first.atomCount }, (_, a) => Array.from({ length: plan.widths[0]! }, (__, c) => `${plan.names[0]}[${a + 1}].${'xyz'[c] ?? c}`)).flat()
      : plan.columns.map((c) => c.name);
  const stated = plan.columns.filter((c) => c.unit !== null);
  const built = buildMolecularDataset({
    name: baseName(path),
    source: opts.testPath ? `${path}; test: ${opts.testPath}` : path,
    label: path,
    molecules: mols,
    targets: plan.columns,
    targetColumns,
    perAtom: plan.kind === 'atom',
    layout: parseLayoutRequest(opts.layout),
    split: idx,
    notes: [
      `Targets: ${plan.columns.map((c) => `${c.name} (${c.unit ?? 'unit not stated'})`).join(', ')}${stride > 1 ? `; every ${stride}-th frame` : ''}.`,
      ...(units.source === 'ASE convention' ? [`The file is in ASE's layout: ASE's fixed units (eV, Angstrom, eV/Angstrom, amu, fs); positions in ${units.positions}.`] : []),
      ...(stated.length < plan.columns.length ? ['Units the file does not state are recorded as unknown (null), not guessed.'] : []),
      ...(gradient ? [`${gradient.target} comes with per-atom ${gradient.column}: recorded as its gradient (-${gradient.column}, ${gradient.unit ?? 'unit not stated'}).`] : []),
      ...(extras.groups ? [`Groups: frames with the same ${key} are one molecule (${extras.groups.size} groups); held-out splits keep a group whole.`] : []),
      ...(groups ? [`Correlation groups: ${groups.rule}; held-out splits keep a group whole.`] : []),
      ...cellNotes,
    ],
    gradient: gradient ? { target: gradient.target, source: `-${gradient.column}`, unit: gradient.unit } : undefined,
    groups,
  });
  return {
    dataset: built.dataset,
    format,
    files,
    targets: plan.kind === 'atom' ? plan.columns : plan.columns,
    species: built.species,
    options: { format, targets: rawNames, stride, seed, testFraction: split.kind === 'seeded' ? split.testFraction : 0, layout: built.dataset.layout.kind === 'points' ? `points:${built.dataset.layout.d}` : 'vector' },
    split: grouped && split.kind === 'seeded' ? { ...split, rule: grouped.rule } : split,
    notes: [],
    ...extraOf(units, cell),
  };
}

function extraOf(units: ReturnType<typeof frameUnits>, cell: ReturnType<typeof cellOf>): Pick<ImportPart, 'extra'> {
  const extra: NonNullable<ImportPart['extra']> = {};
  if (units.source) extra.units = { source: units.source, positions: units.positions };
  if (cell) extra.cell = cell;
  return Object.keys(extra).length > 0 ? { extra } : {};
}

export function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}
