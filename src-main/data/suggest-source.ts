/**
 * Reads what suggest.ts needs from an imported dataset's source: a table's columns and values, the
 * per-frame and per-atom properties of XYZ files, QM9's properties, a trajectory's frames and
 * per-frame arrays. Folders are sampled (the first SAMPLE_FILES files): enough to tell kinds apart.
 */
import { frameUnits } from './molecular/frame-extras';
import { commentNumbers } from './molecular/frame-targets';
import { joinPath, listFolder, readDatasetFile, readFolderFile } from './files';
import { importQm9Folder } from './qm9/folder';
import { QM9_PROPERTIES } from './qm9/qm9';
import type { DatasetRecord } from './record';
import type { AtomProperty, FrameProperty, SourceView } from './suggest';
import { readTable } from './tables';
import { readNpyStates, readNpzTrajectory, type ArrayTrajectory, type Axes } from './trajectory/arrays';
import { parseXyz, type XyzFrame } from './xyz/xyz';

const SAMPLE_FILES = 200;

/** The file or folder the record was imported from. */
export function sourceOf(record: DatasetRecord): string {
  const path = record.options.path;
  const source = typeof path === 'string' ? path : record.sourceFiles[0];
  if (source === undefined) throw new Error(`dataset ${record.name} records no source to read`);
  return source;
}


/** Numeric comment-line values of extended XYZ frames, by key, in first-frame order. */
function frameProperties(frames: XyzFrame[]): FrameProperty[] {
  const first = frames[0];
  if (first === undefined) return [];
  const out: FrameProperty[] = [];
  const units = frameUnits(first);
  for (const [name, v] of Object.entries(first.info)) {
    const width = typeof v === 'number' ? 1 : Array.isArray(v) && typeof v[0] === 'number' ? v.length : 0;
    if (width === 0) continue;
    const values = frames.map((f) => {
      const x = f.info[name];
      return typeof x === 'number' ? x : Array.isArray(x) && typeof x[0] === 'number' ? x[0] : NaN;
    });
    out.push({ name, width, unit: units.of(name), values });
  }
  return out;
}

function atomProperties(first: XyzFrame | undefined): AtomProperty[] {
  if (first === undefined) return [];
  return Object.entries(first.arrays).map(([name, a]) => ({ name, width: a.width, type: a.type }));
}

/** The numbers on a comment line, words skipped (as plain-XYZ targets count them). */
function numbersOf(f: XyzFrame): number[] {
  return commentNumbers(f.comment);
}

function commentCount(first: XyzFrame | undefined): number {
  return first === undefined ? 0 : numbersOf(first).length;
}

function sameAtoms(frames: XyzFrame[]): boolean {
  const first = frames[0];
  return first !== undefined && frames.every((f) => f.atomCount === first.atomCount && f.species.every((s, a) => s === first.species[a]));
}

function trajectoryProperties(t: ArrayTrajectory): FrameProperty[] {
  return Object.entries(t.perFrame).map(([name, a]) => {
    const width = a.values.length / t.frames;
    return { name, width, unit: t.units[name] ?? null, values: Array.from({ length: t.frames }, (_, f) => a.values[f * width]!) };
  });
}

export async function readSourceView(record: DatasetRecord): Promise<SourceView> {
  if (record.format === 'builtin') return { kind: 'builtin' };
  const source = sourceOf(record);
  switch (record.format) {
    case 'csv':
    case 'tsv':
    case 'npy':
    case 'npz': {
      const table = readTable(await readDatasetFile(source), source);
      return { kind: 'table', columns: table.columns, rows: table.rows, data: table.data };
    }
    case 'xyz':
    case 'extxyz': {
      const frames = parseXyz(await readDatasetFile(source), source).frames;
      const extended = record.format === 'extxyz';
      return { kind: 'molecules', frames: frames.length, sameAtoms: sameAtoms(frames), perFrame: extended ? frameProperties(frames) : [], perAtom: atomProperties(frames[0]).filter((a) => a.name !== 'pos' && a.name !== 'species'), commentNumbers: commentCount(frames[0]), extended, commentSamples: frames.slice(0, 3).map(numbersOf) };
    }
    case 'xyz-folder': {
      const names = (await listFolder(source, /\.(?:ext)?xyz$/i)).slice(0, SAMPLE_FILES);
      const frames: XyzFrame[] = [];
      for (const n of names) frames.push(...parseXyz(await readFolderFile(joinPath(source, n)), joinPath(source, n)).frames);
      const extended = frames[0] !== undefined && (Object.keys(frames[0].info).length > 0 || Object.keys(frames[0].arrays).length > 0);
      return { kind: 'molecules', frames: frames.length, sameAtoms: sameAtoms(frames), perFrame: extended ? frameProperties(frames) : [], perAtom: atomProperties(frames[0]).filter((a) => a.name !== 'pos' && a.name !== 'species'), commentNumbers: commentCount(frames[0]), extended, commentSamples: frames.slice(0, 3).map(numbersOf) };
    }
    case 'qm9': {
      const names = QM9_PROPERTIES.map((p) => p.name);
      const q = await importQm9Folder(source, { targets: names, limit: SAMPLE_FILES });
      return {
        kind: 'qm9',
        properties: QM9_PROPERTIES.map((p, k) => ({ name: p.name, width: 1, unit: p.unit, description: p.description, values: Array.from({ length: q.molecules }, (_, i) => q.targets[i * names.length + k]!) })),
      };
    }
    case 'trajectory-xyz': {
      const frames = parseXyz(await readDatasetFile(source), source).frames;
      return { kind: 'trajectory', frames: frames.length, atoms: frames[0]?.atomCount ?? 0, perFrame: frameProperties(frames) };
    }
    case 'trajectory-npy': {
      const axes = typeof record.options.axes === 'string' ? (record.options.axes as Axes) : undefined;
      const st = readNpyStates(await readDatasetFile(source), source, axes);
      const [a0, a1, D] = st.shape as [number, number, number];
      const runs = st.axes === 'runs,frames,features';
      return { kind: 'trajectory', frames: runs ? a1 : a0, atoms: runs ? 1 : a1, perFrame: [], d: D };
    }
    case 'idx':
    case 'image-npz':
    case 'image-folder':
      return { kind: 'images' };
    case 'trajectory-npz': {
      const t = readNpzTrajectory(await readDatasetFile(source), source);
      return { kind: 'trajectory', frames: t.frames, atoms: t.atoms, perFrame: trajectoryProperties(t), d: t.d };
    }
  }
}
