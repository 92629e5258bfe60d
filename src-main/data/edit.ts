/**
 * Editing an imported dataset: the import options to repeat the import with (the record's, with
 * the edited keys replaced), and the name an edit gets when the original row must stay as it is.
 */
import type { ImportOptions } from './import/types';
import type { DatasetRecord } from './record';
import type { EditOptions } from './suggest';
import { userUnitsOf } from './units';

const EDIT_KEYS = ['inputs', 'targets', 'layout', 'task', 'targetKind', 'stride', 'nIn', 'nOut', 'groupBy'] as const satisfies readonly (keyof EditOptions)[];

/** Options the record was imported with that an edit keeps (where the data is and how it is split). */
const KEPT_KEYS = ['format', 'seed', 'testFraction', 'limit', 'testPath', 'axes'] as const;

function recorded(value: unknown): string | number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  // Molecule importers record target names as a list; the option is their comma-separated text.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return undefined;
}

/** The recorded user units with the edit's: a unit replaces, null returns that key to the file's unit. */
function editedUnits(recordedValue: unknown, edit: EditOptions['units']): Record<string, string> | undefined {
  const units: Record<string, string> = { ...userUnitsOf(recordedValue) };
  for (const [key, unit] of Object.entries(edit ?? {})) {
    if (unit === null) delete units[key];
    else units[key] = unit;
  }
  return Object.keys(units).length > 0 ? units : undefined;
}

/**
 * The import options for `record` edited by `edit`. A key given as an empty string goes back to
 * the importer's default (e.g. targets '' on a trajectory: next-frame prediction again).
 */
export function editedImportOptions(record: DatasetRecord, edit: EditOptions): ImportOptions {
  const o = record.options;
  const out: Record<string, unknown> = {};
  for (const key of [...KEPT_KEYS, ...EDIT_KEYS]) {
    const v = recorded(o[key]);
    if (v !== undefined) out[key] = v;
  }
  // A user-supplied test file is the second source file of a given split.
  if (out.testPath === undefined && record.split.kind === 'given' && record.sourceFiles[1] !== undefined) out.testPath = record.sourceFiles[1];
  for (const key of EDIT_KEYS) {
    const v = edit[key];
    if (v === undefined) continue;
    if (v === '') delete out[key];
    else out[key] = v;
  }
  const units = editedUnits(o.units, edit.units);
  if (units !== undefined) out.units = units;
  // Frames of one XYZ file become a trajectory when n-in / n-out are set and no targets are named.
  const xyz = out.format === 'xyz' || out.format === 'extxyz' || out.format === 'trajectory-xyz';
  if (xyz && (edit.nIn !== undefined || edit.nOut !== undefined) && out.targets === undefined) {
    out.format = 'trajectory-xyz';
    // The molecules' points layout does not carry over to next-frame pairs (vector, d = 3).
    if (edit.layout === undefined && typeof out.layout === 'string' && out.layout.startsWith('points')) delete out.layout;
  }
  return out as ImportOptions;
}

/** The edit keys whose value differs between two records' options (and task / target kind). */
export function changedKeys(before: DatasetRecord, after: DatasetRecord): string[] {
  const keys: string[] = EDIT_KEYS.filter((k) => k !== 'task' && k !== 'targetKind' && JSON.stringify(recorded(before.options[k]) ?? null) !== JSON.stringify(recorded(after.options[k]) ?? null));
  if (before.task !== after.task) keys.push('task');
  if (before.targetKind !== after.targetKind) keys.push('targetKind');
  if (JSON.stringify(userUnitsOf(before.options.units) ?? null) !== JSON.stringify(userUnitsOf(after.options.units) ?? null)) keys.push('units');
  return keys;
}

const EDITED_SUFFIX = / \(edited[^)]*\)$/;

/** `name (edited: targets, layout)`: an edit stored beside the row that runs were trained on. */
export function editedName(name: string, keys: string[]): string {
  const base = name.replace(EDITED_SUFFIX, '');
  return keys.length > 0 ? `${base} (edited: ${keys.join(', ')})` : `${base} (edited)`;
}
