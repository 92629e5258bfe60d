/**
 * One XYZ / extended XYZ file: each (stride-th) frame a molecule with its targets (`xyz`,
 * `extxyz`, or `trajectory-xyz` with --targets: per-frame regression), or, as a trajectory
 * without targets, next-frame (n-in / n-out) prediction. The file is streamed through the reader
 * (../xyz/xyz) in chunks while it is read and hashed; each frame goes straight into typed arrays
 * (./xyz-intake).
 */
import { streamDatasetFile } from '../files';
import { buildMolecularDataset, type LayoutRequest } from '../molecular/build';
import { GroupIndex, frameGradient, frameUnits, type GradientPlan } from '../molecular/frame-extras';
import { SKIP, readFrameTargets, type FrameTargetPlan } from '../molecular/frame-targets';
import { moleculeGroups } from '../molecular/groups';
import type { MoleculeCollector } from '../molecular/samples';
import type { DatasetRecord } from '../record';
import { groupedSplit, type SplitIndices } from '../split';
import { buildPairDataset, splitWindows, windowCount } from '../trajectory/pairs';
import { atomicNumber } from '../xyz/elements';
import { XyzStreamReader, type XyzFile, type XyzFrame } from '../xyz/xyz';
import type { ImportFormat, ImportOptions, ImportPart } from './types';
import { XyzIntake, targetSetup, type IntakeMode } from './xyz-intake';

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

export function parseLayoutRequest(text: string | undefined): LayoutRequest | undefined {
  if (text === undefined) return undefined;
  if (text === 'points:3' || text === 'points:4') return { kind: 'points', d: text === 'points:3' ? 3 : 4 };
  if (text === 'vector' || text === 'vector:3') return { kind: 'vector' };
  throw new Error(`--layout ${text}: molecules take points:3, points:4 or vector (d = 3, one block per atom)`);
}

/** Streams the file at `path` through the XYZ reader into `intake`; its sha256 and size. */
async function readXyzInto(path: string, intake: XyzIntake, opts: ImportOptions): Promise<ImportPart['files'][number]> {
  const reader = new XyzStreamReader(path, intake.take);
  const read = await streamDatasetFile(path, (chunk, done, total) => {
    reader.push(chunk);
    opts.onProgress?.({ stage: 'read', done, total, unit: 'bytes' });
  });
  reader.end();
  return { path, ...read };
}

/** Runs `check`, returning what it throws (undefined when nothing). */
function caught(check: () => void): unknown {
  try {
    check();
    return undefined;
  } catch (e) {
    return e;
  }
}

