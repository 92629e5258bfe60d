/**
 * An ExportInput from a run summary (summary/schema.ts). It reads only the fields below, picked
 * from the Summary type, so a parsed summary is passed as it is, and the app's export of a snapshot
 * (which has a basis and a config but no finished summary) builds just these.
 */
import type { TrainConfig } from '../engine/config';
import { buildMask } from '../engine/lie/masks';
import type { Summary } from '../summary/schema';
import type { ExportedAlgebra, ExportedVerdict, ExportInput, Provenance } from './types';

export interface SummaryForExport {
  app?: Pick<Summary['app'], 'version'>;
  dataset: Pick<Summary['dataset'], 'layout' | 'inputs' | 'contentHash' | 'units'>;
  config: Pick<TrainConfig, 'seed' | 'mask' | 'normalization' | 'scale'> & Partial<Pick<TrainConfig, 'method'>>;
  basis: Summary['basis'];
  strengths?: Summary['strengths'];
  algebra?: ExportedAlgebra | null;
  verdict?: ExportedVerdict | null;
  run?: Pick<NonNullable<Summary['run']>, 'id'>;
}

/**
 * What the summary may not know: the run's id and the dataset's hash (taken from the summary's
 * `run.id` and `dataset.contentHash` when absent here), when the export was made (default now).
 */
export interface ExportProvenanceExtras {
  runId?: string | null;
  datasetHash?: string | null;
  createdAt?: string;
  appVersion?: string;
}

function normalisationText(config: SummaryForExport['config'], d: number): string {
  const scale = config.scale ?? Math.sqrt(d);
  const scaleText = config.scale === null ? `sqrt(d) = ${scale.toPrecision(4)}` : String(scale);
  return config.normalization === 'joint'
    ? `joint frobenius: all k generators together have norm sqrt(k) * ${scaleText}`
    : `per-generator frobenius: each generator has norm ${scaleText}`;
}

export function exportInputFromSummary(summary: SummaryForExport, extras: ExportProvenanceExtras): ExportInput {
  if (!Array.isArray(summary.basis) || summary.basis.length === 0) {
    throw new Error(`this run learned no basis${summary.config?.method ? ` (method ${summary.config.method})` : ''}; there is nothing to export`);
  }
  const layout = summary.dataset.layout;
  const d = layout.d;
  const provenance: Provenance = {
    runId: extras.runId !== undefined ? extras.runId : summary.run ? String(summary.run.id) : null,
    config: summary.config,
    seed: summary.config.seed,
    datasetHash: extras.datasetHash !== undefined ? extras.datasetHash : (summary.dataset.contentHash ?? null),
    appVersion: extras.appVersion ?? summary.app?.version ?? 'unknown',
    createdAt: extras.createdAt ?? new Date().toISOString(),
  };
  return {
    basis: summary.basis,
    mask: buildMask(summary.config.mask, d, layout.kind === 'points' && layout.d === 4),
    normalisation: normalisationText(summary.config, d),
    layout,
    featureNames: summary.dataset.inputs,
    ...(summary.dataset.units ? { units: summary.dataset.units } : {}),
    strengths: summary.strengths ?? null,
    algebra: summary.algebra ?? null,
    verdict: summary.verdict ?? null,
    provenance,
  };
}
