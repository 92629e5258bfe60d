/**
 * Accuracy against the PyTorch peer (bench/peer/accuracy_peer.py): the engine trains plain,
 * fixed-basis (the true rotation) and SEMoLA (paper recipe) on builtin:nbody2, writes the exact
 * arrays it trained, validated and tested on as .npy, and the peer trains the same recipe on
 * them. Run: `npm run bench:accuracy -- [--trajectories N] [--epochs N] [--seeds 0,1,2] [--quick]`;
 * writes reports/bench/accuracy.{md,json} with the command and its runtime.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Dataset, SampleSet } from '../../data/dataset';
import { loadBuiltin } from '../../data/builtin/index';
import { rotationGenerator } from '../../data/builtin/nbody2';
import { subset } from '../../engine/samples';
import type { Trainer } from '../../engine/training/trainer';
import { runTrain } from '../../run/train';
import { METHOD_NAMES } from '../../engine/methods/method';
import { peerEnv, peerPython } from './peer';
import { encodeNpy } from './npy-out';
import { fileURLToPath } from 'node:url';

const PEER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/peer/accuracy_peer.py');
/** The methods the peer (accuracy_peer.py) implements: every method but Augerino and the gradient method. */
const METHODS = METHOD_NAMES.filter((m) => m !== 'augerino' && m !== 'gradient');
type Method = (typeof METHODS)[number];

interface Args {
  trajectories: number;
  epochs: number;
  seeds: number[];
  methods: Method[];
  outDir: string;
  /** Extra peer variants of plain (the engine's former init and Adam epsilon) to show what each difference costs. */
  variants: boolean;
  /** The learning-rate schedule both sides train with (the engine's setting lrSchedule). */
  schedule: 'constant' | 'cosine';
}

function parseArgs(argv: string[]): Args {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const methods = (get('--methods') ?? METHODS.join(',')).split(',') as Method[];
  for (const m of methods) if (!(METHODS as readonly string[]).includes(m)) throw new Error(`--methods: unknown method ${m} (one of ${METHODS.join(', ')})`);
  return {
    trajectories: Number(get('--trajectories') ?? (quick ? 40 : 800)),
    epochs: Number(get('--epochs') ?? (quick ? 2 : 20)),
    seeds: (get('--seeds') ?? (quick ? '0' : '0,1,2')).split(',').map(Number),
    methods,
    outDir: get('--out-dir') ?? 'reports/bench',
    variants: argv.includes('--variants'),
    schedule: get('--schedule') === 'cosine' ? 'cosine' : 'constant',
  };
}

/** The peer's recipe, as the engine resolved it for this run. */
interface Recipe {
  epochs: number;
  batchSize: number;
  lr: number;
  lrSchedule: string;
  nAug: number;
  inferenceSamples: number;
  hidden: number[];
  standardizedLosses: boolean;
  initValue: number;
  k: number;
}

interface Result {
  side: string;
  method: Method;
  seed: number;
  direct: number;
  averaging: number | null;
  seconds: number;
  finalValLoss: number | null;
  /** Validation loss after every epoch. */
  valLoss: (number | null)[];
}

async function exportSplit(dir: string, ds: Dataset, trainer: Trainer): Promise<void> {
  const d = ds.layout.d;
  const write = async (name: string, set: SampleSet): Promise<void> => {
    await writeFile(path.join(dir, `${name}_x.npy`), encodeNpy(set.inputs, [set.n, set.inputs.length / Math.max(1, set.n)]));
    await writeFile(path.join(dir, `${name}_y.npy`), encodeNpy(set.targets, [set.n, set.targets.length / Math.max(1, set.n)]));
  };
  if (ds.layout.kind !== 'vector' || ds.layout.blocks !== 1 || d !== ds.targetNames.length) throw new Error(`${ds.name}: the peer takes one d-vector in and out`);
  await write('train', subset(ds, ds.train, trainer.trainIndex));
  await write('val', subset(ds, ds.train, trainer.valIndex));
  if (!ds.test) throw new Error(`${ds.name}: no test split`);
  await write('test', ds.test);
}

function runPeer(argv: string[]): Promise<{ testMse: { direct: number; averaging: number | null }; seconds: number; epochs: { valLoss: number | null }[] }> {
  return new Promise((resolve, reject) => {
    execFile(peerPython(), [PEER, ...argv], { maxBuffer: 1 << 24, env: peerEnv() }, (err, stdout, stderr) => {
      if (err) reject(new Error(`accuracy peer failed: ${stderr.trim().split('\n').pop() ?? err.message}`));
      else resolve(JSON.parse(stdout) as never);
    });
  });
}

