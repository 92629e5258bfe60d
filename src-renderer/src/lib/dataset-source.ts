/**
 * Where a dropped or picked file is imported from. The desktop app's preload can name the file's
 * path on disk: then the file is imported in place (runs re-read it there); a browser cannot, so
 * its bytes are uploaded and a copy goes into the workspace.
 */

/** The part of the desktop app's window.semola that names a File's path (absent in a browser). */
export interface FilePathBridge {
  pathForFile(file: File): string | null;
}

export type DatasetSource = { kind: 'path'; path: string } | { kind: 'upload'; file: File };

export function datasetSource(file: File, bridge: Partial<FilePathBridge> | null | undefined): DatasetSource {
  let path: unknown = null;
  if (typeof bridge?.pathForFile === 'function') {
    try {
      path = bridge.pathForFile(file);
    } catch {
      path = null;
    }
  }
  return typeof path === 'string' && path.length > 0 ? { kind: 'path', path } : { kind: 'upload', file };
}

/** window.semola's pathForFile where the preload provides one. */
export function filePathBridge(): Partial<FilePathBridge> | null {
  const semola = (globalThis as { semola?: Partial<FilePathBridge> }).semola;
  return semola ?? null;
}
