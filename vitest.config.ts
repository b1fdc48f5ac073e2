import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end files each start their own server on a random port; two cores, so two at a time.
    maxWorkers: 2,
    // The pinned AWS SDK supports Node 20; its notice about later versions is noise (see local/store/dynamoClient.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    globalSetup: ['test/globalSetup.ts'],
  },
});
