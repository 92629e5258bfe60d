import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // .vue components compile in tests; component tests pick happy-dom per file
  // (`// @vitest-environment happy-dom`), everything else runs in node.
  plugins: [vue()],
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    // No test writes to the user's real workspace (tests/store/setup-workspace.ts).
    setupFiles: ['tests/store/setup-workspace.ts'],
    // Engine tests train small models on the CPU.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time in a child process: CI machines have 2 cores, engine tests are CPU
    // heavy, and native TensorFlow bindings load once per process.
    pool: 'forks',
    fileParallelism: false,
  },
});
