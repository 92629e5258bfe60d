/**
 * Measures one backend inside the current process: selects it, times the Trainer constructor, a
 * training epoch after a warm-up epoch, and the matrix exponential. Runs in a child process of its
 * own (see child.ts) because the tf backend is global to a process.
 */
import { loadBuiltin } from '../../data/builtin/index';
import type { Dataset } from '../../data/dataset';
import { selectBackend, type BackendInfo } from '../../engine/backend';
import { resolveConfig, type TrainConfig } from '../../engine/config';
import { splitIndices } from '../../engine/samples';
import { forceFastPaths } from '../../engine/fast-paths';
import { setWasmKernelsEnabled } from '../../engine/wasm-kernels/state';
import { Trainer } from '../../engine/training/trainer';
import { timeExpm } from './expm-timing';
import { profileEpoch } from './kernel-profile';
import { timeImageStep } from './image-step';
import { DEFAULT_DATASET, EPOCHS_RUN, type BackendResult, type ChildRequest } from './types';

/** The pure-JavaScript backend is about 15x slower than wasm: a full epoch would take minutes. */
const CPU_TIMED_STEPS = 30;
/** A software WebGPU adapter (SwiftShader) is slower still: a few steps show its rate. */
const SOFTWARE_WEBGPU_TIMED_STEPS = 6;
/** Steps of the per-kernel profile (wasm only: the backend compared with the PyTorch peer). */
const PROFILE_STEPS = 10;
/** A software adapter gets fewer expm calls too. */
const EXPM_SOFTWARE = { warmup: 2, repeats: 5 };
const QUICK_TIMED_STEPS = 3;
/** The default batch (64) times the default nAug (4): the matrices one training step exponentiates. */
const EXPM_BATCH = 256;
const EXPM_FULL = { warmup: 3, repeats: 21 };
const EXPM_QUICK = { warmup: 1, repeats: 3 };
/** Trajectories of the probe dataset that tells how many training samples a trajectory yields. */
const PROBE_TRAJECTORIES = 100;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Training samples left once the trainer holds out its validation fraction. */
function trainSamples(ds: Dataset, config: TrainConfig): number {
  const n = ds.train.n;
  return splitIndices(n, config.valFraction, Array.from({ length: n }, (_, i) => i)).train.length;
}

/** Steps in one epoch over n samples, counted as Trainer.train counts them (a last batch of 1 is dropped). */
function stepsFor(n: number, batchSize: number): number {
  let steps = 0;
  for (let s = 0; s + 1 < n || s === 0; s += batchSize) {
    if (Math.min(n, s + batchSize) - s < 2) break;
    steps++;
  }
  return steps;
}

/**
 * The default dataset with fewer trajectories, sized so an epoch has about `steps` steps. The
 * samples per trajectory come from a small probe dataset rather than from the simulator's
 * constants, so the sizing follows the dataset if its windows or split change.
 */
function reducedDataset(steps: number, config: TrainConfig): Dataset {
  const probe = loadBuiltin(`${DEFAULT_DATASET}?trajectories=${PROBE_TRAJECTORIES}`);
  const perTrajectory = trainSamples(probe, config) / PROBE_TRAJECTORIES;
  const trajectories = Math.max(2, Math.round((steps * config.batchSize) / perTrajectory));
  return loadBuiltin(`${DEFAULT_DATASET}?trajectories=${trajectories}`);
}

/** Four significant digits: more would be noise, and a fixed number of decimals could round a small time to 0. */
function sig(v: number): number {
  return Number(v.toPrecision(4));
}

