/**
 * Refuses, when a bundle is loaded, the syntax AppSync refuses: the very rules of AWS's
 * `@aws-appsync/eslint-plugin` (its `base` set: try, while, for(;;), ++/--/~, classes, async,
 * regex literals, labels, this, continue, generators, in, instanceof, new Promise, writing to
 * ctx), run with ESLint's Linter over the bundle itself — the file AppSync gets — and reported
 * at the resolver's source line through the bundle's inline source map.
 * The plugin's type-aware rules (disallowed methods, function passing, recursion) need a
 * TypeScript program (~1 s): `npx eslint resolvers` runs them over the sources; at run time the
 * restricted realm (appsyncJsSubset.ts) has no undocumented method to call.
 *
 * ESLint costs ~0.3 s to load and run, so it loads only for a bundle not checked before: a bundle
 * that passed is remembered by its hash (with the ESLint and plugin versions) in memory and, given a
 * `cacheDir`, on disk. Failures are never remembered: they are found and reported every time.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Linter as LinterType, Rule } from 'eslint';

/** One refused construct, at the resolver source's position when the bundle maps it there. */
export interface SyntaxProblem {
  /** e.g. `resolvers/Mutation.createOrder.ts` (project-relative), or the bundle's name. */
  file: string;
  line: number;
  column: number;
  /** e.g. `@aws-appsync/no-try` */
  rule: string;
  /** One sentence, e.g. `APPSYNC_JS does not support 'try' statements`. */
  message: string;
}

