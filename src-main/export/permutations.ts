/**
 * Exports of a weight-sharing run's discrete symmetry (SPEC 6): the learned soft permutations and
 * the permutation group, as JSON (everything, readable back with readPermutationsExport), .npy (the
 * soft array [G, n, n]) or .npz (soft, rounded images, confidences, group elements, slot names and
 * the JSON document). Pure: bytes out, the caller writes them.
 */
import type { PermutationGroupSummary, PermutationsSummary } from '../engine/discrete/permutation-summary';
import type { TrainConfig } from '../engine/config';
import type { Summary } from '../summary/schema';
import { encodeNpy, encodeNpz, tensorArray, type NpyArray } from './npy';
import type { ExportResult } from './types';

export const PERMUTATIONS_EXPORT_KIND = 'semola.permutations';
export const PERMUTATIONS_EXPORT_SCHEMA_VERSION = 1;
export const PERMUTATION_EXPORT_FORMATS = ['json', 'npy', 'npz'] as const;
export type PermutationExportFormat = (typeof PERMUTATION_EXPORT_FORMATS)[number];

/** The summary fields an export reads (a run with --model weight-sharing), picked from the Summary type: a parsed summary passes as it is. */
export interface SummaryWithPermutations {
  app?: Pick<Summary['app'], 'version'>;
  dataset: Partial<Pick<Summary['dataset'], 'name' | 'contentHash'>>;
  config: Pick<TrainConfig, 'seed'> & Partial<Pick<TrainConfig, 'weightSharing'>>;
  permutations: PermutationsSummary | null;
  permutationGroup: PermutationGroupSummary | null;
  run?: Pick<NonNullable<Summary['run']>, 'id'>;
}

export interface PermutationsExportDocument {
  kind: typeof PERMUTATIONS_EXPORT_KIND;
  schemaVersion: number;
  permutations: NonNullable<SummaryWithPermutations['permutations']>;
  permutationGroup: NonNullable<SummaryWithPermutations['permutationGroup']>;
  provenance: { runId: string | null; seed: number; datasetHash: string | null; appVersion: string; createdAt: string; weightSharing: unknown };
}

const encoder = new TextEncoder();

function checkSoft(soft: number[][][]): { G: number; n: number } {
  const G = soft.length;
  const n = soft[0]?.length ?? 0;
  if (G === 0 || n === 0) throw new Error('permutations.soft: expected [G][n][n] with G, n >= 1');
  soft.forEach((m, g) => {
    if (m.length !== n) throw new Error(`permutations.soft[${g}]: ${m.length} rows, expected ${n}`);
    m.forEach((row, i) => {
      if (row.length !== n || row.some((v) => !Number.isFinite(v))) throw new Error(`permutations.soft[${g}][${i}]: expected ${n} finite numbers`);
    });
  });
  return { G, n };
}

export function permutationsDocument(summary: SummaryWithPermutations, extras: { runId?: string | null; datasetHash?: string | null; createdAt?: string } = {}): PermutationsExportDocument {
  if (!summary.permutations || !summary.permutationGroup) {
    throw new Error('this run has no learned permutations (train with --model weight-sharing); there is nothing to export');
  }
  checkSoft(summary.permutations.soft);
  return {
    kind: PERMUTATIONS_EXPORT_KIND,
    schemaVersion: PERMUTATIONS_EXPORT_SCHEMA_VERSION,
    permutations: summary.permutations,
    permutationGroup: summary.permutationGroup,
    provenance: {
      runId: extras.runId !== undefined ? extras.runId : summary.run ? String(summary.run.id) : null,
      seed: summary.config.seed,
      datasetHash: extras.datasetHash !== undefined ? extras.datasetHash : (summary.dataset.contentHash ?? null),
      appVersion: summary.app?.version ?? 'unknown',
      createdAt: extras.createdAt ?? new Date().toISOString(),
      weightSharing: summary.config.weightSharing ?? null,
    },
  };
}

/** The bytes of one export of the permutations and their group. */
export function exportPermutations(summary: SummaryWithPermutations, format: PermutationExportFormat, extras: { runId?: string | null; datasetHash?: string | null; createdAt?: string } = {}): ExportResult {
  const doc = permutationsDocument(summary, extras);
  const id = doc.provenance.runId?.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
  const base = id ? `semola-${id}-permutations` : 'semola-permutations';
  const { G, n } = checkSoft(doc.permutations.soft);
  const json = encoder.encode(`${JSON.stringify(doc, null, 2)}\n`);
  switch (format) {
    case 'json':
      return { fileName: `${base}.json`, bytes: json, mediaType: 'application/json' };
    case 'npy':
      return { fileName: `${base}.npy`, bytes: encodeNpy(tensorArray(doc.permutations.soft, [G, n, n], 'float64')), mediaType: 'application/octet-stream' };
    case 'npz': {
      const g = doc.permutationGroup;
      const arrays: Record<string, NpyArray> = {
        soft: tensorArray(doc.permutations.soft, [G, n, n], 'float64'),
        rounded: tensorArray(doc.permutations.rounded.images, [G, n], 'float64'),
        confidence: tensorArray(doc.permutations.confidence, [G], 'float64'),
        group_elements: tensorArray(g.elementImages, [g.order, n], 'float64'),
        points: { dtype: 'unicode', shape: [g.points.length], data: g.points },
      };
      return { fileName: `${base}.npz`, bytes: encodeNpz(arrays, new Date(doc.provenance.createdAt), { 'export.json': json }), mediaType: 'application/zip' };
    }
    default:
      throw new Error(`permutations export: unknown format "${String(format)}"; expected ${PERMUTATION_EXPORT_FORMATS.join(', ')}`);
  }
}

/** Reads an export written by exportPermutations('json'), checking its kind and version. */
export function readPermutationsExport(text: string, where = 'permutations export'): PermutationsExportDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const doc = parsed as Partial<PermutationsExportDocument>;
  if (doc.kind !== PERMUTATIONS_EXPORT_KIND) throw new Error(`${where}: kind is ${JSON.stringify(doc.kind)}, expected "${PERMUTATIONS_EXPORT_KIND}"`);
  if (doc.schemaVersion !== PERMUTATIONS_EXPORT_SCHEMA_VERSION) throw new Error(`${where}: schemaVersion ${String(doc.schemaVersion)}, expected ${PERMUTATIONS_EXPORT_SCHEMA_VERSION}`);
  if (!doc.permutations || !doc.permutationGroup) throw new Error(`${where}: permutations and permutationGroup are required`);
  checkSoft(doc.permutations.soft);
  return doc as PermutationsExportDocument;
}
