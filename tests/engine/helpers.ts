/** Small shared helpers for the engine tests: backends, plain-array linear algebra, seeded data. */
import * as tf from '@tensorflow/tfjs';
import { describe } from 'vitest';
import { Rng } from '../../src-main/data/random';
import { selectBackend } from '../../src-main/engine/backend';
import { NO_ADAPTER, webgpuAdapter } from '../../src-main/engine/webgpu';

export type TestBackend = 'cpu' | 'wasm' | 'webgpu';

/**
 * Why webgpu cannot be tested here, or null when it can. CI points VK_ICD_FILENAMES at the
 * SwiftShader Vulkan driver of Debian's chromium package (.ci/run), so the webgpu path is checked
 * on a software adapter there; elsewhere it needs a GPU or that variable.
 */
async function webgpuUnavailable(): Promise<string | null> {
  try {
    return (await webgpuAdapter()) ? null : NO_ADAPTER;
  } catch (e) {
    return `the optional package is missing or failed to load (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
}
export const WEBGPU_SKIP_REASON = await webgpuUnavailable();


/**
 * Select a backend for a test. On webgpu, tfjs runs ops on small tensors that are still on the host
 * with its cpu kernels (WEBGPU_CPU_FORWARD); tests turn that off so the GPU kernels are what they check.
 */
export async function useBackend(backend: TestBackend): Promise<void> {
  await selectBackend(backend);
  if (backend === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false);
}

/** Why a suite that reads tensors synchronously does not run on webgpu. */
export const SYNC_READS =
  "it reads tensors synchronously, which tfjs's webgpu backend cannot do in Node (webgpu is checked by the expm and one-step equivalence suites)";

/**
 * `describe` once per backend, cpu, wasm and webgpu; a backend that cannot run here is a skipped
 * suite whose name says why, so a missing adapter shows in the test report instead of vanishing.
 * `webgpuSkip` names a reason the suite itself cannot run on webgpu.
 */
export function describeBackends(title: string, body: (backend: TestBackend) => void, opts: { webgpuSkip?: string } = {}): void {
  for (const backend of ['cpu', 'wasm', 'webgpu'] as const) {
    const reason = backend === 'webgpu' ? (opts.webgpuSkip ?? WEBGPU_SKIP_REASON) : null;
    if (reason) describe.skip(`${title} on ${backend} (skipped: ${reason})`, () => body(backend));
    else describe(`${title} on ${backend}`, () => body(backend));
  }
}

export type Mat = number[][];

export function zeros(r: number, c = r): Mat {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

export function eye(n: number): Mat {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

export function mm(a: Mat, b: Mat): Mat {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

export function mv(a: Mat, x: number[]): number[] {
  return a.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
}

export function scaleM(a: Mat, s: number): Mat {
  return a.map((r) => r.map((v) => v * s));
}

export function frob(a: Mat): number {
  return Math.sqrt(a.flat().reduce((s, v) => s + v * v, 0));
}

export function subM(a: Mat, b: Mat): Mat {
  return a.map((r, i) => r.map((v, j) => v - b[i]![j]!));
}

/** ||A - B||_F / ||B||_F. */
export function relErr(a: Mat, b: Mat): number {
  return frob(subM(a, b)) / frob(b);
}

export function maxAbsDiff(a: number[], b: number[]): number {
  expectSameLength(a, b);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

function expectSameLength(a: number[], b: number[]): void {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
}

/** 2-D rotation generator J = [[0, -1], [1, 0]]. */
export const J: Mat = [
  [0, -1],
  [1, 0],
];

export function rot2(a: number): Mat {
  return [
    [Math.cos(a), -Math.sin(a)],
    [Math.sin(a), Math.cos(a)],
  ];
}

/** Block-diagonal matrix from square blocks. */
export function blockDiag(...blocks: Mat[]): Mat {
  const n = blocks.reduce((s, b) => s + b.length, 0);
  const out = zeros(n);
  let o = 0;
  for (const b of blocks) {
    b.forEach((row, i) => row.forEach((v, j) => (out[o + i]![o + j] = v)));
    o += b.length;
  }
  return out;
}

export function randomMatrix(rng: Rng, r: number, c = r, s = 1): Mat {
  return Array.from({ length: r }, () => Array.from({ length: c }, () => s * rng.normal()));
}

/** Read a tensor as nested arrays and dispose it. */
export function take<T>(t: tf.Tensor): T {
  const v = t.arraySync() as T;
  t.dispose();
  return v;
}

/** take, read asynchronously: the only read the webgpu backend offers in Node. */
export async function takeAsync<T>(t: tf.Tensor): Promise<T> {
  const v = (await t.array()) as T;
  t.dispose();
  return v;
}

/** Read a scalar tensor and dispose it. */
export function scalarOf(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}