/** A bundle with code AppSync would refuse: one line per problem, `file:line:column: sentence (rule)`. */
export class UnsupportedSyntaxError extends Error {
  constructor(readonly problems: SyntaxProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} (${p.rule})`).join('\n'));
    this.name = 'UnsupportedSyntaxError';
  }
}

/** The plugin's `base` rules; the file of each under @aws-appsync/eslint-plugin/lib/rules/. */
export const BASE_RULE_FILES: Record<string, string> = {
  'no-async': 'no-async',
  'no-await': 'no-await',
  'no-classes': 'no-classes',
  'no-for': 'no-for',
  'no-continue': 'no-continue',
  'no-generators': 'no-generators',
  'no-yield': 'no-yield',
  'no-labels': 'no-labels',
  'no-regex': 'no-regex',
  'no-this': 'no-this',
  'no-try': 'no-try',
  'no-while': 'no-while',
  'no-disallowed-unary-operators': 'no-disallowed-unary-operators',
  'no-disallowed-binary-operators': 'no-disallowed-binary-operator',
  'no-promise': 'no-promise',
  'no-disallowed-re-assignment': 'no-disallowed-re-assignment',
  'no-in-operator': 'no-in-operator',
};

/**
 * Three gaps in the plugin's rules, closed here: `no-classes` reports only class declarations, so
 * `const C = class {}` passed (the supported-features page lists classes nowhere); `import()`
 * is not ES module syntax the page lists (its promise is the host realm's, and unhandled it
 * stopped the server); and the page lists `throw` among the statements APPSYNC_JS does not support
 * (https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html, "Statements"),
 * which no plugin rule reports. Same severity as the plugin's rules; ids say they are the project's.
 */
const PROJECT_RULES: Record<string, Rule.RuleModule> = {
  'no-class-expressions': {
    create: (context) => ({ ClassExpression: (node) => context.report({ node, message: 'Class expressions are not supported.' }) }),
  },
  'no-dynamic-import': {
    create: (context) => ({ ImportExpression: (node) => context.report({ node, message: 'Dynamic import() is not supported.' }) }),
  },
  'no-throw': {
    create: (context) => ({ ThrowStatement: (node) => context.report({ node, message: 'Throw statements are not supported.' }) }),
  },
};
const PROJECT_PLUGIN = 'appsync-local';

/** What each rule refuses, as the end of "APPSYNC_JS does not support …". */
const REFUSED: Record<string, string> = {
  'no-class-expressions': 'classes',
  'no-dynamic-import': "dynamic 'import()'",
  'no-throw': "'throw' statements (use util.error)",
  'no-async': "'async' functions",
  'no-await': "'await'",
  'no-classes': 'classes',
  'no-for': "'for (;;)' loops (for-in and for-of are supported)",
  'no-continue': "'continue' statements",
  'no-generators': 'generator functions',
  'no-yield': "'yield'",
  'no-labels': 'labeled statements',
  'no-regex': 'regular expression literals',
  'no-this': "'this'",
  'no-try': "'try' statements",
  'no-while': "'while' and 'do...while' loops",
  'no-promise': 'Promise',
  'no-in-operator': "the 'in' operator (use Object.hasOwn)",
};

const require = createRequire(import.meta.url);
const CHECK_VERSION = 3;
const passed = new Set<string>();
let linter: { instance: LinterType; config: LinterType.Config[] } | undefined;

export interface SyntaxCheckPlace {
  /** Where the bundle is: its inline source map names the resolver sources relative to it. */
  bundlePath?: string | undefined;
  /** Sources are reported relative to this folder (default: the working directory). */
  root?: string | undefined;
  /** Where a pass is remembered across starts; default: in memory only. */
  cacheDir?: string | undefined;
  /** false (code a caller submits): no trace of a pass is kept, in memory or on disk. */
  remember?: boolean | undefined;
}

/**
 * The problems AppSync's rules find in a bundle (empty: it may load). Positions are the resolver
 * sources' when the bundle's inline source map names them, else the bundle's, under `name`.
 */
export function checkAppSyncJsSyntax(source: string, name: string, place: SyntaxCheckPlace = {}): SyntaxProblem[] {
  if (place.remember === false) return lint(source, name, place);
  const key = cacheKey(source);
  if (passed.has(key) || (place.cacheDir !== undefined && existsSync(join(place.cacheDir, key)))) {
    passed.add(key);
    return [];
  }
  const problems = lint(source, name, place);
  if (problems.length === 0) rememberPass(key, place.cacheDir);
  return problems;
}

function lint(source: string, name: string, { bundlePath, root = process.cwd() }: SyntaxCheckPlace): SyntaxProblem[] {
  const { instance, config } = (linter ??= createLinter());
  const messages = instance.verify(source, config, { filename: `${name}.js` });
  const map = inlineSourceMap(source);
  return messages.map((m): SyntaxProblem => {
    const rule = m.ruleId ?? 'syntax';
    const where = locate(map, bundlePath, root, name, m.line, m.column);
    return { ...where, rule, message: sentence(rule, m.message) };
  });
}

function createLinter(): { instance: LinterType; config: LinterType.Config[] } {
  const { Linter } = require('eslint') as typeof import('eslint');
  const rules: Record<string, Rule.RuleModule> = {};
  for (const [id, file] of Object.entries(BASE_RULE_FILES)) {
    const loaded = require(`@aws-appsync/eslint-plugin/lib/rules/${file}.js`) as Rule.RuleModule | { default: Rule.RuleModule };
    rules[id] = 'default' in loaded ? loaded.default : loaded;
  }
  const config: LinterType.Config[] = [
    {
      files: ['**/*.js'],
      plugins: { '@aws-appsync': { rules }, [PROJECT_PLUGIN]: { rules: PROJECT_RULES } },
      rules: Object.fromEntries([
        ...Object.keys(rules).map((id) => [`@aws-appsync/${id}`, 'error']),
        ...Object.keys(PROJECT_RULES).map((id) => [`${PROJECT_PLUGIN}/${id}`, 'error']),
      ]),
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      // An eslint-disable comment kept in the bundle must not switch off what AppSync refuses.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    },
  ];
  return { instance: new Linter({ configType: 'flat' }), config };
}

function sentence(rule: string, message: string): string {
  const short = rule.replace(/^(@aws-appsync|appsync-local)\//, '');
  const operator = /^The operator (\S+) is not supported/.exec(message);
  if (operator) return `APPSYNC_JS does not support the '${operator[1]}' operator`;
  if (REFUSED[short]) return `APPSYNC_JS does not support ${REFUSED[short]}`;
  return `APPSYNC_JS refuses this: ${message.replace(/\.$/, '')}`;
}

function inlineSourceMap(source: string): SourceMap | undefined {
  const found = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(source);
  if (!found) return undefined;
  try {
    return new SourceMap(JSON.parse(Buffer.from(found[1]!, 'base64').toString('utf8')));
  } catch {
    return undefined;
  }
}

function locate(
  map: SourceMap | undefined,
  bundlePath: string | undefined,
  root: string,
  name: string,
  line: number,
  column: number,
): Pick<SyntaxProblem, 'file' | 'line' | 'column'> {
  const entry = map?.findEntry(line - 1, column - 1) as
    { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return { file: name, line, column };
  const source = entry.originalSource.replace(/^file:\/\//, '');
  const absolute = bundlePath ? resolve(dirname(bundlePath), source) : resolve(source);
  return { file: relative(root, absolute).split(sep).join('/'), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

function cacheKey(source: string): string {
  const versions = ['eslint', '@aws-appsync/eslint-plugin'].map((p) => (require(`${p}/package.json`) as { version: string }).version);
  return createHash('sha256')
    .update(`${CHECK_VERSION}|${versions.join('|')}|${Object.keys(BASE_RULE_FILES).join(',')}|${source}`)
    .digest('hex');
}

function rememberPass(key: string, cacheDir: string | undefined): void {
  passed.add(key);
  if (cacheDir === undefined) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, key), '');
  } catch {
    // A read-only node_modules only costs the next start a lint.
  }
}
