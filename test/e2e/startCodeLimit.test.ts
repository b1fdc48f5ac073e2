/**
 * `npm start` refuses a resolver bundle over AppSync's 32 KB code limit, as `cdk synth` does: the
 * local runtime must not serve code AppSync would refuse to deploy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject } from '../../harness/projectCopy.js';
import { startLocalServer } from '../../harness/localServer.js';

const copy = copyProject('orders-code-limit-');
afterAll(() => copy.remove());

describe('npm start and AppSync’s resolver code limit', () => {
  it('refuses to start with a bundle over 32 KB, naming the bundle and its size', async () => {
    const source = join(copy.dir, 'resolvers', 'Query.userOrders.ts');
    // A legal comment (`//!`) is kept in the bundle by esbuild: 33,000 bytes of it.
    writeFileSync(source, `//! ${'x'.repeat(33_000)}\n${readFileSync(source, 'utf8')}`);
    await expect(startLocalServer({ launcher: 'tsx', projectDir: copy.dir })).rejects.toThrow(
      /dist\/resolvers\/Query\.userOrders\.js is \d+ bytes; AppSync accepts resolver code of at most 32768 bytes/,
    );
  }, 120_000);
});
