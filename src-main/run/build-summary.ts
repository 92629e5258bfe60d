/** The summary of a finished run (README, "Summary JSON"): what ran, on what, what it found, how long it took. */
import type { Dataset } from '../data/dataset';
import { datasetUnits } from '../data/units';
import type { BackendInfo } from '../engine/backend';
import type { TrainConfig } from '../engine/config';
import { algebraSummary } from '../engine/lie/algebra/summary';
import type { Trainer } from '../engine/training/trainer';
import { SUMMARY_SCHEMA_VERSION, type WrittenSummary } from '../summary/schema';
import type { RunEvaluation } from './evaluate-run';

export interface RunFacts {
  app: { name: string; version: string };
  backend: BackendInfo;
  dataset: Dataset;
  config: TrainConfig;
  trainer: Trainer;
  evaluation: RunEvaluation;
  /** Seconds: from the start to the first epoch, of training, of evaluation, in all. */
  seconds: { setup: number; train: number; eval: number; total: number };
  run?: { id: number; workspace: string };
}

export function buildSummary(f: RunFacts): WrittenSummary {
  const { dataset: ds, trainer, evaluation: e } = f;
  const steps = trainer.history.reduce((s, h) => s + h.steps, 0);
  const last = trainer.history[trainer.history.length - 1];
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    app: f.app,
    backend: f.backend.name,
    backendDetail: f.backend.detail,
    backendsSkipped: f.backend.skipped,
    dataset: {
      name: ds.name,
      source: ds.source,
      layout: ds.layout,
      task: ds.task,
      targetKind: ds.targetKind,
      inputs: ds.inputNames,
      targets: ds.targetNames,
      trainSamples: trainer.trainIndex.length,
      validationSamples: trainer.valIndex.length,
      testSamples: e.testSet.n,
      testSource: ds.test ? 'test split' : 'validation split',
      validationSplit: trainer.validationRule,
      ...(ds.record ? { contentHash: ds.record.contentHash, format: ds.record.format, units: datasetUnits(ds.record) } : {}),
    },
    config: f.config,
    basis: e.basis,
    basisVisible: e.basisVisible,
    actionMetric: e.actionMetric ? { ...e.actionMetric } : null,
    metrics: { test: e.test, validation: { loss: last?.valLoss ?? null }, train: last?.losses ?? null },
    reference: e.reference,
    algebra: e.algebra ? algebraSummary(e.algebra) : null,
    history: trainer.history.map((h) => ({
      epoch: h.epoch,
      losses: h.losses,
      valLoss: h.valLoss,
      seconds: h.seconds,
      ...(h.strengths ? { strengths: h.strengths, residuals: h.residuals } : {}),
      ...(h.widths ? { widths: h.widths } : {}),
    })),
    strengths: last?.strengths ?? null,
    residuals: last?.residuals ?? null,
    widths: last?.widths ?? null,
    permutations: e.discrete?.permutations ?? null,
    permutationGroup: e.discrete?.permutationGroup ?? null,
    verdict: e.verdict,
    verdictEvidence: e.evidence,
    exactness: e.exactness,
    generatedAlgebra: e.generated,
    forces: {
      used: trainer.forces.used,
      source: trainer.forces.source,
      weight: trainer.forces.weight,
      activation: trainer.forces.activation,
      reason: trainer.forces.reason,
      testError: e.forceError ? { ...e.forceError } : null,
    },
    spectrum: e.spectrum ? { ...e.spectrum } : null,
    timings: {
      seconds: f.seconds.total,
      setupSeconds: f.seconds.setup,
      trainSeconds: f.seconds.train,
      evalSeconds: f.seconds.eval,
      epochs: trainer.history.length,
      steps,
      stepsPerSecond: steps / Math.max(1e-9, f.seconds.train),
    },
    // One start; a run of several (run/starts) fills these in.
    starts: null,
    agreement: null,
    ...(f.run ? { run: f.run } : {}),
  };
}
