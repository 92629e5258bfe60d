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
