/**
 * `semola runs list|show|compare|export|delete|archive|tag|note` and `semola resume`: the recorded
 * experiments, read through the same store functions the desktop app's service uses.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { intFlag, runIdArg } from './cli-numbers';
import { exportBasis, exportInputFromSummary, exportPermutations, EXPORT_FORMATS, PERMUTATION_EXPORT_FORMATS, type ExportFormat, type ExportResult, type PermutationExportFormat } from '../export/index';
import { RunQueue } from '../jobs/queue';
import { compareRuns, runDetails, runResults, type RunComparison, type RunDetails, type RunResults } from '../store/run-details';
import { resolveWorkspacePath } from '../store/location';
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../store/types';
import { openWorkspace, type Workspace } from '../store/workspace';

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const runId = runIdArg;

function withWorkspace<T>(flag: string | undefined, fn: (ws: Workspace) => T): T {
  const ws = openWorkspace(resolveWorkspacePath(flag));
  try {
    return fn(ws);
  } finally {
    ws.close();
  }
}

const fmt = (v: number | null, digits = 4): string => (v === null ? '-' : v.toPrecision(digits));
const pad = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
};

/** The verdict cell: the answer, or that the summary cannot be read (the reason follows the table). */
const verdictCell = (res: RunResults): string => (res.summaryError !== null ? 'summary unreadable' : (res.verdict ?? '-'));

/** One line per run whose stored summary cannot be read, under a table that lists it. */
const unreadable = (results: RunResults[]): string[] => results.flatMap((res) => (res.summaryError !== null ? [res.summaryError] : []));

function listRows(runs: RunRecord[]): string {
  const rows = [['id', 'status', 'method', 'data', 'seed', 'epochs', 'test mse', 'verdict', 'created']];
  const results = runs.map(runResults);
  runs.forEach((r, i) => {
    const res = results[i]!;
    rows.push([String(r.id), r.status, r.method, r.request.data, String(r.seed), `${r.epochsDone}/${r.epochs}`, fmt(res.testMse), verdictCell(res), r.createdAt.slice(0, 19).replace('T', ' ')]);
  });
  return [pad(rows), ...unreadable(results)].join('\n');
}

