/**
 * The runs table's filter: space-separated terms, all of which must hold. A term is
 * `name<value`, `name>value` or `name=value` on a metric's best value (e.g. `val.loss<0.1`), a
 * config setting (`k=2`, `lr<0.01`, `mask.name=blocks2`) or a field (`status=done`, `tag=baseline`,
 * `found=yes`), or plain text found in the name, dataset, method, status, symmetry, tags or note.
 */
import type { RunSummary } from '../../../src-main/api/schemas';
import { COLUMN_VALUES } from './run-columns';

const FIELDS = ['status', 'method', 'name', 'dataset', 'backend', 'seed', 'tag', 'found'] as const;
type Field = (typeof FIELDS)[number];
const isField = (name: string): name is Field => (FIELDS as readonly string[]).includes(name);

/** A field's values as text; `found` has none for a run without a readable verdict. */
function fieldValues(run: RunSummary, field: Field): string[] {
  switch (field) {
    case 'tag':
      return run.tags;
    case 'dataset':
      return [run.datasetName];
    case 'backend':
      return [run.backend ?? ''];
    case 'seed':
      return [String(run.seed)];
    case 'found':
      return run.symmetryFound === null ? [] : [run.symmetryFound ? 'yes' : 'no'];
    case 'status':
    case 'method':
    case 'name':
      return [run[field]];
  }
}

export function matchesTerm(run: RunSummary, term: string): boolean {
  const m = /^([A-Za-z0-9_.]+)(<=|>=|<|>|=)(.+)$/.exec(term);
  if (m) {
    const [, name, op, text] = m as unknown as [string, string, string, string];
    if (isField(name) && op === '=') return fieldValues(run, name).some((v) => v.toLowerCase() === text.toLowerCase());
    const setting = run.settings[name];
    if (op === '=' && setting !== undefined && typeof setting !== 'number') return String(setting).toLowerCase() === text.toLowerCase();
    const value = run.best[name] ?? (typeof setting === 'number' ? setting : undefined);
    const bound = Number(text);
    if (value === undefined || !Number.isFinite(bound)) return false;
    switch (op) {
      case '<': return value < bound;
      case '<=': return value <= bound;
      case '>': return value > bound;
      case '>=': return value >= bound;
      default: return value === bound;
    }
  }
  const hay = [run.name, run.datasetName, run.method, run.status, run.note, run.symmetry ?? '', ...run.tags].join(' ').toLowerCase();
  return hay.includes(term.toLowerCase());
}

const COMPARISON = /^([A-Za-z0-9_.]+)(<=|>=|<|>|=)(.*)$/;

/**
 * What is wrong with each malformed term of a filter, in words ("val.loss<<1: "<1" is not a
 * number"), so a typo is not mistaken for "no run matches". Names are checked against the fields,
 * and the settings and metrics the listed runs have.
 */
export function filterProblems(runs: readonly RunSummary[], filter: string): string[] {
  const settings = new Set(runs.flatMap((r) => Object.keys(r.settings)));
  const metrics = new Set(runs.flatMap((r) => Object.keys(r.best)));
  const problems: string[] = [];
  for (const term of filter.split(/\s+/).filter((t) => t.length > 0)) {
    const m = COMPARISON.exec(term);
    if (!m) {
      if (/^[<>=]/.test(term)) problems.push(`${term}: a comparison needs a name before "${term[0]}", e.g. val.loss<0.1`);
      continue;
    }
    const [, name, op, text] = m as unknown as [string, string, string, string];
    if (text === '') {
      problems.push(`${term}: nothing after "${op}"`);
      continue;
    }
    const known = isField(name) || settings.has(name) || metrics.has(name);
    if (!known && runs.length > 0) {
      const close = [...FIELDS, ...metrics].filter((n) => n.startsWith(name.slice(0, 3))).slice(0, 3);
      problems.push(`${term}: no field, setting or metric is named "${name}"${close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : ''}; fields: ${FIELDS.join(', ')}; metrics such as ${[...metrics].slice(0, 3).join(', ')}`);
      continue;
    }
    const numeric = !isField(name) && (metrics.has(name) || runs.some((r) => typeof r.settings[name] === 'number'));
    if (op !== '=' && !numeric) problems.push(`${term}: "${name}" is compared with = only (it is not a number)`);
    else if (op !== '=' && !Number.isFinite(Number(text))) problems.push(`${term}: "${text}" is not a number`);
    else if (op === '=' && numeric && metrics.has(name) && !Number.isFinite(Number(text))) problems.push(`${term}: "${text}" is not a number`);
  }
  return problems;
}

export function filterRuns(runs: RunSummary[], filter: string): RunSummary[] {
  const terms = filter.split(/\s+/).filter((t) => t.length > 0);
  return runs.filter((run) => terms.every((t) => matchesTerm(run, t)));
}

export type SortKey = string;

/** Sort by a column: a field of the summary or `best:<metric>` / `last:<metric>`; missing values last. */
export function sortRuns(runs: RunSummary[], key: SortKey, descending: boolean): RunSummary[] {
  const value = (r: RunSummary): number | string | undefined => {
    if (key.startsWith('best:')) return r.best[key.slice(5)];
    if (key.startsWith('last:')) return r.last[key.slice(5)];
    if (Object.hasOwn(COLUMN_VALUES, key)) return COLUMN_VALUES[key]!(r);
    const v: unknown = Object.hasOwn(r, key) ? r[key as keyof RunSummary] : undefined;
    return typeof v === 'number' || typeof v === 'string' ? v : undefined;
  };
  return [...runs].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === undefined && vb === undefined) return 0;
    if (va === undefined) return 1;
    if (vb === undefined) return -1;
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return descending ? -c : c;
  });
}
