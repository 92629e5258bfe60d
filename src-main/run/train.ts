/**
 * One run, from a request to its summary: load the data, resolve the settings, pick a backend,
 * train, evaluate, build the summary and write it. `semola train`, the app's trainer process,
 * `semola reproduce` and the studies all run this. The summary's shape is a contract other tools
 * script against (README, "Summary JSON"): add fields, never rename or remove them.
 */
import { selectBackend } from '../engine/backend';
import { Trainer } from '../engine/training/trainer';
import type { WrittenSummary } from '../summary/schema';
import { buildSummary } from './build-summary';
import { evaluateRun } from './evaluate-run';
import { evaluationHost } from './evaluation-backend';
import type { RunOptions } from './options';
import { APP_NAME, APP_VERSION } from './version';
import { writeSummary } from './out-path';
import { prepareRun } from './prepare';

export async function runTrain(opts: RunOptions): Promise<WrittenSummary> {
  const { dataset: ds, config, referenceSource, startedAt: t0 } = opts.prepared ?? (await prepareRun(opts));
  const backend = await selectBackend(opts.backend ?? 'auto');
  let trainer = new Trainer(ds, config);
  try {
    if (opts.resumeFrom) await trainer.restore(opts.resumeFrom);
    await opts.onStart?.({ backend, dataset: ds, config });
    const setup = (performance.now() - t0) / 1000;
    const tTrain = performance.now();
    const every = Math.max(1, opts.checkpointEvery ?? 1);
    const onCheckpoint = opts.onCheckpoint;
    await trainer.train({
      signal: opts.signal,
      onEpoch: !onCheckpoint
        ? opts.onEpoch
        : async (e) => {
            opts.onEpoch?.(e);
            if (e.epoch % every === 0 || e.epoch === e.epochs) await onCheckpoint(await trainer.checkpoint());
          },
    });
    const train = (performance.now() - tTrain) / 1000;
    const host = await evaluationHost(trainer, backend, ds, config);
    trainer = host.trainer;
    if (host.backend) backend.detail += `; evaluated on ${host.backend.name}`;
    await opts.onTrained?.(trainer, ds);
    const tEval = performance.now();
    const evaluation = evaluateRun(trainer, ds, config, referenceSource);
    const evalSeconds = (performance.now() - tEval) / 1000;
    const summary = buildSummary({
      app: { name: APP_NAME, version: APP_VERSION },
      backend,
      dataset: ds,
      config,
      trainer,
      evaluation,
      seconds: { setup, train, eval: evalSeconds, total: (performance.now() - t0) / 1000 },
      ...(opts.run ? { run: opts.run } : {}),
    });
    if (opts.out) {
      const note = await writeSummary(opts.out, `${JSON.stringify(summary, null, 2)}\n`, opts.run);
      if (note) process.stderr.write(`warning: ${note}\n`);
    }
    return summary;
  } finally {
    trainer.dispose();
  }
}
