/**
 * A trainer process: receives one `start` message, trains the run with the engine (the same
 * `runTrain` as `semola train`, so the summary is the same), and posts progress, basis snapshots,
 * checkpoints and finally `done` or `error`. It never touches the workspace: the parent writes.
 * The backend module restores `util.isNullOrUndefined` before loading tfjs-node on Node >= 23.
 */
import type { RunOptions } from '../run/options';
import { runTrain } from '../run/train';
import { decodeCheckpoint } from '../store/checkpoint-codec';
import { isStartMessage, type StartMessage } from './messages';
import { parentChannel } from './parent-channel';
import { trainHooks } from './train-hooks';

const channel = parentChannel();
let started = false;

async function train(msg: StartMessage): Promise<void> {
  const { runId, request } = msg;
  const resumeFrom = msg.checkpoint ? decodeCheckpoint(msg.checkpoint, `checkpoint of run ${runId}`) : undefined;
  const hooks = trainHooks(runId, request, resumeFrom?.epoch ?? 0, (m) => channel.post(m));
  // The request holds exactly the plain-data options of runTrain (RUN_REQUEST_KEYS).
  const options = request as unknown as RunOptions;
  const summary = await runTrain({ ...options, run: { id: runId, workspace: msg.workspace }, resumeFrom, checkpointEvery: msg.checkpointEvery, ...hooks });
  await channel.post({ type: 'done', runId, summary });
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
