/**
 * A vector-layout Dataset from a plain numeric table (CSV/TSV, .npy, .npz), plus an optional
 * separate test table. Bytes in, Dataset out: file reading lives in files.ts.
 */
import type { Dataset, FeatureLayout, SampleSet, TargetKind, TaskKind } from './dataset';
import { ID_LIKE_COLUMN, selectColumns } from './columns';
import { readTable, type Table } from './tables';

export interface TableDatasetOptions {
  /** Train (or only) table: its path, for names and messages, and its bytes. */
  path: string;
  bytes: Uint8Array;
  /** Optional held-out table with the same columns. */
  testPath?: string;
  testBytes?: Uint8Array;
  /** Column selections (see columns.ts). Defaults: targets = last column, inputs = all others. */
  inputs?: string;
  targets?: string;
  task: TaskKind;
  /** Must be `vector` with d * blocks = number of inputs. Default: inferred (see resolveLayout). */
  layout?: FeatureLayout;
  /** Default `regression`. Classification takes one target column of class indices 0..K-1. */
  targetKind?: TargetKind;
  /** .npz only: the arrays to read (default all). */
  arrays?: string[];
  /** The format the user named; its reader answers (default: by content). */
  format?: 'csv' | 'tsv' | 'npy' | 'npz';
  /**
   * A column naming each row's correlation group (a trajectory, a molecule, an experiment): the
   * held-out splits take whole groups, and the column is neither an input nor a target.
   */
  groupBy?: string;
}

const FLOAT32_MAX = 3.4028234663852886e38;

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

