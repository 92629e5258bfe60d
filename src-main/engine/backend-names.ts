/**
 * The TensorFlow.js backends, named once: the order `auto` tries them, the requests a run accepts
 * and the help text that explains them. Plain data with no imports, so the command line, the api's
 * checks, the summary schema and the New-run form (api/choices.ts) all read this one list.
 *
 * webgpu comes after wasm: `auto` reaches it only where wasm cannot load. It has not been timed on
 * a GPU yet (the only adapter measured is SwiftShader, a CPU Vulkan driver, far slower than wasm), and
 * the order changes only with measurements (reports/bench). Ask for it by name to use a GPU.
 */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'webgpu', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a run may ask for: a backend by name, or `auto` (the first of BACKEND_NAMES that loads). */
export const BACKEND_REQUESTS = ['auto', ...BACKEND_NAMES] as const;
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];

const HELP_NAMES: Partial<Record<BackendName, string>> = {
  tensorflow: 'tensorflow (native, optional install)',
  webgpu: 'webgpu (Dawn: Vulkan, Metal, D3D12; optional install)',
};

export const BACKEND_HELP = `TensorFlow.js backend: auto tries ${BACKEND_NAMES.map((b) => HELP_NAMES[b] ?? b).join(', then ')}.`;
