import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

interface PackageJson {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as PackageJson;

// electron-vite externalizes `dependencies` by itself but not optionalDependencies. The native
// TensorFlow bindings must stay external in every case: bundled, they cannot find their .node
// files, and they may be absent entirely (their install fails without libtensorflow).
const NATIVE_TENSORFLOW = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];
const mainExternals = [
  ...new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...NATIVE_TENSORFLOW,
  ]),
];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: mainExternals },
      rolldownOptions: {
        // The trainer runs in its own utilityProcess (src-main/app/trainer-launcher.ts): out/main/trainer.js.
        input: { index: resolve(root, 'src-main/app/index.ts'), trainer: resolve(root, 'src-main/jobs/trainer-entry.ts') },
        // Shared chunks beside the entries, so paths relative to a module (run/version.ts reads
        // ../../package.json) resolve the same from every output file.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    define: {
      __SEMOLA_VERSION__: JSON.stringify(pkg.version),
    },
    build: {
      // A sandboxed preload can require only 'electron' and a few polyfills, so everything
      // else is bundled into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [vue()],
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
