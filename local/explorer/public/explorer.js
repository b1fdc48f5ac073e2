// Boots GraphiQL for the Orders API. A file, not an inline script, so the page's CSP can forbid
// inline code. Settings come from the page's JSON data block (#explorer-config).
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var keyHeader = config.apiKey ? { 'x-api-key': config.apiKey } : {};

  // The key rides on every request, including the schema introspection, even when GraphiQL
  // restores tabs from an earlier visit (it never stores headers); the Headers editor overrides it.
  var fetcher = GraphiQL.createFetcher({ url: new URL(config.endpoint, location.href).href, headers: keyHeader });

  var headers = JSON.stringify({ 'x-api-key': config.apiKey }, null, 2);
  // GraphiQL 3 fills the variables editor only from its `variables` prop or its stored state
  // (never from defaultTabs), and a `variables` prop on a later visit would add a tab each time.
  // So the example variables are given only on a first visit: nothing stored under GraphiQL's
  // default namespace yet.
  var firstVisit = localStorage.getItem('graphiql:tabState') === null;
  var explorer = React.createElement(GraphiQL, {
    fetcher: fetcher,
    // Both example operations; a new tab (+) starts from them too.
    defaultQuery: config.defaultQuery,
    variables: firstVisit ? config.defaultVariables : undefined,
    defaultHeaders: headers,
    defaultEditorToolsVisibility: config.apiKey ? 'variables' : 'headers',
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
  });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(explorer);
})();