function listNames(names: string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} in all)` : names.join(', ');
}

interface Selection {
  inputs: number[];
  targets: number[];
  /** The group column (`groupBy`), or null. */
  group: number | null;
}

function selectInputsTargets(table: Table, label: string, opts: TableDatasetOptions): Selection {
  const common = { groups: table.groups, source: label };
  const group = opts.groupBy !== undefined ? selectColumns(opts.groupBy, table.columns, { ...common, what: 'group column' }) : null;
  if (group && group.length !== 1) throw new Error(`${label}: group column ${JSON.stringify(opts.groupBy)}: name one column, got ${group.length}`);
  const g = group ? group[0]! : null;
  // The last column other than the group column is the default target.
  const last = table.columns.map((_, i) => i).filter((i) => i !== g).pop() ?? table.columns.length - 1;
  const targets = opts.targets !== undefined ? selectColumns(opts.targets, table.columns, { ...common, what: 'targets' }) : [last];
  const inputs =
    opts.inputs !== undefined
      ? selectColumns(opts.inputs, table.columns, { ...common, what: 'inputs' })
      : table.columns.map((_, i) => i).filter((i) => !targets.includes(i) && i !== g);
  if (g !== null && (inputs.includes(g) || targets.includes(g))) {
    throw new Error(`${label}: column ${JSON.stringify(table.columns[g])} is the group column; it cannot also be ${inputs.includes(g) ? 'an input' : 'a target'}`);
  }
  if (inputs.length === 0) {
    throw new Error(`${label}: no input columns left (the table has ${table.columns.length} column(s): ${listNames(table.columns)}); a dataset needs at least one input and one target column`);
  }
  const both = inputs.find((i) => targets.includes(i));
  if (both !== undefined) {
    throw new Error(`${label}: column ${JSON.stringify(table.columns[both])} is selected both as an input and as a target`);
  }
  return { inputs, targets, group: g };
}

/** Group ids 0, 1, ... by first appearance of each distinct value of column `c`. */
function groupIds(table: Table, c: number): Int32Array {
  const width = table.columns.length;
  const ids = new Map<number, number>();
  const out = new Int32Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const v = table.data[r * width + c]!;
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    out[r] = id;
  }
  return out;
}

/**
 * The layout g acts through. Given: must be `vector` with d * blocks = nIn. Inferred, for an
 * equivariant task: the target is one or more states of the same size as the input blocks
 * (nOut = nIn: d = nIn; nIn = k * nOut: d = nOut, k blocks; nOut = k * nIn: d = nIn), d >= 2.
 */
function resolveLayout(label: string, opts: TableDatasetOptions, nIn: number, nOut: number): { layout: FeatureLayout; note?: string } {
  let given = opts.layout;
  // blocks = 0: "d features per block, as many blocks as the inputs hold" (the CLI's `vector:D`).
  if (given && given.kind === 'vector' && given.blocks === 0) {
    if (given.d < 1 || nIn % given.d !== 0) throw new Error(`${label}: the layout's d = ${given.d} does not divide the ${nIn} selected input columns`);
    given = { kind: 'vector', d: given.d, blocks: nIn / given.d };
  }
  if (given) {
    if (given.kind !== 'vector') {
      throw new Error(`${label}: a table gives a 'vector' layout; got '${given.kind}' (point clouds come from the molecule importers)`);
    }
    if (given.d * given.blocks !== nIn) {
      throw new Error(`${label}: the layout (d = ${given.d}, blocks = ${given.blocks}) covers ${given.d * given.blocks} features, but ${nIn} input columns are selected`);
    }
    if (opts.task === 'equivariant' && nOut % given.d !== 0) {
      throw new Error(
        `${label}: an equivariant target must be whole blocks of d = ${given.d} features (g acts on each block), but ${nOut} target columns are selected`,
      );
    }
    return { layout: given };
  }
  if (opts.task === 'invariant' || nOut === nIn) return { layout: { kind: 'vector', d: nIn, blocks: 1 } };
  // Blocks of a single feature would leave g only a scale per feature: almost surely a wrong
  // column choice, so inference asks for d >= 2.
  if (nOut >= 2 && nIn % nOut === 0) {
    const blocks = nIn / nOut;
    return {
      layout: { kind: 'vector', d: nOut, blocks },
      note: `Layout inferred: the ${nIn} inputs are ${blocks} blocks of d = ${nOut} (the target size), each acted on by the same g.`,
    };
  }
  if (nIn >= 2 && nOut % nIn === 0) {
    return {
      layout: { kind: 'vector', d: nIn, blocks: 1 },
      note: `Layout inferred: the ${nOut} targets are ${nOut / nIn} blocks of d = ${nIn} (the input size), each acted on by the same g.`,
    };
  }
  throw new Error(
    `${label}: an equivariant task needs targets that g can act on: ${nOut} target column(s) and ${nIn} input column(s) share no block size of 2 or more. ` +
      'Select as many targets as inputs (e.g. the next state), or pass a vector layout whose d divides both counts.',
  );
}

/** Copies the chosen columns of `table` into a [rows, cols.length] Float32Array, range-checked. */
function gather(table: Table, cols: number[], label: string): Float32Array {
  const out = new Float32Array(table.rows * cols.length);
  const width = table.columns.length;
  for (let r = 0; r < table.rows; r++) {
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k] ?? 0;
      const v = table.data[r * width + c] ?? 0;
      if (Math.abs(v) > FLOAT32_MAX) {
        throw new Error(`${label}: data row ${r + 1}, column ${JSON.stringify(table.columns[c])}: ${v} does not fit a 32-bit float`);
      }
      out[r * cols.length + k] = v;
    }
  }
  return out;
}

/** Class labels must be whole numbers >= 0; returns the largest. */
function checkLabels(targets: Float32Array, label: string, column: string): number {
  let max = 0;
  targets.forEach((v, r) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`${label}: data row ${r + 1}, column ${JSON.stringify(column)}: expected a class index (integer >= 0), got ${v}`);
    }
    if (v > max) max = v;
  });
  return max;
}

/**
 * Builds the Dataset: train from `bytes`, test from `testBytes` (same column selection, and the
 * selected columns must carry the same names). Inputs [n, nIn] and targets [n, nOut] as float32.
 */