function showText(d: RunDetails): string {
  const r = d.run;
  const res = runResults(r);
  const lines = [
    `run ${r.id}${r.name ? ` (${r.name})` : ''}: ${r.status}${r.archivedAt ? ' (archived)' : ''}`,
    `  data: ${r.request.data}${d.dataset ? `  [${d.dataset.record.format}, ${d.dataset.record.sampleCount} samples, hash ${d.dataset.record.contentHash.slice(0, 12)}]` : ''}`,
    `  method ${r.method}  seed ${r.seed}  epochs ${r.epochsDone}/${r.epochs}  backend ${r.backend ?? '-'}${r.backendDetail ? ` (${r.backendDetail})` : ''}`,
    `  app ${r.appVersion}${r.versions ? `  node ${r.versions.node}  tfjs ${r.versions.tfjs}  ${r.versions.platform}` : ''}`,
    `  created ${r.createdAt}  started ${r.startedAt ?? '-'}  finished ${r.finishedAt ?? '-'}`,
  ];
  if (d.experiment) lines.push(`  experiment: ${d.experiment}`);
  if (d.tags.length) lines.push(`  tags: ${d.tags.join(', ')}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.summaryError) lines.push(`  ${r.summaryError}`);
  if (r.summary) {
    lines.push(`  test: MSE ${fmt(res.testMse)}  MAE ${fmt(res.testMae)}  equivariance error ${fmt(res.equivarianceError)}${res.accuracy !== null ? `  accuracy ${res.accuracy.toFixed(4)}` : ''}`);
    if (res.referenceAction !== null || res.referenceSubspace !== null) lines.push(`  vs reference: action ${fmt(res.referenceAction, 3)}  subspace ${fmt(res.referenceSubspace, 3)}`);
    if (res.verdict) lines.push(`  verdict: ${res.verdict}`);
  }
  const metrics = Object.entries(d.latestMetrics);
  if (metrics.length) lines.push(`  last epoch: ${metrics.map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
  lines.push(`  snapshots: ${d.snapshotEpochs.length}  artifacts: ${d.artifacts.map((a) => `${a.name} (${a.size} B)`).join(', ') || '-'}`);
  if (d.note) lines.push('  note:', ...d.note.split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

function compareText(c: RunComparison): string {
  const head = ['', ...c.ids.map((id) => `run ${id}`)];
  const rows: string[][] = [head, ['status', ...c.status]];
  for (const d of c.configDifferences) rows.push([d.key, ...d.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))]);
  const results: [string, (i: number) => string][] = [
    ['test mse', (i) => fmt(c.results[i]!.testMse)],
    ['equivariance error', (i) => fmt(c.results[i]!.equivarianceError)],
    ['reference action', (i) => fmt(c.results[i]!.referenceAction, 3)],
    ['verdict', (i) => verdictCell(c.results[i]!)],
  ];
  for (const [name, cell] of results) rows.push([name, ...c.ids.map((_, i) => cell(i))]);
  for (const m of c.metrics) if (m.name.startsWith('loss.') || m.name === 'val.loss') rows.push([m.name, ...m.values.map((v) => fmt(v))]);
  return [pad(rows), ...unreadable(c.results)].join('\n');
}

const workspaceOption = (): Option => new Option('--workspace <file>', 'workspace file (default: $SEMOLA_WORKSPACE, else the user data folder; README "Experiments")');

/** Where a resumed run continues: after its checkpoint's epoch; for several starts, each start's. */
function resumePoint(ws: Workspace, id: number): string {
  const run = ws.runs.require(id);
  const starts = run.request.starts ?? 1;
  const one = (start: number | null): string => {
    const cp = ws.artifacts.latestCheckpoint(id, start);
    return cp ? `after epoch ${cp.epoch}` : 'from the start (no checkpoint)';
  };
  if (starts <= 1) return one(null);
  const finished = ws.artifacts.startSummaries(id);
  return `${starts} starts: ${Array.from({ length: starts }, (_, i) => `start ${i} ${finished.has(i) ? 'finished (kept)' : one(i)}`).join(', ')}`;
}

export function addRunsCommands(program: Command): void {
  const runs = program.command('runs').description('the recorded runs: list, show, compare, export, delete, archive, tag, note');
  runs
    .command('list')
    .description('recorded runs, newest first')
    .addOption(workspaceOption())
    .addOption(new Option('--status <status>', 'only runs with this status').choices([...RUN_STATUSES]))
    .option('--tag <tag>', 'only runs with this tag')
    .option('--experiment <name>', 'only runs of this experiment')
    .option('--archived', 'only archived runs')
    .option('--all', 'archived and unarchived runs')
    .option('--limit <N>', 'at most N runs', intFlag('--limit', { min: 1 }))
    .option('--json', 'JSON instead of a table')
    .action((f: { workspace?: string; status?: RunStatus; tag?: string; experiment?: string; archived?: boolean; all?: boolean; limit?: number; json?: boolean }) =>
      withWorkspace(f.workspace, (ws) => {
        const experimentId = f.experiment ? ws.experiments.byName(f.experiment)?.id ?? -1 : undefined;
        const list = ws.runs.list({ status: f.status, tag: f.tag, experimentId, archived: f.all ? 'all' : Boolean(f.archived), limit: f.limit });
        out(f.json ? JSON.stringify(list, null, 2) : list.length ? listRows(list) : `no runs in ${ws.file}`);
      }),
    );
  runs
    .command('show <id>')
    .description('one run: config, status, error, results, metrics, tags, note')
    .addOption(workspaceOption())
    .option('--json', 'JSON (the run record with its summary)')
    .action((id: string, f: { workspace?: string; json?: boolean }) =>
      withWorkspace(f.workspace, (ws) => {
        const d = runDetails(ws, runId(id));
        out(f.json ? JSON.stringify(d, null, 2) : showText(d));
      }),
    );
  runs
    .command('compare <ids...>')
    .description('runs side by side: the settings that differ and the results')
    .addOption(workspaceOption())
    .option('--json', 'JSON instead of a table')
    .action((ids: string[], f: { workspace?: string; json?: boolean }) =>
      withWorkspace(f.workspace, (ws) => {
        const c = compareRuns(ws, ids.map(runId));
        out(f.json ? JSON.stringify(c, null, 2) : compareText(c));
      }),
    );
  runs
    .command('export <id>')
    .description("write a done run's learned basis (or, for weight sharing, its permutations and group) as JSON, LaTeX, .npy or .npz (README, \"Exports\")")
    .addOption(workspaceOption())
    .addOption(new Option('--format <format>', 'export format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--out <file>', 'output file (default: the export\'s own name in the current folder)')
    .option('--precision <N>', 'LaTeX: decimal places (0 to 15)', intFlag('--precision', { min: 0, max: 15 }))
    .option('--fragment', 'LaTeX: a fragment instead of a complete document')
    .option('--permutations', 'the learned soft permutations and their group (weight-sharing runs; the default for them when no basis was learned)')
    .action(async (id: string, f: { workspace?: string; format: ExportFormat; out?: string; precision?: number; fragment?: boolean; permutations?: boolean }) => {
      const ws = openWorkspace(resolveWorkspacePath(f.workspace));
      try {
        const run = ws.runs.require(runId(id));
        if (run.status !== 'done') throw new Error(`run ${run.id} is ${run.status}: only a done run has a result to export`);
        const summary = run.summary;
        if (summary === null) throw new Error(run.summaryError ?? `run ${run.id} is done but recorded no summary`);
        const permutations = f.permutations || (summary.basis.length === 0 && summary.permutations !== null);
        let result: ExportResult;
        if (permutations) {
          if (!(PERMUTATION_EXPORT_FORMATS as readonly string[]).includes(f.format)) throw new Error(`permutations export as ${f.format}: expected ${PERMUTATION_EXPORT_FORMATS.join(', ')}`);
          result = exportPermutations(summary, f.format as PermutationExportFormat, { runId: String(run.id), datasetHash: run.datasetHash });
        } else {
          result = exportBasis(f.format, exportInputFromSummary(summary, { runId: String(run.id), datasetHash: run.datasetHash }), { precision: f.precision, fragment: f.fragment });
        }
        const file = path.resolve(f.out ?? result.fileName);
        await writeFile(file, result.bytes);
        ws.artifacts.put(run.id, { kind: 'export', name: path.basename(file), mediaType: result.mediaType, bytes: result.bytes });
        out(`run ${run.id}: ${f.format} written to ${file}`);
      } finally {
        ws.close();
      }
    });
  runs
    .command('delete <ids...>')
    .description('delete runs and everything recorded for them')
    .addOption(workspaceOption())
    .action((ids: string[], f: { workspace?: string }) =>
      withWorkspace(f.workspace, (ws) => {
        const list = ids.map(runId);
        ws.transaction(() => list.forEach((id) => ws.runs.delete(id)));
        out(`deleted run${list.length > 1 ? 's' : ''} ${list.join(', ')}`);
      }),
    );
  runs
    .command('archive <ids...>')
    .description('hide runs from `runs list` (kept; --undo brings them back)')
    .addOption(workspaceOption())
    .option('--undo', 'unarchive')
    .action((ids: string[], f: { workspace?: string; undo?: boolean }) =>
      withWorkspace(f.workspace, (ws) => {
        ws.transaction(() => ids.map(runId).forEach((id) => ws.runs.archive(id, !f.undo)));
        out(`${f.undo ? 'unarchived' : 'archived'} ${ids.join(', ')}`);
      }),
    );
  runs
    .command('tag <id> <tags...>')
    .description('add tags to a run (--remove takes them off)')
    .addOption(workspaceOption())
    .option('--remove', 'remove the tags instead')
    .action((id: string, tags: string[], f: { workspace?: string; remove?: boolean }) =>
      withWorkspace(f.workspace, (ws) => {
        const run = ws.runs.require(runId(id));
        ws.transaction(() => tags.forEach((t) => (f.remove ? ws.tags.remove(run.id, t) : ws.tags.add(run.id, t))));
        out(`run ${run.id} tags: ${ws.tags.list(run.id).join(', ') || '-'}`);
      }),
    );
  runs
    .command('note <id> <markdown>')
    .description("set a run's markdown note (an empty text removes it)")
    .addOption(workspaceOption())
    .action((id: string, markdown: string, f: { workspace?: string }) =>
      withWorkspace(f.workspace, (ws) => {
        const run = ws.runs.require(runId(id));
        ws.notes.set(run.id, markdown);
        out(`run ${run.id}: note ${markdown.trim() ? 'saved' : 'removed'}`);
      }),
    );

  program
    .command('resume <ids...>')
    .description('continue interrupted (or failed, canceled) runs from their last checkpoint and finish them (a run of several starts: each start from its own; finished starts are kept)')
    .addOption(workspaceOption())
    .option('--concurrency <N>', 'trainer processes at a time (also the starts of a run of several trained at once)', intFlag('--concurrency', { min: 1 }), 1)
    .option('--quiet', 'no per-epoch lines')
    .action(async (ids: string[], f: { workspace?: string; concurrency: number; quiet?: boolean }) => {
      const ws = openWorkspace(resolveWorkspacePath(f.workspace));
      try {
        const queue = new RunQueue(ws, { concurrency: f.concurrency });
        queue.on((e) => {
          if (e.type === 'status' && e.status !== 'queued') process.stderr.write(`run ${e.runId}: ${e.status}${e.error ? ` (${e.error})` : ''}\n`);
          if (e.type === 'warning') process.stderr.write(`run ${e.runId}: warning: ${e.message}\n`);
          if (e.type === 'progress' && !f.quiet) process.stderr.write(`run ${e.runId}: epoch ${e.epoch}/${e.epochs}  loss ${e.losses.total?.toPrecision(4) ?? '-'}\n`);
          if (e.type === 'start-progress' && !f.quiet) process.stderr.write(`run ${e.runId} start ${e.start}: epoch ${e.epoch}/${e.epochs}  loss ${e.losses.total?.toPrecision(4) ?? '-'}\n`);
        });
        for (const id of ids.map(runId)) {
          const where = resumePoint(ws, id);
          queue.resume(id);
          process.stderr.write(`run ${id}: resuming ${where}\n`);
        }
        await queue.whenIdle();
        const finished = ids.map((id) => ws.runs.require(runId(id)));
        out(listRows(finished));
        if (finished.some((r) => r.status !== 'done')) throw new Error(`not every run finished: ${finished.filter((r) => r.status !== 'done').map((r) => `run ${r.id} ${r.status}${r.error ? ` (${r.error})` : ''}`).join('; ')}`);
      } finally {
        ws.close();
      }
    });
}
