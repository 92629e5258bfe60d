/**
 * This project's wasm kernels (src-main/engine/wasm-kernels/): the committed module is the assembly
 * of its text; both variants of the dense products (fused multiply-add, multiply and add) give a
 * Float64 reference's products for edge sizes, strides and k = 0; on the backend, every transpose
 * combination, stacks and broadcasting agree with tfjs-backend-wasm's own kernel and the reference,
 * also after the heap grows; the training's gradients (first and second order) agree with the
 * kernels on and off (tanh and ReLU models); ReLU's fused gradient and the fused Adam step give
 * tfjs's own bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src-main/data/random';
import { activate, applyStack, createDense } from '../../src-main/engine/models/dense';
import { assembleGemm, generatedModuleText } from '../../src-main/engine/wasm-kernels/assemble';
import { createAdam } from '../../src-main/engine/training/adam';
import { boundTo, type WasmBackendLike } from '../../src-main/engine/wasm-kernels/bound';
import { fmaAvailable, instantiateKernels, newMemory } from '../../src-main/engine/wasm-kernels/instance';
import { wasmKernelsInfo } from '../../src-main/engine/wasm-kernels/register';
import { nativeTransposes, setWasmKernelsEnabled } from '../../src-main/engine/wasm-kernels/state';
import * as generated from '../../src-main/engine/wasm-kernels/module.generated';
import { useBackend } from './helpers';

afterAll(() => setWasmKernelsEnabled(true));

/** op(A) op(B) in Float64, for stacks [batch, r, c] given flat, broadcasting a single matrix. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean, batchA: number, batchB: number) {
  const batch = Math.max(batchA, batchB);
  const out = new Float64Array(batch * m * n);
  const scale = new Float64Array(batch * m * n); // sum |a||b|: the round-off's scale
  for (let t = 0; t < batch; t++) {
    const ao = batchA === 1 ? 0 : t * m * k;
    const bo = batchB === 1 ? 0 : t * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        let z = 0;
        for (let p = 0; p < k; p++) {
          const x = a[ao + (ta ? p * m + i : i * k + p)]!;
          const y = b[bo + (tb ? j * k + p : p * n + j)]!;
          s += x * y;
          z += Math.abs(x * y);
        }
        out[t * m * n + i * n + j] = s;
        scale[t * m * n + i * n + j] = z;
      }
  }
  return { out, scale };
}

function randomValues(rng: Rng, size: number): Float32Array {
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) v[i] = rng.uniform(-1, 1);
  return v;
}

/** Largest |got - want| / (sum |a||b| + tiny): float32 round-off is a few 1e-7 of it. */
function worst(got: Float32Array | Float64Array, want: { out: Float64Array; scale: Float64Array }): number {
  let w = 0;
  for (let i = 0; i < got.length; i++) w = Math.max(w, Math.abs(got[i]! - want.out[i]!) / (want.scale[i]! + 1e-30));
  return w;
}

describe('the dense-product module', () => {
  it('is the assembly of its text (run scripts/build-wasm-kernels.ts after changing wat.ts)', async () => {
    const expected = generatedModuleText(await assembleGemm(true), await assembleGemm(false));
    const committed = readFileSync(new URL('../../src-main/engine/wasm-kernels/module.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(expected);
    expect(generated.GEMM_FMA_WASM.length).toBeGreaterThan(100);
  });

  // Sizes around the tiles' edges (4 rows, 8 and 4 columns), k = 0 and 1, and the step's own.
  const SIZES: [number, number, number][] = [
    [1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 13], [7, 0, 6], [9, 1, 11], [13, 17, 3], [12, 33, 20], [64, 8, 8], [33, 256, 19],
  ];
  for (const fma of [true, false]) {
    // Skipped, with its name saying why, only where this Node cannot run relaxed SIMD at all.
    const title = `${fma ? 'with fused multiply-adds' : 'with multiply and add'}: A B and A^T B by strides, B^T by the transpose, against Float64`;
    it.skipIf(fma && !fmaAvailable())(fma && !fmaAvailable() ? `${title} (skipped: relaxed SIMD does not validate in this Node)` : title, () => {
      const memory = newMemory(64);
      const gemm = instantiateKernels(memory, fma);
      const heap = new Float32Array(memory.buffer as ArrayBuffer);
      const rng = new Rng(fma ? 11 : 12);
      for (const [m, k, n] of SIZES) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          const a = randomValues(rng, m * k);
          const b = randomValues(rng, k * n);
          // A at float 16 (an unaligned start), B after it, B^T's copy and C after that; C pre-filled with junk.
          const aAt = 16 + 1;
          const bAt = aAt + m * k + 3;
          const btAt = bAt + k * n + 5;
          const cAt = btAt + k * n + 7;
          heap.set(a, aAt);
          heap.set(b, bAt);
          heap.fill(Number.NaN, cAt, cAt + m * n);
          let bRows = 4 * bAt;
          if (tb) {
            gemm.transpose(4 * bAt, 4 * btAt, n, k);
            bRows = 4 * btAt;
          }
          const [sAi, sAp] = ta ? [4, 4 * m] : [4 * k, 4];
          gemm.gemm(4 * aAt, sAi, sAp, bRows, 4 * n, 4 * cAt, 4 * n, m, k, n);
          const got = heap.slice(cAt, cAt + m * n);
          const err = worst(got, reference(a, b, m, k, n, ta, tb, 1, 1));
          expect(err, `${m}x${k}x${n} ta=${ta} tb=${tb}`).toBeLessThan(2e-6);
          if (k === 0) expect(Array.from(got).every((v) => v === 0)).toBe(true);
        }
      }
    });
  }
});

