/**
 * ReLU with its gradient as one wasm kernel (wat.ts's `reluGrad`) instead of tfjs's three (Step,
 * Cast, Multiply over the whole activation: about 0.3 ms of a 10 ms 2-body step), with the same
 * float32 result. `relu` is what the models call: the fused one where these kernels run (state.ts); the
 * kernel's own gradient is registered too, so a loss on a model's input gradient (second order)
 * differentiates through it: d(dy step(x))/d dy = step(x), and step is flat in x.
 */
import * as tf from '@tensorflow/tfjs';
import { boundTo, type BoundKernels, type WasmBackendLike } from './bound';
import { wasmKernelsActive } from './state';

export const RELU_GRAD = 'SemolaReluGrad';

/** Inputs dy, x (same shape, float32); output dy * step(x). */
export function reluGradKernel(bound: BoundKernels): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown }) => {
    const backend = args.backend as WasmBackendLike;
    if (!boundTo(bound, backend)) throw new Error('the wasm backend was created again after its kernels were registered: restart the process');
    const dy = args.inputs.dy as tf.TensorInfo;
    const x = args.inputs.x as tf.TensorInfo;
    const out = backend.makeOutput([...x.shape], 'float32');
    const offset = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
    bound.exports.reluGrad(offset(dy), offset(x), offset(out), x.shape.reduce((a, d) => a * d, 1));
    return out;
  }) as unknown as tf.KernelFunc;
}

function reluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
}

/** The kernel's gradient: linear in dy with the same mask; none in x. */
export const reluGradGradient: tf.GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [x] = saved as [tf.Tensor];
    return { dy: () => reluGrad(ddy as tf.Tensor, x), x: () => tf.zerosLike(x) };
  },
};

/** relu(x), differentiated by the fused kernel (wasm with this project's kernels only). */
export const reluFused: (x: tf.Tensor) => tf.Tensor = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.relu(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [reluGrad(dy, saved[0]!)],
  };
});

/** relu(x) for the models: its gradient fused where this project's wasm kernels run, tfjs's elsewhere. */
export function relu<T extends tf.Tensor>(x: T): T {
  return (wasmKernelsActive() ? reluFused(x) : tf.relu(x)) as T;
}
