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
  /**
   * App client of the user pool this server serves on the same origin (`POST /`): the sign-in box
   * signs in with it. Empty when tokens come from a real pool (another origin, which the CSP's
   * `connect-src 'self'` keeps the page from calling): no box then.
   */
  clientId: string;
  defaultQuery: string;
  defaultVariables: string;
}

export function explorerConfig(apiKey: string, clientId: string): ExplorerConfig {
  return { endpoint: '/graphql', apiKey, clientId, defaultQuery: EXAMPLE_QUERY, defaultVariables: EXAMPLE_VARIABLES };
}

/** JSON that cannot close its <script> element or open a comment, whatever the strings hold. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const PASTE_NOTE = `<p class="explorer-note" role="note">The API key is filled in only for clients on the
server's own machine. Paste yours under <b>Headers</b> as <code>{"x-api-key": "…"}</code> — it is the
key the server printed when it started — then re-fetch the schema (↻ at the bottom left).</p>`;

/**
 * Static markup (no inline script or style, for the CSP) that explorer.js wires up: Cognito's
 * InitiateAuth on this origin, then requests carry the ID token instead of the key.
 */
const SIGN_IN_BOX = `<form class="explorer-signin" id="explorer-signin" autocomplete="on">
<span class="explorer-signin-fields"><label>User <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></span>
<button type="button" id="explorer-signout" hidden>Sign out</button>
<span id="explorer-signin-status" role="status">Signed out: requests use the API key.</span>
</form>`;

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
${config.clientId ? SIGN_IN_BOX : ''}
<div id="graphiql"><p class="explorer-loading">Loading the explorer…</p></div>
<noscript>The explorer needs JavaScript. The API itself is at POST /graphql.</noscript>
</body>
</html>
`;
}
