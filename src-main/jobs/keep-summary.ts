/**
 * A run finished but its summary could not be recorded in the workspace (its disk is full): the
 * result must not be lost with it. It is kept in a file beside the workspace when that still
 * fits, else in the system's temp folder, else printed on standard output; the message says where.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freeMegabytes } from '../store/disk-full';

/** Keeps `summary`; returns where it is (a file, or "standard output"). `out`: the --out file, if one was given. */
export function keepSummary(workspaceFile: string, runId: number, summary: unknown, out?: string): string {
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  // --out was written: the summary is already safe there.
  if (out && existsSync(out) && readFileSync(out, 'utf8') === text) return path.resolve(out);
  const name = `${path.basename(workspaceFile)}.run-${runId}-summary-${Date.now()}.json`;
  for (const folder of [path.dirname(path.resolve(workspaceFile)), tmpdir()]) {
    const file = path.join(folder, name);
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return file;
    } catch {
      // A partly written file is no summary: remove it and try the next place.
      rmSync(file, { force: true });
    }
  }
  process.stdout.write(text);
  return 'standard output (the JSON printed above)';
}

/** The message for a finished run whose summary went to `kept` instead of the workspace. */
export function summaryKeptMessage(workspaceFile: string, runId: number, kept: string): string {
  const free = freeMegabytes(workspaceFile);
  return (
    `disk full: run ${runId} finished but could not be recorded in ${workspaceFile}${free !== null ? ` (${free} MB free)` : ''}; ` +
    `its summary is kept in ${kept}. To record the run, free some space and \`semola resume ${runId}\` (it continues from its last checkpoint to the same numbers)`
  );
}
