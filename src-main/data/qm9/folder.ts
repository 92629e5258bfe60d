/**
 * Imports a folder of QM9 records (`dsgdb9nsd_*.xyz`, 133,885 files in the published set) as
 * padded point clouds plus the chosen scalar targets. Files are read with a bounded number of
 * concurrent reads and parsed synchronously as they arrive; nothing is returned unless every file
 * parses.
 */
import { forEachFile, joinPath, listFolder } from '../files';
import { QM9_ELEMENTS, QM9_PROPERTIES, parseQm9, type Qm9PropertyName } from './qm9';

export interface Qm9FolderOptions {
  /** Property names from QM9_PROPERTIES (e.g. `U0`, `gap`), in the column order wanted. */
  targets: string[];
  /** Import only the first `limit` files in name order. */
  limit?: number;
  /**
   * Called with (files parsed, files to parse): once with 0 before the first read, then as files
   * are parsed (at most about 1000 times in all), and always once with done === total.
   */
  onProgress?: (done: number, total: number) => void;
  /** Called with each file's bytes as it is read (in completion order), e.g. to hash it. */
  onFileBytes?: (index: number, bytes: Uint8Array) => void;
}

export interface Qm9Folder {
  molecules: number;
  /** The largest atom count; every molecule is padded to it. */
  maxAtoms: number;
  /** Element symbols that occur, in order of atomic number; speciesIndex points into this list. */
  species: string[];
  /** [molecules, maxAtoms, 3] Angstrom, zeros where padded. */
  coords: Float32Array;
  /** [molecules, maxAtoms] index into `species`, 0 where padded. */
  speciesIndex: Int32Array;
  /** [molecules, maxAtoms] 1 for a real atom, 0 for padding. */
  mask: Float32Array;
  /** [molecules, targets.length] row-major, in the units of `units`. */
  targets: Float32Array;
  /** GDB id of each molecule (the number after `gdb` on line 2). */
  ids: Int32Array;
  /** Unit of each target column. */
  units: string[];
  /** The files read, in name order (row i of every array is file i). */
  files: string[];
}

interface ParsedRecord {
  id: number;
  /** Element index into QM9_ELEMENTS per atom. */
  elements: Uint8Array;
  positions: Float64Array;
  targets: Float64Array;
}

function resolveTargets(targets: string[]): number[] {
  const valid = QM9_PROPERTIES.map((p) => `${p.name} (${p.unit})`).join(', ');
  if (targets.length === 0) throw new Error(`QM9: no targets chosen; expected one or more of ${valid}`);
  const seen = new Set<string>();
  return targets.map((t) => {
    const k = QM9_PROPERTIES.findIndex((p) => p.name === t);
    if (k < 0) throw new Error(`QM9: unknown target ${JSON.stringify(t)}; valid: ${valid}`);
    if (seen.has(t)) throw new Error(`QM9: target ${JSON.stringify(t)} is chosen twice`);
    seen.add(t);
    return k;
  });
}

/**
 * Reads every `*.xyz` file of `dir` in name order (the first `limit` of them, when given). Fails
 * with the error of the first bad file in name order; unknown target names fail before any read.
 */
export async function importQm9Folder(dir: string, opts: Qm9FolderOptions): Promise<Qm9Folder> {
  const targetIdx = resolveTargets(opts.targets);
  const targetNames = targetIdx.map((k) => QM9_PROPERTIES[k]!.name as Qm9PropertyName);
  if (opts.limit !== undefined && !(Number.isSafeInteger(opts.limit) && opts.limit >= 1)) {
    throw new Error(`QM9: limit must be a positive integer, got ${String(opts.limit)}`);
  }
  let names = await listFolder(dir, /\.xyz$/i);
  if (names.length === 0) throw new Error(`${dir}: no .xyz files; expected the QM9 files dsgdb9nsd_*.xyz`);
  if (opts.limit !== undefined) names = names.slice(0, opts.limit);

  const total = names.length;
  const files = names.map((n) => joinPath(dir, n));
  const records = new Array<ParsedRecord | undefined>(total);
  const progressStep = Math.max(1, Math.floor(total / 1000));
  let done = 0;
  opts.onProgress?.(0, total);
  await forEachFile(files, (i, bytes) => {
    opts.onFileBytes?.(i, bytes);
    const m = parseQm9(bytes, files[i]!);
    const elements = new Uint8Array(m.atomCount);
    for (let a = 0; a < m.atomCount; a++) elements[a] = QM9_ELEMENTS.indexOf(m.species[a]!);
    records[i] = { id: m.id, elements, positions: m.positions, targets: Float64Array.from(targetNames, (t) => m.properties[t]) };
    done++;
    if (opts.onProgress && (done % progressStep === 0 || done === total)) opts.onProgress(done, total);
  });

  // Species that occur, in order of atomic number.
  const present = new Uint8Array(QM9_ELEMENTS.length);
  let maxAtoms = 0;
  for (const r of records) {
    maxAtoms = Math.max(maxAtoms, r!.elements.length);
    for (const e of r!.elements) present[e] = 1;
  }
  const remap = new Int32Array(QM9_ELEMENTS.length);
  const species: string[] = [];
  QM9_ELEMENTS.forEach((el, k) => {
    if (present[k]) {
      remap[k] = species.length;
      species.push(el);
    }
  });

  const t = targetIdx.length;
  const coords = new Float32Array(total * maxAtoms * 3);
  const speciesIndex = new Int32Array(total * maxAtoms);
  const mask = new Float32Array(total * maxAtoms);
  const targets = new Float32Array(total * t);
  const ids = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const r = records[i]!;
    ids[i] = r.id;
    targets.set(r.targets, i * t);
    coords.set(r.positions, i * maxAtoms * 3);
    for (let a = 0; a < r.elements.length; a++) {
      speciesIndex[i * maxAtoms + a] = remap[r.elements[a]!]!;
      mask[i * maxAtoms + a] = 1;
    }
  }
  return {
    molecules: total,
    maxAtoms,
    species,
    coords,
    speciesIndex,
    mask,
    targets,
    ids,
    units: targetIdx.map((k) => QM9_PROPERTIES[k]!.unit),
    files,
  };
}
