/**
 * Trajectories stored as NumPy arrays, as MD and ML codes save them.
 *
 * `.npz`: positions under `positions` (or `pos`, `R`, `coords`, `xyz`) of shape [T, N, D]
 * (frames, atoms or bodies, D = 3 for atoms). Every other member is classified by its shape:
 * - [T], [T, k]: per frame (energy, dipole, temperature): candidate targets;
 * - [T, N], [T, N, k]: per frame and atom (forces, velocities): candidate targets;
 * - [N], [N, k]: per atom, constant (masses, charges; atomic numbers `numbers` / `Z` / `z` /
 *   `atomic_numbers`, or element symbols `symbols` / `species` / `elements` as text);
 * - [] (a scalar) and other small arrays: constants (timestep `dt`, `cell` [3, 3], `pbc`);
 * - anything else: not used, and the notes say so.
 * When T = N the leading axis is read as frames. Constants become the dataset's metadata; the
 * importer's notes say how each member was read.
 *
 * `.npy` of 3 dimensions: positions [T, N, 3] by default when the last axis is 3; a state array
 * (runs, T, D) (several trajectories of D-wide states) by default otherwise. `axes` overrides:
 * `frames,bodies,features` or `runs,frames,features`.
 */
import { decodeNpy, decodeNpyMember, formatShape, npzArrayNames, unzipNpz, type NpyMember } from '../npy';
import { ELEMENT_SYMBOLS } from '../xyz/elements';
import type { StateSeries, Trajectory } from './pairs';

export const POSITION_KEYS = ['positions', 'pos', 'R', 'coords', 'xyz'];
export const SPECIES_KEYS = ['numbers', 'Z', 'z', 'atomic_numbers'];
export const SYMBOL_KEYS = ['symbols', 'species', 'elements'];
/** Axis orders of a 3-D .npy trajectory. */
export const AXES = ['frames,bodies,features', 'runs,frames,features'] as const;
export type Axes = (typeof AXES)[number];

/** Constants larger than this many elements are not kept as metadata. */
const MAX_METADATA = 1000;

export type MemberRole = 'positions' | 'species' | 'per-frame' | 'per-frame-atom' | 'per-atom' | 'constant' | 'unused';

export interface MemberReading {
  name: string;
  shape: number[];
  role: MemberRole;
  /** How it was read, for the importer's notes. */
  note: string;
}

export interface ArrayTrajectory extends Trajectory {
  /** Width of a position (3 for atoms; D for state bodies). */
  d: number;
  /** Per-frame and per-frame-and-atom numeric arrays by name: [T, width] row-major. */
  perFrame: Record<string, { shape: number[]; values: Float64Array }>;
  /** The name positions were read from. */
  positionsKey: string;
  speciesKey: string | null;
  /** Constants by name (masses, symbols, dt, cell, ...). */
  metadata: Record<string, number | string | number[] | string[]>;
  /** Every member and how it was read. */
  members: MemberReading[];
  /** Units stated by text members `<name>_unit`. */
  units: Record<string, string>;
  cell?: { lattice: number[]; pbc: boolean[] };
}

/** A trajectory from a single .npy of positions [T, N, 3]. */
export function readNpyTrajectory(bytes: Uint8Array, fileName: string): ArrayTrajectory {
  const a = decodeNpy(bytes, fileName, { maxDims: 3 });
  const s = a.shape;
  if (s.length !== 3 || s[2] !== 3 || s[0]! < 1 || s[1]! < 1) {
    throw new Error(`${fileName}: expected positions of shape (T, N, 3) (frames, atoms, xyz), got ${formatShape(s)}`);
  }
  const [frames, atoms] = [s[0]!, s[1]!];
  return {
    frames, atoms, d: 3, atomicNumbers: new Uint8Array(atoms), positions: a.values, perFrame: {}, positionsKey: 'positions', speciesKey: null,
    metadata: {}, members: [{ name: 'positions', shape: s, role: 'positions', note: `(T, N, 3): ${frames} frames of ${atoms} atoms` }], units: {},
  };
}

/** The default axis order of a 3-D .npy: atoms when the last axis is 3, runs of states otherwise. */
export function defaultAxes(shape: number[]): Axes {
  return shape[2] === 3 ? 'frames,bodies,features' : 'runs,frames,features';
}

/**
 * A 3-D .npy as a series of runs for next-frame pairs: (T, bodies, D) is one run of frames of
 * bodies * D features in blocks of D; (runs, T, D) is several runs of D-wide states.
 */
