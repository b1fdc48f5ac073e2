/**
 * Loads one APPSYNC_JS bundle (the very file CDK deploys): first its syntax is checked against what
 * AppSync refuses (AWS's eslint rules over the bundle, appsyncJsSyntaxCheck.ts), then it runs in its
 * own restricted realm (instantiateResolver.ts).
 */
import { readFileSync } from 'node:fs';
import { checkAppSyncJsSyntax, UnsupportedSyntaxError, type SyntaxCheckPlace } from './appsyncJsSyntaxCheck.js';
import { instantiateResolver, type LoadedResolver, type LoadOptions } from './instantiateResolver.js';

export { UnsupportedSyntaxError } from './appsyncJsSyntaxCheck.js';
export { instantiateResolver } from './instantiateResolver.js';
export type { Handler, HandlerOutcome, LoadedResolver, LoadOptions } from './instantiateResolver.js';

export function loadResolverFile(path: string, name = path): LoadedResolver {
  return loadResolverSource(readFileSync(path, 'utf8'), name, { bundlePath: path });
}

/** Throws UnsupportedSyntaxError (every problem at its source line) for code AppSync refuses. */
export function loadResolverSource(source: string, name: string, options: LoadOptions & SyntaxCheckPlace = {}): LoadedResolver {
  const problems = checkAppSyncJsSyntax(source, name, options);
  if (problems.length > 0) throw new UnsupportedSyntaxError(problems);
  return instantiateResolver(source, name, options);
}
