import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'flink-job/**', 'results/**'],
    testTimeout: 60_000,
    // The integration tests measure real clusters on a 2-core machine: one file at a time.
    fileParallelism: false,
    // After the default summary: which Docker tests CKPT_LAB_SKIP_DOCKER=1 skipped, and why.
    reporters: ['default', './scripts/skippedTestsReporter.ts'],
  },
});
