/**
 * Column selection (the COLS of `--inputs COLS`, `--targets COLS`).
 * A selection is a comma-separated list of items; each item is
 * - a column name (`p1x`),
 * - a group name, e.g. an .npz array (`X` picks `X[0] .. X[m-1]`),
 * - a 0-based half-open index range `a:b` (columns a .. b-1), or `a:` (a to the last column).
 * A name always wins over the range reading, so a column literally called `0:2` stays reachable.
 */

export interface ColumnSelectOptions {
  /** Named groups of columns (Table.groups). */
  groups?: Record<string, number[]>;
  /** What is being selected, for messages: `inputs`, `targets`. */
  what?: string;
  /** Where the columns come from, for messages: the file name. */
  source?: string;
}

const RANGE = /^(\d+):(\d*)$/;

/**
 * Column names that usually hold the id of a correlation group (a trajectory, a molecule, a run):
 * as an input such a column is almost surely a mistake, and as a group column it keeps the
 * held-out splits honest.
 */
export const ID_LIKE_COLUMN = /^(?:traj(?:ectory)?|run|episode|group|mol(?:ecule)?|system|sample|frame|conformer|structure)(?:_?(?:id|idx|index|no|number))?$|^(?:id|idx|index)$|_id$/i;

function listAvailable(columns: string[], groups?: Record<string, number[]>): string {
  const shown = columns.length > 40 ? [...columns.slice(0, 40), `... (${columns.length} in all)`] : columns;
  const names = shown.map((c, i) => `${i}:${c}`).join(', ');
  const groupNames = groups ? Object.keys(groups) : [];
  return groupNames.length > 0 ? `${names}; groups: ${groupNames.join(', ')}` : names;
}

/**
 * Parses `spec` against `columns`; returns the selected column indices in the order given.
 * Throws on unknown names, empty or out-of-range ranges, and columns picked twice.
 */
export function selectColumns(spec: string, columns: string[], opts: ColumnSelectOptions = {}): number[] {
  const prefix = `${opts.source ? `${opts.source}: ` : ''}${opts.what ?? 'columns'} ${JSON.stringify(spec)}`;
  const items = spec.split(',').map((s) => s.trim());
  if (spec.trim() === '' || items.some((s) => s === '')) {
    throw new Error(`${prefix}: empty column selection; expected names or a range like 0:3. Available: ${listAvailable(columns, opts.groups)}`);
  }
  const byName = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!byName.has(c)) byName.set(c, i);
  });

  const out: number[] = [];
  const taken = new Set<number>();
  for (const item of items) {
    const named = byName.get(item);
    const group = opts.groups?.[item];
    const range = RANGE.exec(item);
    let picked: number[];
    if (named !== undefined) {
      picked = [named];
    } else if (group !== undefined) {
      picked = group;
    } else if (range) {
      const a = Number(range[1]);
      const b = range[2] === '' ? columns.length : Number(range[2]);
      if (a >= b || b > columns.length) {
        throw new Error(
          `${prefix}: range ${item} is ${a >= b ? 'empty' : 'out of bounds'}; the table has ${columns.length} columns (valid ranges a:b with 0 <= a < b <= ${columns.length})`,
        );
      }
      picked = Array.from({ length: b - a }, (_, k) => a + k);
    } else {
      const hint = /^\d+$/.test(item) ? ` (for column index ${item} write ${item}:${Number(item) + 1})` : '';
      throw new Error(`${prefix}: no column named ${JSON.stringify(item)}${hint}. Available: ${listAvailable(columns, opts.groups)}`);
    }
    for (const i of picked) {
      if (taken.has(i)) {
        throw new Error(`${prefix}: column ${i} (${JSON.stringify(columns[i] ?? '')}) is selected twice`);
      }
      taken.add(i);
      out.push(i);
    }
  }
  return out;
}
