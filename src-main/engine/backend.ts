/**
 * TensorFlow.js backend choice: tensorflow (tfjs-node-gpu, then tfjs-node) -> wasm -> webgpu -> cpu
 * (BACKEND_NAMES says why webgpu comes after wasm). The native packages and webgpu's are optional
 * dependencies, so every step down is expected on some machines; what was tried and why it failed
 * is reported.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { BackendName, BackendRequest } from './backend-names';
import { useWasmKernels } from './wasm-kernels/register';
import { shareIdentityOnWasm } from './wasm-identity';
import { describeAdapter, loadWebgpu, type WebgpuAdapter } from './webgpu';

export type { BackendName, BackendRequest } from './backend-names';

export interface BackendInfo {
  name: BackendName;
  /** Human-readable: package and device, e.g. "@tensorflow/tfjs-node-gpu (CUDA)". */
  detail: string;
  /** Every backend tried before this one, with the reason it was not used. */
  skipped: { name: string; reason: string }[];
  tfjsVersion: string;
  /** webgpu only: the adapter Dawn chose. */
  adapter?: WebgpuAdapter;
}

const requireHere = createRequire(import.meta.url);

/** tfjs-node 4.22 calls util.isNullOrUndefined / util.isArray, removed in Node 23. */
function polyfillNodeUtil(): void {
  const util = requireHere('node:util') as Record<string, unknown>;
  if (typeof util.isNullOrUndefined !== 'function') {
    util.isNullOrUndefined = (v: unknown) => v === null || v === undefined;
  }
  if (typeof util.isArray !== 'function') util.isArray = Array.isArray;
}

function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}

async function tryTensorflow(skipped: BackendInfo['skipped']): Promise<string | null> {
  polyfillNodeUtil();
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      requireHere(pkg);
      await tf.setBackend('tensorflow');
      await tf.ready();
      return pkg === '@tensorflow/tfjs-node-gpu' ? `${pkg} (CUDA)` : `${pkg} (CPU, libtensorflow)`;
    } catch (e) {
      skipped.push({ name: pkg, reason: errorText(e) });
    }
  }
  return null;
}

let wasmPathsSet = false;
async function tryWasm(skipped: BackendInfo['skipped']): Promise<string | null> {
  try {
    const wasm = requireHere('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // In Node the .wasm files must be found on disk next to the package, not fetched.
      const dir = path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(dir + path.sep);
      wasmPathsSet = true;
    }
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('tf.setBackend("wasm") returned false');
    await tf.ready();
    shareIdentityOnWasm();
    const kernels = useWasmKernels();
    const own = kernels ? `; own kernels for dense products (${kernels.fma ? 'fused multiply-add, relaxed SIMD' : 'multiply and add'}), Adam and ReLU's gradient` : '';
    return `@tensorflow/tfjs-backend-wasm (SIMD, single thread${own})`;
  } catch (e) {
    skipped.push({ name: 'wasm', reason: errorText(e) });
    return null;
  }
}

async function tryWebgpu(skipped: BackendInfo['skipped']): Promise<{ detail: string; adapter: WebgpuAdapter } | null> {
  try {
    const adapter = await loadWebgpu();
    return { detail: `@tensorflow/tfjs-backend-webgpu on Dawn: ${describeAdapter(adapter)}`, adapter };
  } catch (e) {
    skipped.push({ name: 'webgpu', reason: errorText(e) });
    return null;
  }
}

/**
 * Select and initialise a backend. `auto` walks the chain; a named backend that cannot load is an
 * error (the user asked for it explicitly).
 */
export async function selectBackend(request: BackendRequest = 'auto'): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  const done = (name: BackendName, detail: string): BackendInfo => ({ name, detail, skipped, tfjsVersion: tf.version.tfjs });
  if (request === 'auto' || request === 'tensorflow') {
    const d = await tryTensorflow(skipped);
    if (d) return done('tensorflow', d);
    if (request === 'tensorflow') throw new Error(`backend "tensorflow" is not available: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
  }
  if (request === 'auto' || request === 'wasm') {
    const d = await tryWasm(skipped);
    if (d) return done('wasm', d);
    if (request === 'wasm') throw new Error(`backend "wasm" is not available: ${skipped.map((s) => s.reason).join('; ')}`);
  }
  if (request === 'auto' || request === 'webgpu') {
    const w = await tryWebgpu(skipped);
    if (w) return { ...done('webgpu', w.detail), adapter: w.adapter };
    if (request === 'webgpu') throw new Error(`backend "webgpu" is not available: ${skipped.map((s) => s.reason).join('; ')}`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return done('cpu', '@tensorflow/tfjs-backend-cpu (pure JavaScript)');
}
