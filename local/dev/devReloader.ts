/**
 * `npm run dev`: watches resolvers/, definitions/ and schema.graphql and swaps what changed into
 * the running server (App.reload), without a restart: open HTTP connections and real-time
 * subscriptions stay. A save is re-bundled by an incremental esbuild context (the options of
 * definitions/resolverBundles.ts, so the bytes are the ones `npm start` and CDK use), changed
 * bundles go through the same APPSYNC_JS load check as at start, the schema is re-validated
 * against the resolver wiring; only when all of it passes does the server switch, in one
 * synchronous step. Anything broken is printed as `file:line:column: message` and the last good
 * version keeps serving; the next good save recovers.
 *
 * Watching uses chokidar: node 20's own recursive fs.watch on Linux watches each file's inode and
 * goes deaf to a file once an editor saves it by write-and-rename (checked on this machine);
 * chokidar watches the folders and follows such saves. A short debounce covers editors that
 * write in several steps; chokidar drops a file's change events for 50 ms after one it reports,
 * so each burst of events is followed by one more look once that window has passed (a no-op
 * when nothing changed).
 */
import { watch, type FSWatcher } from 'chokidar';
import { context, type BuildContext, type BuildFailure } from 'esbuild';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../../definitions/paths.js';
import { bundlePathOf, bundlesDir, RESOLVER_BUILD_OPTIONS } from '../../definitions/resolverBundles.js';
import {
  checkWiring,
  listResolvers,
  readSchemaSource,
  resolversDir,
  schemaPath,
  type ResolverWiring,
} from '../../definitions/resolverWiring.js';
import type { App } from '../app.js';
import { UnsupportedSyntaxError, type LoadedResolver } from '../engine/runtime/loadResolver.js';
import { loadSchemas } from '../apiSchema.js';
import type { AppSyncSchemas } from '../engine/schema.js';
import { esbuildProblems, schemaProblem } from './problemLocation.js';

/** What one reload did. */
export type ReloadReport =
  | { outcome: 'reloaded'; ms: number; changed: string[] }
  | { outcome: 'unchanged'; ms: number }
  | { outcome: 'failed'; ms: number; problems: string[] };

export interface DevReloaderOptions {
  /** Where progress goes (one line each); stderr by default. */
  print?: (line: string) => void;
  /** Called after every reload attempt (tests, bench). */
  onReport?: (report: ReloadReport) => void;
  /** Quiet period after the last file event before reloading. */
  debounceMs?: number;
}

const SCHEMA_NAME = basename(schemaPath);
/** chokidar's `_throttle(EV.CHANGE, path, 50)` in FSWatcher._emit (chokidar 5.0.0). */
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

export class DevReloader {
  private build: BuildContext | undefined;
  private buildKey = '';
  /** The code each resolver runs now, by name: what a rebuild is compared with. */
  private readonly running = new Map<string, string>();
  private runningSchema: string;
  private runningWiring: string;
  /** The problems last printed, so a repeated look does not print them twice. */
  private failing: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settle: NodeJS.Timeout | undefined;
  private active: Promise<void> | undefined;
  private pending = false;
  private watcher: FSWatcher | undefined;
  private readonly print: (line: string) => void;

  constructor(
    private readonly app: App,
    private readonly options: DevReloaderOptions = {},
  ) {
    this.print = options.print ?? ((line) => void process.stderr.write(`${line}\n`));
    // What the server started with (local/main.ts built the bundles, app.ts loaded them).
    const wiring = listResolvers();
    for (const w of wiring) this.running.set(w.name, readFileSync(bundlePathOf(w.name, bundlesDir), 'utf8'));
    this.runningSchema = readSchemaSource();
    this.runningWiring = wiringKey(wiring);
  }

  /** Starts watching; the esbuild context is made now so the first save is already incremental. */
  async start(): Promise<void> {
    await this.buildContext(listResolvers());
    const watcher = watch([resolversDir, join(projectRoot, 'definitions'), schemaPath], { ignoreInitial: true });
    this.watcher = watcher;
    watcher.on('all', () => this.schedule());
    await new Promise<void>((resolve, reject) => watcher.once('ready', resolve).once('error', reject));
    this.print('dev: watching resolvers/, definitions/ and schema.graphql; saved changes reload without a restart');
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    clearTimeout(this.settle);
    await this.watcher?.close();
    await this.active;
    await this.build?.dispose();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    clearTimeout(this.settle);
    this.timer = setTimeout(() => void this.run(), this.options.debounceMs ?? 25);
    this.settle = setTimeout(() => void this.run(), CHOKIDAR_CHANGE_THROTTLE_MS + 25);
  }

  /** One reload at a time; a save during a reload is picked up right after it. */
  private async run(): Promise<void> {
    if (this.active) return void (this.pending = true);
    this.active = (async () => {
      do {
        this.pending = false;
        // A fault here is a bug in the reload itself: said, and the watcher keeps going.
        const report = await this.reloadOnce().catch((error: unknown): ReloadReport => ({
          outcome: 'failed',
          ms: 0,
          problems: [`internal error: ${(error as Error).stack ?? String(error)}`],
        }));
        this.say(report);
        this.options.onReport?.(report);
      } while (this.pending);
    })();
    await this.active;
    this.active = undefined;
  }

