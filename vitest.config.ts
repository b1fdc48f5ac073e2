import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end files each start their own server on a random port; two cores, so two at a time.
    maxWorkers: 2,
    globalSetup: ['test/globalSetup.ts'],
  },
});
