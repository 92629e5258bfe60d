/**
 * Puts this project's wasm kernels in place once the wasm backend is initialised: BatchMatMul
 * (matmul.ts) in place of tfjs-backend-wasm's, the fused Adam step (adam-kernel.ts) and ReLU's
 * gradient (relu-grad.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, adamStepKernel } from './adam-kernel';
import type { WasmBackendLike } from './bound';
import { kernelsOnBackend } from './instance';
import { batchMatMulKernel } from './matmul';
import { RELU_GRAD, reluGradGradient, reluGradKernel } from './relu-grad';
import { markWasmKernelsRegistered } from './state';

/** What runs the products, for the backend's description and the bench report. */
export interface WasmKernelsInfo {
  /** Fused multiply-adds (relaxed SIMD) in the products. */
  fma: boolean;
}

let info: WasmKernelsInfo | null = null;

/** Registers the kernels (once); null where the backend's heap cannot be shared. */
export function useWasmKernels(): WasmKernelsInfo | null {
  if (info) return info;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const kernels = kernelsOnBackend(tf.findBackend('wasm') as unknown as WasmBackendLike | undefined);
  if (!original || !kernels) return null;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: batchMatMulKernel(kernels, original) });
  tf.registerKernel({ kernelName: ADAM_STEP, backendName: 'wasm', kernelFunc: adamStepKernel(kernels) });
  tf.registerKernel({ kernelName: RELU_GRAD, backendName: 'wasm', kernelFunc: reluGradKernel(kernels) });
  tf.registerGradient(reluGradGradient);
  markWasmKernelsRegistered();
  info = { fma: kernels.fma };
  return info;
}

/** The kernels in use, or null before useWasmKernels registered them. */
export function wasmKernelsInfo(): WasmKernelsInfo | null {
  return info;
}
