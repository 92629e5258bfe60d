/**
 * A trainer process: receives one `start` message, trains the run with the engine (the same
 * `runTrain` as `semola train`, so the summary is the same), and posts progress, basis snapshots,
 * checkpoints and finally `done` or `error`. It never touches the workspace: the parent writes.
 * The backend module restores `util.isNullOrUndefined` before loading tfjs-node on Node >= 23.
 */
import { decodeCheckpoint, encodeCheckpoint } from '../store/checkpoint-codec';
import { runTrain } from '../host/train-command';
import { APP_VERSION } from '../host/version';
import { datasetRecordFor } from './dataset-record';
import { isStartMessage, type FromTrainer, type StartMessage } from './messages';
import { parentChannel } from './parent-channel';

const channel = parentChannel();
let started = false;

async function train(msg: StartMessage): Promise<void> {
  const { runId, request } = msg;
  const post = (m: FromTrainer): Promise<void> => channel.post(m);
  const resumeFrom = msg.checkpoint ? decodeCheckpoint(msg.checkpoint, `checkpoint of run ${runId}`) : undefined;
  const summary = await runTrain({
    ...request,
    config: request.config,
    resumeFrom,
    checkpointEvery: msg.checkpointEvery,
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
        dataset: await datasetRecordFor(request, dataset, config),
        fromEpoch: resumeFrom?.epoch ?? 0,
      });
    },
    onEpoch: (e) => {
      void post({ type: 'progress', runId, epoch: e.epoch, epochs: e.epochs, losses: e.losses, valLoss: e.valLoss, seconds: e.seconds, steps: e.steps });
      if (e.basis.length > 0) {
        const k = e.basis.length;
        const d = e.basis[0]!.length;
        void post({ type: 'snapshot', runId, epoch: e.epoch, k, d, basis: Float32Array.from(e.basis.flat(2)), strengths: null });
      }
    },
    onCheckpoint: async (cp) => {
      await post({ type: 'checkpoint', runId, epoch: cp.epoch, bytes: encodeCheckpoint(cp) });
    },
  });
  await post({ type: 'done', runId, summary });
}

channel.onMessage((message) => {
  if (!isStartMessage(message) || started) return;
  started = true;
  train(message).then(
    () => process.exit(0),
    async (e: unknown) => {
      const text = e instanceof Error ? e.message : String(e);
      await channel.post({ type: 'error', runId: message.runId, message: text }).catch(() => undefined);
      process.exit(1);
    },
  );
});