export async function measureBackend(req: ChildRequest, log: (line: string) => void): Promise<BackendResult> {
  let info: BackendInfo;
  try {
    info = await selectBackend(req.backend);
  } catch (e) {
    return { name: req.backend, status: 'skipped', reason: errorText(e) };
  }
  log(`${req.backend}: ${info.detail}`);
  if (req.plainStep) {
    // The before of the before/after: the cpu backend's step on tfjs-backend-wasm's own kernels.
    forceFastPaths(false);
    setWasmKernelsEnabled(false);
  }

  const preset = req.preset ?? 'default';
  const config = resolveConfig({ epochs: EPOCHS_RUN, preset });
  const full = loadBuiltin(DEFAULT_DATASET);
  const fullSteps = stepsFor(trainSamples(full, config), config.batchSize);
  const notes: string[] = [];
  const software = info.adapter?.software === true;
  if (software) notes.push(`software adapter (${info.adapter!.description || info.adapter!.architecture}): a CPU Vulkan driver, no GPU; correctness path only, not a GPU's speed`);
  if (info.name === 'webgpu' && process.env.VK_ICD_FILENAMES) notes.push(`VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}`);
  const timedSteps = req.quick ? QUICK_TIMED_STEPS : req.backend === 'cpu' ? CPU_TIMED_STEPS : software ? SOFTWARE_WEBGPU_TIMED_STEPS : null;
  const trainData = timedSteps === null ? full : reducedDataset(timedSteps, config);
  // Setup cost hardly depends on the backend (tangent estimation is plain JavaScript), so it is
  // timed on the default dataset even where training is not; quick mode shrinks it too.
  const setupData = req.quick ? trainData : full;

  const start = performance.now();
  const setupTrainer = new Trainer(setupData, config);
  const setupSeconds = (performance.now() - start) / 1000;
  log(`${req.backend}: setup ${setupSeconds.toFixed(2)} s on ${setupData.source}`);
  let trainer = setupTrainer;
  if (trainData !== setupData) {
    setupTrainer.dispose();
    trainer = new Trainer(trainData, config);
  }

  const events = await trainer.train({
    onEpoch: (e) => log(`${req.backend}: epoch ${e.epoch}/${e.epochs}${e.epoch === 1 ? ' (warm-up)' : ''}: ${e.steps} steps in ${e.seconds.toFixed(2)} s`),
  });
  const samplesPerEpoch = trainer.trainIndex.length;
  // The squarings a training step uses, so the expm timing does the same work.
  const squarings = trainer.augmenter?.squaringBound();
  trainer.dispose();
  const timed = events[events.length - 1];
  if (!timed || events.length < EPOCHS_RUN) throw new Error(`training ran ${events.length} epochs, expected ${EPOCHS_RUN}`);
  const stepsPerSecond = timed.steps / timed.seconds;
  if (timedSteps !== null) {
    notes.push(
      `timed epoch shortened to ${timed.steps} steps (${trainData.source}) instead of the default ${fullSteps}; ` +
        `estimatedFullEpochSeconds = ${fullSteps} steps at the measured rate`,
    );
  }
  if (req.quick) notes.push('quick run: setup timed on the reduced dataset, expm median of few calls');

  const profile = req.backend === 'wasm' ? await profileEpoch(reducedDataset(req.quick ? QUICK_TIMED_STEPS : PROFILE_STEPS, config), config) : undefined;
  if (profile) log(`${req.backend}: profiled ${profile.steps} steps: ${profile.kernelMsPerStep} ms of kernels per step`);

  const expmPlan = req.quick ? EXPM_QUICK : software ? EXPM_SOFTWARE : EXPM_FULL;
  const expm = await timeExpm({ batch: EXPM_BATCH, d: trainer.d, squarings, ...expmPlan });
  log(`${req.backend}: expm ${expm.ms.toFixed(2)} ms per call`);
  // The image step on the cpu backend would take minutes per step: measured on the others; on a
  // software adapter (over a minute a step, correctness only) over one step.
  const image = req.backend === 'cpu' ? null : await timeImageStep(req.quick || software ? 1 : 4);
  if (image) log(`${req.backend}: image step ${image.seconds.toFixed(2)} s (28 x 28, batch ${image.batch}, ${image.copies} copies)`);

  return {
    name: req.backend,
    status: 'measured',
    detail: info.detail,
    tfjsVersion: info.tfjsVersion,
    fallbacks: info.skipped,
    trainDataset: trainData.source,
    samplesPerEpoch,
    stepsPerEpoch: timed.steps,
    batchSize: config.batchSize,
    stepsPerSecond: sig(stepsPerSecond),
    secondsPerEpoch: sig(timed.seconds),
    ...(timedSteps !== null ? { estimatedFullEpochSeconds: sig(fullSteps / stepsPerSecond) } : {}),
    setupDataset: setupData.source,
    setupSeconds: sig(setupSeconds),
    expmMs: sig(expm.ms),
    expmBatch: EXPM_BATCH,
    expmDim: trainer.d,
    expmSquarings: expm.squarings,
    expmRepeats: expmPlan.repeats,
    ...(image ? { imageStepSeconds: sig(image.seconds), imageStepBatch: image.batch, imageStepCopies: image.copies } : {}),
    notes,
    preset,
    ...(req.plainStep ? { plainStep: true } : {}),
    ...(profile ? { profile } : {}),
    ...(info.adapter ? { adapter: { vendor: info.adapter.vendor, architecture: info.adapter.architecture, description: info.adapter.description, software: info.adapter.software } } : {}),
  };
}
