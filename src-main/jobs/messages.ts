/**
 * The messages between the parent (the single writer to the workspace) and a trainer process.
 * Sent with structured clone (`serialization: 'advanced'` under Node, Electron's utilityProcess
 * natively), so bases travel as Float32Array and checkpoints as bytes, never as JSON arrays.
 */
import type { DatasetRecord } from '../data/record';
import type { TrainConfig } from '../engine/config';
import type { Summary } from '../summary/schema';
import type { RunRequest, RuntimeVersions } from '../store/types';

/** Parent -> trainer: train this run (from `checkpoint` when resuming). */
export interface StartMessage {
  type: 'start';
  runId: number;
  /** The workspace file the run is recorded in (copied into the summary's `run`). */
  workspace: string;
  request: RunRequest;
  /** Encoded engine checkpoint (store/checkpoint-codec), or null to start from epoch 0. */
  checkpoint: Uint8Array | null;
  /** Post a checkpoint after every this many epochs (and after the last). */
  checkpointEvery: number;
}

export type ToTrainer = StartMessage;

/** Data loaded, config resolved, backend chosen. */
export interface StartedMessage {
  type: 'started';
  runId: number;
  config: TrainConfig;
  backend: string;
  backendDetail: string;
  versions: RuntimeVersions;
  dataset: DatasetRecord;
  /** Epochs already done when training began (the checkpoint's epoch, 0 for a fresh run). */
  fromEpoch: number;
}

export interface ProgressMessage {
  type: 'progress';
  runId: number;
  /** A run of several starts: which start this epoch belongs to (absent for a run of one). */
  start?: number;
  epoch: number;
  epochs: number;
  losses: Record<string, number>;
  valLoss: number | null;
  seconds: number;
  steps: number;
}

/** The normalised basis after an epoch: [k, d, d] row-major. */
export interface SnapshotMessage {
  type: 'snapshot';
  runId: number;
  /** A run of several starts: which start (absent for a run of one). */
  start?: number;
  epoch: number;
  k: number;
  d: number;
  basis: Float32Array;
  strengths: Float32Array | null;
}

export interface CheckpointMessage {
  type: 'checkpoint';
  runId: number;
  /** A run of several starts: which start (absent for a run of one). */
  start?: number;
  epoch: number;
  bytes: Uint8Array;
}

export interface DoneMessage {
  type: 'done';
  runId: number;
  summary: Summary;
}

/** Training threw: a readable reason (diverged losses, bad data, out of GPU memory, ...). */
export interface ErrorMessage {
  type: 'error';
  runId: number;
  message: string;
}

export type FromTrainer = StartedMessage | ProgressMessage | SnapshotMessage | CheckpointMessage | DoneMessage | ErrorMessage;

const FROM_TRAINER_TYPES = new Set<FromTrainer['type']>(['started', 'progress', 'snapshot', 'checkpoint', 'done', 'error']);

/** Messages come from another process: check the envelope before trusting the rest. */
export function isFromTrainer(m: unknown): m is FromTrainer {
  const o = m as { type?: unknown; runId?: unknown } | null;
  return typeof o === 'object' && o !== null && FROM_TRAINER_TYPES.has(o.type as FromTrainer['type']) && typeof o.runId === 'number';
}

export function isStartMessage(m: unknown): m is StartMessage {
  const o = m as Partial<StartMessage> | null;
  return typeof o === 'object' && o !== null && o.type === 'start' && typeof o.runId === 'number' && typeof o.request === 'object';
}
