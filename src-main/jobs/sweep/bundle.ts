/**
 * A run written to a folder instead of a workspace (`semola train --bundle DIR --no-record`): what a
 * Slurm sweep task writes on the shared file system, where SQLite with many writers is unsafe.
 *
 *   request.json   the run request (as a workspace run stores it)
 *   record.v8      every trainer message (started, progress, snapshots, the last checkpoint) in
 *                  structured-clone form: `semola sweep collect` replays them through the same
 *                  RunRecorder the queue uses, so an ingested run has the rows a local run has
 *   metrics.json   the per-epoch losses, readable
 *   checkpoint.bin the last checkpoint (store/checkpoint-codec)
 *   summary.json   the summary JSON of `semola train --out`, written last: its presence means done
 *   error.json     { reason } when training failed
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { runTrain } from '../../run/train';
import type { RunOptions } from '../../run/options';
import type { RunRequest } from '../../store/types';
import type { Summary, WrittenSummary } from '../../summary/schema';
import type { FromTrainer } from '../messages';
import { requestOf, runStarts } from '../starts';
import { trainHooks } from '../train-hooks';
import type { StartsRequest } from '../recorded-train';

export const BUNDLE_FILES = { request: 'request.json', record: 'record.v8', metrics: 'metrics.json', checkpoint: 'checkpoint.bin', summary: 'summary.json', error: 'error.json' } as const;

/** Write `text` whole or not at all (a reader never sees half a file). */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Train as `semola train` does and write the run into `dir` (emptied first: a resubmitted task starts clean). */
export async function runBundledTrain(opts: RunOptions, dir: string, several?: StartsRequest): Promise<WrittenSummary> {
  const multi = several !== undefined && several.starts > 1;
  const request: RunRequest = { ...requestOf(opts), ...(multi ? { starts: several.starts } : {}) };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeAtomic(path.join(dir, BUNDLE_FILES.request), `${JSON.stringify(request, null, 2)}\n`);
  const record: FromTrainer[] = [];
  let checkpoint: Uint8Array | null = null;
  const keep = (m: FromTrainer): void => {
    // Only the last checkpoint is kept (the run is finished when the bundle is read); its bytes
    // live in checkpoint.bin, the record holds its place.
    if (m.type === 'checkpoint') {
      checkpoint = m.bytes;
      const at = record.findIndex((r) => r.type === 'checkpoint');
      if (at >= 0) record.splice(at, 1);
      record.push({ ...m, bytes: new Uint8Array(0) });
      return;
    }
    record.push(m);
  };
  try {
    let summary: WrittenSummary;
    if (multi) {
      // As a recorded run of several starts: start 0's start-up (the run's own seed), every start's epochs.
      summary = await runStarts(opts, {
        ...several,
        onMessage: (index, m) => {
          if (m.type === 'started' && index === 0) keep(m);
          else if (m.type === 'progress') keep({ ...m, start: index });
        },
      });
    } else {
      const hooks = trainHooks(0, request, 0, keep);
      summary = await runTrain({ ...opts, ...hooks, onEpoch: (e) => { opts.onEpoch?.(e); hooks.onEpoch(e); } });
    }
    const metrics = record.filter((m) => m.type === 'progress').map(({ type: _t, runId: _r, ...rest }) => rest);
    await writeAtomic(path.join(dir, BUNDLE_FILES.metrics), `${JSON.stringify(metrics, null, 1)}\n`);
    if (checkpoint) await writeAtomic(path.join(dir, BUNDLE_FILES.checkpoint), checkpoint);
    await writeAtomic(path.join(dir, BUNDLE_FILES.record), serialize(record));
    await writeAtomic(path.join(dir, BUNDLE_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } catch (e) {
    await writeAtomic(path.join(dir, BUNDLE_FILES.error), `${JSON.stringify({ reason: e instanceof Error ? e.message : String(e) }, null, 2)}\n`).catch(() => undefined);
    throw e;
  }
}

export type BundleState =
  | { state: 'done'; request: RunRequest; record: FromTrainer[]; summary: Summary }
  | { state: 'failed'; request: RunRequest | null; reason: string }
  | { state: 'missing' };

/** What a bundle folder holds: a finished run, a failure with its reason, or nothing (yet). */
export function readBundle(dir: string): BundleState {
  const file = (name: string): string => path.join(dir, name);
  const request = existsSync(file(BUNDLE_FILES.request)) ? (JSON.parse(readFileSync(file(BUNDLE_FILES.request), 'utf8')) as RunRequest) : null;
  if (existsSync(file(BUNDLE_FILES.summary))) {
    if (!request) return { state: 'failed', request, reason: `${dir}: the bundle has a summary but no ${BUNDLE_FILES.request}` };
    const summary = JSON.parse(readFileSync(file(BUNDLE_FILES.summary), 'utf8')) as Summary;
    const record = (deserialize(readFileSync(file(BUNDLE_FILES.record))) as FromTrainer[]).map((m) =>
      m.type === 'checkpoint' ? { ...m, bytes: new Uint8Array(readFileSync(file(BUNDLE_FILES.checkpoint))) } : m,
    );
    return { state: 'done', request, record, summary };
  }
  if (existsSync(file(BUNDLE_FILES.error))) {
    const { reason } = JSON.parse(readFileSync(file(BUNDLE_FILES.error), 'utf8')) as { reason: string };
    return { state: 'failed', request, reason };
  }
  return { state: 'missing' };
}
