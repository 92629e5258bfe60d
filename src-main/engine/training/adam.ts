/**
 * The trainer's Adam, with its epsilon from the option table (`adamEpsilon`): 1e-7 is tfjs's default
 * (the backend's float32 epsilon), 1e-8 PyTorch's, so that a recipe can mean the same here as there.
 * With the paper's raw-unit losses a fitted model's gradients can get small enough for epsilon to
 * matter: a gradient of 1e-8 moves a weight lr / 2 per step at 1e-8, lr / 11 at 1e-7.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, type AdamScalars } from '../wasm-kernels/adam-kernel';
import { wasmKernelsActive } from '../wasm-kernels/state';

/** tfjs's own default, the float32 epsilon. */
export const TFJS_ADAM_EPSILON = 1e-7;
/** PyTorch's. */
export const PYTORCH_ADAM_EPSILON = 1e-8;

export function createAdam(learningRate: number, epsilon: number = TFJS_ADAM_EPSILON): tf.AdamOptimizer {
  return new FusedAdam(learningRate, 0.9, 0.999, epsilon);
}

/** AdamOptimizer's own state, which this subclass updates as the parent does. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

/**
 * tfjs's Adam where this project's wasm kernels run (wasm-kernels/state.ts): each variable's step
 * is one kernel (wasm-kernels/adam-kernel.ts) instead of fourteen, with the same float32 numbers;
 * elsewhere, and for everything but the step itself (state, checkpoints, its weights' names and
 * order), the parent's code.
 */
class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!wasmKernelsActive()) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // A host read of two scalars is a copy on wasm.
    const oneMinusAccBeta1 = tf.tidy(() => tf.sub(1, self.accBeta1).dataSync()[0]!);
    const oneMinusAccBeta2 = tf.tidy(() => tf.sub(1, self.accBeta2).dataSync()[0]!);
    const scalars: AdamScalars = { beta1: self.beta1, beta2: self.beta2, oneMinusAccBeta1, oneMinusAccBeta2, epsilon: self.epsilon, learningRate: self.learningRate };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        const moment = (list: AdamState['accumulatedFirstMoment'], suffix: string) =>
          (list[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) }).variable;
        const first = moment(self.accumulatedFirstMoment, 'm');
        const second = moment(self.accumulatedSecondMoment, 'v');
        const gradient: tf.Tensor | undefined = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const [m, v, w] = tf.engine().runKernel(ADAM_STEP, { g: gradient, m: first, v: second, w: value }, scalars as unknown as tf.NamedAttrMap) as tf.Tensor[];
        first.assign(m!);
        second.assign(v!);
        value.assign(w!);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  }
}
