/**
 * `runTrain`, the function behind `semola train`: the summary JSON contract, --out, seeding,
 * table data without a test split, and the errors a user sees for bad input files and settings.
 * Every run is tiny (1 epoch, a 16-unit MLP, a few trajectories), so the whole file takes seconds.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';
import { DEFAULT_CONFIG, resolveConfig, type TrainConfig } from '../../src-main/engine/config';
import type { RunOptions } from '../../src-main/run/options';
import { runTrain } from '../../src-main/run/train';
import { withStrengthsResolved } from '../../src-main/engine/losses/strengths';
import { SUMMARY_SCHEMA_VERSION, type Summary } from '../../src-main/summary/schema';
import { analyzeAlgebra, MATCH_THRESHOLD } from '../../src-main/engine/lie/algebra/index';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { actionRows } from '../../src-main/engine/evaluation/evaluate';
import { dataSpanProjector } from '../../src-main/engine/evaluation/metrics/visible';

const NBODY = 'builtin:nbody2?trajectories=10';

/** The smallest settings that still exercise every loss term. */
const TINY = {
  epochs: 1,
  model: { hidden: [16] },
  manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 },
  evalPoints: 50,
  evalGroupSamples: 4,
};

function tiny(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(TINY), ...over };
}

function train(opts: Partial<RunOptions> & { config?: Record<string, unknown> }): Promise<Summary> {
  return runTrain({ data: NBODY, backend: 'cpu', ...opts, config: opts.config ?? tiny() });
}

/** Everything in a summary that must repeat exactly for the same seed and backend (no clock readings). */
function deterministicPart(s: Summary): unknown {
  return {
    basis: s.basis,
    basisVisible: s.basisVisible,
    metrics: s.metrics,
    reference: s.reference,
    history: s.history.map(({ seconds: _seconds, ...rest }) => rest),
  };
}

function isFiniteNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Rotation generator of the plane on each of q1, q2, p1, p2: blockdiag(J, J, J, J), Frobenius norm sqrt(8). */
function rotation8(scale = 1): number[][][] {
  const L = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  for (let b = 0; b < 8; b += 2) {
    L[b]![b + 1] = -scale;
    L[b + 1]![b] = scale;
  }
  return [L];
}

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'semola-train-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runTrain on a built-in dataset', () => {
  let summary: Summary;
  let outFile = '';

  beforeAll(async () => {
    outFile = path.join(dir, 'summary.json');
    summary = await train({ out: outFile, config: tiny({ seed: 5 }) });
  });

  it('returns a summary with the contract keys', () => {
    expect(summary.schemaVersion).toBe(SUMMARY_SCHEMA_VERSION);
    expect(summary.schemaVersion).toBe(1);
    expect(summary.backend).toBe('cpu');
    expect(typeof summary.backendDetail).toBe('string');
    expect(Array.isArray(summary.backendsSkipped)).toBe(true);
    for (const key of ['dataset', 'config', 'basis', 'basisVisible', 'metrics', 'reference', 'history', 'timings']) {
      expect(summary, key).toHaveProperty(key);
    }
    expect(summary.dataset).toMatchObject({
      name: 'builtin:nbody2',
      layout: { kind: 'vector', d: 8, blocks: 1 },
      task: 'equivariant',
      targetKind: 'regression',
      testSource: 'test split',
    });
    expect(summary.dataset.inputs).toHaveLength(8);
    expect(summary.dataset.trainSamples).toBeGreaterThan(0);
    expect(summary.dataset.testSamples).toBeGreaterThan(0);
    // Windows of one orbit are near-duplicates; 5 training trajectories of 19 windows cannot give
    // 10 % as whole trajectories, and the summary says so rather than splitting rows silently.
    expect(summary.dataset.validationSplit).toMatch(/NOT by trajectory: 5 correlation groups cannot hold out 10 % of 95 samples/);
  });

  it('records the config with every default resolved', () => {
    const c = summary.config;
    // Every engine setting is present, not only the ones that were given.
    for (const key of Object.keys(DEFAULT_CONFIG)) expect(c, key).toHaveProperty(key);
    expect(c.weights.equiv).toBe(1);
    expect(c.weights).toEqual(DEFAULT_CONFIG.weights);
    expect(c.k).toBe(1);
    expect(c.lr).toBe(DEFAULT_CONFIG.lr);
    expect(c.method).toBe('semola');
    expect(c.preset).toBe('default');
    // Nested objects merge: the given key wins, the sibling default stays.
    expect(c.model).toEqual({ kind: 'mlp', hidden: [16], channels: [16, 32, 32], init: 'he-uniform', activation: 'auto' });
    expect(c.seed).toBe(5);
    expect(c.epochs).toBe(1);
    // Strengths `auto` is recorded resolved: off for one generator.
    expect(c.strengths.enabled).toBe(false);
    expect(c).toEqual(withStrengthsResolved(resolveConfig(tiny({ seed: 5 }) as Partial<TrainConfig>), 'regression'));
  });

  it('reports the learned basis as k x d x d with d = 8', () => {
    expect(summary.basis).toHaveLength(summary.config.k);
    for (const L of summary.basis) {
      expect(L).toHaveLength(8);
      for (const row of L) {
        expect(row).toHaveLength(8);
        expect(row.every(isFiniteNumber)).toBe(true);
      }
      // Normalised to Frobenius norm sqrt(d).
      expect(Math.hypot(...L.flat())).toBeCloseTo(Math.sqrt(8), 4);
    }
    expect(summary.basisVisible).toHaveLength(summary.basis.length);
  });

  it('reports test metrics with an MSE and an equivariance error', () => {
    const t = summary.metrics.test;
    expect(isFiniteNumber(t.mse)).toBe(true);
    expect(t.mse!).toBeGreaterThanOrEqual(0);
    expect(isFiniteNumber(t.mae)).toBe(true);
    expect(isFiniteNumber(t.equivarianceError)).toBe(true);
    expect(t.equivarianceError!).toBeGreaterThanOrEqual(0);
    expect(isFiniteNumber(t.equivarianceErrorPrime)).toBe(true);
    expect(t.samples).toBe(summary.dataset.testSamples);
    // The built-in ground truth is known, so g is drawn from it.
    expect(t.equivarianceBasis).toBe('reference');
    expect(isFiniteNumber(t.direct.mse)).toBe(true);
    expect(t.averaging).not.toBeNull();
    expect(isFiniteNumber(summary.metrics.validation.loss)).toBe(true);
    expect(isFiniteNumber(summary.metrics.train!.total)).toBe(true);
  });

  it('compares the learned basis with the built-in ground truth', () => {
    const r = summary.reference;
    expect(r).not.toBeNull();
    expect(r!.source).toBe('built-in ground truth');
    for (const key of ['cosine', 'subspace', 'action'] as const) {
      expect(isFiniteNumber(r![key]), key).toBe(true);
      expect(r![key]!, key).toBeGreaterThanOrEqual(0);
      expect(r![key]!, key).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(isFiniteNumber(r!.mae)).toBe(true);
    expect(r!.mae).toBeGreaterThanOrEqual(0);
  });

  it('carries the algebra analysis of the learned basis', () => {
    const a = summary.algebra;
    expect(a).not.toBeNull();
    const k = summary.basis.length;
    const d = summary.dataset.layout.d;
    // The summary's part is the engine's analysis of the reported basis, not a separate computation.
    const nbody = loadBuiltin(NBODY);
    const dataSpan = dataSpanProjector(actionRows(nbody, nbody.train, 5000, new Rng(summary.config.seed + 7)));
    const full = analyzeAlgebra(summary.basis, summary.dataset.layout, { dataSpan });
    expect(a!.description).toBe(full.description);
    expect(a!.closureResidual).toBe(full.closureResidual);
    expect(a!.structureConstants).toEqual(full.structureConstants);
    expect(a!.structureConstants).toHaveLength(k);
    const sig = a!.killingSignature;
    expect(sig.positive + sig.negative + sig.zero).toBe(k);
    if (a!.bestMatch) {
      expect(a!.bestMatch.similarity).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
      expect(typeof a!.bestMatch.onDataSpan).toBe('boolean');
    }
    else expect(a!.description).toMatch(/^no known algebra/);
    expect(a!.canonical.snapThreshold).toBe(0.05);
    for (const g of a!.canonical.basis) expect(g.map((row) => row.length)).toEqual(new Array<number>(d).fill(d));
  });

  it('reports positive timings for one epoch', () => {
    const t = summary.timings;
    expect(t.epochs).toBe(1);
    expect(t.seconds).toBeGreaterThan(0);
    expect(t.stepsPerSecond).toBeGreaterThan(0);
    expect(t.steps).toBeGreaterThan(0);
    expect(t.seconds).toBeGreaterThanOrEqual(t.trainSeconds);
    expect(summary.history).toHaveLength(1);
    expect(summary.history[0]!.epoch).toBe(1);
  });

  it('writes the same summary to --out as JSON', async () => {
    const written = JSON.parse(await readFile(outFile, 'utf8')) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it('gives identical basis and metrics for the same seed', async () => {
    const again = await train({ config: tiny({ seed: 5 }) });
    expect(deterministicPart(again)).toEqual(deterministicPart(summary));
  });
});

describe('runTrain on a CSV table', () => {
  let csv = '';

  beforeAll(async () => {
    const rng = new Rng(11);
    const lines = ['x1,x2,y'];
    for (let i = 0; i < 200; i++) {
      const x1 = rng.uniform(-1, 1);
      const x2 = rng.uniform(-1, 1);
      lines.push(`${x1},${x2},${x1 * x1 + x2 * x2}`);
    }
    csv = path.join(dir, 'radius.csv');
    await writeFile(csv, `${lines.join('\n')}\n`);
  });

  it('trains with default columns and tests on the validation split', async () => {
    const s = await runTrain({ data: csv, backend: 'cpu', config: tiny() });
    expect(s.dataset.inputs).toEqual(['x1', 'x2']);
    expect(s.dataset.targets).toEqual(['y']);
    expect(s.dataset.task).toBe('invariant');
    expect(s.dataset.layout).toEqual({ kind: 'vector', d: 2, blocks: 1 });
    expect(s.dataset.testSource).toBe('validation split');
    // valFraction 0.1 of 200 rows.
    expect(s.dataset.validationSamples).toBe(20);
    expect(s.dataset.trainSamples).toBe(180);
    expect(s.dataset.testSamples).toBe(s.dataset.validationSamples);
    expect(s.metrics.test.samples).toBe(20);
    expect(isFiniteNumber(s.metrics.test.mse)).toBe(true);
    // No known symmetry: no reference, and the equivariance error samples the learned basis.
    expect(s.reference).toBeNull();
    expect(s.metrics.test.equivarianceBasis).toBe('learned');
    expect(isFiniteNumber(s.metrics.test.equivarianceError)).toBe(true);
    expect(s.basis).toHaveLength(1);
    expect(s.basis[0]).toHaveLength(2);
  });

  it('names the file and line 3 when a value is not a number', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'x1,x2,y\n0.1,0.2,0.05\n0.3,oops,0.1\n0.5,0.6,0.61\n');
    const err = await runTrain({ data: bad, backend: 'cpu', config: tiny() }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(bad);
    expect(err!.message).toMatch(/bad\.csv:3\b/);
    expect(err!.message).toContain('oops');
  });
});

describe('runTrain options and errors', () => {
  it('rejects a --reference basis of the wrong size, naming the file', async () => {
    const ref = path.join(dir, 'ref-2x2.json');
    await writeFile(ref, JSON.stringify({ basis: [[[0, -1], [1, 0]]] }));
    const err = await train({ reference: ref }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(ref);
    expect(err!.message).toMatch(/8 x 8/);
  });

  it('uses a --reference basis of the right size and reports its source', async () => {
    const ref = path.join(dir, 'ref-8x8.json');
    await writeFile(ref, JSON.stringify({ basis: rotation8() }));
    const s = await train({ reference: ref });
    expect(s.reference).not.toBeNull();
    expect(s.reference!.source).toBe(path.resolve(ref));
  });

  it('--method plain gives an empty basis and no reference (wasm backend)', async () => {
    const s = await runTrain({ data: NBODY, backend: 'wasm', config: tiny({ method: 'plain' }) });
    expect(s.backend).toBe('wasm');
    expect(s.config.method).toBe('plain');
    expect(s.basis).toEqual([]);
    expect(s.basisVisible).toEqual([]);
    expect(s.reference).toBeNull();
    expect(s.algebra).toBeNull();
    expect(s.metrics.test.averaging).toBeNull();
    expect(s.metrics.test.inference).toBe('direct');
    expect(isFiniteNumber(s.metrics.test.mse)).toBe(true);
    // Only the task term is trained.
    expect(s.metrics.train!.equiv).toBe(0);
  });

  it('--method fixed-basis trains with the given basis and reports it normalised', async () => {
    // Three times the rotation generator: normalising to Frobenius norm sqrt(8) gives it back at scale 1.
    const s = await train({ config: tiny({ method: 'fixed-basis', fixedBasis: rotation8(3) }) });
    expect(s.config.method).toBe('fixed-basis');
    expect(s.config.fixedBasis).toEqual(rotation8(3));
    const want = rotation8(1)[0]!;
    expect(s.basis).toHaveLength(1);
    s.basis[0]!.forEach((row, i) => row.forEach((v, j) => expect(v, `L[${i}][${j}]`).toBeCloseTo(want[i]![j]!, 5)));
    // It is the true symmetry, so the comparison with the ground truth is perfect.
    expect(s.reference!.subspace).toBeCloseTo(1, 5);
    expect(s.reference!.cosine).toBeCloseTo(1, 5);
    // The basis was given, not learned: no algebra analysis.
    expect(s.algebra).toBeNull();
  });

  it('rejects an unknown config key, naming it', async () => {
    await expect(train({ config: tiny({ epochz: 3 }) })).rejects.toThrow(/epochz/);
    await expect(train({ config: tiny({ manifold: { anchors: 32, neighbors: 8 } }) })).rejects.toThrow(/manifold\.neighbors/);
  });
});
