/**
 * Exports of a run's learned basis (JSON, LaTeX, npy, npz) at its last or a chosen epoch, and of a
 * weight-sharing run's learned permutations and their group (JSON, npy, npz).
 */
import { exportBasis, exportInputFromSummary, exportPermutations, type SummaryForExport } from '../../export/index';
import { APP_VERSION } from '../../run/version';
import type { ApiHandlers } from '../contract';
import { ApiError, notFound } from '../errors';
import type { ServiceDeps } from './ports';
import { toSnapshot } from './runs-view';

export function exportHandlers(deps: ServiceDeps): Pick<ApiHandlers, 'export.basis' | 'export.permutations'> {
  const ws = deps.workspace;
  return {
    'export.basis': async ({ runId, format, epoch, groupElement }) => {
      const run = ws.runs.get(runId);
      if (run === null) throw notFound('run', runId);
      const stored = epoch === undefined ? ws.snapshots.latest(runId) : ws.snapshots.get(runId, epoch);
      if (stored === null) throw new ApiError('not-found', `run ${runId} has no learned basis${epoch === undefined ? ' yet' : ` at epoch ${epoch}`}`);
      if (run.config === null || run.datasetId === null) throw new ApiError('not-found', `run ${runId} has not started yet`);
      // The export states the run's verdict: one that cannot be read is said, not left out.
      if (run.summaryError !== null) throw new ApiError('failed', run.summaryError);
      const dataset = ws.datasets.get(run.datasetId);
      if (dataset === null) throw notFound('dataset', run.datasetId);
      const snapshot = toSnapshot(stored);
      const layout = dataset.record.layout;
      const summary: SummaryForExport = {
        app: { version: run.appVersion },
        dataset: { layout, inputs: dataset.record.inputNames },
        config: run.config as unknown as SummaryForExport['config'],
        basis: snapshot.basis,
        strengths: snapshot.strengths,
        algebra: deps.analyzeAlgebra ? deps.analyzeAlgebra(snapshot.basis, layout) : null,
        verdict: run.summary?.verdict ?? null,
      };
      if (groupElement !== undefined && groupElement.length !== snapshot.basis.length) {
        throw new ApiError('invalid-input', `groupElement: ${groupElement.length} coefficients t for the ${snapshot.basis.length} generators of run ${runId}`);
      }
      const file = exportBasis(format, exportInputFromSummary(summary, { runId: String(runId), datasetHash: run.datasetHash, appVersion: APP_VERSION }), groupElement ? { groupElement } : {});
      const bytes = Buffer.from(file.bytes);
      const isText = format === 'json' || format === 'latex';
      // The epoch in the name: files exported at different epochs of one run do not overwrite each other.
      const fileName = file.fileName.replace(/-basis/, `-basis-epoch${stored.epoch}`);
      return { fileName, mediaType: file.mediaType, base64: bytes.toString('base64'), text: isText ? bytes.toString('utf8') : null };
    },
    'export.permutations': async ({ runId, format }) => {
      const run = ws.runs.get(runId);
      if (run === null) throw notFound('run', runId);
      // Only the trainer's final summary holds the permutations: there are no per-epoch snapshots of them.
      if (run.status !== 'done') {
        throw new ApiError('not-found', `run ${runId} has not finished (it is ${run.status}): only a done run has learned permutations to export`);
      }
      if (run.summary === null) throw new ApiError('failed', run.summaryError ?? `run ${runId} is done but recorded no summary`);
      if (!run.summary.permutations || !run.summary.permutationGroup) {
        throw new ApiError('not-found', `run ${runId} was not trained with the weight-sharing model: it has no learned permutations to export (export its basis instead)`);
      }
      const file = exportPermutations(run.summary, format, { runId: String(runId), datasetHash: run.datasetHash });
      const bytes = Buffer.from(file.bytes);
      return { fileName: file.fileName, mediaType: file.mediaType, base64: bytes.toString('base64'), text: format === 'json' ? bytes.toString('utf8') : null };
    },
  };
}
