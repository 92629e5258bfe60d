/**
 * The registry of built-in datasets and the parser of their specs:
 *   `builtin:NAME?key=value&key=value` (the `builtin:` prefix is optional).
 * The dataset's `source` is the spec with every parameter written out, for provenance.
 */
import type { Dataset } from '../dataset';
import { parseStrictInteger, parseStrictNumber, quoteValue } from '../numbers';
import { makeNbody2Dataset, NBODY2_PARAMS, type Nbody2Variant } from './nbody2';
import type { BuiltinParam } from './params';
import { makeMoleculesDataset, MOLECULES_PARAMS } from './molecules';
import { DISCRETE_ROTATION_PARAMS, makeDiscreteRotationDataset } from './discrete-rotation';
import { makePartialPermutationDataset, PARTIAL_PERMUTATION_PARAMS } from './partial-permutation';
import { makeMixedAxesDataset, MIXED_AXES_PARAMS } from './mixed-axes';
import { makeNoSymmetryDataset, NO_SYMMETRY_PARAMS } from './no-symmetry';
import { makeNbody2StrictDataset, NBODY2_STRICT_PARAMS } from './nbody2-strict';
import { makeMixedAxesXyDataset, MIXED_AXES_XY_PARAMS } from './mixed-axes-xy';
import { makePermutationCrossDataset, PERMUTATION_CROSS_PARAMS } from './permutation-cross';
import { LJ_CLUSTER_PARAMS, makeLjClusterDataset } from './lj-cluster';
import { makeRotatedDigitsDataset, ROTATED_DIGITS_PARAMS } from './rotated-digits';

export type { BuiltinParam } from './params';

export interface BuiltinInfo {
  name: string;
  /** One line. */
  description: string;
  params: BuiltinParam[];
}

interface BuiltinEntry extends BuiltinInfo {
  build(params: Record<string, number>, name: string, source: string): Dataset;
}

function nbody2Entry(name: string, description: string, variant: Nbody2Variant): BuiltinEntry {
  return {
    name,
    description,
    params: NBODY2_PARAMS,
    build: (p, displayName, source) =>
      makeNbody2Dataset(
        { trajectories: p.trajectories ?? 1600, seed: p.seed ?? 0, nu: p.nu ?? 1e-3 },
        variant,
        displayName,
        source,
      ),
  };
}

function moleculesEntry(name: string, description: string, d: 3 | 4): BuiltinEntry {
  return {
    name,
    description,
    params: MOLECULES_PARAMS,
    build: (p, displayName, source) =>
      makeMoleculesDataset(
        { samples: p.samples ?? 2000, molecules: p.molecules ?? 4, noise: p.noise ?? 0.05, translation: p.translation ?? 1, seed: p.seed ?? 0 },
        d,
        displayName,
        source,
      ),
  };
}

const BUILTINS: BuiltinEntry[] = [
  nbody2Entry('nbody2', '2-body orbits, next state from the current one (1 -> 1), random half split of trajectories', {
    split: 'random', tIn: 1, tOut: 1,
  }),
  nbody2Entry('nbody2-ood', '2-body orbits, 1 -> 1, out of distribution: train in the top-left/bottom-right quadrants, test in the others', {
    split: 'ood', tIn: 1, tOut: 1,
  }),
  nbody2Entry('nbody2-3x3', '2-body orbits, next 3 states from the last 3 (3 -> 3), random half split of trajectories', {
    split: 'random', tIn: 3, tOut: 3,
  }),
  nbody2Entry('nbody2-ood-3x3', '2-body orbits, 3 -> 3, out of distribution: train in the top-left/bottom-right quadrants, test in the others', {
    split: 'ood', tIn: 3, tOut: 3,
  }),
  moleculesEntry('molecules', 'rigid molecules, random rotations and translations, invariant energy; points:3, ground truth so(3)', 3),
  moleculesEntry('molecules-se3', 'the same molecules in homogeneous coordinates; points:4, ground truth se(3)', 4),
  {
    name: 'discrete-rotation',
    description: 'y = x3 / (1 + mod(atan2(x2, x1), 2 pi / K)): invariant only to rotations by multiples of 2 pi / K in a plane',
    params: DISCRETE_ROTATION_PARAMS,
    build: makeDiscreteRotationDataset,
  },
  {
    name: 'partial-permutation',
    description: 'y = x1 x2 x3 + x4 - x5^2: invariant to permutations of x1..x3 (S_3), not of x4, x5',
    params: PARTIAL_PERMUTATION_PARAMS,
    build: makePartialPermutationDataset,
  },
  {
    name: 'mixed-axes',
    description: '3-D points, y exactly invariant to rotations about z and approximately (eps) about x; vector:3',
    params: MIXED_AXES_PARAMS,
    build: makeMixedAxesDataset,
  },
  {
    name: 'nbody2-ood-strict',
    description: '2-body orbits, 1 -> 1, strictly out of distribution: body 1 in the top-left/bottom-right quadrants at both times to train, the others at both times to test',
    params: NBODY2_STRICT_PARAMS,
    build: makeNbody2StrictDataset,
  },
  {
    name: 'mixed-axes-xy',
    description: '3-D points, y exactly invariant to rotations about z, broken by eps about x and y; vector:3, ground truth so(3) with z exact',
    params: MIXED_AXES_XY_PARAMS,
    build: makeMixedAxesXyDataset,
  },
  {
    name: 'permutation-cross',
    description: 'y from e1, e2, e3 of x1..x3 with cross terms in x4, x5: invariant to S_3 on x1..x3 only, no continuous symmetry',
    params: PERMUTATION_CROSS_PARAMS,
    build: makePermutationCrossDataset,
  },
  {
    name: 'no-symmetry',
    description: 'y a fixed random tanh network of 4 inputs: a control with no symmetry at all',
    params: NO_SYMMETRY_PARAMS,
    build: makeNoSymmetryDataset,
  },
  {
    name: 'lj-cluster',
    description: 'Lennard-Jones cluster, NVE molecular dynamics with zero linear and angular momentum: energy and forces per frame; points:3, ground truth so(3)',
    params: LJ_CLUSTER_PARAMS,
    build: makeLjClusterDataset,
  },
  {
    name: 'rotated-digits',
    description: 'digits drawn from a stroke font and turned: split=id turns them over the full circle, split=ood trains within +-trainAngle degrees and tests beyond; image layout, 10 classes, ground truth the plane rotation',
    params: ROTATED_DIGITS_PARAMS,
    build: makeRotatedDigitsDataset,
  },
];

