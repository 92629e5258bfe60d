/**
 * The experiment store. Open a workspace, then use its repositories:
 *
 *   const ws = openWorkspace(resolveWorkspacePath(flag));
 *   ws.runs.list({ status: 'done' });  ws.metrics.series(id, 'loss.total');  ws.snapshots.list(id);
 *   ws.close();
 *
 * The job queue (src-main/jobs) is the writer for training runs; the desktop app's service reads
 * through the same repositories and edits tags, notes, experiments, archive and delete.
 */
export { openWorkspace, processIsAlive, Workspace, SCHEMA_VERSION, type OpenOptions } from './workspace';
export { defaultWorkspacePath, resolveWorkspacePath, WORKSPACE_ENV } from './location';
export { MIGRATIONS, migrate, type Migration } from './migrations';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint-codec';
export { CHECKPOINT_MEDIA_TYPE } from './repos/artifacts';
export * from './types';
export { runDetails, runResults, compareRuns, type RunDetails, type RunResults, type RunComparison } from './run-details';
