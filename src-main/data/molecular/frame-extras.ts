/**
 * What XYZ frames carry beside their targets: the per-atom forces that go with an energy target
 * (recorded as the energy's gradient, -forces), the molecule a frame belongs to (its group, so
 * that conformers of one molecule stay on one side of a split), the periodic cell, and the units
 * of the file (stated per key, or ASE's convention for files in ASE's layout).
 */
import type { DatasetRecord, TargetSpec } from '../record';
import { ASE_CONVENTION, aseUnit, isAseExtxyzComment } from '../units';
import type { XyzFile, XyzFrame, XyzFrameData } from '../xyz/xyz';

/** Info keys that name the molecule a frame is a conformer of, in order of preference. */
export const GROUP_KEYS = ['mol_id', 'molecule_id', 'molecule', 'smiles', 'inchi', 'inchikey'];

/** Targets that are energies: their gradient is minus the forces. */
const ENERGY_TARGETS = new Set(['energy', 'free_energy', 'total_energy', 'potential_energy', 'Epot', 'E']);

/** A unit the file states for `name`: the key `<name>_unit` or `<name>_units`. */
export function statedUnit(frame: XyzFrameData, name: string): string | null {
  for (const key of [`${name}_unit`, `${name}_units`]) {
    const u = frame.info[key];
    if (typeof u === 'string') return u;
  }
  return null;
}

export interface FrameUnits {
  /** `file` when the file states units, `ASE convention` for ASE's layout (both: `file, else ASE convention`), null otherwise. */
  source: string | null;
  positions: string | null;
  of(name: string): string | null;
}

/** Units of a file from its first frame: keys `<name>_unit`, else ASE's convention for ASE's layout. */
export function frameUnits(first: XyzFrameData): FrameUnits {
  const ase = isAseExtxyzComment(first.comment);
  const statedPositions = statedUnit(first, 'pos') ?? statedUnit(first, 'positions');
  const anyStated = Object.keys(first.info).some((k) => /_units?$/.test(k));
  return {
    source: ase ? (anyStated ? `file, else ${ASE_CONVENTION}` : ASE_CONVENTION) : anyStated ? 'file' : null,
    positions: statedPositions ?? (ase ? aseUnit('positions') : null),
    of: (name) => statedUnit(first, name) ?? (ase ? aseUnit(name) : null),
  };
}

export interface GradientPlan {
  target: string;
  /** The per-atom column read (negated). */
  column: string;
  unit: string | null;
}

/** The energy target's forces, when the first target is an energy and the frames carry forces:R:3. */
export function planGradient(targets: TargetSpec[], first: XyzFrameData, units: FrameUnits): GradientPlan | undefined {
  const t = targets[0];
  if (!t || !ENERGY_TARGETS.has(t.name)) return undefined;
  const f = first.arrays.forces;
  if (!f || f.type !== 'R' || f.width !== 3) return undefined;
  const stated = units.of('forces');
  const unit = stated ?? (t.unit && units.positions ? `${t.unit}/${units.positions}` : null);
  return { target: t.name, column: 'forces', unit };
}

/** -forces of a frame, checked against the plan; into `out` when it is long enough (a view of it). */
export function frameGradient(plan: GradientPlan, frame: XyzFrameData, fileName: string, out?: Float64Array): Float64Array {
  const f = frame.arrays[plan.column];
  if (!f || f.type !== 'R' || f.width !== 3) {
    throw new Error(`${fileName}:${frame.line + 1}: expected the per-atom column ${plan.column}:R:3 (as in the first frame), which goes with ${plan.target}`);
  }
  const v = f.values as Float64Array;
  const g = out && out.length >= v.length ? out.subarray(0, v.length) : new Float64Array(v.length);
  for (let k = 0; k < v.length; k++) g[k] = -v[k]!;
  return g;
}

/** The info key naming each frame's molecule, when every frame has one; undefined otherwise. */
export function groupKey(files: XyzFile[]): string | undefined {
  const first = files[0]?.frames[0];
  if (!first) return undefined;
  return GROUP_KEYS.find((k) => {
    const ok = (f: XyzFrame) => typeof f.info[k] === 'string' || typeof f.info[k] === 'number';
    return files.every((file) => file.frames.every(ok));
  });
}

/** Numbers groups by the value of `key`, in order of first appearance. */
export class GroupIndex {
  private readonly ids = new Map<string, number>();
  constructor(readonly key: string) {}
  of(frame: XyzFrameData): number {
    const v = String(frame.info[this.key]);
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(v, id);
    }
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

/** The first frame's cell, when it has one. */
export function cellOf(file: XyzFile): DatasetRecord['cell'] | undefined {
  const first = file.frames[0]!;
  if (!first.lattice) return undefined;
  const same = file.frames.every((f) => f.lattice !== undefined && f.lattice.every((x, k) => x === first.lattice![k]) && (f.pbc ?? []).every((p, k) => p === first.pbc![k]));
  return { lattice: first.lattice.slice(), pbc: (first.pbc ?? [true, true, true]).slice(), sameInEveryFrame: same };
}
