/**
 * `npm start` / `npm run dev`: runs local/main.ts compiled by esbuild into dist/local/ (main.mjs and
 * the chunks it imports) with plain node: no tsx CLI process, no on-the-fly TypeScript transform of
 * ~100 modules and no resolving of ~800 package files one by one on every start (together about a
 * second on this 2-core machine; docs/performance.md, "What bought what").
 *
 * A stale build never runs: its record (dist/local/inputs.json) holds the size and mtime of every
 * file compiled in — local/, definitions/ and the packages' files in node_modules — each taken just
 * before the file was read, plus tsconfig.json, package.json and this file. Any difference (an
 * edited, added — it is imported by an edited file — or removed source, an `npm install`, a moved
 * project) and it is rebuilt before it runs (~1 s). esbuild (it finds its binary beside its package)
 * and chokidar (`npm run dev` only) stay in node_modules, as does what the runtime loads with
 * createRequire: eslint, js-joda, dynalite (in the store's worker), the explorer's files.
 * Each module keeps its own `import.meta.url` (rewritten relative to the build), so files found
 * beside a source (storeWorker.cjs, explorer assets, definitions/paths.ts's projectRoot) are found
 * as under tsx; packages' `require` calls get one from createRequire. Source maps are on, as tsx
 * has them: stack traces name local/*.ts lines.
 *
 * `node scripts/start.mjs --build-only` (the `prepare` step of `npm ci`) only brings the build up
 * to date; when it cannot (a source that does not compile, a read-only dist/), `npm start` runs the
 * sources through tsx instead.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(projectRoot, 'dist', 'local');
const bundlePath = join(outDir, 'main.mjs');
const recordPath = join(outDir, 'inputs.json');
const ENTRY = 'local/main.ts';
/** Files that change how the sources compile, besides the sources themselves. */
const SETTINGS_FILES = ['tsconfig.json', 'package.json', 'scripts/start.mjs'];
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.json': 'json' };

const digest = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** `[size, mtimeMs]`: what the record compares. */
function stamp(path) {
  const s = statSync(path);
  return [s.size, s.mtimeMs];
}

function isFresh() {
  let record;
  try {
    record = JSON.parse(readFileSync(recordPath, 'utf8'));
    // The record describes this very build (two builds racing could otherwise pair one's record with the
    // other's code); main.mjs names its chunks by their content hashes, so its bytes stand for them all.
    if (record.root !== projectRoot || record.main !== digest(readFileSync(bundlePath))) return false;
  } catch {
    return false;
  }
  for (const [file, [size, mtimeMs]] of Object.entries(record.files)) {
    try {
      const [s, m] = stamp(join(projectRoot, file));
      if (s !== size || m !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes beside the target and renames, so a start running meanwhile never reads half a file. */
function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const files = {};
  for (const file of SETTINGS_FILES) files[file] = stamp(join(projectRoot, file));
  const extensionOf = (path) => /\.[^./]+$/.exec(path)?.[0] ?? '';
  const result = await esbuild({
    absWorkingDir: projectRoot,
    entryPoints: [ENTRY],
    outdir: outDir,
    entryNames: '[name]',
    // What main.ts imports dynamically loads (with its packages) only when it runs, while the store starts.
    // Chunks beside main.mjs, content-named: the import.meta.url rewrite below is relative to outDir.
    splitting: true,
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    write: false,
    bundle: true,
    external: ['esbuild', 'chokidar'],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages written as CommonJS call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?[jt]s$|\.json$/, namespace: 'file' }, (args) => {
            const file = relative(projectRoot, args.path);
            // Stamped before reading: an edit made while building makes the record stale, not the bundle trusted.
            files[file] = stamp(args.path);
            const source = readFileSync(args.path, 'utf8');
            const own = `new URL(${JSON.stringify(relative(outDir, args.path).split('\\').join('/'))}, import.meta.url).href`;
            const loader = LOADERS[extensionOf(args.path)];
            return { contents: loader === 'json' ? source : source.replaceAll('import.meta.url', own), loader };
          });
        },
      },
    ],
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    if (!files[input]) throw new Error(`${input} was compiled without a record of its stamp`);
  }
  mkdirSync(outDir, { recursive: true });
  removeOldChunks(new Set(result.outputFiles.map((out) => out.path)));
  // Chunks first (content-named, so new names), the entry last: a start meanwhile runs the old set or the new.
  const entryLast = [...result.outputFiles].sort((a, b) => Number(a.path === bundlePath) - Number(b.path === bundlePath));
  for (const out of entryLast) writeAtomically(out.path, out.contents);
  const main = digest(result.outputFiles.find((out) => out.path === bundlePath).contents);
  writeAtomically(recordPath, `${JSON.stringify({ root: projectRoot, main, files })}\n`);
}

/** Chunks (`name-HASH.mjs` and maps) of earlier builds, an hour old: a server started from them has long loaded them. */
function removeOldChunks(keep) {
  for (const name of readdirSync(outDir)) {
    const path = join(outDir, name);
    if (/-[A-Z0-9]{8}\.mjs(\.map)?$/.test(name) && !keep.has(path) && Date.now() - statSync(path).mtimeMs > 3_600_000)
      rmSync(path, { force: true });
  }
}

const buildOnly = process.argv.includes('--build-only');
let built = isFresh();
if (!built) {
  try {
    await build();
    built = true;
  } catch (error) {
    // A source that does not compile, or a dist/ that cannot be written: the sources run through tsx
    // directly, so they fail (or start) exactly as without the build.
    if (buildOnly) console.error(`${ENTRY} was not compiled (npm start will run it through tsx):`, error.message);
  }
}
if (!buildOnly) {
  if (built) {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundlePath).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(join(projectRoot, ENTRY)).href);
  }
}
