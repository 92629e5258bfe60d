/**
 * The `semola` command line. `train` is a contract other tools script against: its flags and the
 * summary JSON keep their meaning across versions (new ones may be added).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { intFlag, numFlag } from './cli-numbers';
import { listBuiltins } from '../data/builtin/index';
import { IMPORT_FORMATS } from '../data/import';
import { runBench } from './bench/run';
import { BENCH_BACKENDS } from './bench/types';
import { runReproduce } from './reproduce/run';
import { EXPERIMENTS, REPRODUCE_METHODS, type ReproduceMethod } from './reproduce/experiments';
import { importAction } from './import-command';
import { loadBasisFile } from '../run/basis-file';
import type { RunOptions } from '../run/options';
import { runRecordedTrain } from '../jobs/recorded-train';
import { runBundledTrain } from '../jobs/sweep/bundle';
import { defaultParallel, defaultStarts } from '../run/starts/seed-rule';
import { availableParallelism } from 'node:os';
import { addRunsCommands } from './runs-command';
import { addWorkspaceCommands } from './workspace-command';
import { addSweepCommands } from './sweep/command';
import { resolveWorkspacePath } from '../store/location';
import type { RunRequest } from '../store/types';
import { ProgressBar } from './progress';
import { serveAction } from './serve/command';
import { APP_VERSION } from '../run/version';
import { BACKEND_HELP, BACKEND_REQUESTS, type Method } from '../api/choices';
import { overrideProblems } from '../engine/options/resolve';
import { MASK_NAMES, option } from '../engine/options/table';
import { settingOption } from './cli-options';

/** The flags of `semola train`: a RunRequest's data fields (config comes from the flags below) plus the rest. */
interface TrainFlags extends Omit<RunRequest, 'config'> {
  k?: number;
  mask?: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  nAug?: number;
  seed?: number;
  config?: string;
  out?: string;
  preset?: 'default' | 'paper';
  method?: Method;
  forces?: string;
  model?: 'mlp' | 'pointcloud' | 'weight-sharing';
  strengths?: boolean;
  basis?: string;
  inference?: 'averaging' | 'direct';
  quiet?: boolean;
  workspace?: string;
  record?: boolean;
  starts?: number;
  parallel?: number;
  bundle?: string;
}

/** Keys of --config that are CLI options rather than engine settings. */
const GROUP_BY_HELP = "tables: the column naming each row's correlation group (trajectory, molecule, experiment); validation and test splits take whole groups, and the column is not an input";
const CLI_KEYS = ['starts', 'parallel', 'data', 'testData', 'inputs', 'targets', 'task', 'targetKind', 'layout', 'backend', 'reference', 'out', 'basis', 'format', 'stride', 'nIn', 'nOut', 'limit', 'splitSeed', 'testFraction', 'groupBy'] as const;

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`--config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`--config ${file}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}

/** The masks named on the command line; `custom` is a JSON file. */
const NAMED_MASKS = MASK_NAMES.filter((m) => m !== 'custom');

