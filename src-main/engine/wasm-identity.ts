/**
 * The wasm backend's Identity kernel copies its input. tfjs calls Identity for every tensor a
 * kernel saves for its gradient (hundreds per training step), so the copies add up. Tensors are
 * immutable in tfjs, so the copy can share the input's buffer and count one more reference, as the
 * cpu backend's Identity does; the buffer is freed when the last tensor on it is disposed.
 */
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  incRef(dataId: object): void;
}

let registered = false;

export function shareIdentityOnWasm(): void {
  if (registered) return;
  const original = tf.getKernel('Identity', 'wasm');
  if (!original) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      // Strings live outside the heap: the original kernel handles them.
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  registered = true;
}
