/**
 * One Adam step of a variable as a single wasm kernel (wat.ts's `adam`), instead of the fourteen
 * elementwise kernels tfjs's AdamOptimizer runs per variable (about 3 ms of a 13 ms 2-body step on
 * wasm went to them: reports/bench/bench.md). Same float32 operations in the same order, so the
 * same numbers (tests/engine/wasm-kernels.test.ts compares them bit for bit). Called by
 * training/adam.ts through tfjs's engine, which owns the outputs like any kernel's.
 */
import * as tf from '@tensorflow/tfjs';
import { boundTo, type BoundKernels, type WasmBackendLike } from './bound';

export const ADAM_STEP = 'SemolaAdamStep';

/** The step's scalars, each as tfjs rounds it to float32 (AdamOptimizer.applyGradients). */
export interface AdamScalars {
  beta1: number;
  beta2: number;
  /** 1 - beta1^t and 1 - beta2^t, as float32 tensors hold them. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
}

/** Inputs g, m, v, w (same shape, float32); outputs m', v', w'. */
export function adamStepKernel(bound: BoundKernels): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const backend = args.backend as WasmBackendLike;
    if (!boundTo(bound, backend)) throw new Error('the wasm backend was created again after its kernels were registered: restart the process');
    const [g, m, v, w] = (['g', 'm', 'v', 'w'] as const).map((k) => args.inputs[k] as tf.TensorInfo);
    const s = args.attrs as unknown as AdamScalars;
    const offset = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
    const outs = [m, v, w].map((t) => backend.makeOutput([...t!.shape], 'float32'));
    const size = g!.shape.reduce((a, d) => a * d, 1);
    const f = Math.fround;
    bound.exports.adam(offset(g!), offset(m!), offset(v!), offset(w!), offset(outs[0]!), offset(outs[1]!), offset(outs[2]!), size,
      f(s.beta1), f(1 - s.beta1), f(s.beta2), f(1 - s.beta2), f(s.oneMinusAccBeta1), f(s.oneMinusAccBeta2), f(s.epsilon), f(-s.learningRate));
    return outs;
  }) as unknown as tf.KernelFunc;
}
