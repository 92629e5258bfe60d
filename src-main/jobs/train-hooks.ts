/**
 * runTrain hooks that turn a training into trainer messages (started, progress, snapshot,
 * checkpoint). The trainer process posts them to its parent; `semola train` hands them straight to
 * a RunRecorder. One place builds them, so both record the same things.
 */
import type { Checkpoint } from '../engine/training/checkpoint';
import type { EpochEvent } from '../engine/training/trainer';
import type { TrainStartInfo } from '../run/options';
import { APP_VERSION } from '../run/version';
import { encodeCheckpoint } from '../store/checkpoint-codec';
import type { RunRequest } from '../store/types';
import { datasetRecordFor } from './dataset-record';
import type { FromTrainer } from './messages';

export interface TrainHooks {
  onStart(info: TrainStartInfo): Promise<void>;
  onEpoch(e: EpochEvent): void;
  onCheckpoint(cp: Checkpoint): Promise<void>;
}

export function trainHooks(runId: number, request: RunRequest, fromEpoch: number, post: (m: FromTrainer) => void | Promise<void>): TrainHooks {
  return {
    onStart: async ({ backend, dataset, config }) => {
      await post({
        type: 'started',
        runId,
        config,
        backend: backend.name,
        backendDetail: backend.detail,
        versions: {
          app: APP_VERSION,
          node: process.versions.node,
          tfjs: backend.tfjsVersion,
          platform: `${process.platform}-${process.arch}`,
          ...(process.versions.electron ? { electron: process.versions.electron } : {}),
        },
        // The importer's record when the data went through it: the hash the app's import stored.
        dataset: dataset.record ?? (await datasetRecordFor(request, dataset, config)),
        fromEpoch,
      });
    },
    onEpoch: (e) => {
      void post({ type: 'progress', runId, epoch: e.epoch, epochs: e.epochs, losses: e.losses, valLoss: e.valLoss, seconds: e.seconds, steps: e.steps });
      if (e.basis.length > 0) {
        const k = e.basis.length;
        const d = e.basis[0]!.length;
        void post({ type: 'snapshot', runId, epoch: e.epoch, k, d, basis: Float32Array.from(e.basis.flat(2)), strengths: e.strengths ? Float32Array.from(e.strengths) : null });
      }
    },
    onCheckpoint: async (cp) => {
      await post({ type: 'checkpoint', runId, epoch: cp.epoch, bytes: encodeCheckpoint(cp) });
    },
  };
}
