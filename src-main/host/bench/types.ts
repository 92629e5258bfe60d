/**
 * What the benchmark and its per-backend child processes share: the report's shape, their
 * messages, and the fixed settings. Nothing here may import TensorFlow.js: the parent process
 * never loads it.
 */
import { BACKEND_NAMES, type BackendName } from '../../engine/backend-names';
import type { KernelProfile } from './kernel-profile';
import type { StartsBenchResult } from './starts-bench';

export const DEFAULT_DATASET = 'builtin:nbody2';
/** Epoch 1 pays for kernel compilation and first allocations; epoch 2 is the one timed. */
export const EPOCHS_RUN = 2;

export const BENCH_BACKENDS: readonly BackendName[] = BACKEND_NAMES;

export function isBenchBackend(name: string): name is BackendName {
  return (BENCH_BACKENDS as readonly string[]).includes(name);
}

/** The recipes the PyTorch peer is compared on: the option table's presets. */
export const PEER_RECIPES = ['paper', 'default'] as const;
export type PeerRecipe = (typeof PEER_RECIPES)[number];

/** What the parent asks a child to measure (passed as one JSON argument). */
export interface ChildRequest {
  backend: BackendName;
  quick: boolean;
  /** The preset trained; the default preset when absent. */
  preset?: PeerRecipe;
  /** Train with the plain step (engine/fast-paths.ts, on tfjs-backend-wasm's own kernels) instead of the fused one: the before of a before/after. */
  plainStep?: boolean;
}

/** Numbers for one backend that loaded and ran. */
export interface MeasuredBackend {
  name: BackendName;
  status: 'measured';
  /** Package and device, as the engine reports it. */
  detail: string;
  tfjsVersion: string;
  /** Backends the engine tried and rejected on the way to this one (e.g. tfjs-node-gpu before tfjs-node). */
  fallbacks: { name: string; reason: string }[];
  /** Dataset of the timed training epoch (every parameter written out). */
  trainDataset: string;
  samplesPerEpoch: number;
  stepsPerEpoch: number;
  batchSize: number;
  /** Training steps per second in the timed (second) epoch; the epoch's validation pass is included. */
  stepsPerSecond: number;
  /** Wall time of the timed epoch, on `trainDataset`. */
  secondsPerEpoch: number;
  /** Present when the timed epoch is shorter than the default dataset's: the default epoch's length at the measured rate. */
  estimatedFullEpochSeconds?: number;
  /** Dataset the Trainer constructor was timed on. */
  setupDataset: string;
  /** The Trainer constructor: tensors on the backend, scales, model, tangent estimation. */
  setupSeconds: number;
  /** One forward+backward expm call on a [expmBatch, expmDim, expmDim] batch: median over expmRepeats calls. */
  expmMs: number;
  expmBatch: number;
  /** Matrix side: the dataset's d. */
  expmDim: number;
  expmSquarings: number;
  expmRepeats: number;
  /** One SEMoLA training step on 28 x 28 images (CNN, batch imageStepBatch, imageStepCopies augmented copies), seconds; absent where not measured. */
  imageStepSeconds?: number;
  imageStepBatch?: number;
  imageStepCopies?: number;
  /** Anything that makes these numbers differ from the full default run. */
  notes: string[];
  /** The preset trained (default unless the peer comparison asked for another). */
  preset: PeerRecipe;
  /** Trained with the plain step (fused paths and this project's wasm kernels off). */
  plainStep?: boolean;
  /** wasm: where a step's time goes, per kernel. */
  profile?: KernelProfile;
  /** webgpu: the adapter, as Dawn describes it. */
  adapter?: { vendor: string; architecture: string; description: string; software: boolean };
}

/** A backend that could not be used (not installed, failed to initialise) or that failed while measuring. */
export interface UnmeasuredBackend {
  name: BackendName;
  status: 'skipped' | 'failed';
  reason: string;
}

export type BackendResult = MeasuredBackend | UnmeasuredBackend;

export interface MachineInfo {
  /** OS type, release and architecture. */
  machine: string;
  cpuModel: string;
  cpuCores: number;
  memoryGiB: number;
}

export interface BenchReport extends MachineInfo {
  date: string;
  /** 1-minute load averages when the run started and ended: other work on the cores slows every figure. */
  loadAverage: { start: number; end: number };
  nodeVersion: string;
  /** From the first child that loaded TensorFlow.js; null when none did. */
  tfjsVersion: string | null;
  quick: boolean;
  /** The command that produced the report. */
  command: string;
  /** The configuration measured: resolveConfig({}) with epochs set to 2. */
  config: { method: string; k: number; hidden: number[]; batchSize: number; nAug: number; epochsRun: number };
  /** The default dataset spec, before any per-backend reduction. */
  dataset: string;
  backends: BackendResult[];
  /** Dataset import throughput (absent when skipped). */
  imports?: ImportBenchResult[];
  /** Set when the import rows were measured by a run of their own, later than the rest of the report. */
  importsRun?: ImportsRun;
  /** Wall time of N starts against one (run/starts), in trainer processes on `parallel` cores. */
  starts?: StartsBenchResult;
  /** Set when the starts rows come from an earlier run than the rest of the report (kept when a run skips them). */
  startsRun?: ImportsRun;
  /** This engine's step against the PyTorch peer's (bench/peer), or why that was not measured. */
  peer?: PeerComparison;
}

/** One recipe: our ms per training step on wasm against the peer's, both on one thread. */
export interface PeerRow {
  recipe: PeerRecipe;
  oursMsPerStep: number;
  peerMsPerStep: number;
  /** ours / peer: above 1 means this engine is slower. */
  ratio: number;
  /** The same engine with the plain step (no fused paths), in the same run, when asked for (--with-plain). */
  plainMsPerStep?: number;
  plainRatio?: number;
  /** The peer's CPU seconds per wall second over its timed steps: 1 when it ran on one thread (absent in older reports). */
  peerCpuPerWall?: number;
}

export type PeerComparison =
  | { status: 'measured'; torchVersion: string; threads: number; osThreads?: number | null; peerSteps: number; rows: PeerRow[]; notes: string[]; paperProfile?: KernelProfile }
  | { status: 'skipped' | 'failed'; reason: string };

/** Import throughput of one generated input (reading, parsing, packing, hashing and splitting). */
export interface ImportBenchResult {
  name: string;
  /** What was generated and imported. */
  input: string;
  samples: number;
  /** Wall time, and the CPU time of this process (user + system; reading runs on libuv threads too). */
  seconds: number;
  cpuSeconds: number;
  /** samples / seconds (wall). */
  perSecond: number;
  unit: 'frames/s' | 'files/s';
  /** Bytes of the input (all files), and input MB (10^6 bytes) per wall second of the import. */
  bytes?: number;
  megabytesPerSecond?: number;
  /**
   * The same bytes read raw in the same run, right before the import (page cache as the writing
   * left it, nothing dropped), the way the importer reads them but with no parsing: `method` says how.
   */
  rawRead?: { seconds: number; megabytesPerSecond: number; method: string };
}

/** When and under what load the import rows were measured, when they were measured on their own (`semola bench --only imports`). */
export interface ImportsRun {
  date: string;
  loadAverage: { start: number; end: number };
  command: string;
}

/** Child -> parent. */
export type ChildMessage = { type: 'log'; line: string } | { type: 'result'; result: BackendResult };
