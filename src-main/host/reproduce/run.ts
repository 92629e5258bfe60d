/**
 * `semola reproduce <experiment>`: every method trained once per seed on the experiment's training
 * set and evaluated on each of its test splits; rows are aggregated into mean +- std tables
 * (table.ts) and written as markdown and JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { selectBackend, type BackendRequest } from '../../engine/backend';
import { resolveConfig, type Method, type TrainConfig } from '../../engine/config';
import { compareWithReference, evaluate } from '../../engine/evaluate';
import { subset } from '../../engine/samples';
import { Trainer } from '../../engine/trainer';
import { decideVerdict } from '../../engine/verdict';
import { verdictEvidence } from '../../engine/verdict-evidence';
import { findExperiment } from './experiments';
import { aggregate, markdownReport, type ReproduceReport, type RunRow } from './table';

export interface ReproduceOptions {
  experiment: string;
  seeds?: number;
  epochs?: number;
  methods?: Method[];
  outDir?: string;
  /** Tiny data, for testing the command itself. */
  quick?: boolean;
  backend?: BackendRequest;
  /** Engine settings applied to every run (e.g. a smaller model in tests). */
  config?: Partial<TrainConfig>;
  /** The command line, recorded in the report. */
  command?: string;
  log?: (line: string) => void;
}

export async function runReproduce(o: ReproduceOptions): Promise<ReproduceReport> {
  const t0 = performance.now();
  const exp = findExperiment(o.experiment);
  const backend = await selectBackend(o.backend ?? 'auto');
  const { train, tests, knownBasis, spec } = exp.build(o.quick ?? false);
  const epochs = o.epochs ?? exp.defaultEpochs;
  const seeds = Array.from({ length: o.seeds ?? 3 }, (_, i) => i);
  const methods = o.methods ?? exp.defaultMethods;
  for (const m of methods) {
    if ((m === 'fixed-basis' || m === 'augerino') && !knownBasis) throw new Error(`experiment ${exp.name} has no known basis, so method ${m} cannot run`);
  }
  const rows: RunRow[] = [];
  for (const method of methods) {
    for (const seed of seeds) {
      const config = resolveConfig({
        ...(o.config ?? {}),
        method,
        epochs,
        seed,
        ...(method === 'fixed-basis' || method === 'augerino' ? { fixedBasis: knownBasis! } : {}),
      } as Partial<TrainConfig>);
      const trainer = new Trainer(train, config);
      try {
        const tTrain = performance.now();
        await trainer.train();
        const trainSeconds = (performance.now() - tTrain) / 1000;
        const basis = trainer.augmenter?.basisArray() ?? [];
        const similarity = method === 'semola' && train.referenceBasis ? compareWithReference(basis, train.referenceBasis, train, tests[0]!.set, seed).action ?? null : null;
        const evidence = trainer.augmenter ? verdictEvidence(trainer, subset(train, train.train, trainer.valIndex)) : null;
        const verdict = decideVerdict(method, evidence, null);
        for (const split of tests) {
          const tTest = performance.now();
          const m = evaluate(trainer, split.set);
          rows.push({
            method,
            seed,
            split: split.name,
            mse: m.mse,
            equivarianceError: m.equivarianceError,
            similarity,
            symmetryFound: verdict.symmetryFound,
            trainSeconds,
            testSeconds: (performance.now() - tTest) / 1000,
          });
          o.log?.(`${method} seed ${seed} ${split.name}: MSE ${m.mse?.toPrecision(3)}  E ${m.equivarianceError?.toPrecision(3) ?? '-'}  similarity ${similarity?.toFixed(3) ?? '-'}  found ${verdict.symmetryFound}  train ${trainSeconds.toFixed(1)} s`);
        }
      } finally {
        trainer.dispose();
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
    seeds,
    methods,
    date: new Date().toISOString(),
    wallSeconds: (performance.now() - t0) / 1000,
    table: aggregate(rows),
    rows,
  };
  const outDir = o.outDir ?? 'reports/reproduce';
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, `${exp.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(outDir, `${exp.name}.md`), markdownReport(report));
  return report;
}