describe('the wasm backend with these kernels', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is registered, and says whether it fuses', () => {
    expect(wasmKernelsInfo()).not.toBeNull();
    expect(wasmKernelsInfo()!.fma).toBe(fmaAvailable());
    expect(nativeTransposes()).toBe(true);
    setWasmKernelsEnabled(false);
    expect(nativeTransposes()).toBe(false);
    setWasmKernelsEnabled(true);
  });

  it("gives tfjs's own products and the Float64 ones: transposes, stacks, broadcasting, edges", () => {
    const rng = new Rng(5);
    const cases: { a: number[]; b: number[] }[] = [
      { a: [320, 256], b: [256, 256] },
      { a: [37, 19], b: [19, 23] },
      { a: [256, 8, 8], b: [256, 8, 8] },
      { a: [256, 8, 8], b: [8, 8] }, // one B for the whole stack
      { a: [1, 6, 5], b: [3, 5, 7] }, // one A for the whole stack
      { a: [2, 3, 4, 5], b: [2, 3, 5, 2] },
      { a: [5, 3], b: [3, 9] },
      { a: [3, 40, 24], b: [3, 24, 40] }, // wide C: a transposed A is copied to rows first
      { a: [1, 40, 24], b: [3, 24, 40] }, // ... once, for the whole stack
    ];
    for (const c of cases) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const swap = (s: number[], t: boolean) => (t ? [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!] : s);
        const aShape = swap(c.a, ta);
        const bShape = swap(c.b, tb);
        const a = randomValues(rng, aShape.reduce((x, y) => x * y, 1));
        const b = randomValues(rng, bShape.reduce((x, y) => x * y, 1));
        const [ours, theirs] = [true, false].map((on) => {
          setWasmKernelsEnabled(on);
          return tf.tidy(() => {
            const out = tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb);
            return { shape: out.shape, values: out.dataSync() as Float32Array };
          });
        });
        setWasmKernelsEnabled(true);
        const [m, k] = [c.a[c.a.length - 2]!, c.a[c.a.length - 1]!];
        const n = c.b[c.b.length - 1]!;
        const want = reference(a, b, m, k, n, ta, tb, c.a.slice(0, -2).reduce((x, y) => x * y, 1), c.b.slice(0, -2).reduce((x, y) => x * y, 1));
        const label = `${JSON.stringify(c)} ta=${ta} tb=${tb}`;
        expect(ours!.shape, label).toEqual(theirs!.shape);
        expect(worst(ours!.values, want), label).toBeLessThan(2e-6);
        expect(worst(theirs!.values, want), label).toBeLessThan(2e-6);
      }
    }
  });

  it('knows the heap it was bound to (a wasm backend created again is not it)', () => {
    const memory = newMemory(1);
    const bound = { exports: instantiateKernels(memory, false), fma: false, memory };
    const backendOn = (m: unknown) => ({ wasm: { asm: { memory: m } } }) as unknown as WasmBackendLike;
    expect(boundTo(bound, backendOn(memory))).toBe(true);
    expect(boundTo(bound, backendOn(newMemory(1)))).toBe(false);
  });

  it("leaves what it does not take to tfjs's kernel (integer tensors: refused there, with its message)", () => {
    const product = () => tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor2d([[5], [6]], [2, 1], 'int32')).dataSync());
    expect(product).toThrow(/non-float32/);
  });

  it('reads tensors where they lie after the heap has grown', () => {
    const rng = new Rng(8);
    const a = randomValues(rng, 40 * 30);
    const b = randomValues(rng, 30 * 20);
    const big = tf.zeros([64 * 1024 * 1024]); // 256 MiB: the backend's heap grows
    try {
      const got = tf.tidy(() => tf.matMul(tf.tensor(a, [40, 30]), tf.tensor(b, [30, 20])).dataSync() as Float32Array);
      expect(worst(got, reference(a, b, 40, 30, 20, false, false, 1, 1))).toBeLessThan(2e-6);
    } finally {
      big.dispose();
    }
  });

  for (const activation of ['tanh', 'relu'] as const) it(`a ${activation} model's weight gradients and the gradients of a loss on its input gradient agree with the kernels on and off`, () => {
    const rng = new Rng(activation === 'relu' ? 4 : 3);
    const layers = [createDense(8, 32, rng, `${activation}0`), createDense(32, 32, rng, `${activation}1`), createDense(32, 8, rng, `${activation}2`)];
    const x = tf.tensor2d(randomValues(rng, 24 * 8), [24, 8]);
    const vars = layers.flatMap((l) => [l.w, l.b]);
    const run = (on: boolean): Float32Array[] => {
      setWasmKernelsEnabled(on);
      return tf.tidy(() => {
        // A loss on f and on d sum(f) / dx: the second needs the products' second derivatives.
        const { grads } = tf.variableGrads(() => {
          const f = (input: tf.Tensor) => applyStack(layers, input as tf.Tensor2D, activation);
          const dfdx = tf.grad((input: tf.Tensor) => tf.sum(f(input)))(x);
          return tf.add(tf.mean(tf.square(f(x))), tf.mean(tf.square(dfdx))) as tf.Scalar;
        }, vars);
        return vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
      });
    };
    const on = run(true);
    const off = run(false);
    setWasmKernelsEnabled(true);
    on.forEach((g, i) => {
      const scale = Math.max(...Array.from(off[i]!, Math.abs));
      expect(scale, vars[i]!.name).toBeGreaterThan(0);
      const diff = Math.max(...Array.from(g, (v, j) => Math.abs(v - off[i]![j]!)));
      expect(diff / scale, vars[i]!.name).toBeLessThan(1e-4);
    });
    x.dispose();
    vars.forEach((v) => v.dispose());
  });

  it("ReLU's fused gradient is tfjs's bit for bit, NaN, zero and negative inputs included", () => {
    const rng = new Rng(9);
    const x = randomValues(rng, 1027); // not a multiple of 4: the tail too
    x[0] = 0;
    x[1] = -0;
    x[2] = Number.NaN;
    x[5] = 1e-40; // subnormal, still > 0
    const dy = randomValues(rng, 1027);
    const grad = (on: boolean) => {
      setWasmKernelsEnabled(on);
      return tf.tidy(() => {
        const loss = (input: tf.Tensor) => tf.sum(tf.mul(activate(input as tf.Tensor2D, 'relu'), tf.tensor(dy, [1, 1027])));
        return Array.from(tf.grad(loss)(tf.tensor(x, [1, 1027])).dataSync());
      });
    };
    const fused = grad(true);
    const plain = grad(false);
    setWasmKernelsEnabled(true);
    expect(fused.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(plain.map((v) => (Number.isNaN(v) ? 'NaN' : v)));
    expect(Number.isNaN(fused[2]!)).toBe(true);
    expect(fused[5]).toBe(Math.fround(dy[5]!));
    expect(fused.filter((v) => v !== 0).length).toBeGreaterThan(400);
  });

  it("the fused Adam step gives tfjs's own Adam bit for bit, for a changing learning rate and odd sizes", async () => {
    const rng = new Rng(21);
    const shapes = [[37, 5], [256], [3], [8, 8]];
    const start = shapes.map((shape) => randomValues(rng, shape.reduce((a, d) => a * d, 1)));
    const grads = Array.from({ length: 6 }, () => shapes.map((shape) => randomValues(rng, shape.reduce((a, d) => a * d, 1))));
    const run = async (on: boolean) => {
      setWasmKernelsEnabled(on);
      const vars = shapes.map((shape, i) => tf.variable(tf.tensor(start[i]!, shape), true, `adam-${on}-${i}`));
      const opt = createAdam(1e-2, 1e-8);
      grads.forEach((step, t) => {
        (opt as unknown as { learningRate: number }).learningRate = 1e-2 / (1 + t); // a schedule changes it between steps
        tf.tidy(() => opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(step[i]!, shapes[i]) }))));
      });
      const values = vars.map((v) => Array.from(v.dataSync()));
      const state = (await opt.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
      opt.dispose();
      vars.forEach((v) => v.dispose());
      return { values, state };
    };
    const fused = await run(true);
    const plain = await run(false);
    setWasmKernelsEnabled(true);
    expect(fused.values).toEqual(plain.values);
    expect(fused.state).toEqual(plain.state);
    // The weights moved: a step that did nothing would also agree with itself.
    expect(Math.max(...fused.values[0]!.map((v, j) => Math.abs(v - start[0]![j]!)))).toBeGreaterThan(1e-3);
  });
});
