/**
 * The webgpu backend in Node: the `webgpu` package (Dawn, prebuilt dawn.node for Linux, macOS and
 * Windows) gives the process `navigator.gpu`, on which @tensorflow/tfjs-backend-webgpu runs. Dawn
 * picks Vulkan, Metal or D3D12, so any GPU vendor works, without CUDA. Both packages are optional
 * dependencies: where they are missing, or no adapter exists, this says why.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';

/** The adapter Dawn chose, as it describes itself. */
export interface WebgpuAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software adapter (SwiftShader and the like): correct, but slower than the CPU backends. */
  software: boolean;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<{ info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

const requireHere = createRequire(import.meta.url);
/** A variable, so neither the type checker nor the bundler needs the optional package present. */
const DAWN_PACKAGE = 'webgpu';

let gpu: GpuLike | null = null;

/** One Dawn instance per process, installed as navigator.gpu with the WebGPU constants tfjs reads. */
async function dawnGpu(): Promise<GpuLike> {
  if (gpu) return gpu;
  const dawn = (await import(DAWN_PACKAGE)) as DawnModule;
  const g = globalThis as Record<string, unknown>;
  // GPUBufferUsage, GPUMapMode, ...: tfjs-backend-webgpu reads them as globals, as in a browser.
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in g)) g[name] = value;
  const created = dawn.create([]);
  // Node >= 21 has a navigator of its own: extend it rather than replace it.
  const nav = (g.navigator ?? {}) as Record<string, unknown>;
  Object.defineProperty(nav, 'gpu', { value: created, configurable: true, writable: true });
  if (!g.navigator) Object.defineProperty(g, 'navigator', { value: nav, configurable: true, writable: true });
  gpu = created;
  return created;
}

/** The adapter tfjs will get (it asks for high performance too), or null when Dawn finds none. */
export async function webgpuAdapter(): Promise<WebgpuAdapter | null> {
  const adapter = await (await dawnGpu()).requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor || 'unknown vendor',
    architecture: info.architecture || 'unknown architecture',
    device: info.device ?? '',
    description: info.description ?? '',
    software: info.isFallbackAdapter === true || adapter.isFallbackAdapter === true,
  };
}

export const NO_ADAPTER =
  'no WebGPU adapter: Dawn found no Vulkan, Metal or D3D12 device (on Linux without a GPU, VK_ICD_FILENAMES may point at a Vulkan driver such as SwiftShader)';

/** Load and select the webgpu backend; throws with the reason when it cannot. */
export async function loadWebgpu(): Promise<WebgpuAdapter> {
  const adapter = await webgpuAdapter();
  if (!adapter) throw new Error(NO_ADAPTER);
  requireHere('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") returned false');
  await tf.ready();
  return adapter;
}

/** "google swiftshader (SwiftShader driver 5.0.0; software adapter)". */
export function describeAdapter(a: WebgpuAdapter): string {
  const extra = [a.description, a.software ? 'software adapter' : ''].filter((s) => s !== '').join('; ');
  return `${a.vendor} ${a.architecture}${extra ? ` (${extra})` : ''}`;
}