export function readNpyStates(bytes: Uint8Array, fileName: string, axes: Axes | undefined): { series: StateSeries; axes: Axes; shape: number[] } {
  const a = decodeNpy(bytes, fileName, { maxDims: 3, hint: 'a trajectory is (T, N, D) or (runs, T, D)' });
  const s = a.shape;
  if (s.length !== 3 || s.some((x) => x < 1)) {
    throw new Error(`${fileName}: expected a trajectory of shape (T, N, D) (frames, bodies, features) or (runs, T, D), got ${formatShape(s)}`);
  }
  const used = axes ?? defaultAxes(s);
  const [a0, a1, D] = [s[0]!, s[1]!, s[2]!];
  if (used === 'frames,bodies,features') {
    const names = Array.from({ length: a1 }, (_, b) => Array.from({ length: D }, (__, k) => (D === 3 ? `${'xyz'[k]}${b + 1}` : `b${b + 1}[${k}]`))).flat();
    return { series: { runs: [a.values], width: a1 * D, d: D, featureNames: names, describe: `${a1} ${D === 3 ? 'atoms' : `bodies of ${D} values`}` }, axes: used, shape: s };
  }
  const width = a1 * D;
  const runs = Array.from({ length: a0 }, (_, r) => a.values.subarray(r * width, (r + 1) * width));
  const names = Array.from({ length: D }, (_, k) => `s[${k}]`);
  return { series: { runs, width: D, d: D, featureNames: names, describe: `a state of ${D} values` }, axes: used, shape: s };
}

/** True when an .npz holds a positions array (any shape): it is meant as a trajectory. */
export function npzHasPositions(bytes: Uint8Array, fileName: string): boolean {
  const names = npzArrayNames(bytes, fileName);
  return POSITION_KEYS.some((k) => names.includes(k));
}

function numbersToSpecies(a: NpyMember, atoms: number, frames: number, label: string): Uint8Array {
  const s = a.shape;
  const perFrame = s.length === 2 && s[0] === frames && s[1] === atoms;
  if (!(s.length === 1 && s[0] === atoms) && !perFrame) {
    throw new Error(`${label}: expected atomic numbers of shape (${atoms},) or (${frames}, ${atoms}) to match the positions, got ${formatShape(s)}`);
  }
  const out = new Uint8Array(atoms);
  for (let k = 0; k < a.values.length; k++) {
    const z = a.values[k]!;
    const atom = k % atoms;
    if (!(Number.isInteger(z) && z >= 1 && z <= ELEMENT_SYMBOLS.length)) {
      throw new Error(`${label}: element ${perFrame ? `[${Math.floor(k / atoms)}, ${atom}]` : `[${k}]`} is ${z}; expected an atomic number from 1 to 118`);
    }
    if (k >= atoms && out[atom] !== z) {
      throw new Error(`${label}: atom ${atom} is element ${out[atom]} in frame 0 but ${z} in frame ${Math.floor(k / atoms)}; a trajectory keeps its atoms`);
    }
    out[atom] = z;
  }
  return out;
}

function symbolsToSpecies(strings: string[], label: string): Uint8Array {
  return Uint8Array.from(strings, (t, k) => {
    // Capitalised as ASE does (`h`, `CL`).
    const z = ELEMENT_SYMBOLS.indexOf(t.charAt(0).toUpperCase() + t.slice(1).toLowerCase()) + 1;
    if (z === 0) throw new Error(`${label}: element [${k}] is ${JSON.stringify(t)}; expected an element symbol (H to Og)`);
    return z;
  });
}

function metadataValue(m: NpyMember): number | string | number[] | string[] {
  if (m.strings) return m.shape.length === 0 ? m.strings[0]! : m.strings;
  return m.shape.length === 0 ? m.values[0]! : Array.from(m.values);
}

