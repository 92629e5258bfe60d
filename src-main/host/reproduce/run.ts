/**
 * `semola reproduce <experiment>`: every method trained once per seed on the experiment's training
 * set and evaluated on each of its test splits; rows are aggregated into mean +- std tables
 * (table.ts) and written as markdown and JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { selectBackend, type BackendRequest } from '../../engine/backend';
import type { TrainConfig } from '../../engine/config';
import { compareWithReference, evaluate } from '../../engine/evaluation/evaluate';
import { referenceReport } from '../../engine/evaluation/metrics/reference';
import { METHODS } from '../../engine/methods/method';
import { runRecordedTrain } from '../../jobs/recorded-train';
import { findExperiment, type ReproduceMethod } from './experiments';
import { aggregate, markdownReport, type ReproduceReport, type RunRow } from './table';

export interface ReproduceOptions {
  experiment: string;
  seeds?: number;
  /** Seeds 0..N-1 for the methods other than semola (default: `seeds`): baselines cost as much per run and vary less. */
  baselineSeeds?: number;
  /** The first seed (default 0): `firstSeed`..`firstSeed` + N - 1, to add seeds to a report run before. */
  firstSeed?: number;
  /** Epochs of every run; absent: the experiment's, and the weight-sharing model's own default for `weight-sharing`. */
  epochs?: number;
  methods?: ReproduceMethod[];
  outDir?: string;
  /** Tiny data, for testing the command itself. */
  quick?: boolean;
  backend?: BackendRequest;
  /** Engine settings applied to every run (e.g. a smaller model in tests). */
  config?: Partial<TrainConfig>;
  /** Record every run in this workspace file, grouped as one experiment; null or absent: not recorded. */
  workspace?: string | null;
  /** The command line, recorded in the report. */
  command?: string;
  log?: (line: string) => void;
}

/**
 * The engine settings of one run. `weight-sharing` is the plain method on the weight-sharing model,
 * at the model's own training defaults (lr, batch, epochs) unless the caller set them: the
 * experiment's epochs apply to the other methods only.
 */
export function reproduceRunConfig(
  method: ReproduceMethod,
  seed: number,
  o: { epochs?: number; experimentEpochs: number; config?: Partial<TrainConfig>; knownBasis: number[][][] | null },
): Partial<TrainConfig> {
  if (method === 'weight-sharing') {
    return {
      ...(o.config ?? {}),
      method: 'plain',
      model: { ...(o.config?.model ?? {}), kind: 'weight-sharing' } as TrainConfig['model'],
      ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
      seed,
    };
  }
  return {
    ...(o.config ?? {}),
    method,
    epochs: o.epochs ?? o.experimentEpochs,
    seed,
    ...(METHODS[method].basis === 'fixed' ? { fixedBasis: o.knownBasis! } : {}),
  };
}

export async function runReproduce(o: ReproduceOptions): Promise<ReproduceReport> {
  const t0 = performance.now();
  const exp = findExperiment(o.experiment);
  const backend = await selectBackend(o.backend ?? 'auto');
  const { tests, knownBasis, spec } = exp.build(o.quick ?? false);
  const epochs = o.epochs ?? exp.defaultEpochs;
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => (o.firstSeed ?? 0) + i);
  const seeds = range(o.seeds ?? 3);
  const seedsOf = (method: ReproduceMethod): number[] => (method === 'semola' || o.baselineSeeds === undefined ? seeds : range(o.baselineSeeds));
  const methods = o.methods ?? exp.defaultMethods;
  for (const m of methods) {
    if (m !== 'weight-sharing' && METHODS[m].basis === 'fixed' && !knownBasis) throw new Error(`experiment ${exp.name} has no known basis, so method ${m} cannot run`);
  }
  const rows: RunRow[] = [];
  const runIds: number[] = [];
  const epochsByMethod: Partial<Record<ReproduceMethod, number>> = {};
  const experiment = { name: `reproduce ${exp.name} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`, description: exp.description };
  for (const method of methods) {
    for (const seed of seedsOf(method)) {
      const config = reproduceRunConfig(method, seed, { epochs: o.epochs, experimentEpochs: epochs, config: o.config, knownBasis });
      // Each run goes through `semola train`'s path (recorded, verdict decided the same way); the
      // hook evaluates it on every test split of the experiment before the trainer is disposed.
      const evaluated: Omit<RunRow, 'symmetryFound' | 'verdictReason' | 'trainSeconds'>[] = [];
      const summary = await runRecordedTrain(
        {
          data: spec,
          backend: o.backend ?? 'auto',
          config,
          onTrained: (trainer, ds) => {
            const basis = trainer.augmenter?.basisArray() ?? [];
            // Images: |cos| of the generator with the reference, the measure the paper's image table and
            // the image issue use; the other experiments keep the action similarity.
            const similarity =
              method !== 'semola' || !ds.referenceBasis
                ? null
                : ds.layout.kind === 'image'
                  ? referenceReport(basis, ds.referenceBasis).cosine
                  : (compareWithReference(basis, ds.referenceBasis, ds, tests[0]!.set, seed).action ?? null);
            for (const split of tests) {
              const tTest = performance.now();
              const m = evaluate(trainer, split.set);
              evaluated.push({ method, seed, split: split.name, mse: m.mse, accuracy: m.accuracy, equivarianceError: m.equivarianceError, similarity, testSeconds: (performance.now() - tTest) / 1000 });
            }
          },
        },
        o.workspace ?? null,
        experiment,
      );
      if (summary.run) runIds.push(summary.run.id);
      epochsByMethod[method] = summary.config.epochs;
      const group = summary.permutationGroup ? { name: summary.permutationGroup.name, order: summary.permutationGroup.order } : null;
      for (const row of evaluated) {
        rows.push({
          ...row,
          symmetryFound: summary.verdict.symmetryFound,
          verdictReason: summary.verdict.reason,
          trainSeconds: summary.timings.trainSeconds,
          epochs: summary.config.epochs,
          permutationGroup: group,
        });
        o.log?.(
          `${method} seed ${seed} ${row.split}: ${typeof row.accuracy === 'number' ? `accuracy ${row.accuracy.toFixed(3)}` : `MSE ${row.mse?.toPrecision(3)}`}  E ${row.equivarianceError?.toPrecision(3) ?? '-'}  similarity ${row.similarity?.toFixed(3) ?? '-'}  found ${summary.verdict.symmetryFound}${group ? `  group ${group.name ?? `of order ${group.order}`}` : ''}  train ${summary.timings.trainSeconds.toFixed(1)} s`,
        );
      }
    }
  }
  const report: ReproduceReport = {
    experiment: exp.name,
    description: exp.description,
    data: spec,
    command: o.command ?? `semola reproduce ${exp.name}`,
    backend: backend.name,
    epochs,
    epochsByMethod,
    seeds,
    ...(o.baselineSeeds !== undefined ? { baselineSeeds: range(o.baselineSeeds) } : {}),
    methods,
    date: new Date().toISOString(),
    wallSeconds: (performance.now() - t0) / 1000,
    table: aggregate(rows),
    rows,
    ...(o.workspace && runIds.length > 0 ? { recorded: { experiment: experiment.name, runIds } } : {}),
  };
  const outDir = o.outDir ?? 'reports/reproduce';
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, `${exp.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(outDir, `${exp.name}.md`), markdownReport(report));
  return report;
}
