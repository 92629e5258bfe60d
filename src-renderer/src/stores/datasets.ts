/** Datasets: the list, the built-ins, the import in progress and the selected dataset's preview. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BuiltinInfo, DatasetPreview, DatasetSuggestions, DatasetSummary, EditOptions, ImportOptions } from '../../../src-main/api/schemas';
import { client } from '../api/client';
import { bytesToBase64 } from '../lib/base64';

export interface ImportState {
  importId: string;
  label: string;
  fraction: number | null;
  message: string;
  error: string | null;
  done: boolean;
}

/** Files up to this size go in one message; larger ones in chunks (the server's limit per message is 16 MiB). */
const SINGLE_MESSAGE_BYTES = 4 * 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

let importCounter = 0;
const newImportId = (): string => `imp-${Date.now().toString(36)}-${importCounter++}`;

export const useDatasetsStore = defineStore('datasets', () => {
  const list = ref<DatasetSummary[]>([]);
  const builtins = ref<BuiltinInfo[]>([]);
  const selectedId = ref<number | null>(null);
  const preview = ref<DatasetPreview | null>(null);
  const previewError = ref<string | null>(null);
  const importing = ref<ImportState | null>(null);

  client.on('dataset.importProgress', (p) => {
    if (importing.value?.importId !== p.importId) return;
    importing.value = { ...importing.value, fraction: p.fraction, message: p.message };
  });

  async function refresh(): Promise<void> {
    list.value = await client.call('datasets.list', {});
    if (builtins.value.length === 0) builtins.value = await client.call('datasets.builtins', {});
  }

  async function select(id: number | null): Promise<void> {
    selectedId.value = id;
    preview.value = null;
    previewError.value = null;
    if (id === null) return;
    try {
      const result = await client.call('datasets.preview', { id, samples: 6 });
      if (selectedId.value === id) preview.value = result;
    } catch (e) {
      if (selectedId.value === id) previewError.value = e instanceof Error ? e.message : String(e);
    }
  }

  async function runImport(label: string, start: (importId: string) => Promise<DatasetSummary>): Promise<DatasetSummary | null> {
    const importId = newImportId();
    importing.value = { importId, label, fraction: 0, message: 'starting', error: null, done: false };
    try {
      const summary = await start(importId);
      importing.value = { ...importing.value, fraction: 1, message: `imported ${summary.name}`, done: true };
      await refresh();
      await select(summary.id);
      return summary;
    } catch (e) {
      importing.value = { ...importing.value, error: e instanceof Error ? e.message : String(e), done: true };
      return null;
    }
  }

  const importPath = (path: string, options: ImportOptions = {}) =>
    runImport(path, (importId) => client.call('datasets.import', { path, options, importId }));

  /** Sends a large file in chunks (uploads.*), showing the bytes sent; the server deletes it if anything fails. */
  async function uploadInChunks(file: File, options: ImportOptions, importId: string): Promise<DatasetSummary> {
    const { uploadId, chunkBytes } = await client.call('uploads.begin', { fileName: file.name, size: file.size });
    try {
      for (let offset = 0; offset < file.size; offset += chunkBytes) {
        const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
        await client.call('uploads.chunk', { uploadId, offset, base64: bytesToBase64(bytes) });
        const sent = Math.min(file.size, offset + chunkBytes);
        if (importing.value?.importId === importId) {
          importing.value = { ...importing.value, fraction: sent / file.size / 3, message: `uploading: ${mb(sent)} of ${mb(file.size)}` };
        }
      }
    } catch (e) {
      await client.call('uploads.abort', { uploadId }).catch(() => undefined);
      throw e;
    }
    return client.call('uploads.finish', { uploadId, options, importId });
  }

  const importFile = async (file: File, options: ImportOptions = {}) => {
    if (file.size > SINGLE_MESSAGE_BYTES) return runImport(file.name, (importId) => uploadInChunks(file, options, importId));
    const base64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    return runImport(file.name, (importId) => client.call('datasets.upload', { fileName: file.name, base64, options, importId }));
  };

  /** What the importer offers for a dataset; `draft` gives suggestions for an edit not yet applied. */
  const suggest = (id: number, draft?: EditOptions): Promise<DatasetSuggestions> => client.call('datasets.suggest', { id, ...(draft ? { draft } : {}) });

  /** Re-imports with edited options; the list and preview then show the edited dataset (maybe a new row). */
  async function update(id: number, options: EditOptions): Promise<DatasetSummary> {
    const edited = await client.call('datasets.update', { id, options });
    await refresh();
    await select(edited.id);
    return edited;
  }

  async function remove(id: number): Promise<void> {
    await client.call('datasets.delete', { id });
    if (selectedId.value === id) await select(null);
    await refresh();
  }

  return { list, builtins, selectedId, preview, previewError, importing, refresh, select, importPath, importFile, suggest, update, remove };
});