async function maskFromFlag(mask: string): Promise<Record<string, unknown>> {
  if ((NAMED_MASKS as readonly string[]).includes(mask)) return { name: mask };
  if (mask.endsWith('.json')) {
    let parsed: { mask?: unknown };
    try {
      parsed = JSON.parse(await readFile(mask, 'utf8')) as { mask?: unknown };
    } catch (e) {
      throw new Error(`--mask ${mask}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { name: 'custom', matrix: parsed.mask ?? parsed };
  }
  throw new Error(`--mask: expected ${NAMED_MASKS.join(', ')} or a JSON file with {"mask": [[0/1...]]}, got "${mask}"`);
}

/** What `semola train` resolves its flags and --config settings into, before any data is loaded. */
export interface TrainSettings {
  options: RunOptions;
  starts: number;
  parallel: number;
}

/**
 * The flags over the settings of a --config file (`fromFile`), resolved as `semola train` runs them;
 * `semola sweep` resolves every task's settings through this too, so a sweep task trains exactly
 * what `semola train --config TASK.json` would.
 */
export async function resolveTrainSettings(flags: TrainFlags, fromFile: Record<string, unknown>): Promise<TrainSettings> {
  // fromEntries keeps a key named __proto__ as a key (assignment would set the prototype), so the table refuses it.
  const isCliKey = (key: string): boolean => (CLI_KEYS as readonly string[]).includes(key);
  const cli: Record<string, unknown> = Object.fromEntries(Object.entries(fromFile).filter(([key]) => isCliKey(key)));
  const engine: Record<string, unknown> = Object.fromEntries(Object.entries(fromFile).filter(([key]) => !isCliKey(key)));
  const set = (key: string, v: unknown): void => {
    if (v !== undefined) engine[key] = v;
  };
  set('k', flags.k);
  set('epochs', flags.epochs);
  set('batchSize', flags.batchSize);
  set('lr', flags.lr);
  if (flags.lr !== undefined && engine.basisLr === undefined) engine.basisLr = flags.lr;
  set('nAug', flags.nAug);
  set('seed', flags.seed);
  set('preset', flags.preset);
  set('method', flags.method);
  if (flags.model) engine.model = { ...((engine.model as object | undefined) ?? {}), kind: flags.model };
  if (flags.strengths !== undefined) engine.strengths = { ...((engine.strengths as object | undefined) ?? {}), enabled: flags.strengths };
  set('inference', flags.inference);
  set('forces', flags.forces);
  if (flags.mask) engine.mask = await maskFromFlag(flags.mask);
  const basisFile = flags.basis ?? (cli.basis as string | undefined);
  if (basisFile) {
    engine.fixedBasis = await loadBasisFile(basisFile);
    engine.method ??= 'fixed-basis';
  }
  // The settings' own checks before anything is loaded (those across settings and the dataset's follow in run/prepare).
  const problems = overrideProblems(engine);
  if (problems.length > 0) throw new Error(`${flags.config ? `--config ${flags.config}: ` : ''}${problems.join('; ')}`);
  const pick = <T>(flag: T | undefined, key: string): T | undefined => flag ?? (cli[key] as T | undefined);
  const data = pick(flags.data, 'data');
  if (!data) throw new Error('--data is required (a file, or builtin:NAME; `semola builtins` lists them)');
  // Discovery (a learned basis) trains several starts by default; fixed bases and plain models one.
  const method = String(engine.method ?? 'semola');
  const starts = flags.starts ?? (cli.starts as number | undefined) ?? defaultStarts(method);
  if (!Number.isInteger(starts) || starts < 1) throw new Error(`--starts must be a positive integer, got ${starts}`);
  const parallel = flags.parallel ?? (cli.parallel as number | undefined) ?? defaultParallel(availableParallelism());
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`--parallel must be a positive integer, got ${parallel}`);
  const options: RunOptions = {
    data,
    testData: pick(flags.testData, 'testData'),
    inputs: pick(flags.inputs, 'inputs'),
    targets: pick(flags.targets, 'targets'),
    task: pick(flags.task, 'task'),
    targetKind: pick(flags.targetKind, 'targetKind'),
    layout: pick(flags.layout, 'layout'),
    format: pick(flags.format, 'format') as RunOptions['format'],
    stride: pick(flags.stride, 'stride'),
    nIn: pick(flags.nIn, 'nIn'),
    nOut: pick(flags.nOut, 'nOut'),
    limit: pick(flags.limit, 'limit'),
    splitSeed: pick(flags.splitSeed, 'splitSeed'),
    testFraction: pick(flags.testFraction, 'testFraction'),
    groupBy: pick(flags.groupBy, 'groupBy'),
    backend: pick(flags.backend, 'backend'),
    reference: pick(flags.reference, 'reference'),
    out: pick(flags.out, 'out'),
    config: engine,
  };
  return { options, starts, parallel };
}

export async function trainAction(flags: TrainFlags): Promise<void> {
  const fromFile = flags.config ? await readConfigFile(flags.config) : {};
  const { options, starts, parallel } = await resolveTrainSettings(flags, fromFile);
  const bar = flags.quiet ? null : new ProgressBar();
  if (flags.bundle !== undefined && flags.record !== false) throw new Error('--bundle writes no workspace: add --no-record (the bundle is ingested later, e.g. by `semola sweep collect`)');
  const workspace = flags.record === false ? null : resolveWorkspacePath(flags.workspace);
  const several = {
    starts,
    parallel,
    onProgress: !bar
      ? undefined
      : (states: readonly { index: number; epoch: number; epochs: number | null; valLoss: number | null }[]) => {
          const epochs = states.find((st) => st.epochs !== null)?.epochs ?? 1;
          const done = states.reduce((acc, st) => acc + st.epoch, 0);
          bar.update(done, epochs * states.length, states.map((st) => `s${st.index} ${st.epoch}/${st.epochs ?? '-'} val ${st.valLoss === null ? '-' : st.valLoss.toPrecision(3)}`).join('  '));
        },
  };
  const trainOptions: RunOptions = {
    ...options,
    onEpoch: !bar
      ? undefined
      : (e) => {
          bar.update(e.epoch, e.epochs, `loss ${e.losses.total.toPrecision(4)}  task ${e.losses.task.toPrecision(3)}  val ${e.valLoss === null ? '-' : e.valLoss.toPrecision(3)}`);
        },
  };
  const summary = flags.bundle !== undefined ? await runBundledTrain(trainOptions, flags.bundle, several) : await runRecordedTrain(trainOptions, workspace, undefined, several);
  const t = summary.metrics.test;
  const lines = [
    `backend: ${summary.backend} (${summary.backendDetail})`,
    `data: ${summary.dataset.name}  train ${summary.dataset.trainSamples}  val ${summary.dataset.validationSamples}  test ${summary.dataset.testSamples} (${summary.dataset.testSource})`,
    `${summary.dataset.validationSplit}`,
    `test (${t.inference}): ${t.mse !== null ? `MSE ${t.mse.toPrecision(4)}  MAE ${t.mae!.toPrecision(4)}` : `accuracy ${t.accuracy!.toFixed(4)}`}` +
      (t.equivarianceError !== null ? `  equivariance error E ${t.equivarianceError.toPrecision(4)}  E' ${t.equivarianceErrorPrime!.toPrecision(4)} (g from the ${t.equivarianceBasis} basis)` : ''),
  ];
  if (summary.reference) {
    const r = summary.reference;
    lines.push(`vs reference (${r.source}): action similarity ${r.action?.toFixed(3) ?? '-'}  subspace ${r.subspace.toFixed(3)}  |cos| ${r.cosine.toFixed(3)}  MAE ${r.mae.toFixed(3)}`);
    lines.push(`  on the data's span: |cos| ${r.visible.cosine.toFixed(3)}  subspace ${r.visible.subspace.toFixed(3)}`);
  }
  if (summary.strengths) {
    lines.push(`strengths (larger = more exact): ${summary.strengths.map((v, i) => `L${i + 1} ${v.toPrecision(3)}`).join('  ')}`);
    lines.push(`residuals: ${summary.residuals!.map((v, i) => `L${i + 1} ${v.toPrecision(3)}`).join('  ')}`);
  }
  if (summary.widths) lines.push(`augerino widths: ${summary.widths.map((v, i) => `L${i + 1} ${v.toPrecision(3)}`).join('  ')}`);
  if (summary.permutationGroup) {
    const g = summary.permutationGroup;
    const p = summary.permutations!;
    const check = p.check ? `; held-out loss ${p.check.groupLoss.toPrecision(3)} enforced vs ${p.check.baselineLoss.toPrecision(3)}, limit ${p.check.limit.toPrecision(3)}` : '';
    const scan = p.check?.scan ? `; swaps the held-out test supports beyond them: ${p.check.scan.generators.map((s) => `(${s.flatMap((j, i) => (j > i ? [g.points[i], g.points[j]] : [])).join(' ')})`).join(' ')} (held-out R^2 ${p.check.scan.r2.toFixed(3)})` : '';
    lines.push(`permutation group: ${g.name ?? 'not recognised'} (order ${g.order}, generators ${g.generatorsNamed.join(' ') || '()'}; ${p.used.length} of ${p.rounded.images.length - 1} learned P_g in it${scan}${check})`);
  }
  if (summary.forces && (summary.forces.source !== null || summary.forces.used)) {
    const err = summary.forces.testError;
    lines.push(`forces: ${summary.forces.reason}; activation ${summary.forces.activation}` + (err ? `; held-out gradient error RMSE ${err.rmse.toPrecision(3)} (${(100 * err.relative).toFixed(1)}% of the data's RMS)` : ''));
  }
  if (summary.spectrum) {
    const sp = summary.spectrum;
    lines.push(
      `gradient spectrum (${sp.source}): ${sp.values.map((v) => v.toPrecision(2)).join(' ')}; ${sp.nullity} null (<= ${sp.tolerance})` +
        (sp.gap !== null ? `, gap ${sp.gap.toPrecision(3)}x (clear at >= ${sp.minGap})` : ''),
    );
  }
  if (summary.algebra) {
    const of = summary.exactness?.brief ? `; of the span, ${summary.exactness.brief}` : '';
    lines.push(`algebra: ${summary.algebra.description} (closure residual ${summary.algebra.closureResidual.toFixed(3)})${of}`);
  }
  lines.push(`verdict: ${summary.verdict.reason}`);
  if (summary.starts && summary.agreement) {
    const a = summary.agreement;
    lines.push(`starts: ${summary.starts.length} (best: start ${a.best}, ${a.parallel} at once, ${a.wallSeconds.toFixed(1)} s); ${a.compared} within 10 % of the best validation loss` +
      (a.minSimilarity !== null ? `, smallest pairwise subspace similarity on the data's span ${a.minSimilarity.toFixed(3)}` : '') +
      (a.minAgreement != null ? ` (counting how alike they move the held-out samples: ${a.minAgreement.toFixed(3)})` : '') +
      (a.groupsAgree !== null ? `, groups ${a.groupsAgree ? 'agree' : 'differ'}` : ''));
    for (const line of a.found) lines.push(`  ${line}`);
  }
  lines.push(`time: ${summary.timings.seconds.toFixed(1)} s (${summary.timings.stepsPerSecond.toFixed(1)} steps/s)`);
  if (summary.basisVisible.length > 0 && summary.basisVisible[0]!.length <= 8) {
    lines.push("learned generators on the data's span (rows act on column vectors in the input feature order; full basis in --out):");
    summary.basisVisible.forEach((L, i) => {
      lines.push(`  L${i + 1} =`);
      for (const row of L) lines.push(`    [${row.map((v) => (Math.abs(v) < 5e-3 ? 0 : v).toFixed(2).padStart(6)).join(' ')} ]`);
    });
  }
  const out = options.out;
  if (flags.bundle !== undefined) lines.push(`bundle written to ${path.resolve(flags.bundle)}`);
  if (out) lines.push(`summary written to ${path.resolve(out)}`);
  if (summary.run) lines.push(`recorded as run ${summary.run.id} in ${summary.run.workspace}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function buildProgram(): Command {
  const program = new Command('semola')
    .description('SEMoLA Workbench: discover continuous symmetries in data and train soft-equivariant models')
    .version(APP_VERSION)
    .exitOverride();
  program
    .command('train')
    .description('train SEMoLA (or a baseline) on a dataset and report the discovered symmetry')
    .option('--data <path|builtin:NAME>', 'training data: a CSV/TSV/.npy/.npz table, an XYZ/extended XYZ file or folder, a QM9 folder, a trajectory (.xyz/.npy/.npz), images (MNIST IDX, an .npz of images and labels, a folder of PNG class folders), or builtin:NAME (see `semola builtins`)')
    .option('--test-data <file>', 'held-out table with the same columns (built-ins bring their own test split)')
    .option('--inputs <COLS>', 'input columns: comma-separated names or a 0-based half-open range a:b (default: all but the targets)')
    .option('--targets <COLS>', 'target columns, same syntax (default: the last column)')
    .addOption(new Option('--task <kind>', 'invariant: g leaves the target unchanged; equivariant: the target transforms with g').choices(['invariant', 'equivariant']))
    .addOption(new Option('--target-kind <kind>', 'regression, or classification (one target column of class indices 0..K-1)').choices(['regression', 'classification']))
    .option('--layout <layout>', 'how g acts on a sample: vector (whole row), vector:D (each block of D features), points:3, points:4, image (the image plane, affine; images only)')
    .addOption(new Option('--format <format>', 'file format (detected from the name and content when absent)').choices([...IMPORT_FORMATS]))
    .option('--stride <N>', 'trajectories: use every N-th frame', intFlag('--stride', { min: 1 }))
    .option('--n-in <N>', 'trajectories: frames in per sample (next-frame prediction)', intFlag('--n-in', { min: 1 }))
    .option('--n-out <N>', 'trajectories: frames out per sample', intFlag('--n-out', { min: 1 }))
    .option('--limit <N>', 'folders (QM9, XYZ): the first N files only (as `semola import --limit`)', intFlag('--limit', { min: 1 }))
    .option('--split-seed <N>', 'files: seed of the test split (as `semola import --seed`; default 0); --seed stays the training seed', intFlag('--split-seed', { min: 0 }))
    .option('--test-fraction <X>', 'files: fraction held out as test (default 0.2; tables 0)', numFlag('--test-fraction', { min: 0, max: 0.9 }))
    .option('--group-by <COL>', GROUP_BY_HELP)
    .addOption(settingOption('k'))
    .option('--mask <NAME|FILE.json>', `${NAMED_MASKS.join(', ')}, or a JSON file {"mask": [[0/1]]}; ${option('mask.name').help}`)
    .addOption(settingOption('epochs'))
    .addOption(settingOption('batchSize'))
    .addOption(settingOption('lr'))
    .addOption(settingOption('nAug'))
    .addOption(settingOption('seed'))
    .addOption(new Option('--backend <name>', BACKEND_HELP).choices([...BACKEND_REQUESTS]))
    .option('--config <FILE.json>', 'settings as JSON: the same keys as the flags (camelCase) plus every engine setting; flags override it')
    .option('--reference <BASIS.json>', 'known basis {"basis": [[[...]]]} to compare the learned one with')
    .option('--out <SUMMARY.json>', 'write the run summary as JSON')
    .addOption(settingOption('preset'))
    .addOption(settingOption('method'))
    .addOption(settingOption('forces'))
    .addOption(settingOption('model.kind'))
    .addOption(settingOption('strengths.enabled'))
    .option('--no-strengths', 'one joint equivariance term (switches the k > 1 default off)')
    .option('--basis <FILE.json>', 'fixed basis {"basis": [[[...]]]} for --method fixed-basis')
    .addOption(settingOption('inference'))
    .option('--starts <N>', option('starts').help, intFlag('--starts', { min: 1 }))
    .option('--parallel <N>', 'trainer processes at once for the starts (default: cores - 1, at least 1)', intFlag('--parallel', { min: 1 }))
    .option('--quiet', 'no progress bar')
    .option('--workspace <file>', 'record the run in this workspace file (default: $SEMOLA_WORKSPACE, else the user data folder)')
    .option('--no-record', 'do not record the run in a workspace')
    .option('--bundle <DIR>', 'with --no-record: write the run as a self-contained folder (summary, metrics, snapshots, checkpoint) that `semola sweep collect` ingests; what a Slurm sweep task writes (README "Sweeps")')
    .action(trainAction);
  program
    .command('import')
    .description('import a dataset (file or folder) and print what was read: format, samples, layout, species, targets with units, split, content hash')
    .argument('<path>', 'a file (CSV/TSV, .npy/.npz, XYZ/extended XYZ) or a folder (QM9 records, XYZ files)')
    .addOption(new Option('--format <format>', 'override the detected format').choices([...IMPORT_FORMATS]))
    .option('--targets <NAMES>', 'targets: QM9 properties (U0, gap, ...), extended XYZ keys, plain XYZ comment numbers by position (_ skips), table columns')
    .option('--inputs <COLS>', 'tables: input columns')
    .addOption(new Option('--task <kind>', 'tables: invariant or equivariant').choices(['invariant', 'equivariant']))
    .option('--layout <layout>', 'points:3, points:4 or vector (molecules); vector or vector:D (tables, next-frame trajectories); image (images)')
    .option('--stride <N>', 'use every N-th frame', intFlag('--stride', { min: 1 }))
    .option('--n-in <N>', 'trajectory: frames in per sample', intFlag('--n-in', { min: 1 }))
    .option('--n-out <N>', 'trajectory: frames out per sample', intFlag('--n-out', { min: 1 }))
    .option('--axes <order>', 'a 3-D .npy trajectory: frames,bodies,features (T, N, D) or runs,frames,features (several trajectories); default: the first when D = 3')
    .option('--seed <N>', 'seed of the test split', intFlag('--seed'))
    .option('--test-fraction <X>', 'fraction held out as test (default 0.2; tables 0)', numFlag('--test-fraction', { min: 0, max: 0.9 }))
    .option('--test-data <path>', 'a separate test file instead of a seeded split')
    .option('--group-by <COL>', GROUP_BY_HELP)
    .option('--limit <N>', 'folders: the first N files only', intFlag('--limit', { min: 1 }))
    .option('--json', 'print the dataset record as JSON')
    .action(importAction);
  program
    .command('builtins')
    .description('list the built-in datasets')
    .action(() => {
      for (const b of listBuiltins()) process.stdout.write(`builtin:${b.name}\t${b.description}\n`);
    });
  program
    .command('reproduce')
    .description('paper-style comparison of methods over seeds on one experiment; writes reports/reproduce/<experiment>.{md,json}')
    .argument('<experiment>', EXPERIMENTS.map((e) => e.name).join(', '))
    .option('--seeds <N>', 'seeds 0..N-1', intFlag('--seeds', { min: 1 }), 3)
    .option('--baseline-seeds <N>', 'seeds 0..N-1 for the methods other than semola (default: --seeds)', intFlag('--baseline-seeds', { min: 1 }))
    .option('--first-seed <S>', 'count the seeds from S instead of 0 (S..S+N-1): more seeds for a report run before', intFlag('--first-seed', { min: 0 }), 0)
    .option('--epochs <N>', 'training epochs of every method (default: the experiment\'s; weight-sharing: its model\'s, 100)', intFlag('--epochs', { min: 1 }))
    .option('--methods <LIST>', `comma-separated: ${REPRODUCE_METHODS.join(', ')} (weight-sharing: the plain method on the weight-sharing model); default: the experiment's`)
    .option('--out-dir <dir>', 'report folder', 'reports/reproduce')
    .option('--quick', 'tiny data (for testing the command itself)')
    .option('--workspace <file>', 'record the runs in this workspace file, as one experiment (default: $SEMOLA_WORKSPACE, else the user data folder)')
    .option('--no-record', 'do not record the runs in a workspace')
    .action(async (experiment: string, flags: { seeds: number; baselineSeeds?: number; firstSeed: number; epochs?: number; methods?: string; outDir: string; quick?: boolean; workspace?: string; record?: boolean }) => {
      const methods = flags.methods?.split(',').map((m) => m.trim());
      const valid: readonly string[] = REPRODUCE_METHODS;
      const bad = methods?.find((m) => !valid.includes(m));
      if (bad !== undefined) throw new Error(`--methods: unknown method "${bad}"; valid: ${valid.join(', ')}`);
      const command = ['semola reproduce', experiment, ...process.argv.slice(process.argv.indexOf(experiment) + 1)].join(' ');
      const report = await runReproduce({
        experiment,
        seeds: flags.seeds,
        baselineSeeds: flags.baselineSeeds,
        firstSeed: flags.firstSeed,
        epochs: flags.epochs,
        methods: methods as ReproduceMethod[] | undefined,
        outDir: flags.outDir,
        quick: flags.quick,
        workspace: flags.record === false ? null : resolveWorkspacePath(flags.workspace),
        command,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      process.stdout.write(`report written to ${path.resolve(flags.outDir)}/${report.experiment}.md and .json (${(report.wallSeconds / 60).toFixed(1)} min)\n`);
    });
  program
    .command('bench')
    .description('measure training speed on every available backend and write reports/bench/bench.{md,json}')
    .option('--out-dir <dir>', 'report folder', 'reports/bench')
    .option('--quick', 'a short run (for testing the benchmark itself)')
    .option('--only <steps>', 'measure only these steps (imports) and update their rows in the existing report')
    .option('--backends <list>', `comma-separated subset of ${BENCH_BACKENDS.join(', ')} (default: all)`)
    .option('--skip-imports', 'leave out the dataset import measurement')
    .option('--skip-starts', 'leave out the several-starts measurement')
    .option('--skip-peer', 'leave out the PyTorch peer comparison')
    .option('--with-plain', 'also time both recipes on wasm with the plain step (fused paths off): a before/after in the same run')
    .action(async (flags: { outDir: string; quick?: boolean; only?: string; backends?: string; skipImports?: boolean; skipStarts?: boolean; skipPeer?: boolean; withPlain?: boolean }) => {
      await runBench({
        outDir: flags.outDir,
        quick: flags.quick,
        only: flags.only?.split(','),
        ...(flags.backends ? { backends: flags.backends.split(',').map((b) => b.trim()).filter((b) => b.length > 0) } : {}),
        skipImports: flags.skipImports,
        skipStarts: flags.skipStarts,
        skipPeer: flags.skipPeer,
        withPlain: flags.withPlain,
        log: (l) => process.stderr.write(`${l}
`),
      });
      process.stdout.write(`report written to ${path.resolve(flags.outDir)}/bench.md and bench.json\n`);
    });
  program
    .command('serve')
    .description('the workbench in a browser: serve the built UI and its API on this machine, guarded by a session token in the printed URL')
    .option('--port <N>', 'port (0: any free port)', intFlag('--port', { min: 0, max: 65535 }), 0)
    .option('--host <address>', 'address to listen on (another than 127.0.0.1 exposes the workbench to the network)', '127.0.0.1')
    .option('--workspace <FILE>', 'workspace SQLite file (default: $SEMOLA_WORKSPACE or the per-user data folder)')
    .option('--data-root <DIR>', 'import by path only from this folder (required when --host is not a loopback address)')
    .action(serveAction);
  addRunsCommands(program);
  addWorkspaceCommands(program);
  addSweepCommands(program, (settings) => resolveTrainSettings({} as TrainFlags, settings));
  return program;
}

/** Entry point: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code?.startsWith('commander.')) return err.exitCode ?? 1;
    process.stderr.write(`semola: ${err.message ?? String(e)}\n`);
    return 1;
  }
}
