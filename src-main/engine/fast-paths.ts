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
