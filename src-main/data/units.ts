/**
 * Units of imported values. A file states its units (an extended XYZ key `<name>_unit`, QM9's
 * documented table), or follows a convention that fixes them: files in ASE's layout use ASE's
 * units (eV, Angstrom, amu; forces eV/Angstrom, stress eV/Angstrom^3, temperature K, `*_fs` keys
 * in fs). Anything else is recorded as unknown (null), never guessed.
 */
import type { DatasetRecord } from './record';

export const ASE_CONVENTION = 'ASE convention';

/** ASE's fixed units by the names ASE gives values (calculator results, Atoms arrays, info keys it writes). */
const ASE_UNITS: Record<string, string> = {
  positions: 'Angstrom',
  pos: 'Angstrom',
  energy: 'eV',
  free_energy: 'eV',
  energies: 'eV',
  forces: 'eV/Angstrom',
  stress: 'eV/Angstrom^3',
  stresses: 'eV/Angstrom^3',
  virial: 'eV',
  masses: 'amu',
  momenta: 'sqrt(amu*eV)',
  velocities: 'sqrt(eV/amu)',
  charges: 'e',
  initial_charges: 'e',
  dipole: 'e*Angstrom',
  magmom: 'mu_B',
  magmoms: 'mu_B',
  temperature: 'K',
  cell: 'Angstrom',
  Lattice: 'Angstrom',
};

/** The unit ASE's convention gives a value of this name, or null. */
export function aseUnit(name: string): string | null {
  const base = name.replace(/\[\d+\]$/, '');
  if (Object.prototype.hasOwnProperty.call(ASE_UNITS, base)) return ASE_UNITS[base]!;
  if (/_fs$/.test(base)) return 'fs';
  return null;
}

/**
 * True for an extended XYZ comment line as ASE's writer makes it: Properties starting with
 * species:S:1:pos:R:3 and an explicit pbc (ASE writes both on every frame).
 */
export function isAseExtxyzComment(comment: string): boolean {
  return /(?:^|\s)Properties=species:S:1:pos:R:3(?::|\s|$)/.test(comment) && /(?:^|\s)pbc=/.test(comment);
}

/** The units a training summary reports: of the positions and of each target column. */
export interface DatasetUnits {
  /** Where the units come from: the file, a convention (`ASE convention`), QM9; null: not stated. */
  source: string | null;
  positions: string | null;
  targets: Record<string, string | null>;
}

export function datasetUnits(record: DatasetRecord): DatasetUnits {
  return {
    source: record.units?.source ?? null,
    positions: record.units?.positions ?? null,
    targets: Object.fromEntries(record.targets.map((t) => [t.name, t.unit])),
  };
}

/** `name (unit)` for axis titles, `name` when the unit is unknown. */
export function withUnit(name: string, unit: string | null | undefined): string {
  return unit ? `${name} (${unit})` : name;
}

/** The source recorded for units the user set in the editor. */
export const USER_UNITS = 'user';

/** The user's units as a record's options hold them (`options.units`), or undefined when there are none. */
export function userUnitsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Whether a record has positions whose unit means something (molecules, trajectories), unlike table columns. */
export function hasPositions(record: Pick<DatasetRecord, 'layout' | 'format'>): boolean {
  return record.layout.kind === 'points' || record.format.startsWith('trajectory') || ['xyz', 'extxyz', 'qm9', 'xyz-folder'].includes(record.format);
}

/**
 * `record` with the user's units (by target name, a vector target's name for all its components,
 * or `positions`) in place of what the file states, recorded with source `user` and a note; the
 * keys that name nothing in this record are left out of `applied`. A gradient whose unit was not
 * stated gets energy/positions once both are known.
 */
export function withUserUnits(record: DatasetRecord, units: Record<string, string>): { record: DatasetRecord; applied: Record<string, string> } {
  const applied: Record<string, string> = {};
  const component = (target: string, key: string): boolean => target === key || target.startsWith(`${key}[`);
  for (const [key, unit] of Object.entries(units)) {
    if (key === 'positions' ? hasPositions(record) : record.targets.some((t) => component(t.name, key))) applied[key] = unit;
  }
  const keys = Object.keys(applied);
  if (keys.length === 0) return { record, applied };
  const was = keys.map((k) => {
    const before = k === 'positions' ? (record.units?.positions ?? null) : (record.targets.find((t) => component(t.name, k))?.unit ?? null);
    return `${k} ${applied[k]} (${before === null ? 'not stated before' : `was ${before}`})`;
  });
  const targets = record.targets.map((t) => {
    const key = keys.find((k) => k !== 'positions' && component(t.name, k));
    return key === undefined ? t : { ...t, unit: applied[key]! };
  });
  const positions = applied.positions ?? record.units?.positions ?? null;
  // Units still as the file or a convention states them keep that source beside the user's.
  const others = [...targets.filter((t) => !keys.some((k) => component(t.name, k)) && t.unit !== null), ...(applied.positions === undefined && positions !== null ? [1] : [])];
  const prior = record.units?.source;
  const source = others.length > 0 && prior !== undefined && prior !== USER_UNITS ? `${prior}; ${USER_UNITS}: ${keys.join(', ')}` : USER_UNITS;
  const gradient = record.targetGradient;
  const energy = gradient ? targets.find((t) => t.name === gradient.target)?.unit : undefined;
  const targetGradient = gradient && gradient.unit === null && energy && positions ? { ...gradient, unit: `${energy}/${positions}` } : gradient;
  return {
    record: {
      ...record,
      targets,
      units: { source, positions },
      ...(targetGradient ? { targetGradient } : {}),
      notes: [...record.notes, `Units set by the user: ${was.join(', ')}.`],
    },
    applied,
  };
}
