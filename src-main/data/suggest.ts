/**
 * What the importer can offer for a dataset already imported: the columns or properties its source
 * carries (with their kind), and suggested targets, inputs, layouts, task, target kind and
 * trajectory settings, each with a one-line reason derived from the data. Pure: the caller reads
 * the source (suggest-source.ts) and passes its view; nothing here touches files.
 */
import { ID_LIKE_COLUMN, selectColumns } from './columns';
import type { DatasetRecord } from './record';

/** Most distinct whole values a column may hold to count as class labels. */
export const MAX_CLASSES = 10;

/** Frames that make enough samples; beyond twice this, a stride is suggested. */
const ENOUGH_SAMPLES = 10_000;

export interface FrameProperty {
  name: string;
  /** Numbers per frame (1: a scalar; more: a vector such as a dipole). */
  width: number;
  unit: string | null;
  description?: string;
  /** The first component in every frame read (to tell constants and class labels). */
  values: ArrayLike<number>;
}

export interface AtomProperty {
  name: string;
  width: number;
  /** Extended XYZ column type: R real, I integer, S string, L logical. */
  type: string;
}

/** What the importer sees in the source, read by suggest-source.ts. */
export type SourceView =
  | { kind: 'table'; columns: string[]; rows: number; data: Float64Array }
  | { kind: 'molecules'; frames: number; sameAtoms: boolean; perFrame: FrameProperty[]; perAtom: AtomProperty[]; commentNumbers: number; extended: boolean; commentSamples?: number[][] }
  | { kind: 'qm9'; properties: FrameProperty[] }
  | { kind: 'trajectory'; frames: number; atoms: number; perFrame: FrameProperty[]; d?: number }
  | { kind: 'builtin' }
  | { kind: 'images' };

export type EditField = 'inputs' | 'targets' | 'layout' | 'task' | 'targetKind' | 'stride' | 'nIn' | 'nOut' | 'groupBy';

/** The options an edit may change (the importer's own options, as `semola import` takes them). */
export interface EditOptions {
  inputs?: string;
  targets?: string;
  layout?: string;
  task?: 'invariant' | 'equivariant';
  targetKind?: 'regression' | 'classification';
  stride?: number;
  nIn?: number;
  nOut?: number;
  /** Tables: the column naming each row's correlation group ('' for none). */
  groupBy?: string;
  /** The user's units by target name (or `positions`); null returns one to the file's unit. */
  units?: Record<string, string | null>;
}

export type PropertyKind = 'numeric' | 'integer' | 'constant' | 'vector' | 'per-atom';

export interface PropertyInfo {
  name: string;
  /** column: a table column; frame: one value (or vector) per molecule/frame; atom: per atom. */
  scope: 'column' | 'frame' | 'atom';
  /** integer: whole numbers with few distinct values (class labels); constant: one value throughout. */
  kind: PropertyKind;
  width: number;
  /** Distinct values (counted up to MAX_CLASSES + 1); null where not counted. */
  distinct: number | null;
  unit: string | null;
  description: string | null;
  /** group: the table column naming each row's correlation group. */
  role: 'input' | 'target' | 'group' | 'unused';
  /** The first values (up to three; the first component of a vector). */
  samples?: number[];
}

export interface Suggestion {
  field: EditField;
  value: string | number;
  reason: string;
}

export interface DatasetSuggestions {
  /** The fields this format lets an edit change. */
  editable: EditField[];
  /** The selection the suggestions were made for (the record's, or the draft's). */
  current: EditOptions;
  properties: PropertyInfo[];
  suggestions: Suggestion[];
  /** Equivariance needs inputs and targets that share a layout (g acts on both). */
  equivariant: { possible: boolean; reason: string };
  /** The importer's notes on the dataset as imported. */
  notes: string[];
}

interface ColumnStats {
  kind: PropertyKind;
  distinct: number;
  min: number;
  first: number;
}

