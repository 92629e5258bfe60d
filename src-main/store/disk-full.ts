/** A full disk, said plainly: which run, where, how much is free, and how to continue. */
import { statfsSync } from 'node:fs';
import * as path from 'node:path';

export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/** Free space on the file system holding `file`, in MB (null when unknown). */
export function freeMegabytes(file: string): number | null {
  try {
    const s = statfsSync(path.dirname(path.resolve(file)));
    return Math.floor((s.bavail * s.bsize) / (1024 * 1024));
  } catch {
    return null;
  }
}

export function diskFullMessage(workspaceFile: string, runId: number): string {
  const free = freeMegabytes(workspaceFile);
  return (
    `disk full: could not record run ${runId} in ${workspaceFile}${free !== null ? ` (${free} MB free)` : ''}; ` +
    `what was recorded before is kept and the run can continue from its last checkpoint: free some space and \`semola resume ${runId}\``
  );
}
