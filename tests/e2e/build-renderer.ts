/** Builds the renderer alone (vite, the same root and plugin as electron.vite.config.ts) into `outDir`. */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';

export async function buildRenderer(outDir: string): Promise<void> {
  const root = resolve(import.meta.dirname, '../../src-renderer');
  await build({
    root,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [vue()],
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4096 },
  });
}
