import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser end-to-end and discovery tests take minutes each, most others seconds: started
 * first, they run beside the short ones instead of after them. (vitest's own order puts the files
 * slowest last time first, but a fresh clone has no last time.)
 */
class LongTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (f: TestSpecification): boolean => /[\\/]tests[\\/](e2e|integration)[\\/]/.test(f.moduleId);
    return [...sorted.filter(long), ...sorted.filter((f) => !long(f))];
  }
}

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
    // Each file in a child process of its own (native TensorFlow bindings load once per process),
    // two at a time: the engine's wasm backend is single-threaded, so two files keep CI's two
    // cores busy. Nothing is shared between files: each has its own workspace (setupFiles), the
    // servers they start listen on port 0, their temporary files are in folders of their own.
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: LongTestsFirst },
  },
});
