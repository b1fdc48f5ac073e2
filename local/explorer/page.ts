/**
 * The explorer's HTML. Its settings travel in a JSON data block (not executed, so the CSP's
 * no-inline-script rule holds) that the boot script reads; the API key is in it only when the
 * caller decided the client may see it.
 */
import { EXAMPLE_QUERY, EXAMPLE_VARIABLES } from './examples.js';

export interface ExplorerConfig {
  /** Same-origin path of the GraphQL endpoint. */
  endpoint: string;
  /** Empty when this client must paste its own key. */
  apiKey: string;
  defaultQuery: string;
  defaultVariables: string;
}

export function explorerConfig(apiKey: string): ExplorerConfig {
  return { endpoint: '/graphql', apiKey, defaultQuery: EXAMPLE_QUERY, defaultVariables: EXAMPLE_VARIABLES };
}

/** JSON that cannot close its <script> element or open a comment, whatever the strings hold. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const PASTE_NOTE = `<p class="explorer-note" role="note">The API key is filled in only for clients on the
server's own machine. Paste yours under <b>Headers</b> as <code>{"x-api-key": "…"}</code> — it is the
key the server printed when it started — then re-fetch the schema (↻ at the bottom left).</p>`;

export function renderExplorerPage(config: ExplorerConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Orders API explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/explorer/graphiql.min.css">
<link rel="stylesheet" href="/explorer/plugin-explorer.css">
<link rel="stylesheet" href="/explorer/explorer.css">
<script type="application/json" id="explorer-config">${jsonForScriptBlock(config)}</script>
<script defer src="/explorer/react.production.min.js"></script>
<script defer src="/explorer/react-dom.production.min.js"></script>
<script defer src="/explorer/graphiql.min.js"></script>
<script defer src="/explorer/plugin-explorer.umd.js"></script>
<script defer src="/explorer/explorer.js"></script>
</head>
<body>
${config.apiKey ? '' : PASTE_NOTE}
<div id="graphiql"><p class="explorer-loading">Loading the explorer…</p></div>
<noscript>The explorer needs JavaScript. The API itself is at POST /graphql.</noscript>
</body>
</html>
`;
}
