/**
 * `semola bench`: training throughput, setup time and matrix-exponential cost of the default
 * configuration on every available backend, each measured in a child process of its own, written
 * to OUTDIR/bench.json and OUTDIR/bench.md.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseBuiltinSpec } from '../../data/builtin/index';
import type { BackendName } from '../../engine/backend';
import { resolveConfig } from '../../engine/config';
import { commandLine, loadAverage, machineInfo } from './machine';
import { benchImports } from './import-bench';
import { benchStarts } from './starts-bench';
import { comparePeer } from './peer';
import { renderMarkdown } from './markdown';
import { runInChild } from './spawn';
import { BENCH_BACKENDS, DEFAULT_DATASET, EPOCHS_RUN, isBenchBackend, PEER_RECIPES, type BackendResult, type BenchReport, type MeasuredBackend, type PeerComparison, type PeerRecipe } from './types';

export type { BenchReport } from './types';

export interface BenchOptions {
  outDir: string;
  /** Tiny sizes, for checking that the benchmark runs (tests). */
  quick?: boolean;
  /** Subset of tensorflow, wasm, cpu; all three by default. */
  backends?: string[];
  log?: (line: string) => void;
  /** Shown in bench.md; by default this process's command line. */
  command?: string;
  /** Leave out the import throughput measurement. */
  skipImports?: boolean;
  /** Leave out the several-starts measurement. */
  skipStarts?: boolean;
  /** Leave out the PyTorch peer comparison. */
  skipPeer?: boolean;
  /**
   * Measure only these steps (`imports`) and keep the rest of OUTDIR/bench.json as it is: the
   * import rows are replaced and say when and under what load they were measured.
   */
  only?: string[];
  /** Also time both recipes with the plain step (fused paths off), for a before/after in one run. */
  withPlain?: boolean;
}

/** Steps `--only` can run on their own. */
export const BENCH_STEPS = ['imports'] as const;

/** Only the import rows, merged into the report already in OUTDIR (or a report of their own when there is none). */
async function runImportsOnly(opts: BenchOptions, log: (line: string) => void): Promise<BenchReport> {
  const file = path.join(opts.outDir, 'bench.json');
  const prior = await readFile(file, 'utf8').then((t) => JSON.parse(t) as BenchReport, () => undefined);
  const start = loadAverage();
  const imports = await benchImports(opts.quick === true, log);
  const importsRun = { date: new Date().toISOString(), loadAverage: { start, end: loadAverage() }, command: opts.command ?? commandLine() };
  const config = resolveConfig({});
  const report: BenchReport = prior
    ? { ...prior, imports, importsRun }
    : {
        date: importsRun.date,
        loadAverage: importsRun.loadAverage,
        ...machineInfo(),
        nodeVersion: process.version,
        tfjsVersion: null,
        quick: opts.quick === true,
        command: importsRun.command,
        config: { method: config.method, k: config.k, hidden: config.model.hidden, batchSize: config.batchSize, nAug: config.nAug, epochsRun: EPOCHS_RUN },
        dataset: parseBuiltinSpec(DEFAULT_DATASET).source,
        backends: [],
        imports,
        importsRun,
      };
  await mkdir(opts.outDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(opts.outDir, 'bench.md'), renderMarkdown(report));
  log(`wrote the import rows into ${file} and bench.md`);
  return report;
}

/** Generous: a full cpu run takes about a minute; a stuck child must not hang the command. */
const CHILD_TIMEOUT_MS = { full: 20 * 60_000, quick: 3 * 60_000 };

/**
 * The PyTorch peer against wasm, for the default recipe (the wasm row above) and the paper recipe
 * (one more wasm child), when wasm was measured.
 */
