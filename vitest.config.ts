import { defineConfig } from 'vitest/config';
import { ownProcesses, sharedThreads } from './test/support/projects.js';

export default defineConfig({
  test: {
    // Two cores: two test files at a time, across both projects.
    maxWorkers: 2,
    // The pinned AWS SDK supports Node 20; its notice about later versions is noise (see local/store/dynamoClient.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Once for the run (not per project).
    globalSetup: ['test/globalSetup.ts'],
    projects: [sharedThreads(['test/**/*.test.ts']), ownProcesses()],
  },
});