/** Kind of a series of numbers: constant, whole numbers with few values, or numeric. */
export function columnStats(values: ArrayLike<number>): ColumnStats {
  const seen = new Set<number>();
  let whole = true;
  let min = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (seen.size <= MAX_CLASSES) seen.add(v);
    if (!Number.isInteger(v)) whole = false;
    if (v < min) min = v;
  }
  const distinct = seen.size;
  const kind: PropertyKind = distinct <= 1 ? 'constant' : whole && distinct <= MAX_CLASSES && values.length >= 2 * distinct ? 'integer' : 'numeric';
  return { kind, distinct, min, first: values.length > 0 ? values[0]! : NaN };
}

const AXES = ['x', 'y', 'z'];

/**
 * Why a value is no invariant target of positions, or null: time, steps and indices count frames
 * or molecules; temperature and kinetic energy depend on velocities, which positions do not hold.
 */
export function notAnInvariantTarget(name: string): string | null {
  const n = name.replace(/\[\d+\]$/, '');
  if (/^(?:t|time|times|dt|timestep|time_?step|\w*_time|time_\w+|\w*_(?:fs|ps|ns|s))$/i.test(n)) return `${name} is a time: it counts frames, not a property of the positions`;
  if (/^(?:step|steps|frame|frames|i|idx|index|id|n|\w*_(?:id|idx|index|step|frame)|(?:id|idx|index)_\w*)$/i.test(n)) return `${name} is an index: it numbers frames or molecules`;
  if (/^(?:temperature|temp|t_?k|kelvin)$/i.test(n)) return `${name} is a temperature: it depends on the velocities, which the positions do not hold`;
  if (/^(?:kinetic(?:_energy)?|e_?kin|ekinetic|ke|kin_energy)$/i.test(n)) return `${name} is a kinetic energy: it depends on the velocities, which the positions do not hold`;
  return null;
}

/** The point a coordinate column belongs to and its axis: x1 -> (1, x), p1x / pos_x / pos[x] -> (p1 / pos, x). */
export function axisOf(name: string): { key: string; axis: string } | null {
  const bracket = /^(.+)\[([xyz012])\]$/i.exec(name);
  if (bracket) {
    const a = bracket[2]!.toLowerCase();
    return { key: bracket[1]!, axis: /\d/.test(a) ? AXES[Number(a)]! : a };
  }
  const lead = /^([xyz])[_.-]?([0-9][\w]*)$/i.exec(name);
  if (lead) return { key: lead[2]!, axis: lead[1]!.toLowerCase() };
  // A trailing axis after a digit (p1x), a separator (pos_x), a one-letter name (px) or alone (x); not `energy`.
  const trail = /^(.*\d)([xyz])$/i.exec(name) ?? /^(.+)[_.-]([xyz])$/i.exec(name) ?? /^([a-z]?)([xyz])$/i.exec(name);
  if (trail) return { key: trail[1]!, axis: trail[2]!.toLowerCase() };
  return null;
}

/** The block size D (3 or 2) when the names are consecutive points (x1,y1,z1,x2,...), else null. */
export function coordinateBlocks(names: string[]): number | null {
  for (const d of [3, 2]) {
    if (names.length < d || names.length % d !== 0) continue;
    const axes = AXES.slice(0, d);
    let ok = true;
    for (let b = 0; ok && b < names.length / d; b++) {
      const parts = names.slice(b * d, (b + 1) * d).map(axisOf);
      ok = parts.every((p, i) => p !== null && p.axis === axes[i] && p.key === parts[0]!.key);
    }
    if (ok) return d;
  }
  return null;
}

