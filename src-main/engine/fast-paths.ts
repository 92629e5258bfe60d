/**
 * Whether the training step takes its fused paths (the matrix exponential by Paterson-Stockmeyer
 * with a hand-written gradient, f(x) and f(g x) in one pass). They compute the same as the plain
 * step within float32 round-off (tests/engine/fast-paths.test.ts), but not bit for bit, so the cpu
 * backend, the plain reference that the golden figures were recorded on, keeps the plain step;
 * wasm, webgpu and tensorflow take the fused one. Tests force either on any backend.
 */
import * as tf from '@tensorflow/tfjs';

let forced: boolean | null = null;

export function fastPathsOn(): boolean {
  return forced ?? tf.getBackend() !== 'cpu';
}

/** true / false forces the fused / plain step on every backend; null returns to the default. */
export function forceFastPaths(on: boolean | null): void {
  forced = on;
}

/**
 * Whether reading a small tensor back is a copy in this process's memory (wasm, cpu), so a step may
 * look at its own numbers (the exponential's norm) instead of planning for the worst case. On webgpu
 * a read waits for the device, and in Node it cannot be synchronous at all.
 */
export function hostReadsCheap(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu';
}