function peerArgs(recipe: Recipe, method: Method, seed: number, dir: string): string[] {
  return [
    '--data', dir, '--method', method, '--seed', String(seed), '--epochs', String(recipe.epochs), '--batch', String(recipe.batchSize),
    '--lr', String(recipe.lr), '--schedule', recipe.lrSchedule, '--n-aug', String(recipe.nAug), '--inference-samples', String(recipe.inferenceSamples),
    '--hidden', recipe.hidden.join(','), '--k', String(recipe.k), '--init-value', String(recipe.initValue),
    ...(recipe.standardizedLosses ? ['--standardized-losses'] : []),
    ...(method === 'fixed-basis' ? ['--basis', JSON.stringify(rotationGenerator())] : []),
  ];
}

/** Rewrite the markdown from a finished run's JSON (`--report-only FILE.json`), without training. */
async function reportOnly(file: string): Promise<void> {
  const saved = JSON.parse(await readFile(file, 'utf8')) as { command: string; minutes: number; data: string; trainSamples: number; testSamples: number; recipe: Recipe; results: Result[] };
  const args = { ...parseArgs(saved.command.split(' ').slice(3)), outDir: path.dirname(file) };
  await writeReport(args, saved.data, saved.recipe, saved.trainSamples, saved.testSamples, saved.results, saved.minutes);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const from = argv.indexOf('--report-only');
  if (from >= 0) return reportOnly(argv[from + 1] ?? 'reports/bench/accuracy.json');
  const args = parseArgs(argv);
  const t0 = performance.now();
  const data = `builtin:nbody2?trajectories=${args.trajectories}`;
  const results: Result[] = [];
  let recipe: Recipe | null = null;
  let trainSamples = 0;
  let testSamples = 0;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'semola-accuracy-'));
  try {
    for (const seed of args.seeds) {
      const dir = path.join(tmp, `seed${seed}`);
      await mkdir(dir, { recursive: true });
      for (const method of args.methods) {
        // PyTorch's recipe on both sides: nn.Linear's initialisation and Adam's epsilon (options, not the defaults).
        const config: Record<string, unknown> = { preset: 'paper', method, seed, epochs: args.epochs, lrSchedule: args.schedule, model: { kind: 'mlp', init: 'pytorch' }, adamEpsilon: 1e-8, ...(method === 'fixed-basis' ? { fixedBasis: rotationGenerator() } : {}) };
        const summary = await runTrain({
          data,
          backend: 'wasm',
          config,
          // Every method of a seed trains on the same split (the validation split's seed is the run's).
          onTrained: async (trainer, ds) => {
            await exportSplit(dir, ds, trainer);
            trainSamples = trainer.trainIndex.length;
            testSamples = ds.test?.n ?? 0;
          },
        });
        const c = summary.config;
        recipe = {
          epochs: c.epochs, batchSize: c.batchSize, lr: c.lr, lrSchedule: c.lrSchedule, nAug: c.nAug,
          inferenceSamples: c.inferenceSamples ?? c.nAug, hidden: c.model.hidden, standardizedLosses: c.standardizedLosses, initValue: c.initValue, k: c.k,
        };
        const test = summary.metrics.test!;
        const history = summary.history;
        results.push({
          side: 'engine (wasm)', method, seed, direct: test.direct.mse!, averaging: test.averaging?.mse ?? null,
          seconds: summary.timings.seconds, finalValLoss: history[history.length - 1]?.valLoss ?? null, valLoss: history.map((h) => h.valLoss ?? null),
        });
        log(results[results.length - 1]!);
        const sides: [string, string[]][] = [['PyTorch peer', []]];
        // On plain only: the cheap runs, and the ones where init and epsilon act alone.
        if (args.variants && method === 'plain') sides.push(['PyTorch, He-uniform init', ['--init', 'he-uniform']], ['PyTorch, Adam eps 1e-7', ['--adam-eps', '1e-7']]);
        for (const [side, extra] of sides) {
          const p = await runPeer([...peerArgs(recipe, method, seed, dir), ...extra]);
          results.push({ side, method, seed, direct: p.testMse.direct, averaging: p.testMse.averaging, seconds: p.seconds, finalValLoss: p.epochs[p.epochs.length - 1]?.valLoss ?? null, valLoss: p.epochs.map((e) => e.valLoss) });
          log(results[results.length - 1]!);
        }
        // Written after every method, so an interrupted run leaves what it measured.
        await writeReport(args, data, recipe, trainSamples, testSamples, results, (performance.now() - t0) / 60000);
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const minutes = (performance.now() - t0) / 60000;
  await writeReport(args, data, recipe!, trainSamples, testSamples, results, minutes);
}

function log(r: Result): void {
  process.stderr.write(`${r.side} ${r.method} seed ${r.seed}: test MSE direct ${r.direct.toExponential(2)}${r.averaging !== null ? `, averaging ${r.averaging.toExponential(2)}` : ''} (${r.seconds.toFixed(0)} s)\n`);
}

/** Test MSE of the trivial predictor y = x (next state = current state), per element: the scale a model must beat. */
function identityMse(data: string): number {
  const test = loadBuiltin(data).test!;
  let sum = 0;
  for (let i = 0; i < test.targets.length; i++) sum += (test.targets[i]! - test.inputs[i]!) ** 2;
  return sum / test.targets.length;
}

/** Mean, min and max of positive numbers, as `mean (min..max)`. */
function spread(values: number[]): string {
  if (values.length === 0) return '-';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `${mean.toExponential(2)} (${Math.min(...values).toExponential(2)}..${Math.max(...values).toExponential(2)})`;
}

async function writeReport(args: Args, data: string, recipe: Recipe, trainSamples: number, testSamples: number, results: Result[], minutes: number): Promise<void> {
  const sides = [...new Set(results.map((r) => r.side))];
  const metric = (m: Method): 'direct' | 'averaging' => (m === 'plain' ? 'direct' : 'averaging');
  // The method-side pairs that were measured (variants run on plain only).
  const pairs = args.methods.flatMap((m) => sides.filter((side) => results.some((r) => r.method === m && r.side === side)).map((side) => [m, side] as const));
  const rows = pairs.map(([m, side]) => {
      const rs = results.filter((r) => r.method === m && r.side === side);
      const avg = rs.map((r) => r.averaging).filter((v): v is number => v !== null);
      return `| ${m} | ${side} | ${spread(rs.map((r) => r.direct))} | ${avg.length > 0 ? spread(avg) : '-'} | ${rs.map((r) => r[metric(m)]!.toExponential(2)).join(', ')} |`;
  });
  const command = ['npm run bench:accuracy --', `--trajectories ${args.trajectories}`, `--epochs ${args.epochs}`, `--seeds ${args.seeds.join(',')}`, ...(args.methods.length < METHODS.length ? [`--methods ${args.methods.join(',')}`] : []), ...(args.schedule !== 'constant' ? ['--schedule cosine'] : []), ...(args.variants ? ['--variants'] : [])].join(' ');
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const lowestOf = (m: Method, side: string): number[] =>
    results.filter((r) => r.method === m && r.side === side).map((r) => Math.min(...r.valLoss.filter((v): v is number => v !== null)));
  const curveRows = pairs.map(([m, side]) => {
      const curves = results.filter((r) => r.method === m && r.side === side).map((r) => r.valLoss.filter((v): v is number => v !== null));
      const lowest = mean(curves.map((c) => Math.min(...c)));
      const lowestAt = curves.map((c) => c.indexOf(Math.min(...c)) + 1);
      const tail = mean(curves.map((c) => mean(c.slice(-5))));
      const last = mean(curves.map((c) => c[c.length - 1]!));
      return `| ${m} | ${side} | ${lowest.toExponential(2)} (epochs ${lowestAt.join(', ')}) | ${tail.toExponential(2)} | ${last.toExponential(2)} |`;
  });
  const lowestRatios = args.methods
    .filter((m) => lowestOf(m, 'engine (wasm)').length > 0 && lowestOf(m, 'PyTorch peer').length > 0)
    .map((m) => `${m} ${(mean(lowestOf(m, 'engine (wasm)')) / mean(lowestOf(m, 'PyTorch peer'))).toFixed(2)}`);
  // Agreement: the engine's mean lies within the peer's range over seeds, or the peer's mean within the engine's.
  const agreement = args.methods.map((m) => {
    const pick = (side: string): number[] => results.filter((r) => r.method === m && r.side === side).map((r) => r[metric(m)]!);
    const ours = pick('engine (wasm)');
    const peer = pick('PyTorch peer');
    if (ours.length === 0 || peer.length === 0) return `${m}: not measured`;
    const within = (v: number, range: number[]): boolean => v >= Math.min(...range) && v <= Math.max(...range);
    const ok = within(mean(ours), peer) || within(mean(peer), ours);
    return `${m}: engine ${mean(ours).toExponential(2)} against peer ${mean(peer).toExponential(2)} (ratio ${(mean(ours) / mean(peer)).toFixed(2)}), ${ok ? 'within' : 'outside'} the spread over seeds`;
  });
  const md = [
    '# Accuracy against a PyTorch peer',
    '',
    `Command: \`${command}\` (${minutes.toFixed(1)} min on this machine, 2 cores shared with other work; engine on wasm, peer on one thread).`,
    `Data: \`${data}\`: ${trainSamples} training pairs after the validation split, ${testSamples} test pairs (the built-in's own test half of the trajectories).`,
    'Both sides train on the same arrays: the engine writes the training, validation and test arrays it used (per seed; the validation split is seeded by the run) and the peer reads them.',
    '',
    `Recipe (both sides): the paper preset; MLP 8-${recipe.hidden.join('-')}-8, ReLU; inputs and targets standardised by the training split's column mean and std inside the model;`,
    `Adam lr ${recipe.lr} (${recipe.lrSchedule}), batch ${recipe.batchSize}, ${recipe.epochs} epochs, the last epoch's model; losses in ${recipe.standardizedLosses ? 'standardised' : 'raw'} units; dense layers initialised as PyTorch's nn.Linear and Adam's epsilon 1e-8 on both sides (in the engine the options \`model.init: pytorch\` and \`adamEpsilon: 1e-8\`, which \`bench:accuracy\` sets; the engine's defaults stay He-uniform with zero biases and 1e-7);`,
    `${recipe.nAug} augmented copies per sample, t ~ U(-1, 1), generators normalised to sqrt(8); fixed-basis uses the true rotation; SEMoLA learns k = ${recipe.k} from a constant ${recipe.initValue} start.`,
    `The trivial predictor y = x scores a test MSE of ${identityMse(data).toExponential(2)}.`,
    'Test MSE: mean over all test elements, raw units; averaging predicts (1/n) sum g_j^-1 f(g_j x) with n = ' + `${recipe.inferenceSamples} group samples. Seeds set the initialisation, batches and coefficients on each side (their random streams differ).`,
    '',
    `Figures: mean (min..max) over seeds ${args.seeds.join(', ')}; the last column lists each seed's figure of the method's configured inference (plain: direct; the others: averaging).`,
    '',
    '| method | side | test MSE, direct | test MSE, averaging | per seed |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Agreement (the method's configured inference): ${agreement.join('; ')}.`,
    '',
    ...(args.variants
      ? [
          'Variants (plain only, the peer with one setting of the engine before this comparison): He-uniform init is U(-sqrt(6/fan_in), +) weights with zero biases',
          "in place of nn.Linear's U(-1/sqrt(fan_in), +) weights and biases; Adam eps 1e-7 is tfjs's default in place of PyTorch's 1e-8. The engine now uses PyTorch's of both.",
          '',
        ]
      : []),
    `Validation loss (the recipe's task loss on the validation split after each epoch; ${recipe.standardizedLosses ? 'standardised' : 'raw'} units), mean over seeds:`,
    `the lowest over the epochs (and at which epoch, per seed), the mean over the last 5 epochs, and the last. With a ${recipe.lrSchedule} learning rate the gap between`,
    'the lowest and the last is how much the final epoch\'s model is a draw from a noisy tail rather than the best the run reached.',
    '',
    '| method | side | lowest | last 5 epochs | last |',
    '|---|---|---|---|---|',
    ...curveRows,
    '',
    `Lowest validation loss, engine over peer (means over seeds): ${lowestRatios.join('; ')}.`,
    '',
  ].join('\n');
  await mkdir(args.outDir, { recursive: true });
  const name = args.schedule === 'cosine' ? 'accuracy-cosine' : 'accuracy';
  await writeFile(path.join(args.outDir, `${name}.md`), md);
  await writeFile(path.join(args.outDir, `${name}.json`), `${JSON.stringify({ command, minutes, data, trainSamples, testSamples, recipe, results }, null, 1)}\n`);
  process.stderr.write(`report written to ${path.join(args.outDir, `${name}.md`)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
