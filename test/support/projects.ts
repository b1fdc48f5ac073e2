/**
 * How the test files run (vitest.config.ts, vitest.dynamodb-local.config.ts). Most share worker
 * threads that go on from file to file (isolate: false): the runtime, graphql and the AWS SDK load
 * once per worker instead of once per file, and the servers the tests start run in those threads
 * (harness/localServer.ts). The files that change what a process has only one of (its umask) get
 * a process of their own.
 */
import type { TestProjectInlineConfiguration } from 'vitest/config';

const OWN_PROCESS = ['test/unit/ownerOnlyFile.test.ts'];

const TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 };

/** The test files of `include` but those in OWN_PROCESS, in reused worker threads. */
export function sharedThreads(
  include: string[],
  options: { exclude?: string[]; setupFiles?: string[] } = {},
): TestProjectInlineConfiguration {
  const exclude = [...(options.exclude ?? []), ...OWN_PROCESS, '**/node_modules/**'];
  return {
    test: { name: 'threads', include, exclude, setupFiles: options.setupFiles ?? [], pool: 'threads', isolate: false, ...TIMEOUTS },
  };
}

/** The files that need a process of their own, one process each. */
export function ownProcesses(): TestProjectInlineConfiguration {
  return { test: { name: 'forks', include: OWN_PROCESS, pool: 'forks', isolate: true, ...TIMEOUTS } };
}
