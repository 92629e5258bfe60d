/**
 * Whether this project's wasm kernels (matmul.ts, adam.ts) are registered and switched on. Kept
 * apart from them, with no Node imports, because ops.ts reads it and the renderer's type check
 * reaches ops.ts through the engine's shared types.
 */
import * as tf from '@tensorflow/tfjs';

let enabled = true;
let registered = false;

/** matmul.ts, once its kernels are in place on the wasm backend. */
export function markWasmKernelsRegistered(): void {
  registered = true;
}

/**
 * Switches between these kernels and tfjs-backend-wasm's own (a benchmark's before and after, tests
 * that compare the two); on by default once registered.
 */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the current backend runs these kernels now. */
export function wasmKernelsActive(): boolean {
  return enabled && registered && tf.getBackend() === 'wasm';
}

/** Whether a product on the current backend takes transposed operands at full speed. */
export function nativeTransposes(): boolean {
  return wasmKernelsActive();
}
