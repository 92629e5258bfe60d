/**
 * The names of every contract method and event, without their schemas: the preload bundles only
 * this file, so the sandboxed bridge stays tiny. contract.ts maps every name to its schemas and the
 * compiler rejects a name without a mapping (or a mapping without a name).
 */

export const METHOD_NAMES = [
  'app.info',
  'app.pickDatasetFile',
  'datasets.builtins',
  'datasets.list',
  'datasets.import',
  'datasets.upload',
  'uploads.begin',
  'uploads.chunk',
  'uploads.finish',
  'uploads.abort',
  'datasets.preview',
  'datasets.images',
  'datasets.delete',
  'datasets.suggest',
  'datasets.update',
  'runs.validate',
  'runs.create',
  'runs.list',
  'runs.get',
  'runs.metrics',
  'runs.snapshots',
  'runs.algebra',
  'runs.cancel',
  'runs.delete',
  'runs.archive',
  'runs.tag',
  'runs.note',
  'runs.compare',
  'queue.status',
  'queue.setParallel',
  'sweeps.create',
  'sweeps.list',
  'sweeps.cancel',
  'export.basis',
  'export.permutations',
] as const;

export const EVENT_NAMES = ['dataset.importProgress', 'run.status', 'run.progress', 'run.metrics', 'run.snapshot'] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

const methodSet: ReadonlySet<string> = new Set(METHOD_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && methodSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}

/** Electron IPC channels: one per method (ipcMain.handle) and one per event (webContents.send). */
export const methodChannel = (name: MethodName): string => `semola:call:${name}`;
export const eventChannel = (name: EventName): string => `semola:event:${name}`;
