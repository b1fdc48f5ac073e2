/**
 * esbuild bundles each resolver once into `dist/resolvers/<name>.js`: ESM, `@aws-appsync/*`
 * external, inline source map. The CDK stack deploys these files; the local runtime loads
 * the very same files. Deterministic output, so both always see identical bytes.
 */
import { build as esbuild, buildSync, type BuildOptions, type BuildResult } from 'esbuild';
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
  // "You can include an optional source map. However, don't include the source content."
  // (https://docs.aws.amazon.com/appsync/latest/devguide/additional-utilities.html): the map names
  // the resolver's lines; the sources would count against AppSync's 32 KB code limit.
  sourcesContent: false,
  minify: false,
  external: ['@aws-appsync/utils', '@aws-appsync/utils/*'],
  logLevel: 'silent',
};

/**
 * AppSync refuses resolver code longer than 32768 (the `code` member of a Resolver: "Length
 * Constraints: Minimum length of 1. Maximum length of 32768.",
 * https://docs.aws.amazon.com/appsync/latest/APIReference/API_Resolver.html). Counted here in
 * UTF-8 bytes, never fewer than characters, so nothing that passes is refused there. The stack
 * checks it at synth (infra/lib/OrdersGraphqlApi.ts) and `npm start` when it loads a bundle (local/app.ts).
 */
export const APPSYNC_CODE_LIMIT_BYTES = 32 * 1024;

/** The sentence refusing a bundle over AppSync's code limit, or undefined when it fits. `file`: how to name it. */
export function codeSizeProblem(code: string, file: string): string | undefined {
  const size = Buffer.byteLength(code, 'utf8');
  return size > APPSYNC_CODE_LIMIT_BYTES
    ? `${file} is ${size} bytes; AppSync accepts resolver code of at most ${APPSYNC_CODE_LIMIT_BYTES} bytes`
    : undefined;
}

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
  const build = stagedBuild(outDir);
  try {
    return build.finish(buildSync(build.options));
  } finally {
    build.cleanUp();
  }
}

/**
 * The same build on esbuild's service process, off this thread: `npm start` loads the runtime's
 * modules meanwhile (local/main.ts).
 */
export async function buildResolverBundlesAsync(outDir = bundlesDir): Promise<ResolverBundle[]> {
  const build = stagedBuild(outDir);
  try {
    return build.finish(await esbuild(build.options));
  } finally {
    build.cleanUp();
  }
}

/** One build into a staging folder: its options, then the renames into outDir, then the folder's removal. */
function stagedBuild(outDir: string): { options: BuildOptions; finish(result: BuildResult): ResolverBundle[]; cleanUp(): void } {
  mkdirSync(outDir, { recursive: true });
  const wiring = listResolvers();
  // A sibling of outDir, at the same depth, so the inline source maps' relative paths are right.
  const staging = mkdtempSync(join(dirname(outDir), '.resolvers-build-'));
  return {
    options: {
      ...RESOLVER_BUILD_OPTIONS,
      absWorkingDir: projectRoot,
      entryPoints: Object.fromEntries(wiring.map((w) => [w.name, w.sourcePath])),
      outdir: staging,
    },
    finish(result) {
      if (result.errors.length > 0) {
        throw new Error(`resolver bundling failed: ${result.errors.map((e) => e.text).join('; ')}`);
      }
      for (const w of wiring) renameSync(bundlePathOf(w.name, staging), bundlePathOf(w.name, outDir));
      return wiring.map((w) => ({ ...w, bundlePath: bundlePathOf(w.name, outDir) }));
    },
    cleanUp: () => rmSync(staging, { recursive: true, force: true }),
  };
}

export function readBundle(bundle: Pick<ResolverBundle, 'bundlePath'>): string {
  return readFileSync(bundle.bundlePath, 'utf8');
}
