/**
 * What the kernels need of tfjs-backend-wasm's backend and what binds them to it: types and one
 * check, no Node imports (the models import relu-grad.ts, which the renderer's type check reaches).
 */
import type * as tf from '@tensorflow/tfjs';

/** A WebAssembly.Memory, as far as the kernels need it. */
export interface MemoryLike {
  buffer: ArrayBufferLike;
}

export interface WasmModuleLike {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  asm?: { memory?: MemoryLike };
}

/** What the kernels need of tfjs-backend-wasm's backend object. */
export interface WasmBackendLike {
  wasm: WasmModuleLike;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

export interface KernelExports {
  gemm(a: number, sAi: number, sAp: number, b: number, sBp: number, c: number, sCi: number, m: number, k: number, n: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  adam(g: number, m: number, v: number, w: number, om: number, ov: number, ow: number, n: number,
    b1: number, c1: number, b2: number, c2: number, o1: number, o2: number, eps: number, nlr: number): void;
  reluGrad(dy: number, x: number, out: number, n: number): void;
}

/** Kernels bound to one backend's heap. */
export interface BoundKernels {
  exports: KernelExports;
  fma: boolean;
  memory: MemoryLike;
}

/**
 * Whether `backend` is the one the kernels were bound to: a wasm backend created again (tfjs can
 * remove and re-register backends) has a new heap, on which these offsets mean nothing.
 */
export function boundTo(kernels: BoundKernels, backend: WasmBackendLike): boolean {
  return backend.wasm.asm?.memory === kernels.memory;
}