  /** Rebuild, check everything, then switch — or change nothing. */
  async reloadOnce(): Promise<ReloadReport> {
    const started = performance.now();
    const ms = (): number => Math.round((performance.now() - started) * 10) / 10;
    const failed = (problems: string[]): ReloadReport => ({ outcome: 'failed', ms: ms(), problems });

    let wiring: ResolverWiring[];
    let schemaText: string;
    let schemas: AppSyncSchemas;
    try {
      wiring = listResolvers();
    } catch (error) {
      return failed([(error as Error).message]);
    }
    try {
      schemaText = readSchemaSource();
      schemas = loadSchemas(schemaText);
    } catch (error) {
      return failed([schemaProblem(error)]);
    }
    const wiringProblems = checkWiring(wiring, schemas.declared);
    if (wiringProblems.length > 0) return failed(wiringProblems);

    let outputs: Map<string, string>;
    try {
      outputs = await this.rebuild(wiring);
    } catch (error) {
      const errors = (error as Partial<BuildFailure>).errors;
      return failed(errors ? esbuildProblems(errors) : [String(error)]);
    }

    const changed = wiring.filter((w) => outputs.get(w.name) !== this.running.get(w.name));
    const loaded = new Map<string, LoadedResolver>();
    const problems: string[] = [];
    for (const w of changed) {
      try {
        const resolver = this.app.loadResolver(outputs.get(w.name)!, w.name, bundlePathOf(w.name, bundlesDir));
        // AppSync refuses a unit resolver without both handlers; a half-written save (an empty file
        // caught mid-write) must not replace the running one either.
        const missing = ['request', 'response'].filter((h) => !resolver.exportedHandlers.includes(h));
        if (missing.length > 0) {
          problems.push(`resolvers/${w.name}.ts: the resolver must export ${missing.map((h) => `${h}()`).join(' and ')}`);
          continue;
        }
        loaded.set(w.name, resolver);
      } catch (error) {
        problems.push(
          ...(error instanceof UnsupportedSyntaxError
            ? error.message.split('\n')
            : [`resolvers/${w.name}.ts: ${(error as Error).message}`]),
        );
      }
    }
    if (problems.length > 0) return failed(problems);
    const key = wiringKey(wiring);
    if (changed.length === 0 && schemaText === this.runningSchema && key === this.runningWiring) return { outcome: 'unchanged', ms: ms() };

    // Every check passed: switch. Unchanged resolvers keep the very object they run on.
    this.app.reload(
      schemas,
      wiring.map((w) => ({ wiring: w, resolver: loaded.get(w.name) })),
    );
    for (const w of changed) {
      this.running.set(w.name, outputs.get(w.name)!);
      writeBundle(w.name, outputs.get(w.name)!);
    }
    const schemaChanged = schemaText !== this.runningSchema;
    this.runningSchema = schemaText;
    this.runningWiring = key;
    return { outcome: 'reloaded', ms: ms(), changed: [...changed.map((w) => w.name), ...(schemaChanged ? [SCHEMA_NAME] : [])] };
  }

  private say(report: ReloadReport): void {
    if (report.outcome === 'failed') {
      const problems = report.problems.map((p) => `  ${p}`).join('\n');
      if (problems !== this.failing) this.print(`dev: reload failed; still serving the last good version:\n${problems}`);
      this.failing = problems;
    } else if (report.outcome === 'reloaded' || this.failing !== undefined) {
      const what = report.outcome === 'reloaded' && report.changed.length > 0 ? report.changed.join(', ') : 'nothing changed';
      this.print(`dev: ${this.failing !== undefined ? 'fixed; ' : ''}reloaded (${what}) in ${report.ms} ms`);
      this.failing = undefined;
    }
  }

  /** Incremental when the set of resolver files is the same; a new context when it changed. */
  private async rebuild(wiring: ResolverWiring[]): Promise<Map<string, string>> {
    if (wiringKey(wiring) !== this.buildKey) await this.buildContext(wiring);
    const result = await this.build!.rebuild();
    return new Map((result.outputFiles ?? []).map((f) => [basename(f.path, '.js'), f.text]));
  }

  private async buildContext(wiring: ResolverWiring[]): Promise<void> {
    await this.build?.dispose();
    this.build = await context({
      ...RESOLVER_BUILD_OPTIONS,
      write: false,
      absWorkingDir: projectRoot,
      entryPoints: Object.fromEntries(wiring.map((w) => [w.name, w.sourcePath])),
      outdir: bundlesDir,
    });
    this.buildKey = wiringKey(wiring);
  }
}

export async function startDevReloader(app: App, options?: DevReloaderOptions): Promise<DevReloader> {
  const reloader = new DevReloader(app, options);
  await reloader.start();
  return reloader;
}

function wiringKey(wiring: readonly ResolverWiring[]): string {
  return wiring.map((w) => `${w.name}:${w.dataSource}`).join('\n');
}

/** dist/ follows what runs (CDK deploys those files); written beside and renamed, as resolverBundles.ts does. */
function writeBundle(name: string, code: string): void {
  const target = bundlePathOf(name, bundlesDir);
  const staging = `${target}.${process.pid}.tmp`;
  writeFileSync(staging, code);
  renameSync(staging, target);
}