export async function importXyzFile(path: string, opts: ImportOptions, forced: ImportFormat | undefined): Promise<ImportPart> {
  const trajectoryAsked = opts.nIn !== undefined || opts.nOut !== undefined;
  const stride = opts.stride ?? 1;
  let names: string[] | undefined;
  // Errors of the options alone are reported after those of the file, as they always were.
  const optionError = caught(() => {
    if (!(Number.isSafeInteger(stride) && stride >= 1)) throw new Error(`--stride: expected a positive integer, got ${String(opts.stride)}`);
    names = targetNames(opts.targets);
  });
  let format: ImportFormat = forced ?? 'xyz';
  /** The mode of the main file, from its first frame: next-frame pairs, or targets. */
  const decide = (first: XyzFrame): IntakeMode => {
    format = forced ?? (trajectoryAsked ? 'trajectory-xyz' : isExtended(first) ? 'extxyz' : 'xyz');
    if (optionError !== undefined) return { kind: 'none' };
    if (format === 'trajectory-xyz' && names === undefined) {
      if (opts.layout !== undefined && opts.layout !== 'vector' && opts.layout !== 'vector:3') {
        throw new Error(`--layout ${opts.layout}: next-frame prediction takes the vector layout (d = 3, one block per atom and frame)`);
      }
      return { kind: 'trajectory' };
    }
    const rawNames = names ?? (typeof first.info.energy === 'number' ? ['energy'] : undefined);
    if (!rawNames) {
      const keys = Object.keys(first.info);
      throw new Error(
        isExtended(first)
          ? `${path}: no targets named and no energy key; pass --targets with keys of the comment line (${keys.join(', ') || 'none'}) or a per-atom column`
          : `${path}: no targets named; pass --targets to name the numbers of the comment line (line 2) by position, e.g. --targets energy,gap (${SKIP} skips one)`,
      );
    }
    return { kind: 'targets', stride, setup: (f) => targetSetup(rawNames, f, path) };
  };
  const main = new XyzIntake(path, decide);
  const files = [await readXyzInto(path, main, opts)];
  let test: XyzIntake | undefined;
  if (opts.testPath) {
    // The test file is read in the mode of the main file (into the same molecules), or only read when that failed.
    const setup = main.error === undefined ? main.setup : undefined;
    test = new XyzIntake(opts.testPath, () => (setup ? { kind: 'targets-of', stride, setup } : main.error === undefined && optionError === undefined ? { kind: 'trajectory' } : { kind: 'none' }));
    files.push(await readXyzInto(opts.testPath, test, opts));
  }
  opts.onProgress?.({ stage: 'parse', done: main.frames, total: main.frames, unit: 'frames' });
  if (optionError !== undefined) throw optionError;
  if (main.error !== undefined) throw main.error;
  const first = main.first!;
  const split: ImportPart['split'] = test
    ? { kind: 'given', description: `test file ${opts.testPath}` }
    : { kind: 'seeded', testFraction: opts.testFraction ?? 0.2 };
  const seed = opts.seed ?? 0;

  const units = frameUnits(first);
  const cell = first.lattice ? { lattice: first.lattice.slice(), pbc: (first.pbc ?? [true, true, true]).slice(), sameInEveryFrame: main.cellSame } : undefined;
  const cellNotes = cell ? [`Periodic cell recorded (pbc ${cell.pbc.map((p) => (p ? 'T' : 'F')).join(' ')}${cell.sameInEveryFrame ? '' : '; it changes from frame to frame, the first frame\'s is kept'}); periodic images are not used yet.`] : [];
  if (!main.setup) {
    const pair = { stride, nIn: opts.nIn ?? 1, nOut: opts.nOut ?? 1 };
    const traj = main.trajectory();
    const n = windowCount(traj, pair, path);
    const byGroup = split.kind === 'seeded' ? splitWindows(traj, pair, seed, split.testFraction) : undefined;
    let idx: SplitIndices = byGroup ?? { train: range(n), test: [] };
    const dataset = buildPairDataset(traj, pair, idx, baseName(path), path);
    if (test) {
      if (test.error !== undefined) throw test.error;
      const tt = test.trajectory();
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
      species: [...new Set(first.species)],
      options: { format, stride, nIn: pair.nIn, nOut: pair.nOut, seed, testFraction: split.kind === 'seeded' ? split.testFraction : 0 },
      split: byGroup && split.kind === 'seeded' ? { ...split, rule: byGroup.rule } : split,
      notes: [units.positions ? `Positions in ${units.positions} (${units.source}).` : 'Positions as written in the file (XYZ states no length unit).', ...cellNotes],
      ...extraOf(units, cell),
    };
  }

  if (test?.error !== undefined) throw test.error;
  const { plan, mols, gradient, rawNames } = main.setup;
  const group = main.setup.groups[0];
  if (group) mols.setGroups(group.ids);
  const nMain = mols.count - (test ? test.collected : 0);
  // Without a key naming the molecule, the atoms do: conformers of one molecule and neighbouring
  // frames of a trajectory (an MD run) are near-duplicates, so held-out data take whole groups.
  const groups = group ? undefined : moleculeGroups(mols);
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
      ...(group ? [`Groups: frames with the same ${group.key} are one molecule (${group.index.size} groups); held-out splits keep a group whole.`] : []),
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
    targets: plan.columns,
    species: built.species,
    options: { format, targets: rawNames, stride, seed, testFraction: split.kind === 'seeded' ? split.testFraction : 0, layout: built.dataset.layout.kind === 'points' ? `points:${built.dataset.layout.d}` : 'vector' },
    split: grouped && split.kind === 'seeded' ? { ...split, rule: grouped.rule } : split,
    notes: [],
    ...extraOf(units, cell),
  };
}

function extraOf(units: ReturnType<typeof frameUnits>, cell: DatasetRecord['cell'] | undefined): Pick<ImportPart, 'extra'> {
  const extra: NonNullable<ImportPart['extra']> = {};
  if (units.source) extra.units = { source: units.source, positions: units.positions };
  if (cell) extra.cell = cell;
  return Object.keys(extra).length > 0 ? { extra } : {};
}

export function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}
