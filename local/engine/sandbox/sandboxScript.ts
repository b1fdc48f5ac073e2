/**
 * Builds the sandbox process's script: sandboxChild.ts and everything it imports, bundled by
 * esbuild into one CommonJS text that the process reads from its standard input — so it needs no
 * file at all. Modules that load packages with `createRequire(import.meta.url)` (js-joda, the
 * zone names) get plain `require` calls here, which esbuild bundles; any other `import.meta.url`
 * in the bundle fails the build loudly instead of failing inside the sandbox.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./sandboxChild.ts', import.meta.url));
const CREATE_REQUIRE_BINDING = /const require = createRequire\(import\.meta\.url\);/g;
const CREATE_REQUIRE_CALL = /createRequire\(import\.meta\.url\)\(/g;

let built: Promise<string> | undefined;

/** The script, built once per server process. */
export function sandboxScript(): Promise<string> {
  built ??= build();
  built.catch(() => (built = undefined));
  return built;
}

async function build(): Promise<string> {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'plain-require',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            const source = (await readFile(args.path, 'utf8')).replace(CREATE_REQUIRE_BINDING, '').replace(CREATE_REQUIRE_CALL, 'require(');
            if (source.includes('import.meta.url'))
              throw new Error(`${args.path} reads import.meta.url, which the sandbox process has no file for`);
            return { contents: source, loader: 'ts' };
          });
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}
