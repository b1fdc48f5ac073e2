/**
 * The only files the explorer serves besides its page: GraphiQL's and React's browser builds from
 * node_modules, and the page's own boot script. Resolved through Node's resolver so they are found
 * from any working directory (and in hoisted or nested installs); nothing else on disk is reachable.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  /** Absolute file path. */
  file: string;
  contentType: string;
}

const require = createRequire(import.meta.url);
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const MAP = 'application/json; charset=utf-8';

/** react and react-dom export no `umd/*` subpaths, so their folder is found from package.json. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** URL path → file. The router matches paths exactly, so this list is the whole allow-list. */
export function explorerAssets(): Map<string, Asset> {
  const graphiql = packageDir('graphiql');
  // GraphiQL's Explorer plugin (the AppSync console's click-to-build pane), for @graphiql/react 0.28.
  const explorerPlugin = join(packageDir('@graphiql/plugin-explorer'), 'dist');
  return new Map<string, Asset>([
    ['/explorer/react.production.min.js', { file: join(packageDir('react'), 'umd/react.production.min.js'), contentType: JS }],
    ['/explorer/react-dom.production.min.js', { file: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), contentType: JS }],
    ['/explorer/graphiql.min.js', { file: join(graphiql, 'graphiql.min.js'), contentType: JS }],
    ['/explorer/graphiql.min.js.map', { file: join(graphiql, 'graphiql.min.js.map'), contentType: MAP }],
    ['/explorer/graphiql.min.css', { file: join(graphiql, 'graphiql.min.css'), contentType: CSS }],
    ['/explorer/graphiql.min.css.map', { file: join(graphiql, 'graphiql.min.css.map'), contentType: MAP }],
    ['/explorer/plugin-explorer.umd.js', { file: join(explorerPlugin, 'index.umd.js'), contentType: JS }],
    ['/explorer/plugin-explorer.css', { file: join(explorerPlugin, 'style.css'), contentType: CSS }],
    ['/explorer/explorer.js', { file: fileURLToPath(new URL('./public/explorer.js', import.meta.url)), contentType: JS }],
    ['/explorer/explorer.css', { file: fileURLToPath(new URL('./public/explorer.css', import.meta.url)), contentType: CSS }],
  ]);
}