/** A trajectory from an .npz archive (see the module comment). */
export function readNpzTrajectory(bytes: Uint8Array, fileName: string): ArrayTrajectory {
  const entries = unzipNpz(bytes, fileName);
  const names = Object.keys(entries).map((k) => k.slice(0, -4));
  const posKey = POSITION_KEYS.find((k) => names.includes(k));
  if (!posKey) throw new Error(`${fileName}: no positions array; expected one named ${POSITION_KEYS.join(', ')} (arrays: ${names.join(', ')})`);
  const decode = (name: string): NpyMember => decodeNpyMember(entries[`${name}.npy`]!, `${fileName}[${name}]`);
  const pos = decode(posKey);
  const ps = pos.shape;
  if (pos.strings || ps.length !== 3 || ps.some((x) => x < 1)) {
    throw new Error(`${fileName}[${posKey}]: expected positions of shape (T, N, D) (frames, atoms, xyz), got ${formatShape(ps)}${pos.strings ? ' of text' : ''}`);
  }
  const [frames, atoms, d] = [ps[0]!, ps[1]!, ps[2]!];
  const members: MemberReading[] = [{ name: posKey, shape: ps, role: 'positions', note: `positions: ${frames} frames of ${atoms} ${d === 3 ? 'atoms' : `bodies of ${d} values`}` }];
  let speciesKey: string | null = null;
  let atomicNumbers: Uint8Array = new Uint8Array(atoms);
  const perFrame: ArrayTrajectory['perFrame'] = {};
  const metadata: ArrayTrajectory['metadata'] = {};
  const units: Record<string, string> = {};
  let cell: ArrayTrajectory['cell'];
  const ambiguous = frames === atoms;
  for (const name of names) {
    if (name === posKey) continue;
    const m = decode(name);
    const s = m.shape;
    const read = (role: MemberRole, note: string) => members.push({ name, shape: s, role, note });
    if (!speciesKey && SPECIES_KEYS.includes(name) && !m.strings) {
      atomicNumbers = numbersToSpecies(m, atoms, frames, `${fileName}[${name}]`);
      speciesKey = name;
      read('species', 'atomic numbers');
    } else if (!speciesKey && SYMBOL_KEYS.includes(name) && m.strings && s.length === 1 && s[0] === atoms) {
      atomicNumbers = symbolsToSpecies(m.strings, `${fileName}[${name}]`);
      speciesKey = name;
      metadata[name] = m.strings;
      read('species', 'element symbols');
    } else if (m.strings) {
      const unitOf = /^(.+)_units?$/.exec(name);
      if (unitOf && s.length === 0) {
        units[unitOf[1]!] = m.strings[0]!;
        read('constant', `the unit of ${unitOf[1]}`);
      } else if (m.strings.length <= MAX_METADATA && !(s[0] === frames && s.length >= 1)) {
        metadata[name] = metadataValue(m);
        read('constant', 'text, kept as metadata');
      } else {
        read('unused', 'text per frame: not a target');
      }
    } else if (s.length === 0) {
      metadata[name] = m.values[0]!;
      read('constant', 'a scalar, kept as metadata');
    } else if ((name === 'cell' || name === 'lattice' || name === 'Lattice') && s.length === 2 && s[0] === 3 && s[1] === 3) {
      cell = { lattice: Array.from(m.values), pbc: cell?.pbc ?? [true, true, true] };
      metadata[name] = Array.from(m.values);
      read('constant', 'the periodic cell (three cell vectors); periodic images are not used yet');
    } else if (name === 'pbc' && s.length === 1 && s[0] === 3) {
      const pbc = Array.from(m.values, (x) => x !== 0);
      if (cell) cell.pbc = pbc;
      else cell = { lattice: [], pbc };
      metadata[name] = Array.from(m.values);
      read('constant', 'periodicity');
    } else if (s[0] === frames && s.length <= 3) {
      perFrame[name] = m;
      const atomAxis = s.length >= 2 && s[1] === atoms;
      read(atomAxis ? 'per-frame-atom' : 'per-frame', `${atomAxis ? 'per frame and atom' : 'per frame'}${ambiguous ? ` (T = N = ${frames}: the first axis read as frames)` : ''}`);
    } else if (s[0] === atoms && s.length <= 2) {
      metadata[name] = Array.from(m.values);
      read('per-atom', 'per atom, constant: kept as metadata');
    } else if (m.values.length <= MAX_METADATA) {
      metadata[name] = Array.from(m.values);
      read('constant', `shape ${formatShape(s)} fits neither ${frames} frames nor ${atoms} atoms: kept as metadata`);
    } else {
      read('unused', `shape ${formatShape(s)} fits neither ${frames} frames nor ${atoms} atoms: not used`);
    }
  }
  if (cell && cell.lattice.length === 0) cell = undefined;
  return { frames, atoms, d, atomicNumbers, positions: pos.values, perFrame, positionsKey: posKey, speciesKey, metadata, members, units, ...(cell ? { cell } : {}) };
}

/** One note per member: how it was read. */
export function memberNotes(t: ArrayTrajectory): string[] {
  return t.members.map((m) => `${m.name} ${formatShape(m.shape)}: ${m.note}.`);
}