function listed(names: string[], max = 6): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, ... (${names.length})` : names.join(', ');
}

function text(o: Record<string, unknown>, key: string): string | undefined {
  return typeof o[key] === 'string' ? (o[key] as string) : Array.isArray(o[key]) ? (o[key] as unknown[]).join(',') : undefined;
}

function int(o: Record<string, unknown>, key: string): number | undefined {
  return typeof o[key] === 'number' ? (o[key] as number) : undefined;
}

/** The editable options as the record holds them, overridden by a draft. */
function selectionOf(record: DatasetRecord, draft: EditOptions | undefined): EditOptions {
  const o = record.options;
  const base: EditOptions = {
    inputs: text(o, 'inputs'),
    targets: text(o, 'targets'),
    layout: text(o, 'layout'),
    task: record.task,
    targetKind: record.targetKind,
    stride: int(o, 'stride'),
    nIn: int(o, 'nIn'),
    nOut: int(o, 'nOut'),
    groupBy: text(o, 'groupBy'),
  };
  const merged = { ...base, ...Object.fromEntries(Object.entries(draft ?? {}).filter(([, v]) => v !== undefined)) } as EditOptions;
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as EditOptions;
}

/** Suggestions for `record`, whose source reads as `view`; `draft` overrides the selection. */
export function suggestFor(record: DatasetRecord, view: SourceView, draft?: EditOptions): DatasetSuggestions {
  const current = selectionOf(record, draft);
  const base = { current, notes: record.notes };
  switch (view.kind) {
    case 'table':
      return { ...base, ...suggestTable(view, current, record.name) };
    case 'molecules':
      return { ...base, ...suggestMolecules(view, current) };
    case 'qm9':
      return { ...base, ...suggestQm9(view, current) };
    case 'trajectory':
      return { ...base, ...suggestTrajectory(view, current) };
    case 'builtin':
      return {
        ...base,
        editable: [],
        properties: record.targets.map((t) => ({ name: t.name, scope: 'column', kind: 'numeric', width: 1, distinct: null, unit: t.unit, description: null, role: 'target' })),
        suggestions: [],
        equivariant: { possible: record.task === 'equivariant', reason: `a built-in dataset is ${record.task} by construction; change it through its parameters (builtin:NAME?key=value)` },
      };
    case 'images':
      return {
        ...base,
        editable: [],
        properties: [{ name: 'label', scope: 'column', kind: 'numeric', width: 1, distinct: null, unit: null, description: 'class index per image', role: 'target' }],
        suggestions: [],
        equivariant: { possible: false, reason: 'a class label does not turn with the image: image datasets are invariant classification tasks' },
      };
  }
}

type Part = Omit<DatasetSuggestions, 'current' | 'notes'>;

function suggestTable(view: Extract<SourceView, { kind: 'table' }>, cur: EditOptions, label: string): Part {
  const { columns, rows, data } = view;
  const stats = columns.map((_, j) => columnStats(Array.from({ length: rows }, (__, r) => data[r * columns.length + j]!)));
  const group = cur.groupBy ? (selectColumns(cur.groupBy, columns, { what: 'group column', source: label })[0] ?? null) : null;
  const lastOther = columns.map((_, j) => j).filter((j) => j !== group).pop() ?? columns.length - 1;
  const targetIdx = cur.targets !== undefined ? selectColumns(cur.targets, columns, { what: 'targets', source: label }) : [lastOther];
  const inputIdx =
    cur.inputs !== undefined ? selectColumns(cur.inputs, columns, { what: 'inputs', source: label }) : columns.map((_, j) => j).filter((j) => !targetIdx.includes(j) && j !== group);
  const properties: PropertyInfo[] = columns.map((name, j) => ({
    name,
    scope: 'column',
    kind: stats[j]!.kind,
    width: 1,
    distinct: stats[j]!.distinct,
    unit: null,
    description: null,
    role: j === group ? 'group' : targetIdx.includes(j) ? 'target' : inputIdx.includes(j) ? 'input' : 'unused',
    samples: Array.from({ length: Math.min(3, rows) }, (__, r) => data[r * columns.length + j]!),
  }));
  const out: Suggestion[] = [];
  const nameOf = (idx: number[]): string[] => idx.map((j) => columns[j]!);
  const varying = columns.map((_, j) => j).filter((j) => stats[j]!.kind !== 'constant');

  // Group column: an id-like name holding whole numbers that repeat (rows of one trajectory or molecule).
  const repeats = (j: number): boolean => {
    const seen = new Set<number>();
    for (let r = 0; r < rows; r++) {
      const v = data[r * columns.length + j]!;
      if (!Number.isInteger(v)) return false;
      seen.add(v);
    }
    return seen.size >= 2 && seen.size <= rows / 2;
  };
  const groupLike = varying.filter((j) => j !== group && ID_LIKE_COLUMN.test(columns[j]!) && repeats(j));
  for (const j of groupLike) {
    out.push({ field: 'groupBy', value: columns[j]!, reason: `${columns[j]} names a group (trajectory, molecule) that several rows share: hold out whole groups, and do not feed the id to the model` });
  }

  // Targets: class-label columns, the column(s) left over beside coordinate groups, the importer's default.
  const classes = varying.filter((j) => stats[j]!.kind === 'integer' && stats[j]!.min >= 0 && !groupLike.includes(j) && j !== group);
  for (const j of classes) {
    out.push({ field: 'targets', value: columns[j]!, reason: `${columns[j]} holds ${stats[j]!.distinct} distinct whole numbers >= 0: class labels` });
  }
  const coordinate = varying.filter((j) => axisOf(columns[j]!) !== null);
  const rest = varying.filter((j) => !coordinate.includes(j) && !classes.includes(j) && !groupLike.includes(j) && j !== group);
  if (coordinate.length >= 2 && rest.length > 0 && coordinateBlocks(nameOf(coordinate)) !== null) {
    out.push({ field: 'targets', value: nameOf(rest).join(','), reason: `the column${rest.length > 1 ? 's' : ''} beside the coordinate groups (${listed(nameOf(coordinate), 3)})` });
  }
  const last = varying.filter((j) => j !== group).pop();
  if (last !== undefined && !out.some((s) => s.field === 'targets' && s.value === columns[last])) {
    out.push({ field: 'targets', value: columns[last]!, reason: 'the last column that varies (the importer takes the last column by default)' });
  }

  // Inputs: never a constant column.
  const constantInputs = inputIdx.filter((j) => stats[j]!.kind === 'constant');
  if (constantInputs.length > 0) {
    const keep = inputIdx.filter((j) => stats[j]!.kind !== 'constant');
    if (keep.length > 0) {
      const c = constantInputs[0]!;
      out.push({
        field: 'inputs',
        value: nameOf(keep).join(','),
        reason: `${listed(nameOf(constantInputs))} ${constantInputs.length > 1 ? 'hold one value each' : `holds ${stats[c]!.first}`} in every row: nothing to learn from`,
      });
    }
  }

  // Layout from the input names: points (x1,y1,z1,...) or pairs (x1,y1,...) share one g per block.
  const inputNames = nameOf(inputIdx);
  const targetNames = nameOf(targetIdx);
  const d = coordinateBlocks(inputNames);
  if (d !== null && inputNames.length > d) {
    out.push({ field: 'layout', value: `vector:${d}`, reason: `inputs ${listed(inputNames, d * 2)} are ${inputNames.length / d} ${d}-D points: g acts on each alike` });
  } else if (d !== null) {
    out.push({ field: 'layout', value: 'vector', reason: `inputs ${inputNames.join(', ')} are one ${d}-D point` });
  } else {
    out.push({ field: 'layout', value: 'vector', reason: `no coordinate groups in the input names: g acts on the whole row of ${inputNames.length} features` });
  }

  // Task: equivariant only when the targets are blocks g acts on as it acts on the inputs.
  const blockD = d ?? inputNames.length;
  const classification = cur.targetKind === 'classification';
  const sharesLayout = targetNames.length % blockD === 0 && blockD >= 2;
  const targetD = coordinateBlocks(targetNames);
  const equivariant = classification
    ? { possible: false, reason: 'a class label is not something g can act on' }
    : sharesLayout
      ? { possible: true, reason: `the ${targetNames.length} targets are whole blocks of ${blockD} features, as the inputs are` }
      : { possible: false, reason: `the ${targetNames.length} target(s) are not blocks of the inputs' ${blockD} features: g cannot act on them` };
  if (equivariant.possible && targetD !== null && targetD === blockD) {
    out.push({ field: 'task', value: 'equivariant', reason: `the targets ${listed(targetNames, 3)} are ${targetD}-D points like the inputs: they turn with g` });
  } else {
    out.push({ field: 'task', value: 'invariant', reason: equivariant.possible ? 'the targets do not look like points; scalars stay unchanged under g' : equivariant.reason });
  }

  // Target kind: classification for one target of few whole values.
  const only = targetIdx.length === 1 ? targetIdx[0]! : undefined;
  if (only !== undefined && stats[only]!.kind === 'integer' && stats[only]!.min >= 0) {
    out.push({ field: 'targetKind', value: 'classification', reason: `${columns[only]} takes ${stats[only]!.distinct} whole values: predict the class` });
  } else {
    out.push({ field: 'targetKind', value: 'regression', reason: only === undefined ? 'classification takes exactly one target column' : `${columns[only]} is continuous (or has many values)` });
  }
  return { editable: ['inputs', 'targets', 'layout', 'task', 'targetKind', 'groupBy'], properties, suggestions: out, equivariant };
}

