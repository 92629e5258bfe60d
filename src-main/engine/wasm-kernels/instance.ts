/**
 * This project's wasm kernels (wat.ts, assembled into module.generated.ts) instantiated on the tfjs
 * wasm backend's own heap: the module has no memory of its own and imports the backend's, so its
 * functions read and write tensors where they lie. Relaxed SIMD (the products' fused multiply-add)
 * is on by default from V8 11.4 (Electron); Node 20 (V8 11.3) has it behind a flag, which is set
 * here before compiling; where neither validates, the multiply-and-add variant runs.
 */
import { createRequire } from 'node:module';
import type { BoundKernels, KernelExports, MemoryLike, WasmBackendLike } from './bound';
import { GEMM_FMA_WASM, GEMM_PLAIN_WASM } from './module.generated';

/** The few WebAssembly API members used here (the node tsconfig has no DOM library to declare them). */
interface WebAssemblyLike {
  Memory: new (desc: { initial: number }) => MemoryLike;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
const Wasm = (globalThis as unknown as { WebAssembly: WebAssemblyLike }).WebAssembly;

const requireHere = createRequire(import.meta.url);

function decode(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Relaxed SIMD validates here, turning on V8's flag where it is still behind one (Node 20). */
function relaxedSimdAvailable(bytes: Uint8Array): boolean {
  if (Wasm.validate(bytes)) return true;
  try {
    (requireHere('node:v8') as typeof import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return Wasm.validate(bytes);
}

/** Whether this process can run the fused multiply-add variant. */
export function fmaAvailable(): boolean {
  return relaxedSimdAvailable(decode(GEMM_FMA_WASM));
}

/** The kernels on `memory`, with fused multiply-adds in the products or without (the first needs relaxed SIMD). */
export function instantiateKernels(memory: MemoryLike, fma: boolean): KernelExports {
  const module = new Wasm.Module(decode(fma ? GEMM_FMA_WASM : GEMM_PLAIN_WASM));
  return new Wasm.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}

/** A fresh memory of `pages` 64 KiB pages (tests run the kernels on their own). */
export function newMemory(pages: number): MemoryLike {
  return new Wasm.Memory({ initial: pages });
}

/**
 * The kernels on the wasm backend's heap, or null where that heap cannot be shared (no backend,
 * or a threaded build's shared memory).
 */
export function kernelsOnBackend(backend: WasmBackendLike | undefined): BoundKernels | null {
  const memory = backend?.wasm.asm?.memory;
  if (!memory || !(memory instanceof Wasm.Memory)) return null;
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  const fma = fmaAvailable();
  return { exports: instantiateKernels(memory, fma), fma, memory };
}

