/**
 * The TensorFlow.js backends, named once: the order `auto` tries them, the requests a run accepts
 * and the help text that explains them. Plain data with no imports, so the command line, the api's
 * checks, the summary schema and the New-run form (api/choices.ts) all read this one list.
 */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What a run may ask for: a backend by name, or `auto` (the first of BACKEND_NAMES that loads). */
export const BACKEND_REQUESTS = ['auto', ...BACKEND_NAMES] as const;
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];

export const BACKEND_HELP = `TensorFlow.js backend: auto tries ${BACKEND_NAMES.map((b) => (b === 'tensorflow' ? 'tensorflow (native, optional install)' : b)).join(', then ')}.`;
