import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Suites share the local servers; each uses its own databases, so files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