async function peerComparison(results: BackendResult[], quick: boolean, withPlain: boolean, log: (line: string) => void): Promise<PeerComparison> {
  const wasm = results.find((r): r is MeasuredBackend => r.status === 'measured' && r.name === 'wasm');
  if (!wasm) return comparePeer({}, quick, log);
  const timeoutMs = quick ? CHILD_TIMEOUT_MS.quick : CHILD_TIMEOUT_MS.full;
  log('wasm (paper recipe): starting');
  const paper = await runInChild({ backend: 'wasm', quick, preset: 'paper' }, { timeoutMs, log });
  if (paper.status !== 'measured') return { status: 'failed', reason: `wasm with the paper recipe: ${paper.reason}` };
  const plain: Partial<Record<PeerRecipe, MeasuredBackend>> = {};
  if (withPlain) {
    for (const preset of PEER_RECIPES) {
      log(`wasm (${preset} recipe, plain step): starting`);
      const r = await runInChild({ backend: 'wasm', quick, preset, plainStep: true }, { timeoutMs, log });
      if (r.status !== 'measured') return { status: 'failed', reason: `wasm with the ${preset} recipe and the plain step: ${r.reason}` };
      plain[preset] = r;
    }
  }
  const compared = await comparePeer({ paper, default: wasm }, quick, log, plain);
  return compared.status === 'measured' && paper.profile ? { ...compared, paperProfile: paper.profile } : compared;
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (opts.only !== undefined) {
    const unknownStep = opts.only.filter((s) => !(BENCH_STEPS as readonly string[]).includes(s));
    if (unknownStep.length > 0 || opts.only.length === 0) throw new Error(`--only ${opts.only.join(',')}: expected ${BENCH_STEPS.join(', ')}`);
    return runImportsOnly(opts, log);
  }
  const loadAtStart = loadAverage();
  const quick = opts.quick === true;
  const requested = opts.backends ?? [...BENCH_BACKENDS];
  const unknown = requested.filter((b) => !isBenchBackend(b));
  if (unknown.length > 0) throw new Error(`unknown backend ${unknown.join(', ')}; expected ${BENCH_BACKENDS.join(', ')}`);
  const backends = [...new Set(requested)] as BackendName[];

  const results: BackendResult[] = [];
  // One at a time: backends running side by side would compete for the same cores.
  for (const backend of backends) {
    log(`${backend}: starting`);
    const result = await runInChild({ backend, quick }, { timeoutMs: quick ? CHILD_TIMEOUT_MS.quick : CHILD_TIMEOUT_MS.full, log });
    if (result.status === 'measured') {
      log(`${backend}: ${result.stepsPerSecond} steps/s, ${result.secondsPerEpoch} s/epoch, setup ${result.setupSeconds} s, expm ${result.expmMs} ms`);
    } else {
      log(`${backend}: ${result.status}: ${result.reason.split('\n')[0] ?? ''}`);
    }
    results.push(result);
  }

  const peer = opts.skipPeer ? undefined : await peerComparison(results, quick, opts.withPlain === true, log);

  // After training, in this process: the import is plain TypeScript, no backend involved.
  const imports = opts.skipImports ? undefined : await benchImports(quick, log);
  // Several starts on the single-threaded wasm backend (else the first backend measured): what N starts cost against one.
  const startsBackend: BackendName | undefined = results.some((r) => r.status === 'measured' && r.name === 'wasm') ? 'wasm' : results.find((r) => r.status === 'measured')?.name;
  const starts = opts.skipStarts || !startsBackend ? undefined : await benchStarts(quick, startsBackend, log);

  const config = resolveConfig({});
  const firstMeasured = results.find((r) => r.status === 'measured');
  const report: BenchReport = {
    date: new Date().toISOString(),
    loadAverage: { start: loadAtStart, end: loadAverage() },
    ...machineInfo(),
    nodeVersion: process.version,
    tfjsVersion: firstMeasured?.status === 'measured' ? firstMeasured.tfjsVersion : null,
    quick,
    command: opts.command ?? commandLine(),
    config: {
      method: config.method,
      k: config.k,
      hidden: config.model.hidden,
      batchSize: config.batchSize,
      nAug: config.nAug,
      epochsRun: EPOCHS_RUN,
    },
    dataset: parseBuiltinSpec(DEFAULT_DATASET).source,
    backends: results,
    ...(imports ? { imports } : {}),
    ...(starts ? { starts } : {}),
    ...(peer ? { peer } : {}),
  };
  await mkdir(opts.outDir, { recursive: true });
  await writeFile(path.join(opts.outDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(opts.outDir, 'bench.md'), renderMarkdown(report));
  log(`wrote ${path.join(opts.outDir, 'bench.json')} and bench.md`);
  return report;
}
