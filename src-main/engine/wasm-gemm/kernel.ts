/**
 * The wasm backend's BatchMatMul replaced by this project's register-blocked kernels (wat.ts), run
 * on the backend's own heap. Why: tfjs-backend-wasm 4.22 calls XNNPACK without fused multiply-adds
 * (27-28 GFLOP/s on a 320 x 256 x 256 product here; these kernels 44 with relaxed SIMD's fused
 * multiply-add, 35 without; reports/bench/bench.md), and its transposed products take a slow
 * generic path (17-20 ms instead of 1.5), so the engine had to transpose explicitly. These kernels
 * read a transposed A by its strides and copy a transposed B once, so `nativeTransposes()` lets the
 * gradients ask for the transposed product directly.
 *
 * Relaxed SIMD is on by default from V8 11.4 (Electron); Node 20 (V8 11.3) has it behind a flag,
 * which is set here before compiling. Where neither validates, the multiply-and-add variant runs.
 * The result differs from XNNPACK's in round-off only (summation order, fused rounding); the cpu
 * backend, where the golden figures were recorded, is untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { GEMM_FMA_WASM, GEMM_PLAIN_WASM } from './module.generated';

/** The few WebAssembly API members used here (the node tsconfig has no DOM library to declare them). */
export interface MemoryLike {
  buffer: ArrayBufferLike;
}
interface WebAssemblyLike {
  Memory: new (desc: { initial: number }) => MemoryLike;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
const Wasm = (globalThis as unknown as { WebAssembly: WebAssemblyLike }).WebAssembly;

interface WasmModuleLike {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  asm?: { memory?: MemoryLike };
}

interface WasmBackendLike {
  wasm: WasmModuleLike;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

export interface GemmExports {
  gemm(a: number, sAi: number, sAp: number, b: number, sBp: number, c: number, sCi: number, m: number, k: number, n: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

/** What ran the dense products, for the backend's description and the bench report. */
export interface WasmGemmInfo {
  fma: boolean;
}

let state: { exports: GemmExports; info: WasmGemmInfo; original: tf.KernelConfig; memory: MemoryLike } | null = null;
let enabled = true;

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

function sizeOf(shape: number[]): number {
  return shape.reduce((s, d) => s * d, 1);
}

/**
 * The output's batch dimensions where each side is either the same stack of matrices as the other
 * or a single matrix (leading ones), else null.
 */
function outerShape(outerA: number[], outerB: number[]): number[] | null {
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  const longer = outerA.length >= outerB.length ? outerA : outerB;
  if (batchA === 1 && batchB === 1) return longer.map(() => 1);
  if (batchA === 1) return outerA.length <= outerB.length ? outerB : null;
  if (batchB === 1) return outerB.length <= outerA.length ? outerA : null;
  return outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]) ? outerA : null;
}

function batchMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo | tf.TensorInfo[] {
  const s = state!;
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  const backend = args.backend as WasmBackendLike;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kB = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  // The original kernel keeps its own checks and messages for what this one does not take:
  // other dtypes, mismatched inner sizes, and broadcasting other than against one single matrix.
  const outer = outerShape(outerA, outerB);
  if (!enabled || a.dtype !== 'float32' || b.dtype !== 'float32' || k !== kB || outer === null) {
    return s.original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  }
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const batch = sizeOf(outer);
  if (m * n * batch === 0) return out;
  const aBase = backend.dataIdMap.get(a.dataId).memoryOffset;
  const bBase = backend.dataIdMap.get(b.dataId).memoryOffset;
  const cBase = backend.dataIdMap.get(out.dataId).memoryOffset;
  const [sAi, sAp] = transposeA ? [4, 4 * m] : [4 * k, 4];
  // B's rows must be contiguous: a transposed B ([n, k] per matrix) is copied to [k, n] first.
  const scratch = transposeB && k > 0 ? backend.wasm._malloc(4 * k * n) : 0;
  try {
    for (let t = 0; t < batch; t++) {
      const aOff = aBase + (batchA === 1 ? 0 : 4 * t * m * k);
      let bOff = bBase + (batchB === 1 ? 0 : 4 * t * k * n);
      if (scratch) {
        if (t === 0 || batchB !== 1) s.exports.transpose(bOff, scratch, n, k);
        bOff = scratch;
      }
      s.exports.gemm(aOff, sAi, sAp, bOff, 4 * n, cBase + 4 * t * m * n, 4 * n, m, k, n);
    }
  } finally {
    if (scratch) backend.wasm._free(scratch);
  }
  return out;
}

/** The kernels on `memory`, with fused multiply-adds or without (the first needs relaxed SIMD). */
export function instantiateGemm(memory: MemoryLike, fma: boolean): GemmExports {
  const module = new Wasm.Module(decode(fma ? GEMM_FMA_WASM : GEMM_PLAIN_WASM));
  return new Wasm.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
}

/** Whether this process can run the fused multiply-add kernels (see relaxedSimdAvailable). */
export function fmaAvailable(): boolean {
  return relaxedSimdAvailable(decode(GEMM_FMA_WASM));
}

/**
 * Registers the kernels on the wasm backend (call once it is initialised). Returns what runs the
 * products, or null where the backend's heap cannot be shared (a threaded build's shared memory).
 */
export function useWasmGemm(): WasmGemmInfo | null {
  if (state) return state.info;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const backend = tf.findBackend('wasm') as unknown as WasmBackendLike | undefined;
  const memory = backend?.wasm.asm?.memory;
  if (!original || !memory || !(memory instanceof Wasm.Memory) || typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  const fma = relaxedSimdAvailable(decode(GEMM_FMA_WASM));
  state = { exports: instantiateGemm(memory, fma), info: { fma }, original, memory };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: batchMatMul as unknown as tf.KernelFunc });
  return state.info;
}

/**
 * Switches between these kernels and the backend's own (a benchmark's before and after, tests that
 * compare the two); on by default once registered.
 */
export function setWasmGemmEnabled(on: boolean): void {
  enabled = on;
}

/** Whether a product on the current backend takes transposed operands at full speed. */
export function nativeTransposes(): boolean {
  return enabled && state !== null && tf.getBackend() === 'wasm';
}

/** The kernels in use, or null before useWasmGemm registered them. */
export function wasmGemmInfo(): WasmGemmInfo | null {
  return state?.info ?? null;
}
