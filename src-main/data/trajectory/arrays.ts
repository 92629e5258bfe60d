/**
 * Trajectories stored as NumPy arrays, as MD and ML codes save them:
 * - `.npy`: positions of shape [T, N, 3];
 * - `.npz`: positions under `positions` (or `pos`, `R`, `coords`, `xyz`) [T, N, 3], species as
 *   atomic numbers under `numbers` (or `Z`, `z`, `atomic_numbers`) [N] or [T, N] (the same in
 *   every frame), and per-frame arrays with T rows: [T] (e.g. `energy`), [T, k] (e.g. `dipole`),
 *   or [T, N, 3] (e.g. `forces`), any of which can be a target.
 * Every array with T rows must have exactly T (a mismatch is an error naming both arrays).
 */
import { decodeNpy, formatShape, npzArrayNames, unzipNpz, type NpyArray } from '../npy';
import { ELEMENT_SYMBOLS } from '../xyz/elements';
import type { Trajectory } from './pairs';

export const POSITION_KEYS = ['positions', 'pos', 'R', 'coords', 'xyz'];
export const SPECIES_KEYS = ['numbers', 'Z', 'z', 'atomic_numbers'];

export interface ArrayTrajectory extends Trajectory {
  /** Per-frame arrays other than positions and species, by name: [T, width] row-major. */
  perFrame: Record<string, { shape: number[]; values: Float64Array }>;
  /** The name positions were read from. */
  positionsKey: string;
  speciesKey: string | null;
}

function checkPositions(a: NpyArray, label: string): void {
  const s = a.shape;
  if (s.length !== 3 || s[2] !== 3 || s[0]! < 1 || s[1]! < 1) {
    throw new Error(`${label}: expected positions of shape (T, N, 3) (frames, atoms, xyz), got ${formatShape(s)}`);
  }
}

/** A trajectory from a single .npy of positions [T, N, 3]. */
export function readNpyTrajectory(bytes: Uint8Array, fileName: string): ArrayTrajectory {
  const a = decodeNpy(bytes, fileName, { maxDims: 3 });
  checkPositions(a, fileName);
  const [frames, atoms] = [a.shape[0]!, a.shape[1]!];
  return { frames, atoms, atomicNumbers: new Uint8Array(atoms), positions: a.values, perFrame: {}, positionsKey: 'positions', speciesKey: null };
}

/** True when an .npz holds a positions array (any shape): it is meant as a trajectory. */
export function npzHasPositions(bytes: Uint8Array, fileName: string): boolean {
  const names = npzArrayNames(bytes, fileName);
  return POSITION_KEYS.some((k) => names.includes(k));
}

function readSpecies(a: NpyArray, atoms: number, frames: number, label: string): Uint8Array {
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

/** A trajectory from an .npz archive (see the module comment). */
export function readNpzTrajectory(bytes: Uint8Array, fileName: string): ArrayTrajectory {
  const entries = unzipNpz(bytes, fileName);
  const names = Object.keys(entries).map((k) => k.slice(0, -4));
  const posKey = POSITION_KEYS.find((k) => names.includes(k));
  if (!posKey) throw new Error(`${fileName}: no positions array; expected one named ${POSITION_KEYS.join(', ')} (arrays: ${names.join(', ')})`);
  const decode = (name: string): NpyArray => decodeNpy(entries[`${name}.npy`]!, `${fileName}[${name}]`, { maxDims: 3 });
  const pos = decode(posKey);
  checkPositions(pos, `${fileName}[${posKey}]`);
  const [frames, atoms] = [pos.shape[0]!, pos.shape[1]!];
  const speciesKey = SPECIES_KEYS.find((k) => names.includes(k)) ?? null;
  const atomicNumbers = speciesKey ? readSpecies(decode(speciesKey), atoms, frames, `${fileName}[${speciesKey}]`) : new Uint8Array(atoms);
  const perFrame: ArrayTrajectory['perFrame'] = {};
  for (const name of names) {
    if (name === posKey || name === speciesKey) continue;
    const a = decode(name);
    if (a.shape[0] !== frames) {
      throw new Error(
        `${fileName}: array ${JSON.stringify(name)} has shape ${formatShape(a.shape)} but ${posKey} has ${frames} frames ${formatShape(pos.shape)}; every per-frame array needs ${frames} rows`,
      );
    }
    perFrame[name] = a;
  }
  return { frames, atoms, atomicNumbers, positions: pos.values, perFrame, positionsKey: posKey, speciesKey };
}
