/** The datasets half of the service: built-ins, import (by path or upload), list, preview, suggest, edit, delete. */
import { createHash } from 'node:crypto';
import { mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import { UploadStore } from './uploads';
import { basename, join, resolve, sep } from 'node:path';
import { BUILTIN_PREFIX, listBuiltins } from '../../data/builtin/index';
import type { Dataset } from '../../data/dataset';
import type { DatasetRecord } from '../../data/record';
import { hasPositions, userUnitsOf } from '../../data/units';
import { changedKeys, editedImportOptions, editedName } from '../../data/edit';
import { suggestFor } from '../../data/suggest';
import { sourceOf } from '../../data/suggest-source';
import type { StoredDataset } from '../../store/index';
import type { ApiHandlers } from '../contract';
import { ApiError, notFound } from '../errors';
import type { DatasetSummary, ImportOptions } from '../schemas';
import type { ServiceDeps } from './ports';
import { imagePage } from './images';
import { buildPreview } from './preview';

async function totalSize(files: string[]): Promise<number | null> {
  let sum = 0;
  for (const file of files) {
    try {
      sum += (await stat(file)).size;
    } catch {
      return null;
    }
  }
  return sum;
}

async function toSummary(stored: StoredDataset): Promise<DatasetSummary> {
  const r = stored.record;
  return {
    id: stored.id,
    name: r.name,
    format: r.format,
    sourceFiles: r.sourceFiles,
    sizeBytes: r.format === 'builtin' ? null : await totalSize(r.sourceFiles),
    sampleCount: r.sampleCount,
    contentHash: r.contentHash,
    layout: r.layout,
    task: r.task,
    targetKind: r.targetKind,
    inputNames: r.inputNames,
    targets: r.targets,
    notes: r.notes,
    createdAt: stored.createdAt,
    ...(r.units ? { units: r.units } : {}),
    ...(userUnitsOf(r.options.units) ? { userUnits: userUnitsOf(r.options.units) } : {}),
    ...(r.targetGradient ? { targetGradient: r.targetGradient } : {}),
    ...(r.atomOrderFixed !== undefined ? { atomOrderFixed: r.atomOrderFixed } : {}),
  };
}

/** A unit the edit sets must name a target of the edited dataset (or its positions): nothing is stored otherwise. */
function refuseUnusedUnits(units: Record<string, string | null> | undefined, edited: DatasetRecord): void {
  const applied = (edited.options.units ?? {}) as Record<string, unknown>;
  const unused = Object.entries(units ?? {}).filter(([key, unit]) => unit !== null && applied[key] === undefined).map(([key]) => key);
  if (unused.length === 0) return;
  const names = [...edited.targets.map((t) => t.name), ...(hasPositions(edited) ? ['positions'] : [])];
  const issues = unused.map((key) => ({
    path: `options.units.${key}`,
    message: key === 'positions' ? `${edited.name} has no positions (a table: set the unit of a target column instead)` : `no target named ${JSON.stringify(key)}; units can be set for ${names.join(', ') || 'nothing in this dataset'}`,
  }));
  throw new ApiError('invalid-input', `datasets.update: invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

type DatasetHandlers = Pick<
  ApiHandlers,
  | 'datasets.builtins'
  | 'datasets.list'
  | 'datasets.import'
  | 'datasets.upload'
  | 'uploads.begin'
  | 'uploads.chunk'
  | 'uploads.finish'
  | 'uploads.abort'
  | 'datasets.preview'
  | 'datasets.images'
  | 'datasets.suggest'
  | 'datasets.update'
  | 'datasets.delete'
>;

export function datasetHandlers(deps: ServiceDeps): DatasetHandlers {
  const { workspace, hub } = deps;
  const uploads = deps.uploads ?? new UploadStore(deps.uploadsDir, workspace);
  // Loaded arrays of recently previewed datasets, so scrubbing through previews does not re-read files.
  const loaded = new Map<number, Dataset>();
  const remember = (id: number, ds: Dataset): void => {
    loaded.delete(id);
    loaded.set(id, ds);
    while (loaded.size > 4) loaded.delete(loaded.keys().next().value as number);
  };

  const requireDataset = (id: number): StoredDataset => {
    const stored = workspace.datasets.get(id);
    if (stored === null) throw notFound('dataset', id);
    return stored;
  };

  const loadedDataset = async (id: number, stored: StoredDataset): Promise<Dataset> => {
    let ds = loaded.get(id);
    if (ds === undefined) {
      ds = await deps.data.reload(stored.record);
      remember(id, ds);
    }
    return ds;
  };

  const importFrom = async (path: string, options: ImportOptions, importId: string): Promise<DatasetSummary> => {
    hub.emit('dataset.importProgress', { importId, fraction: 0, message: `reading ${path}` });
    const { dataset, record } = await deps.data.importDataset(path, options, (p) => hub.emit('dataset.importProgress', { importId, fraction: p.fraction, message: p.message }));
    const id = workspace.datasets.upsert(record);
    remember(id, dataset);
    hub.emit('dataset.importProgress', { importId, fraction: 1, message: `imported ${record.name}: ${record.sampleCount} samples` });
    const stored = workspace.datasets.get(id);
    if (stored === null) throw notFound('dataset', id);
    return toSummary(stored);
  };

  /**
   * The path to import, checked against the data root when there is one: first by name (nothing
   * outside it is touched, so its answers say nothing about other files), then with links resolved.
   */
  const insideRoot = async (path: string, what: string): Promise<string> => {
    if (deps.dataRoot === undefined || path.startsWith(BUILTIN_PREFIX)) return path;
    const root = resolve(deps.dataRoot);
    const refuse = (): never => {
      throw new ApiError('invalid-input', `${what} ${JSON.stringify(path)}: outside the data root ${root}; this server imports by path only from there (--data-root)`);
    };
    const target = resolve(root, path);
    if (target !== root && !target.startsWith(root + sep)) refuse();
    let real: string;
    try {
      real = await realpath(target);
    } catch {
      throw new ApiError('not-found', `${what} ${JSON.stringify(path)}: not found under the data root ${root}`);
    }
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) refuse();
    return real;
  };

  /** Imports an uploaded file; a rejected one is deleted (unless another dataset reads the same file). */
  const importUpload = async (path: string, fileName: string, options: ImportOptions, importId: string): Promise<DatasetSummary> => {
    try {
      return await importFrom(path, options, importId);
    } catch (e) {
      await uploads.discard(path);
      // The user knows the file by the name they dropped, not by where the upload was kept.
      throw new ApiError('failed', (e instanceof Error ? e.message : String(e)).split(path).join(fileName));
    }
  };

  return {
    'datasets.builtins': async () => listBuiltins(),
    'datasets.list': async () => Promise.all(workspace.datasets.list().map(toSummary)),
    'datasets.import': async ({ path, options, importId }) => {
      const checked = { ...options, ...(options.testPath !== undefined ? { testPath: await insideRoot(options.testPath, 'testPath') } : {}) };
      return importFrom(await insideRoot(path, 'path'), checked, importId);
    },
    'datasets.upload': async ({ fileName, base64, options, importId }) => {
      const bytes = Buffer.from(base64, 'base64');
      // Named by content, so the same file dropped twice is stored once and runs can re-read it later.
      const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      const folder = join(deps.uploadsDir, digest);
      await mkdir(folder, { recursive: true });
      const path = join(folder, fileName);
      await writeFile(path, bytes);
      if (options.testPath !== undefined) options = { ...options, testPath: await insideRoot(options.testPath, 'testPath') };
      return importUpload(path, fileName, options, importId);
    },
    'uploads.begin': async ({ fileName, size }) => uploads.begin(fileName, size),
    'uploads.chunk': async ({ uploadId, offset, base64 }) => uploads.chunk(uploadId, offset, Buffer.from(base64, 'base64')),
    'uploads.finish': async ({ uploadId, options, importId }) => {
      const testPath = options.testPath !== undefined ? await insideRoot(options.testPath, 'testPath') : undefined;
      const { path, fileName } = await uploads.complete(uploadId);
      return importUpload(path, fileName, { ...options, ...(testPath !== undefined ? { testPath } : {}) }, importId);
    },
    'uploads.abort': async ({ uploadId }) => {
      await uploads.abort(uploadId);
      return { ok: true };
    },
    'datasets.preview': async ({ id, samples, split }) => {
      const stored = requireDataset(id);
      const ds = await loadedDataset(id, stored);
      return { dataset: await toSummary(stored), ...buildPreview(ds, stored.record, samples, split) };
    },
    'datasets.images': async ({ id, split, offset, count }) => imagePage(id, await loadedDataset(id, requireDataset(id)), split, offset, count),
    'datasets.suggest': async ({ id, draft }) => {
      const { record } = requireDataset(id);
      try {
        return { datasetId: id, format: record.format, ...suggestFor(record, await deps.data.view(record), draft) };
      } catch (e) {
        throw new ApiError(draft ? 'invalid-input' : 'failed', e instanceof Error ? e.message : String(e));
      }
    },
    'datasets.update': async ({ id, options }) => {
      const before = requireDataset(id);
      if (before.record.format === 'builtin') throw new ApiError('unsupported', `${before.record.name} is built in: change it through its parameters (builtin:NAME?key=value) and import it again`);
      // The importer checks the edited options; its error (file, line, what was expected) comes back as it is, and nothing is stored.
      const source = sourceOf(before.record);
      const { dataset, record: edited } = await deps.data.importDataset(source, editedImportOptions(before.record, options), () => undefined).catch((e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        // An uploaded file is known by the name it was dropped with, not by where the upload was kept.
        throw new ApiError('failed', source.startsWith(deps.uploadsDir) ? message.split(source).join(basename(source)) : message);
      });
      refuseUnusedUnits(options.units, edited);
      if (edited.contentHash === before.record.contentHash) return toSummary(before);
      const same = workspace.datasets.byHash(edited.contentHash);
      if (same !== null) return toSummary(same);
      let editedId = id;
      if (workspace.datasets.runCount(id) > 0) {
        // Runs keep the record they were trained on: the edit becomes a dataset of its own.
        editedId = workspace.datasets.upsert({ ...edited, name: editedName(before.record.name, changedKeys(before.record, edited)) });
      } else {
        workspace.datasets.replace(id, { ...edited, name: before.record.name });
        loaded.delete(id);
      }
      remember(editedId, dataset);
      return toSummary(requireDataset(editedId));
    },
    'datasets.delete': async ({ id }) => {
      if (workspace.datasets.get(id) === null) throw notFound('dataset', id);
      workspace.datasets.delete(id);
      loaded.delete(id);
      return { ok: true };
    },
  };
}
