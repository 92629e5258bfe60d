/**
 * The service's view of the importers: files and folders go through `importDataset` (every format
 * it reads, with progress), built-ins are recorded exactly as the trainer records them
 * (jobs/dataset-record), so an imported built-in and the runs trained on it share one row.
 */
import { BUILTIN_PREFIX, loadBuiltin } from '../../data/builtin/index';
import { importDataset, type ImportProgress as ImporterProgress } from '../../data/import';
import type { DatasetRecord } from '../../data/record';
import { editedImportOptions } from '../../data/edit';
import { readSourceView, sourceOf } from '../../data/suggest-source';
import { resolveConfig } from '../../engine/config';
import { datasetRecordFor } from '../../jobs/dataset-record';
import type { ImportOptions } from '../schemas';
import type { DatasetSource, ImportProgress } from './ports';

const STAGE_TEXT: Record<ImporterProgress['stage'], string> = { read: 'reading', parse: 'parsing', build: 'assembling arrays' };

/** Reading, parsing and building weigh a third each in the progress bar. */
export function progressOf(p: ImporterProgress): ImportProgress {
  const within = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const offset = p.stage === 'read' ? 0 : p.stage === 'parse' ? 1 / 3 : 2 / 3;
  return { fraction: offset + within / 3, message: `${STAGE_TEXT[p.stage]}: ${p.done} of ${p.total} ${p.unit}` };
}

export function importerSource(): DatasetSource {
  return {
    async importDataset(path, options, onProgress) {
      if (path.startsWith(BUILTIN_PREFIX)) {
        const given = Object.entries(options).filter(([, v]) => v !== undefined).map(([k]) => k);
        if (given.length > 0) throw new Error(`${given.join(', ')}: import options apply to files; ${path} takes its settings in the spec (builtin:NAME?key=value)`);
        onProgress({ fraction: null, message: `generating ${path}` });
        const dataset = loadBuiltin(path);
        return { dataset, record: await datasetRecordFor({ data: path, config: {} }, dataset, resolveConfig({})) };
      }
      const imported = await importDataset(path, { ...options, onProgress: (p) => onProgress(progressOf(p)) });
      // The importer records the resolved options; the path (and test file) it was given repeat the import.
      const given = { path, ...(options.testPath !== undefined ? { testPath: options.testPath } : {}) };
      return { ...imported, record: { ...imported.record, options: { ...imported.record.options, ...given } } };
    },
    async reload(record: DatasetRecord) {
      const spec = record.options.spec;
      if (record.format === 'builtin' && typeof spec === 'string') return loadBuiltin(spec);
      // The recorded options as the importer takes them (molecule targets are recorded as a list).
      return (await importDataset(sourceOf(record), editedImportOptions(record, {}))).dataset;
    },
    view: readSourceView,
  };
}

export type { ImportOptions };
