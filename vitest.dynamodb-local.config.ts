/**
 * The end-to-end suites again, against Amazon's DynamoDB Local instead of the embedded dynalite
 * (`npm run test:dynamodb-local`). Every server the tests start gets DYNAMODB_ENDPOINT and a
 * table of its own. Divergences between the two stores: docs/fidelity.md.
 *
 * Left out, because they test the embedded store itself and not the API:
 * - lifecycle*: DATA_DIR, the kept API key, durability of the embedded store across restart and SIGKILL;
 * - startFailures*: one server per embedded store folder (the DATA_DIR claim exists only for it);
 * - dataDir*: the files in DATA_DIR, the embedded store's LevelDB folder among them;
 * - explorer*: the browser page — it does not touch the store beyond what the GraphQL suites cover;
 * - tls*, readme*, docs*, npmCi*: TLS on the port, the README's quick start (its own `npm start`, on the
 *   embedded store), the docs' EvaluateCode snippet and the install: none reads or writes orders.
 */
import { defineConfig } from 'vitest/config';
import { sharedThreads } from './test/support/projects.js';

export default defineConfig({
  test: {
    maxWorkers: 2,
    // The pinned AWS SDK supports Node 20; its notice about later versions is noise (see local/store/dynamoClient.ts).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    globalSetup: ['test/globalSetup.ts', 'test/dynamodbLocal.globalSetup.ts'],
    projects: [
      sharedThreads(['test/e2e/**/*.test.ts', 'test/property/**/*.http.test.ts'], {
        exclude: [
          'test/e2e/**/lifecycle*.test.ts',
          'test/e2e/**/startFailures*.test.ts',
          'test/e2e/**/dataDir*.test.ts',
          'test/e2e/**/explorer*.test.ts',
          'test/e2e/**/tls*.test.ts',
          'test/e2e/**/readme*.test.ts',
          'test/e2e/**/docs*.test.ts',
          'test/e2e/**/npmCi*.test.ts',
        ],
        setupFiles: ['test/dynamodbLocal.setup.ts'],
      }),
    ],
  },
});
