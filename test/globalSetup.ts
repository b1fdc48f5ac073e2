/** Builds the resolver bundles once before any test file runs, exactly as `npm run build` does. */
import { buildResolverBundles } from '../definitions/resolverBundles.js';

export default function setup(): void {
  buildResolverBundles();
}