export function loadTableDataset(opts: TableDatasetOptions): Dataset {
  const targetKind = opts.targetKind ?? 'regression';
  const label = opts.path;
  const table = readTable(opts.bytes, label, { arrays: opts.arrays, format: opts.format });
  const sel = selectInputsTargets(table, label, opts);
  const inputNames = sel.inputs.map((i) => table.columns[i] ?? `c${i}`);
  const targetNames = sel.targets.map((i) => table.columns[i] ?? `c${i}`);

  if (targetKind === 'classification') {
    if (opts.task === 'equivariant') {
      throw new Error(`${label}: a classification target is a class index, which g cannot act on; use task 'invariant'`);
    }
    if (sel.targets.length !== 1) {
      throw new Error(`${label}: classification takes exactly one target column of class indices, got ${sel.targets.length}: ${listNames(targetNames)}`);
    }
  }
  const { layout, note } = resolveLayout(label, opts, sel.inputs.length, sel.targets.length);

  const makeSet = (t: Table, l: string, s: Selection): SampleSet => ({
    n: t.rows,
    inputs: gather(t, s.inputs, l),
    targets: gather(t, s.targets, l),
    ...(s.group !== null ? { groups: groupIds(t, s.group) } : {}),
  });
  const train = makeSet(table, label, sel);

  let test: SampleSet | undefined;
  if (opts.testBytes !== undefined) {
    const testLabel = opts.testPath ?? `${opts.path} (test)`;
    const testTable = readTable(opts.testBytes, testLabel, { arrays: opts.arrays, format: opts.format });
    const testSel = selectInputsTargets(testTable, testLabel, opts);
    const names = [...testSel.inputs, ...testSel.targets].map((i) => testTable.columns[i] ?? `c${i}`);
    const expected = [...inputNames, ...targetNames];
    if (names.length !== expected.length || names.some((n, k) => n !== expected[k])) {
      throw new Error(`${testLabel}: the selected columns (${listNames(names)}) differ from the train file's (${listNames(expected)})`);
    }
    test = makeSet(testTable, testLabel, testSel);
  }

  let numClasses: number | undefined;
  if (targetKind === 'classification') {
    const column = targetNames[0] ?? '';
    const maxTrain = checkLabels(train.targets, label, column);
    const maxTest = test ? checkLabels(test.targets, opts.testPath ?? label, column) : 0;
    numClasses = Math.max(maxTrain, maxTest) + 1;
  }

  const notes = [
    `Table ${baseName(opts.path)}: ${table.rows} rows; inputs: ${listNames(inputNames)}; targets: ${listNames(targetNames)}.`,
    test ? `Test split: ${opts.testPath ?? 'second table'}, ${test.n} rows.` : 'No test split given.',
  ];
  if (note) notes.push(note);
  const groupName = sel.group !== null ? (table.columns[sel.group] ?? `c${sel.group}`) : null;
  if (groupName !== null) {
    notes.push(`Groups: column ${JSON.stringify(groupName)}, ${new Set(train.groups).size} distinct values; held-out splits take whole groups, and the column is not an input.`);
  } else {
    const idLike = inputNames.filter((n) => ID_LIKE_COLUMN.test(n));
    if (idLike.length > 0) {
      notes.push(`Column${idLike.length > 1 ? 's' : ''} ${idLike.map((n) => JSON.stringify(n)).join(', ')} look${idLike.length > 1 ? '' : 's'} like an id of a group (trajectory, molecule) but ${idLike.length > 1 ? 'are inputs' : 'is an input'}: g acts on it, and rows of one group fall on both sides of the held-out split. Name it with --group-by (or leave it out with --inputs).`);
    }
  }

  return {
    name: baseName(opts.path),
    source: opts.testPath ? `${opts.path}; test: ${opts.testPath}` : opts.path,
    layout,
    task: opts.task,
    targetKind,
    ...(numClasses !== undefined ? { numClasses } : {}),
    inputNames,
    targetNames,
    train,
    ...(test ? { test } : {}),
    ...(groupName !== null ? { groupUnit: `${JSON.stringify(groupName)} group` } : {}),
    notes,
  };
}