function frameProperties(props: FrameProperty[], targets: string[]): PropertyInfo[] {
  return props.map((p) => {
    const s = columnStats(p.values);
    return {
      name: p.name,
      scope: 'frame',
      kind: s.kind === 'constant' ? 'constant' : p.width > 1 ? 'vector' : s.kind,
      width: p.width,
      distinct: s.distinct,
      unit: p.unit,
      description: p.description ?? null,
      role: targets.includes(p.name) ? 'target' : 'unused',
      samples: Array.from({ length: Math.min(3, p.values.length) }, (_, i) => p.values[i]!),
    };
  });
}

function namesOf(targets: string | undefined): string[] {
  return targets === undefined ? [] : targets.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function moleculeLayouts(sameAtoms: boolean, perAtomTarget: boolean): Suggestion[] {
  if (perAtomTarget) return [{ field: 'layout', value: 'vector', reason: 'a per-atom target turns with the atoms: every molecule in one atom order, d = 3 per atom' }];
  const out: Suggestion[] = [
    { field: 'layout', value: 'points:3', reason: 'scalar targets of whole molecules: g acts on every atom position (rotations, reflections)' },
    { field: 'layout', value: 'points:4', reason: 'homogeneous coordinates: g may also translate (se(3))' },
  ];
  if (sameAtoms) out.push({ field: 'layout', value: 'vector', reason: 'every molecule has the same atoms in the same order: a fixed vector of 3 per atom' });
  return out;
}

function suggestMolecules(view: Extract<SourceView, { kind: 'molecules' }>, cur: EditOptions): Part {
  const targets = namesOf(cur.targets);
  const properties = frameProperties(view.perFrame, targets);
  for (const a of view.perAtom) {
    properties.push({ name: a.name, scope: 'atom', kind: 'per-atom', width: a.width, distinct: null, unit: null, description: `${a.width} per atom (${a.type})`, role: targets.includes(a.name) ? 'target' : 'unused' });
  }
  if (!view.extended) {
    for (let k = 0; k < view.commentNumbers; k++) {
      const name = targets[k];
      const samples = (view.commentSamples ?? []).map((row) => row[k]).filter((v): v is number => v !== undefined);
      properties.push({ name: name && name !== '_' ? name : `value ${k + 1}`, scope: 'frame', kind: 'numeric', width: 1, distinct: null, unit: null, description: `number ${k + 1} on the comment line (words are not counted)`, role: name && name !== '_' ? 'target' : 'unused', samples });
    }
  }
  const out: Suggestion[] = [];
  for (const p of properties.filter((q) => q.scope === 'frame' && (q.kind === 'numeric' || q.kind === 'integer') && view.extended && notAnInvariantTarget(q.name) === null)) {
    out.push({ field: 'targets', value: p.name, reason: `${p.name}${p.unit ? ` [${p.unit}]` : ''} varies between frames: an invariant scalar target` });
  }
  for (const a of view.perAtom.filter((q) => q.type === 'R' && q.width === 3)) {
    out.push({ field: 'targets', value: a.name, reason: `${a.name} is a 3-vector per atom: it turns with the molecule (equivariant, vector layout)` });
  }
  const perAtomTarget = targets.length === 1 && view.perAtom.some((a) => a.name === targets[0]);
  out.push(...moleculeLayouts(view.sameAtoms, perAtomTarget));
  if (view.frames > 2 * ENOUGH_SAMPLES) out.push(strideSuggestion(view.frames, 1));
  const equivariant = perAtomTarget
    ? { possible: true, reason: `${targets[0]} has 3 numbers per atom, as the positions do` }
    : { possible: false, reason: 'per-molecule targets are scalars (or fixed vectors) that g leaves unchanged; a per-atom 3-vector target would be equivariant' };
  // Frames of the same atoms can also be a trajectory: next-frame prediction with n-in / n-out.
  const editable: EditField[] = view.frames > 1 ? (view.sameAtoms && view.frames > 2 ? ['targets', 'layout', 'stride', 'nIn', 'nOut'] : ['targets', 'layout', 'stride']) : ['targets', 'layout'];
  return { editable, properties, suggestions: out, equivariant };
}

function suggestQm9(view: Extract<SourceView, { kind: 'qm9' }>, cur: EditOptions): Part {
  const targets = namesOf(cur.targets);
  const properties = frameProperties(view.properties, targets);
  const out: Suggestion[] = properties
    .filter((p) => p.kind !== 'constant')
    .map((p) => ({ field: 'targets' as const, value: p.name, reason: `${p.description ?? p.name} [${p.unit ?? 'no unit'}]: invariant under rotations and translations` }));
  out.push(...moleculeLayouts(false, false));
  return { editable: ['targets', 'layout'], properties, suggestions: out, equivariant: { possible: false, reason: 'QM9 properties are scalars of whole molecules: invariant' } };
}

function strideSuggestion(frames: number, current: number): Suggestion {
  const stride = Math.max(current, Math.ceil(frames / ENOUGH_SAMPLES));
  return { field: 'stride', value: stride, reason: `${frames} frames: neighbouring frames nearly repeat; every ${stride}-th frame keeps about ${Math.ceil(frames / stride)}` };
}

function suggestTrajectory(view: Extract<SourceView, { kind: 'trajectory' }>, cur: EditOptions): Part {
  const targets = namesOf(cur.targets);
  const properties = frameProperties(view.perFrame, targets);
  const stride = cur.stride ?? 1;
  const picked = Math.ceil(view.frames / stride);
  const out: Suggestion[] = [];
  if (view.frames > 2 * ENOUGH_SAMPLES) out.push(strideSuggestion(view.frames, stride));
  else if (stride > 1 && picked < 100) out.push({ field: 'stride', value: 1, reason: `stride ${stride} leaves ${picked} of ${view.frames} frames: use every frame` });
  if (targets.length === 0) {
    out.push({ field: 'nIn', value: 1, reason: 'predict the next frame from the current one' });
    out.push({ field: 'nOut', value: 1, reason: 'one frame out: the simplest equivariant target' });
    if (picked - 6 + 1 >= 100) {
      out.push({ field: 'nIn', value: 3, reason: `three frames in show velocities; ${picked - 5} samples remain at stride ${stride}` });
      out.push({ field: 'nOut', value: 3, reason: 'three frames out, as the nbody2-3x3 built-in' });
    }
    const d = view.d ?? 3;
    if (d === 3) out.push({ field: 'layout', value: 'vector', reason: `next-frame prediction: d = 3 per atom and frame (${view.atoms} atoms)` });
    else {
      out.push({ field: 'layout', value: `vector:${d}`, reason: `next-frame prediction: g acts on each ${d}-wide state (${view.atoms} per frame)` });
      if (d % 2 === 0 && d > 2) out.push({ field: 'layout', value: 'vector:2', reason: `states of ${d} values as ${d / 2} 2-D vectors (positions and momenta of bodies in a plane): g acts on each alike` });
      if (d % 3 === 0 && d > 3) out.push({ field: 'layout', value: 'vector:3', reason: `states of ${d} values as ${d / 3} 3-D vectors: g acts on each alike` });
    }
  } else {
    out.push({ field: 'layout', value: 'points:3', reason: 'per-frame targets: each frame a molecule, g acts on its atoms' });
  }
  for (const p of properties.filter((q) => q.kind !== 'constant' && notAnInvariantTarget(q.name) === null)) {
    out.push({ field: 'targets', value: p.name, reason: `${p.name} varies over the trajectory: per-frame regression instead of next-frame prediction` });
  }
  const equivariant =
    targets.length === 0
      ? { possible: true, reason: 'next frames are positions, laid out as the input frames are' }
      : { possible: false, reason: 'per-frame targets are scalars of the frame: invariant' };
  return { editable: ['targets', 'layout', 'stride', 'nIn', 'nOut'], properties, suggestions: out, equivariant };
}