/** Every built-in dataset: name, one-line description, parameters with defaults and bounds. */
export function listBuiltins(): BuiltinInfo[] {
  return BUILTINS.map(({ name, description, params }) => ({ name, description, params: params.map((p) => ({ ...p })) }));
}

export const BUILTIN_PREFIX = 'builtin:';

function describeParams(params: BuiltinParam[]): string {
  return params.map((p) => (p.choices ? `${p.name} (${p.choices.join('|')}, default ${p.choices[p.default]})` : `${p.name} (${p.kind}, default ${p.default})`)).join(', ');
}

/**
 * Parses `[builtin:]NAME[?key=value&...]` into the name and every parameter (defaults filled in).
 * Throws on unknown names and keys (listing the valid ones), repeated keys and bad values.
 */
export function parseBuiltinSpec(spec: string): { name: string; params: Record<string, number>; source: string } {
  const body = spec.trim().startsWith(BUILTIN_PREFIX) ? spec.trim().slice(BUILTIN_PREFIX.length) : spec.trim();
  const q = body.indexOf('?');
  const name = q < 0 ? body : body.slice(0, q);
  const query = q < 0 ? '' : body.slice(q + 1);
  const entry = BUILTINS.find((b) => b.name === name);
  if (!entry) {
    throw new Error(`unknown built-in dataset ${JSON.stringify(name)}; valid: ${BUILTINS.map((b) => b.name).join(', ')}`);
  }

  const given = new Map<string, string>();
  for (const item of query === '' ? [] : query.split('&')) {
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw new Error(`${BUILTIN_PREFIX}${name}: expected key=value, got ${quoteValue(item)}; valid keys: ${describeParams(entry.params)}`);
    }
    const key = item.slice(0, eq);
    if (!entry.params.some((p) => p.name === key)) {
      throw new Error(`${BUILTIN_PREFIX}${name}: unknown parameter ${JSON.stringify(key)}; valid keys: ${describeParams(entry.params)}`);
    }
    if (given.has(key)) throw new Error(`${BUILTIN_PREFIX}${name}: parameter ${key} given twice`);
    given.set(key, item.slice(eq + 1));
  }

  const params: Record<string, number> = {};
  for (const p of entry.params) {
    const text = given.get(p.name);
    if (text === undefined) {
      params[p.name] = p.default;
      continue;
    }
    if (p.choices) {
      const index = p.choices.indexOf(text);
      if (index < 0) throw new Error(`${BUILTIN_PREFIX}${name}: ${p.name} must be ${p.choices.join(' or ')} (${p.description}), got ${quoteValue(text)}`);
      params[p.name] = index;
      continue;
    }
    const value = p.kind === 'int' ? parseStrictInteger(text) : parseStrictNumber(text);
    if (value === undefined || value < p.min || value > p.max) {
      throw new Error(
        `${BUILTIN_PREFIX}${name}: ${p.name} must be ${p.kind === 'int' ? 'an integer' : 'a number'} in [${p.min}, ${p.max}] (${p.description}), got ${quoteValue(text)}`,
      );
    }
    params[p.name] = value;
  }
  const source = `${BUILTIN_PREFIX}${name}?${entry.params.map((p) => `${p.name}=${p.choices ? p.choices[params[p.name]!] : params[p.name]}`).join('&')}`;
  return { name, params, source };
}

/** Builds the built-in dataset named by `spec`, e.g. `builtin:nbody2?trajectories=200&seed=3`. */
export function loadBuiltin(spec: string): Dataset {
  const { name, params, source } = parseBuiltinSpec(spec);
  const entry = BUILTINS.find((b) => b.name === name);
  if (!entry) throw new Error(`unknown built-in dataset ${JSON.stringify(name)}`);
  return entry.build(params, `${BUILTIN_PREFIX}${name}`, source);
}
