/**
 * The wasm backend's BatchMatMul replaced by this project's register-blocked kernels (wat.ts), run
 * on the backend's own heap (instance.ts). Why: tfjs-backend-wasm 4.22 calls XNNPACK without fused
 * multiply-adds (27-28 GFLOP/s on a 320 x 256 x 256 product here; these kernels 44 with relaxed
 * SIMD's fused multiply-add, 35 without; reports/bench/bench.md), and its transposed products take a
 * slow generic path (17-20 ms instead of 1.5), so the engine had to transpose explicitly. These
 * kernels read a transposed A by its strides (or copy it, for a wide C) and copy a transposed B
 * once, so `nativeTransposes()` (state.ts) lets the gradients ask for the transposed product
 * directly. The result differs from XNNPACK's in round-off only (summation order, fused rounding);
 * the cpu backend, where the golden figures were recorded, is untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { boundTo, type BoundKernels, type WasmBackendLike } from './bound';
import { wasmKernelsActive } from './state';

/*
 * A transposed A is read by its strides, a column at a time: every 8 columns of C read it again
 * (1.37-1.71 ms for a 256 x 320 x 256 product here). Copying it to rows first pays from a few
 * column blocks on (1.18-1.21 ms), not for a narrow C (n = 8: 0.043 ms strided, 0.105 copied).
 */
const PACK_A_FROM_COLUMNS = 32;

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

/** The BatchMatMul kernel function over `kernels`, handing what it does not take to `original`. */
export function batchMatMulKernel(kernels: BoundKernels, original: tf.KernelConfig): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => batchMatMul(kernels, original, args)) as unknown as tf.KernelFunc;
}

function batchMatMul(bound: BoundKernels, original: tf.KernelConfig, args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo | tf.TensorInfo[] {
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
  // other dtypes, mismatched inner sizes, and broadcasting other than against one single matrix;
  // and everything on a wasm backend created after the kernels were bound.
  const outer = outerShape(outerA, outerB);
  if (!wasmKernelsActive() || !boundTo(bound, backend) || a.dtype !== 'float32' || b.dtype !== 'float32' || k !== kB || outer === null) {
    return original.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  }
  const kernels = bound.exports;
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const batch = sizeOf(outer);
  if (m * n * batch === 0) return out;
  const aBase = backend.dataIdMap.get(a.dataId).memoryOffset;
  const bBase = backend.dataIdMap.get(b.dataId).memoryOffset;
  const cBase = backend.dataIdMap.get(out.dataId).memoryOffset;
  const packA = transposeA && n >= PACK_A_FROM_COLUMNS && k > 0;
  const [sAi, sAp] = transposeA && !packA ? [4, 4 * m] : [4 * k, 4];
  // B's rows must be contiguous: a transposed B ([n, k] per matrix) is copied to [k, n] first;
  // a transposed A too, where C is wide (PACK_A_FROM_COLUMNS).
  const scratch = transposeB && k > 0 ? backend.wasm._malloc(4 * k * n) : 0;
  const scratchA = packA ? backend.wasm._malloc(4 * k * m) : 0;
  try {
    for (let t = 0; t < batch; t++) {
      let aOff = aBase + (batchA === 1 ? 0 : 4 * t * m * k);
      if (scratchA) {
        if (t === 0 || batchA !== 1) kernels.transpose(aOff, scratchA, k, m);
        aOff = scratchA;
      }
      let bOff = bBase + (batchB === 1 ? 0 : 4 * t * k * n);
      if (scratch) {
        if (t === 0 || batchB !== 1) kernels.transpose(bOff, scratch, n, k);
        bOff = scratch;
      }
      kernels.gemm(aOff, sAi, sAp, bOff, 4 * n, cBase + 4 * t * m * n, 4 * n, m, k, n);
    }
  } finally {
    if (scratch) backend.wasm._free(scratch);
    if (scratchA) backend.wasm._free(scratchA);
  }
  return out;
}

