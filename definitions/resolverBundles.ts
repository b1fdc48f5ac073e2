/**
 * esbuild bundles each resolver once into `dist/resolvers/<name>.js`: ESM, `@aws-appsync/*`
 * external, inline source map. The CDK stack deploys these files; the local runtime loads
 * the very same files. Deterministic output, so both always see identical bytes.
 */
import { buildSync, type BuildOptions } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from './paths.js';
import { listResolvers, type ResolverWiring } from './resolverWiring.js';

export const bundlesDir = join(projectRoot, 'dist', 'resolvers');

export const RESOLVER_BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  write: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  sourcemap: 'inline',
  sourcesContent: true,
  minify: false,
  external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
  logLevel: 'silent',
};

export interface ResolverBundle extends ResolverWiring {
  /** Absolute path of the bundle. */
  bundlePath: string;
}

export function bundlePathOf(name: string, outDir = bundlesDir): string {
  return join(outDir, `${name}.js`);
}

/**
 * Builds every resolver in resolvers/ and returns where each bundle is. Each file is written
 * beside its place and renamed into it, so a server starting meanwhile never reads half a bundle.
 */
export function buildResolverBundles(outDir = bundlesDir): ResolverBundle[] {
  mkdirSync(outDir, { recursive: true });
  const wiring = listResolvers();
  // A sibling of outDir, at the same depth, so the inline source maps' relative paths are right.
  const staging = mkdtempSync(join(dirname(outDir), '.resolvers-build-'));
  try {
    const result = buildSync({
      ...RESOLVER_BUILD_OPTIONS,
      absWorkingDir: projectRoot,
      entryPoints: Object.fromEntries(wiring.map((w) => [w.name, w.sourcePath])),
      outdir: staging,
    });
    if (result.errors.length > 0) {
      throw new Error(`resolver bundling failed: ${result.errors.map((e) => e.text).join('; ')}`);
    }
    for (const w of wiring) renameSync(bundlePathOf(w.name, staging), bundlePathOf(w.name, outDir));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return wiring.map((w) => ({ ...w, bundlePath: bundlePathOf(w.name, outDir) }));
}

export function readBundle(bundle: Pick<ResolverBundle, 'bundlePath'>): string {
  return readFileSync(bundle.bundlePath, 'utf8');
}
