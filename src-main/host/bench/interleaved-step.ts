/**
 * One short timing of the wasm training step for `interleaved.ts`: the default dataset reduced to
 * about STEPS steps per epoch, two epochs, the second timed. Argument: JSON {preset, plainStep,
 * tfjsKernels, steps}: plainStep, the step the cpu backend runs (fused paths off, tfjs-backend-wasm's
 * kernels); tfjsKernels, the fused step with tfjs-backend-wasm's kernels instead of wasm-kernels/ (products and Adam).
 * Prints one JSON line {msPerStep}.
 */
import { loadBuiltin } from '../../data/builtin/index';
import { selectBackend } from '../../engine/backend';
import { resolveConfig } from '../../engine/config';
import { forceFastPaths } from '../../engine/fast-paths';
import { Trainer } from '../../engine/training/trainer';
import { setWasmKernelsEnabled } from '../../engine/wasm-kernels/state';
import { DEFAULT_DATASET } from './types';

/** Training samples per trajectory of the default 2-body data (1600 trajectories give 13680). */
const SAMPLES_PER_TRAJECTORY = 13680 / 1600;

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as { preset: 'paper' | 'default'; plainStep: boolean; tfjsKernels?: boolean; steps: number };
  await selectBackend('wasm');
  if (req.plainStep) forceFastPaths(false);
  if (req.plainStep || req.tfjsKernels) setWasmKernelsEnabled(false);
  const config = resolveConfig({ epochs: 2, preset: req.preset });
  const trajectories = Math.max(2, Math.round((req.steps * config.batchSize) / SAMPLES_PER_TRAJECTORY));
  const trainer = new Trainer(loadBuiltin(`${DEFAULT_DATASET}?trajectories=${trajectories}`), config);
  const events = await trainer.train();
  trainer.dispose();
  const timed = events[1]!;
  process.stdout.write(`${JSON.stringify({ msPerStep: (1000 * timed.seconds) / timed.steps, steps: timed.steps })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
