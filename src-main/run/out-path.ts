/**
 * `--out FILE` of `semola train`: checked before training, so a run is never trained in full only
 * to find that its summary cannot be written; and if writing still fails at the end (disk full,
 * the folder removed meanwhile), the summary is kept and the user told where.
 */
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Throws a message naming --out unless `file` can be written: its folder exists and is writable, and it is not a folder. */
export async function checkOutPath(file: string): Promise<void> {
  const target = path.resolve(file);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new Error(`--out ${file}: is a folder; give a file name for the summary JSON (e.g. ${path.join(file, 'summary.json')})`);
  const folder = path.dirname(target);
  const parent = await stat(folder).catch(() => null);
  if (parent === null) throw new Error(`--out ${file}: the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new Error(`--out ${file}: ${folder} is not a folder`);
  try {
    await access(existing ? target : folder, constants.W_OK);
  } catch {
    throw new Error(`--out ${file}: ${existing ? 'the file' : `the folder ${folder}`} is not writable`);
  }
}

/**
 * Writes the summary to `file`; if that fails, keeps it: in the workspace when the run is recorded
 * there (`recordedRun`), else in a file under the system's temp folder. Returns a note saying
 * where it is, or null when `file` was written.
 */
export async function writeSummary(file: string, text: string, recordedRun: { id: number; workspace: string } | undefined): Promise<string | null> {
  try {
    await writeFile(file, text);
    return null;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    if (recordedRun) return `could not write --out ${file} (${why}); the summary is kept in the workspace ${recordedRun.workspace}: semola runs show ${recordedRun.id} --json`;
    const kept = path.join(tmpdir(), `semola-summary-${Date.now()}.json`);
    await writeFile(kept, text);
    return `could not write --out ${file} (${why}); the summary was written to ${kept} instead`;
  }
}
