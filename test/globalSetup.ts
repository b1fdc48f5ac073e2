/**
 * Once before any test file runs: the resolver bundles, exactly as `npm run build` makes them, and
 * `npm start`'s build (scripts/start.mjs --build-only), so the servers tests start as child
 * processes do not each find it stale and rebuild it at the same time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../definitions/paths.js';
import { buildResolverBundles } from '../definitions/resolverBundles.js';

export default function setup(): void {
  buildResolverBundles();
  execFileSync(process.execPath, [join(projectRoot, 'scripts/start.mjs'), '--build-only'], { cwd: projectRoot, stdio: 'inherit' });
}
