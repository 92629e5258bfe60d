/**
 * Imports a folder of QM9 records (`dsgdb9nsd_*.xyz`, 133,885 files in the published set) as
 * padded point clouds plus the chosen scalar targets. Files are read one after the other (../files,
 * forEachFile) and scanned straight from their bytes (./qm9-scan; the strict reader ./qm9
 * decides any file off the usual layout); nothing is returned unless every file parses.
 */
import { forEachFile, joinPath, listFolder } from '../files';
import { QM9_ELEMENTS, QM9_PROPERTIES, parseQm9 } from './qm9';
import { Qm9Scratch, scanQm9 } from './qm9-scan';

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

/**
 * The records of a folder back to back, as read: atoms of molecule i are starts[i] ..
 * starts[i + 1] (or atomTotal) of `elements` and `positions`.
 */
export interface Qm9Records {
  molecules: number;
  atomTotal: number;
  /** The largest atom count. */
  maxAtoms: number;
  /** QM9_ELEMENTS index per atom. */
  elements: Uint8Array;
  /** [atomTotal, 3] Angstrom. */
  positions: Float64Array;
  /** First atom of each molecule. */
  starts: Int32Array;
  /** [molecules, targets.length] row-major. */
  targets: Float64Array;
  ids: Int32Array;
  units: string[];
  files: string[];
}

/** Typed storage that doubles when full. */
function grown<T extends Uint8Array | Float64Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const Ctor = a.constructor as new (n: number) => T;
  const b = new Ctor(Math.max(need, 2 * a.length));
  b.set(a as never);
  return b;
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
 * Reads every `*.xyz` file of `dir` in name order (the first `limit` of them, when given) into
 * arrays of all atoms back to back. Fails with the error of the first bad file in name order;
 * unknown target names fail before any read.
 */
export async function readQm9Records(dir: string, opts: Qm9FolderOptions): Promise<Qm9Records> {
  const targetIdx = resolveTargets(opts.targets);
  if (opts.limit !== undefined && !(Number.isSafeInteger(opts.limit) && opts.limit >= 1)) {
    throw new Error(`QM9: limit must be a positive integer, got ${String(opts.limit)}`);
  }
  let names = await listFolder(dir, /\.xyz$/i);
  if (names.length === 0) throw new Error(`${dir}: no .xyz files; expected the QM9 files dsgdb9nsd_*.xyz`);
  if (opts.limit !== undefined) names = names.slice(0, opts.limit);

  const total = names.length;
  const files = names.map((n) => joinPath(dir, n));
  const t = targetIdx.length;
  const targets = new Float64Array(total * t);
  const ids = new Int32Array(total);
  const starts = new Int32Array(total);
  // About 18 atoms a molecule in QM9; grown when more are needed.
  let elements = new Uint8Array(total * 20);
  let positions = new Float64Array(total * 60);
  let atomTotal = 0;
  let maxAtoms = 0;
  const scratch = new Qm9Scratch();
  const progressStep = Math.max(1, Math.floor(total / 1000));
  let done = 0;
  opts.onProgress?.(0, total);
  await forEachFile(files, (i, bytes) => {
    opts.onFileBytes?.(i, bytes);
    let n: number;
    let id: number;
    let el: Uint8Array;
    let pos: Float64Array;
    if (scanQm9(bytes, scratch)) {
      ({ atomCount: n, id, elements: el, positions: pos } = scratch);
      for (let k = 0; k < t; k++) targets[i * t + k] = scratch.properties[targetIdx[k]!]!;
    } else {
      // Not the usual layout: the strict reader reads it or says what is wrong.
      const m = parseQm9(bytes, files[i]!);
      n = m.atomCount;
      id = m.id;
      el = Uint8Array.from(m.species, (s) => QM9_ELEMENTS.indexOf(s));
      pos = m.positions;
      for (let k = 0; k < t; k++) targets[i * t + k] = m.properties[QM9_PROPERTIES[targetIdx[k]!]!.name];
    }
    // Files arrive in name order: molecule i's atoms follow molecule i - 1's.
    ids[i] = id;
    starts[i] = atomTotal;
    elements = grown(elements, atomTotal + n);
    positions = grown(positions, 3 * (atomTotal + n));
    elements.set(el.subarray(0, n), atomTotal);
    positions.set(pos.subarray(0, 3 * n), 3 * atomTotal);
    atomTotal += n;
    if (n > maxAtoms) maxAtoms = n;
    done++;
    if (opts.onProgress && (done % progressStep === 0 || done === total)) opts.onProgress(done, total);
  });
  return {
    molecules: total,
    atomTotal,
    maxAtoms,
    elements,
    positions,
    starts,
    targets,
    ids,
    units: targetIdx.map((k) => QM9_PROPERTIES[k]!.unit),
    files,
  };
}

/** The species that occur, in order of atomic number, and each QM9 element's index among them. */
export function presentSpecies(r: Qm9Records): { species: string[]; remap: Int32Array } {
  const present = new Uint8Array(QM9_ELEMENTS.length);
  for (let a = 0; a < r.atomTotal; a++) present[r.elements[a]!] = 1;
  const remap = new Int32Array(QM9_ELEMENTS.length);
  const species: string[] = [];
  QM9_ELEMENTS.forEach((el, k) => {
    if (present[k]) {
      remap[k] = species.length;
      species.push(el);
    }
  });
  return { species, remap };
}

/**
 * Reads every `*.xyz` file of `dir` in name order (the first `limit` of them, when given) as
 * padded point clouds. Fails with the error of the first bad file in name order; unknown target
 * names fail before any read.
 */
export async function importQm9Folder(dir: string, opts: Qm9FolderOptions): Promise<Qm9Folder> {
  const r = await readQm9Records(dir, opts);
  const { species, remap } = presentSpecies(r);
  const { molecules: total, maxAtoms } = r;
  const coords = new Float32Array(total * maxAtoms * 3);
  const speciesIndex = new Int32Array(total * maxAtoms);
  const mask = new Float32Array(total * maxAtoms);
  for (let i = 0; i < total; i++) {
    const s = r.starts[i]!;
    const n = (i + 1 < total ? r.starts[i + 1]! : r.atomTotal) - s;
    coords.set(r.positions.subarray(3 * s, 3 * (s + n)), i * maxAtoms * 3);
    for (let a = 0; a < n; a++) {
      speciesIndex[i * maxAtoms + a] = remap[r.elements[s + a]!]!;
      mask[i * maxAtoms + a] = 1;
    }
  }
  return { molecules: total, maxAtoms, species, coords, speciesIndex, mask, targets: Float32Array.from(r.targets), ids: r.ids, units: r.units, files: r.files };
}
