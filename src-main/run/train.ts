/**
 * One run, from a request to its summary: load the data, resolve the settings, pick a backend,
 * train, evaluate, build the summary and write it. `semola train`, the app's trainer process,
 * `semola reproduce` and the studies all run this. The summary's shape is a contract other tools
 * script against (README, "Summary JSON"): add fields, never rename or remove them.
 */
import * as path from 'node:path';
import { generatorCountProblem } from '../engine/lie/masks';
import { METHODS } from '../engine/methods/method';
import { selectBackend } from '../engine/backend';
import { resolveConfig, type TrainConfig } from '../engine/config';
import { Trainer } from '../engine/training/trainer';
import type { WrittenSummary } from '../summary/schema';
import { loadBasisFile } from './basis-file';
import { buildSummary } from './build-summary';
import { evaluateRun } from './evaluate-run';
import { loadData } from './load-data';
import { defaultPointModel } from './default-model';
import type { RunOptions } from './options';
import { APP_NAME, APP_VERSION } from './version';
import { checkOutPath, writeSummary } from './out-path';

export async function runTrain(opts: RunOptions): Promise<WrittenSummary> {
  const t0 = performance.now();
  if (opts.out) await checkOutPath(opts.out);
  const ds = await loadData(opts);
  const overrides = { ...opts.config };
  // Augerino learns widths over a known basis: the dataset's ground truth unless --basis gives one.
  if (overrides.method === 'augerino' && !overrides.fixedBasis && ds.referenceBasis) overrides.fixedBasis = ds.referenceBasis;
  const config = resolveConfig(overrides as Partial<TrainConfig>);
  // The MLP reads flat vectors; point clouds get the point-cloud model unless one was chosen, or
  // the MLP in atom order for frames of one system with per-atom forces (run/default-model.ts).
  const chosenModel = (opts.config.model as { kind?: string } | undefined)?.kind;
  if (ds.layout.kind === 'points' && !chosenModel) {
    const choice = defaultPointModel(ds);
    config.model = { ...config.model, kind: choice.kind };
    ds.notes = [...(ds.notes ?? []), choice.reason];
  }
  let referenceSource = 'built-in ground truth';
  if (opts.reference) {
    ds.referenceBasis = await loadBasisFile(opts.reference);
    referenceSource = path.resolve(opts.reference);
    const d = ds.layout.d;
    if (ds.referenceBasis.some((L) => L.length !== d)) throw new Error(`${opts.reference}: reference generators must be ${d} x ${d} for this dataset's layout`);
  }
  // The check the app's run form applies, before any training (a k far above it never finishes).
  if (METHODS[config.method].basis === 'learned') {
    const problem = generatorCountProblem(config.k, config.mask, ds.layout.d, ds.layout.kind === 'points' && ds.layout.d === 4);
    if (problem) throw new Error(problem);
  }
  if (config.fixedBasis && config.fixedBasis.some((L) => L.length !== ds.layout.d)) {
    throw new Error(`the fixed basis must hold ${ds.layout.d} x ${ds.layout.d} generators for this dataset`);
  }
  const backend = await selectBackend(opts.backend ?? 'auto');
  const trainer = new Trainer(ds, config);
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
